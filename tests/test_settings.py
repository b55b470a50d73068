"""Settings come from the environment: safe for the demo, strict in production."""

import os
import subprocess
import sys

import pytest

PROBE = (
    "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='portico.settings'; django.setup(); "
    "from django.conf import settings as s; "
    "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.DEBUG, "
    "s.DATABASES['default']['ENGINE'])"
)


def run_settings(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "PORTICO_ENV", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    return subprocess.run(
        [sys.executable, "-c", PROBE], env={**clean, **env}, capture_output=True, text=True, check=False
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_settings({"PORTICO_ENV": "production", "ALLOWED_HOSTS": "portal.example.org"})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = run_settings({"PORTICO_ENV": "production", "SECRET_KEY": "x" * 50})
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_production_turns_on_secure_cookies_and_hsts():
    result = run_settings({"PORTICO_ENV": "production", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "portal.example.org"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True", "31536000", "False", "django.db.backends.sqlite3"]


def test_a_secret_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file-" + "y" * 40)
    probe = (
        "import os; os.environ['DJANGO_SETTINGS_MODULE']='portico.settings'; "
        "from django.conf import settings; print(settings.SECRET_KEY)"
    )
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update({"SECRET_KEY_FILE": str(secret), "PORTICO_ENV": "production", "ALLOWED_HOSTS": "x.example"})
    result = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=False)
    assert result.stdout.strip() == secret.read_text()


def test_the_demo_defaults_to_sqlite_under_var():
    result = run_settings({})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == "django.db.backends.sqlite3"


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_malformed_boolean_names_the_variable(value):
    result = run_settings({"DEBUG": value})
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr
