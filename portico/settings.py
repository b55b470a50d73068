"""Portico settings: one module, configured from the environment.

Safe defaults for the demo (SQLite under ``var/``); strict ones when ``PORTICO_ENV=production``.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from portico.env import ConfigurationError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("PORTICO_VAR") or BASE_DIR / "var")
PORTICO_ENV = env_str("PORTICO_ENV", "demo") or "demo"
PRODUCTION = PORTICO_ENV == "production"

SECRET_KEY = env_str("SECRET_KEY") or ""
if not SECRET_KEY:
    if PRODUCTION:
        raise ConfigurationError("SECRET_KEY (or SECRET_KEY_FILE) must be set when PORTICO_ENV=production")
    SECRET_KEY = "demo-only-insecure-key-never-use-in-production"  # noqa: S105

DEBUG = env_bool("DEBUG", default=False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "portico.common",
    "portico.accounts",
    "portico.plans",
    "portico.providers",
    "portico.members",
    "portico.codes",
    "portico.messaging",
    "portico.authorizations",
    "portico.demo",
    "portico.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "portico.accounts.gate.SignInGateMiddleware",
    "portico.accounts.middleware.ActiveOrganizationMiddleware",
]

ROOT_URLCONF = "portico.urls"
WSGI_APPLICATION = "portico.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portico.web.context.portal",
            ],
        },
    }
]

if not env_str("DATABASE_URL"):
    VAR_DIR.mkdir(parents=True, exist_ok=True)
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'portico.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Connections persist as on PostgreSQL (each gunicorn sync worker serves one request at a time): a new
    # connection per request would re-run the PRAGMAs and start every request with a cold page cache.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Server-side binding lets psycopg prepare the statements a worker repeats (after 5 uses, per
    # connection): the planner's ~1 ms per query is paid once, not on every eligibility inquiry.
    DATABASES["default"]["OPTIONS"] = {
        "server_side_binding": env_bool("DB_SERVER_SIDE_BINDING", default=True),
        "prepare_threshold": env_int("DB_PREPARE_THRESHOLD", 5),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # Shared by every gunicorn worker on one machine; set REDIS_URL when workers run on several.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "portico" / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/Los_Angeles")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = not PRODUCTION

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 3600)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    if not ALLOWED_HOSTS:
        raise ConfigurationError("ALLOWED_HOSTS must be set when PORTICO_ENV=production")
    DEBUG = False
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Cascadia Health provider portal <no-reply@cascadia-health.example>")
# Where people reach the portal: the links in emails start with it.
PORTICO_BASE_URL = env_str("PORTICO_BASE_URL") or "http://127.0.0.1:8000"
PORTICO_PORTAL_NAME = env_str("PORTICO_PORTAL_NAME") or "Cascadia Health provider portal"

# Portico's own knobs.
PORTICO = {
    # How long an eligibility inquiry with matching identifiers opens a member to the organization.
    "ELIGIBILITY_ACCESS_DAYS": env_int("PORTICO_ELIGIBILITY_ACCESS_DAYS", 30),
    # Eligibility inquiries allowed per user per window (enumeration guard).
    "ELIGIBILITY_THROTTLE_COUNT": env_int("PORTICO_ELIGIBILITY_THROTTLE_COUNT", 120),
    "ELIGIBILITY_THROTTLE_SECONDS": env_int("PORTICO_ELIGIBILITY_THROTTLE_SECONDS", 60),
    # How far back a date of service may be asked about.
    "ELIGIBILITY_LOOKBACK_MONTHS": env_int("PORTICO_ELIGIBILITY_LOOKBACK_MONTHS", 12),
    "BATCH_MAX_ROWS": env_int("PORTICO_BATCH_MAX_ROWS", 1000),
    # Seconds each worker keeps reference data (benefit plans, benefits, PCP directory entries) in memory.
    "REFERENCE_CACHE_SECONDS": env_int("PORTICO_REFERENCE_CACHE_SECONDS", 60),
    # Largest prior-authorization attachment accepted, in megabytes (each file).
    "ATTACHMENT_MAX_MB": env_int("PORTICO_ATTACHMENT_MAX_MB", 20),
    # Hours before its due time a prior-authorization line is marked near due (and the sweep reminds).
    "AUTH_NEAR_DUE_HOURS": env_int("PORTICO_AUTH_NEAR_DUE_HOURS", 24),
    # Days after a denial the provider may appeal it (said in the determination letter).
    "AUTH_APPEAL_DAYS": env_int("PORTICO_AUTH_APPEAL_DAYS", 60),
}
# Where a service line that no list routes elsewhere is sent: the plan's utilization management.
PORTICO_PLAN_UM_CONTACT = {
    key: value
    for key, value in (("phone", env_str("PORTICO_PLAN_UM_PHONE")), ("fax", env_str("PORTICO_PLAN_UM_FAX")))
    if value
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
