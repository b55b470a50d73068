"""On first sign-in, and again whenever they change, a person accepts the privacy statement and terms of use; the
version and the time are recorded; anyone can read them; plan administrators publish new versions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from portico.accounts.models import SecurityEvent, SecurityEventKind, TermsAcceptance, TermsVersion, User
from portico.accounts.terms.services import terms_accept, terms_cache_clear, terms_current
from tests import factories
from tests.conftest import World

pytestmark = [pytest.mark.django_db]

TERMS_MARK = "portico_gate_terms"


def version_publish(label: str, *, effective: dt.date | None = None) -> TermsVersion:
    version = TermsVersion.objects.create(
        version=label,
        effective_date=effective or timezone.localdate(),
        privacy_statement_en=f"Privacy statement {label}: we record every access.",
        privacy_statement_es=f"Declaración de privacidad {label}: registramos cada acceso.",
        terms_en=f"Terms {label}: authorized business purposes only; minimum necessary.",
        terms_es=f"Términos {label}: solo fines comerciales autorizados; lo mínimo necesario.",
    )
    terms_cache_clear()
    return version


def signed_in_before_terms(user: User) -> Client:
    """Signed in, every other sign-in step passed (password, two-step verification), the terms not yet."""
    client = Client()
    client.force_login(user)
    session = client.session
    del session[TERMS_MARK]
    session.save()
    return client


@pytest.fixture
def version(db: Any) -> TermsVersion:
    return version_publish("2099-test")


def test_the_first_version_is_published_by_the_migration_in_both_languages() -> None:
    first = TermsVersion.objects.get(version="2026-1")
    assert "minimum" in first.terms_en.lower()
    assert "authorized business purposes" in first.terms_en.lower()
    assert "lo mínimo necesario" in first.terms_es.lower()
    assert "Cascadia Health" in first.privacy_statement_en
    assert "Cascadia Health" in first.privacy_statement_es


def test_a_person_who_has_not_accepted_is_sent_to_the_terms_first(world: World, version: TermsVersion) -> None:
    client = signed_in_before_terms(world.user_a)
    response = client.get("/codes/?q=knee")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/terms/?next=%2Fcodes%2F%3Fq%3Dknee"
    page = client.get(response["Location"]).content.decode()
    assert "Terms 2099-test: authorized business purposes only" in page
    assert "Privacy statement 2099-test" in page


def test_accepting_records_the_version_time_and_address_and_continues(world: World, version: TermsVersion) -> None:
    client = signed_in_before_terms(world.user_a)
    response = client.post(
        "/accounts/terms/",
        {"accept": "yes", "version": version.pk, "next": "/codes/?q=knee"},
        REMOTE_ADDR="203.0.113.7",
    )
    assert response.status_code == 302
    assert response["Location"] == "/codes/?q=knee"
    acceptance = TermsAcceptance.objects.get(user=world.user_a)
    assert acceptance.version == version
    assert acceptance.ip_address == "203.0.113.7"
    assert abs((timezone.now() - acceptance.accepted_at).total_seconds()) < 60
    event = SecurityEvent.objects.get(kind=SecurityEventKind.TERMS_ACCEPTED)
    assert event.user_id == world.user_a.pk
    assert event.detail == "Privacy statement and terms version 2099-test"
    assert client.get("/codes/?q=knee").status_code == 200


def test_the_box_must_be_checked_and_the_message_names_it(world: World, version: TermsVersion) -> None:
    client = signed_in_before_terms(world.user_a)
    response = client.post("/accounts/terms/", {"version": version.pk, "next": "/"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Check the box to confirm that you accept the privacy statement and terms of use." in page
    assert 'aria-invalid="true" aria-describedby="accept-error"' in page
    assert not TermsAcceptance.objects.exists()
    assert client.get("/").status_code == 302  # still at the gate


def test_a_version_published_while_reading_must_be_read_first(world: World, version: TermsVersion) -> None:
    client = signed_in_before_terms(world.user_a)
    newer = version_publish("2099-newer")
    response = client.post("/accounts/terms/", {"accept": "yes", "version": version.pk})
    assert response.status_code == 400
    assert "A new version was published while you were reading" in response.content.decode()
    assert "Terms 2099-newer" in response.content.decode()
    assert not TermsAcceptance.objects.exists()
    client.post("/accounts/terms/", {"accept": "yes", "version": newer.pk})
    assert TermsAcceptance.objects.get().version == newer


def test_a_new_version_sends_everyone_through_the_terms_again(world: World, version: TermsVersion) -> None:
    client = signed_in_before_terms(world.user_a)
    client.post("/accounts/terms/", {"accept": "yes", "version": version.pk})
    assert client.get("/").status_code == 200
    newer = version_publish("2099-newer")
    response = client.get("/")
    assert response["Location"] == "/accounts/terms/?next=%2F"
    client.post("/accounts/terms/", {"accept": "yes", "version": newer.pk})
    assert client.get("/").status_code == 200
    assert list(TermsAcceptance.objects.filter(user=world.user_a).values_list("version__version", flat=True)) == [
        "2099-newer",
        "2099-test",
    ]


def test_a_version_accepted_before_is_not_asked_again_in_a_new_session(world: World, version: TermsVersion) -> None:
    terms_accept(user=world.user_a, version=version)
    client = signed_in_before_terms(world.user_a)
    assert client.get("/").status_code == 200


def test_a_version_not_yet_in_effect_is_not_asked_for(world: World, version: TermsVersion) -> None:
    version_publish("2099-later", effective=timezone.localdate() + dt.timedelta(days=10))
    assert terms_current() == version
    terms_accept(user=world.user_a, version=version)
    assert signed_in_before_terms(world.user_a).get("/").status_code == 200


def test_accepting_twice_keeps_the_first_time(world: World, version: TermsVersion) -> None:
    first = terms_accept(user=world.user_a, version=version)
    again = terms_accept(user=world.user_a, version=version)
    assert again.pk == first.pk
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.TERMS_ACCEPTED).count() == 1


def test_the_return_address_stays_on_this_site(world: World, version: TermsVersion) -> None:
    client = signed_in_before_terms(world.user_a)
    response = client.post(
        "/accounts/terms/", {"accept": "yes", "version": version.pk, "next": "https://attacker.example/"}
    )
    assert response["Location"] == "/"


def test_anyone_can_read_the_privacy_statement_and_terms_linked_from_every_footer(
    client: Client, version: TermsVersion
) -> None:
    page = client.get("/privacy-statement/").content.decode()
    assert "Privacy statement 2099-test" in page
    assert "Terms 2099-test" in page
    assert 'href="/privacy-statement/"' in client.get("/accounts/login/").content.decode()


def test_the_privacy_statement_reads_in_spanish(client: Client, version: TermsVersion) -> None:
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    page = client.get("/privacy-statement/").content.decode()
    assert "Declaración de privacidad 2099-test" in page
    assert "Términos 2099-test" in page


def test_the_terms_page_is_in_spanish_for_a_spanish_speaker(world: World, version: TermsVersion) -> None:
    client = signed_in_before_terms(world.user_a)
    client.post("/i18n/setlang/", {"language": "es", "next": "/"})
    page = client.get("/accounts/terms/").content.decode()
    assert "Términos 2099-test" in page


def test_a_plan_administrator_publishes_a_new_version_in_the_admin(world: World, version: TermsVersion) -> None:
    terms_accept(user=world.user_a, version=version)
    admin = factories.UserFactory(is_staff=True, is_superuser=True)
    back_office = Client()
    back_office.force_login(admin)
    response = back_office.post(
        "/admin/accounts/termsversion/add/",
        {
            "version": "2099-admin",
            "effective_date": timezone.localdate().isoformat(),
            "privacy_statement_en": "New privacy statement.",
            "privacy_statement_es": "Nueva declaración de privacidad.",
            "terms_en": "New terms.",
            "terms_es": "Nuevos términos.",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = signed_in_before_terms(world.user_a)
    assert person.get("/")["Location"] == "/accounts/terms/?next=%2F"
    # Words people accepted cannot be edited afterwards, only replaced by a new version.
    change = back_office.get(f"/admin/accounts/termsversion/{version.pk}/change/").content.decode()
    assert 'name="terms_en"' not in change
