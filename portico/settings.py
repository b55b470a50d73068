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
    "ninja",  # serves Swagger UI's assets from our own static files (no CDN, no inline script: see CSP below)
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "portico.common",
    "portico.accounts",
    "portico.plans",
    "portico.providers",
    "portico.members",
    "portico.codes",
    "portico.pricing",
    "portico.messaging",
    "portico.content",
    "portico.authorizations",
    "portico.claims",
    "portico.payments",
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
    "csp.middleware.CSPMiddleware",
    "portico.web.headers.SecurityHeadersMiddleware",
    "portico.accounts.sessions.SessionTimeoutMiddleware",
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
                "portico.accounts.sessions.session_context",
                "portico.content.context.site_alerts",
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
# Password sign-in refuses a provider person whose every organization membership is disabled (and ends such a
# person's sessions): portico/accounts/people/backends.py.
AUTHENTICATION_BACKENDS = ["portico.accounts.people.backends.PersonBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"
# NIST SP 800-63B: length over complexity, no composition rules, no expiry, a breached-password check
# (offline), nothing like the person's own name (portico/accounts/passwords.py and docs/operator-guide.md say why).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "portico.accounts.passwords.LengthValidator",
        "OPTIONS": {
            "min_length": env_int("PORTICO_PASSWORD_MIN_LENGTH", 12),
            "max_length": env_int("PORTICO_PASSWORD_MAX_LENGTH", 256),
        },
    },
    {"NAME": "portico.accounts.passwords.PersonalInformationValidator"},
    {"NAME": "portico.accounts.passwords.BreachedPasswordValidator"},
    {"NAME": "portico.accounts.passwords.PredictablePasswordValidator"},
]
# A password-reset link works once and for this long (Django's default is three days).
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 3600)
# Two-step verification (django-otp): Portico's own sign-in throttle covers code guessing for every device
# (portico/accounts/throttle.py), so django-otp's per-device back-off, which silently refuses even a right
# code for a few seconds after a wrong one, is off.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
OTP_TOTP_ISSUER = env_str("PORTICO_PORTAL_NAME") or "Cascadia Health provider portal"

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

# Sessions: signed out after PORTICO_IDLE_TIMEOUT_MINUTES without activity (a warning comes first and lets the
# person stay) and PORTICO_SESSION_MAX_HOURS after signing in, whatever happens (portico/accounts/sessions.py).
PORTICO_IDLE_TIMEOUT_MINUTES = env_int("PORTICO_IDLE_TIMEOUT_MINUTES", 30)
PORTICO_SESSION_MAX_HOURS = env_int("PORTICO_SESSION_MAX_HOURS", 12)
# Seconds before the idle limit the warning dialog opens.
PORTICO_IDLE_WARNING_SECONDS = env_int("PORTICO_IDLE_WARNING_SECONDS", 120)
if PORTICO_IDLE_TIMEOUT_MINUTES < 1 or PORTICO_SESSION_MAX_HOURS < 1:
    raise ConfigurationError("PORTICO_IDLE_TIMEOUT_MINUTES and PORTICO_SESSION_MAX_HOURS must be at least 1")
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", PORTICO_SESSION_MAX_HOURS * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True  # a shared front-desk computer: closing the browser signs out
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # scripts read the token from the page (<meta name="csrf-token">), never the cookie
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features no page here uses, turned off (portico/web/headers.py sends it).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
# A strict Content-Security-Policy on every page: scripts, styles, fonts and images from Portico itself only. No
# inline <script>, no style="" attribute, no onclick=: put code in static/*.js and styles in static/*.css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        # Plus the origins a form may post or redirect to (an SSO hub's sign-in page), if any.
        "form-action": ["'self'", *env_list("PORTICO_CSP_FORM_ACTION", [])],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    },
}
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
    # Days an invitation link to join an organization works (it works once).
    "INVITATION_DAYS": env_int("PORTICO_INVITATION_DAYS", 7),
    # Direct sign-in throttle (password and two-step codes): failures an account may have, and an address,
    # before direct sign-in waits; failures are forgotten after a quiet window. The waits grow from the first
    # to the longest (1, 2, 4 ... minutes, capped).
    "SIGN_IN_ACCOUNT_FAILURES": env_int("PORTICO_SIGN_IN_ACCOUNT_FAILURES", 5),
    "SIGN_IN_ADDRESS_FAILURES": env_int("PORTICO_SIGN_IN_ADDRESS_FAILURES", 30),
    "SIGN_IN_FAILURE_WINDOW_SECONDS": env_int("PORTICO_SIGN_IN_FAILURE_WINDOW_SECONDS", 900),
    "SIGN_IN_FIRST_WAIT_SECONDS": env_int("PORTICO_SIGN_IN_FIRST_WAIT_SECONDS", 60),
    "SIGN_IN_LONGEST_WAIT_SECONDS": env_int("PORTICO_SIGN_IN_LONGEST_WAIT_SECONDS", 900),
    # Training: days before its due date a module counts as "due soon" (and the reminder run reminds).
    "TRAINING_DUE_SOON_DAYS": env_int("PORTICO_TRAINING_DUE_SOON_DAYS", 30),
    # Website feedback items one address may send per hour.
    "FEEDBACK_PER_HOUR": env_int("PORTICO_FEEDBACK_PER_HOUR", 10),
    # The weekly payment run, held in the task queue: the day (ISO: 1 Monday ... 7 Sunday) and the hour (0-23, in
    # TIME_ZONE) it runs; each run queues the next (docs/operator-guide.md, "Payment runs").
    "PAYMENT_RUN_WEEKDAY": env_int("PORTICO_PAYMENT_RUN_WEEKDAY", 4),
    "PAYMENT_RUN_HOUR": env_int("PORTICO_PAYMENT_RUN_HOUR", 5),
}
if not 1 <= PORTICO["PAYMENT_RUN_WEEKDAY"] <= 7:
    raise ConfigurationError("PORTICO_PAYMENT_RUN_WEEKDAY must be 1 (Monday) to 7 (Sunday)")
