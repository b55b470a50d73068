"""Public pages of alerts and provider updates (mounted at /updates/): the list with search and category, each
update, the Atom feed, and email subscriptions (sign up, confirm, unsubscribe). No sign-in needed; a signed-in
person also sees the alerts meant for their organization at the top of the list."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from portico.accounts.models import StaffRole
from portico.common.errors import NotFound, ValidationFailed
from portico.content import update_queries as queries
from portico.content.alert_queries import alerts_for_audience
from portico.content.update_services import (
    LinkExpired,
    subscription_confirm,
    subscription_for_unsubscribe,
    subscription_request,
    subscription_unsubscribe,
)
from portico.content.updates import ProviderUpdate, UpdateCategory
from portico.content.web import error_links

PER_PAGE = 20


def is_editor(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_authenticated
        and (user.has_staff_role(StaffRole.CONTENT_EDITOR) or user.has_staff_role(StaffRole.ADMINISTRATOR))
    )


def not_found(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "content/not_found.html", {"message": message}, status=404)


def _organization_id(request: HttpRequest) -> int | None:
    membership = getattr(request, "membership", None) if request.user.is_authenticated else None
    return membership.organization_id if membership is not None else None


@require_GET
def update_list(request: HttpRequest) -> HttpResponse:
    """Alerts & updates: the alerts for the person now, then updates newest first, searchable by words and
    category."""
    q = " ".join(request.GET.get("q", "").split())[:100]
    category = request.GET.get("category", "").strip()
    errors: dict[str, list[str]] = {}
    if category and category not in UpdateCategory.values:
        errors["category"] = [_("Choose one of the categories listed.")]
        category = ""
    page = Paginator(queries.updates_search(q=q, category=category), PER_PAGE).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in (("q", q), ("category", category)) if v)
    return render(
        request,
        "content/updates_list.html",
        {
            "alerts": alerts_for_audience(organization_id=_organization_id(request)),
            "page": page,
            "q": q,
            "category": category,
            "categories": UpdateCategory.choices,
            "errors": errors,
            "error_links": error_links(errors),
            "query": query,
            "searched": bool(q or category),
        },
        status=400 if errors else 200,
    )


@require_GET
def update_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        update = queries.update_for_reader(slug=slug, editor=is_editor(request))
    except NotFound as exc:
        return not_found(request, exc.message)
    return render(request, "content/update_detail.html", {"update": update})


class UpdatesFeed(Feed):
    """The latest published updates as Atom (``/updates/feed.atom``)."""

    feed_type = Atom1Feed
    title = gettext_lazy("Cascadia Health provider updates")
    subtitle = gettext_lazy(
        "News for providers: claims and billing, prior authorization, pharmacy, behavioral health, Medicare "
        "and the network."
    )

    def link(self) -> str:
        return reverse("updates:list")

    def feed_url(self) -> str:
        return reverse("updates:feed")

    def items(self) -> list[ProviderUpdate]:
        return queries.updates_latest()

    def item_title(self, item: ProviderUpdate) -> str:
        return item.title

    def item_description(self, item: ProviderUpdate) -> str:
        return item.summary

    def item_link(self, item: ProviderUpdate) -> str:
        return reverse("updates:detail", args=[item.slug])

    def item_pubdate(self, item: ProviderUpdate) -> Any:
        return item.published_at

    def item_updateddate(self, item: ProviderUpdate) -> Any:
        return max(item.updated_at, item.published_at) if item.published_at else item.updated_at

    def item_categories(self, item: ProviderUpdate) -> list[str]:
        return [item.category_label]


updates_feed = UpdatesFeed()


@require_http_methods(["GET", "POST"])
def subscribe(request: HttpRequest) -> HttpResponse:
    """Sign up for updates by email: an address and topics; a confirmation link is emailed (double opt-in)."""
    values: dict[str, Any] = {
        "email": "",
        "topics": [c for c in request.GET.getlist("topic") if c in UpdateCategory.values],
    }
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {"email": request.POST.get("email", "").strip()[:254], "topics": request.POST.getlist("topics")}
        try:
            subscription_request(email=values["email"], topics=values["topics"])
        except ValidationFailed as exc:
            errors = exc.errors
        else:
            return render(request, "content/subscribe_sent.html", {"email": values["email"]})
    return render(
        request,
        "content/subscribe.html",
        {
            "values": values,
            "errors": errors,
            "error_links": [(f"id_{k}" if k != "topics" else "id_topics_0", m) for k, ms in errors.items() for m in ms],
            "categories": UpdateCategory.choices,
        },
        status=400 if errors else 200,
    )


@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The confirmation link: a page with one button (mail scanners follow links; only a person presses it)."""
    if request.method == "GET":
        return render(request, "content/subscribe_confirm.html", {"token": token})
    try:
        subscription = subscription_confirm(token=token)
    except LinkExpired as exc:
        return render(request, "content/subscribe_confirm.html", {"token": token, "problem": exc.message}, status=400)
    labels = [str(UpdateCategory(t).label) for t in subscription.topics]
    return render(request, "content/subscribe_confirm.html", {"confirmed": True, "topics": labels})


@csrf_exempt  # the signed token authenticates; mail clients post here for one-click unsubscribe (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET: a page with one button (a link scanner opening it unsubscribes no one); POST: unsubscribed."""
    try:
        if request.method == "POST":
            subscription = subscription_unsubscribe(token=token)
            return render(request, "content/unsubscribe.html", {"done": True, "email": subscription.email})
        subscription = subscription_for_unsubscribe(token=token)
    except NotFound as exc:
        return not_found(request, exc.message)
    return render(request, "content/unsubscribe.html", {"token": token, "email": subscription.email})
