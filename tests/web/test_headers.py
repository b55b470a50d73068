"""The web baseline: a strict Content-Security-Policy on every kind of page, nothing in the templates that it
would block, a CSRF token in every form that posts, and HSTS and the other security headers in production."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from portico.accounts.models import StaffRole
from tests import factories
from tests.conftest import World

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((ROOT / "portico").glob("*/templates/**/*.html"))
SCRIPTS = sorted(p for p in (ROOT / "portico").glob("*/static/**/*.js") if not p.name.endswith(".min.js"))

STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


def policy(header: str) -> dict[str, str]:
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in directives}


def test_the_templates_are_found() -> None:
    assert len(TEMPLATES) > 40
    assert any(p.name == "base.html" for p in TEMPLATES)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/accounts/login/",  # a page for strangers
        "/privacy-statement/",  # public
        "/prior-authorization/metrics/",  # public, with charts
        "/api/v1/docs",  # the API reference (Swagger UI, served from our own static files)
        "/api/v1/openapi.json",  # JSON
        "/admin/login/",  # the Django admin
        "/healthz",
        "/eligibility/members/987654/",  # not found
    ],
)
def test_every_kind_of_page_carries_the_strict_policy(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code in (200, 302, 404), url
    assert policy(response["Content-Security-Policy"]) == STRICT
    assert "unsafe" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_signed_in_pages_carry_the_strict_policy(world: World, client_a: Client) -> None:
    for url in ("/", "/eligibility/", "/rosters/", "/accounts/profile/", "/accounts/terms/", "/accounts/session/"):
        response = client_a.get(url)
        assert policy(response["Content-Security-Policy"]) == STRICT, url
    staff = Client()
    staff.force_login(factories.UserFactory(staff_roles=[StaffRole.UM_REVIEWER.value], is_staff=True))
    for url in ("/authorizations/review/", "/authorizations/review/dashboard/", "/admin/"):
        assert policy(staff.get(url)["Content-Security-Policy"]) == STRICT, url


@pytest.mark.django_db
def test_the_api_reference_loads_nothing_from_elsewhere(client: Client) -> None:
    page = client.get("/api/v1/docs").content.decode()
    assert "cdn.jsdelivr.net" not in page
    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert "/static/ninja/swagger-ui-init.js" in page


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\s(on[a-z]+|hx-on[:\-][^\s=]*|data-hx-on[:\-][^\s=]*)\s*=", re.IGNORECASE)
JAVASCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)
HTMX_EVAL = re.compile(r"hx-(vars|vals)\s*=\s*['\"]\s*(js|javascript):", re.IGNORECASE)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT / "portico")))
def test_no_template_holds_what_the_policy_blocks(template: Path) -> None:
    text = template.read_text(encoding="utf-8")
    found = {
        "inline <script>": INLINE_SCRIPT.findall(text),
        "style attribute": STYLE_ATTRIBUTE.findall(text),
        "<style> element": STYLE_ELEMENT.findall(text),
        "inline event handler": EVENT_HANDLER.findall(text),
        "javascript: URL": JAVASCRIPT_URL.findall(text),
        "htmx eval": HTMX_EVAL.findall(text),
    }
    assert {kind: hits for kind, hits in found.items() if hits} == {}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_no_script_writes_inline_styles_or_evaluates_strings(script: Path) -> None:
    text = script.read_text(encoding="utf-8")
    assert not re.search(r"setAttribute\(\s*['\"]style|\.innerHTML\s*=|\beval\(|new Function\(", text)


def test_htmx_is_told_not_to_inject_its_indicator_style_nor_evaluate_code() -> None:
    base = (ROOT / "portico/web/templates/web/base.html").read_text(encoding="utf-8")
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", base)
    assert config is not None
    assert json.loads(config.group(1)) == {
        "includeIndicatorStyles": False,
        "allowEval": False,
        "allowScriptTags": False,
    }


FORM = re.compile(r"<form\b[^>]*>.*?</form>", re.IGNORECASE | re.DOTALL)
POSTS = re.compile(r"\bmethod\s*=\s*['\"]?post", re.IGNORECASE)


def test_every_form_that_posts_carries_the_csrf_token() -> None:
    missing = []
    posting = 0
    for template in TEMPLATES:
        text = template.read_text(encoding="utf-8")
        for form in FORM.findall(text):
            opening = form.split(">", 1)[0]
            if POSTS.search(opening):
                posting += 1
                if "{% csrf_token %}" not in form:
                    missing.append(f"{template.relative_to(ROOT)}: {opening[:80]}")
    assert posting > 20
    assert missing == []


@pytest.mark.django_db
def test_a_post_without_the_csrf_token_is_refused(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.user_a)
    for url in ("/accounts/session/keep-alive/", "/accounts/organization/", "/accounts/profile/"):
        assert client.post(url, {"next": "/"}).status_code == 403, url


def test_the_demo_does_not_send_hsts_over_plain_http(client: Client) -> None:
    response = client.get("/healthz")
    assert "Strict-Transport-Security" not in response
    assert response["X-Frame-Options"] == "DENY"


PROBE = """
import json, os
os.environ['DJANGO_SETTINGS_MODULE'] = 'portico.settings'
import django
django.setup()
from django.conf import settings
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client()
https = client.get('/accounts/login/', secure=True)
plain = client.get('/accounts/login/')
cookie = https.cookies['csrftoken']
print(json.dumps({
    'headers': dict(https.headers),
    'plain_status': plain.status_code,
    'plain_location': plain.get('Location', ''),
    'csrf_cookie': {'secure': cookie['secure'], 'httponly': cookie['httponly'], 'samesite': cookie['samesite']},
    'session': [settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY, settings.SESSION_COOKIE_SAMESITE],
}))
"""


@pytest.fixture(scope="module")
def production(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    var = tmp_path_factory.mktemp("production")
    env = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "PORTICO_ENV", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    env.update(
        {
            "PORTICO_ENV": "production",
            "SECRET_KEY": "x" * 50,
            "ALLOWED_HOSTS": "testserver",
            "PORTICO_VAR": str(var),
            "DATABASE_URL": f"sqlite:///{var / 'db.sqlite3'}",
        }
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=False, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_sends_hsts_for_a_year_with_subdomains(production: dict[str, Any]) -> None:
    assert production["headers"]["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"


def test_production_sends_the_other_security_headers(production: dict[str, Any]) -> None:
    headers = production["headers"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "geolocation=()" in headers["Permissions-Policy"]
    assert policy(headers["Content-Security-Policy"]) == STRICT


def test_production_sends_plain_http_to_https(production: dict[str, Any]) -> None:
    assert production["plain_status"] == 301
    assert production["plain_location"] == "https://testserver/accounts/login/"


def test_production_cookies_are_secure_http_only_and_same_site(production: dict[str, Any]) -> None:
    assert production["csrf_cookie"] == {"secure": True, "httponly": True, "samesite": "Lax"}
    assert production["session"] == [True, True, "Lax"]