if not 0 <= PORTICO["PAYMENT_RUN_HOUR"] <= 23:
    raise ConfigurationError("PORTICO_PAYMENT_RUN_HOUR must be an hour from 0 to 23")
# Payees paid by paper check instead of EFT, by TIN, comma-separated (docs/remittance.md). Apart from PORTICO,
# whose values are all numbers and which the type checker reads as such.
PORTICO_PAYMENT_CHECK_TINS = env_list("PORTICO_PAYMENT_CHECK_TINS", [])
# Where a service line that no list routes elsewhere is sent: the plan's utilization management.
PORTICO_PLAN_UM_CONTACT = {
    key: value
    for key, value in (("phone", env_str("PORTICO_PLAN_UM_PHONE")), ("fax", env_str("PORTICO_PLAN_UM_FAX")))
    if value
}

# SAML single sign-on through the regional hub (docs/sso.md). Off until the hub is described: its metadata file,
# or its entity id, sign-in URL and certificate. Certificates and the key accept the *_FILE variant.
PORTICO_SSO = {
    "IDP_NAME": env_str("PORTICO_SSO_IDP_NAME") or "Northwest Provider Hub",
    "IDP_METADATA_FILE": env_str("PORTICO_SSO_IDP_METADATA_FILE") or "",
    "IDP_ENTITY_ID": env_str("PORTICO_SSO_IDP_ENTITY_ID") or "",
    "IDP_SSO_URL": env_str("PORTICO_SSO_IDP_SSO_URL") or "",
    "IDP_SLO_URL": env_str("PORTICO_SSO_IDP_SLO_URL") or "",
    "IDP_CERT": env_str("PORTICO_SSO_IDP_CERT") or "",
    "SP_ENTITY_ID": env_str("PORTICO_SSO_SP_ENTITY_ID") or "",
    "SP_CERT": env_str("PORTICO_SSO_SP_CERT") or "",
    "SP_KEY": env_str("PORTICO_SSO_SP_KEY") or "",
    "WANT_MESSAGES_SIGNED": env_bool("PORTICO_SSO_WANT_MESSAGES_SIGNED", default=False),
    "CLOCK_SKEW_SECONDS": env_int("PORTICO_SSO_CLOCK_SKEW_SECONDS", 120),
    # Which SAML attribute carries each fact about the person.
    "ATTRIBUTES": {
        "email": env_str("PORTICO_SSO_ATTR_EMAIL") or "email",
        "first_name": env_str("PORTICO_SSO_ATTR_FIRST_NAME") or "givenName",
        "last_name": env_str("PORTICO_SSO_ATTR_LAST_NAME") or "sn",
        "tin": env_str("PORTICO_SSO_ATTR_TIN") or "organizationTin",
        "roles": env_str("PORTICO_SSO_ATTR_ROLES") or "portalRoles",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
