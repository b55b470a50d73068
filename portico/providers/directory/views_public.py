"""/directory/: the public provider directory, for anyone (no sign-in)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from portico.common.errors import NotFound
from portico.providers.directory import search
from portico.providers.directory.changes import value_display
from portico.providers.directory.forms import DirectorySearchForm
from portico.providers.directory.taxonomy import specialty_label


def directory(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(
        request.GET or None, specialties=search.directory_specialties(), languages=search.directory_languages()
    )
    query = search.DirectoryQuery()
    if form.is_valid():
        data = form.cleaned_data
        query = search.DirectoryQuery(
            name=data["name"].strip()[:100],
            specialty=data["specialty"],
            place=data["place"].strip()[:60],
            language=data["language"],
            accepting=data["accepting"],
        )
    page = None
    if not query.empty:
        page = Paginator(search.directory_search(query=query), search.PAGE_SIZE).get_page(request.GET.get("page"))
    kept = {k: str(v) for k, v in request.GET.items() if k != "page" and v}
    return render(
        request,
        "providers/directory/search.html",
        {
            "form": form,
            "page": page,
            "rows": [(row, specialty_label(row.practitioner.taxonomy_code)) for row in page] if page else [],
            "query_string": urlencode(kept),
        },
    )


def practitioner(request: HttpRequest, practitioner_id: int) -> HttpResponse:
    try:
        person, places = search.directory_practitioner(practitioner_id=practitioner_id)
    except NotFound:
        return render(request, "providers/directory/not_found.html", status=404)
    return render(
        request,
        "providers/directory/practitioner.html",
        {
            "person": person,
            "places": places,
            "specialty": specialty_label(person.taxonomy_code),
            "languages": value_display("languages", person.languages),
        },
    )


def location(request: HttpRequest, location_id: int) -> HttpResponse:
    try:
        place, people = search.directory_location(location_id=location_id)
    except NotFound:
        return render(request, "providers/directory/not_found.html", status=404)
    return render(
        request,
        "providers/directory/location.html",
        {
            "place": place,
            "people": [(a, specialty_label(a.practitioner.taxonomy_code)) for a in people],
            "languages": value_display("languages", place.languages),
            "accessibility": value_display("accessibility", place.accessibility),
        },
    )
