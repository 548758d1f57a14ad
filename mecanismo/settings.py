"""Settings of the Mechanism portal.

Everything that differs between a laptop and production comes from environment variables
(documented in README.md). Defaults give a working development setup with nothing installed:
SQLite, Celery eager, e-mail to the console.
"""

import locale as locale_module
import os
import sys
from pathlib import Path

import dj_database_url

from mecanismo.media_storage import default_storage_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
# Without DEBUG there is no fallback: Django refuses an empty SECRET_KEY the moment anything
# needs it (sessions, signing, `check --deploy`), while commands that don't, such as
# `makemigrations --check`, still run.
SECRET_KEY = os.environ.get("SECRET_KEY", "") or (
    "dev-only-insecure-key-do-not-use-in-production-0123456789" if DEBUG else ""
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "csp",
    "mecanismo.core",
    "mecanismo.outbox",
    "mecanismo.documents",
    "membership",
    "mesas",
    "vinculacion",
    "communication",
    "dashboards",
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
    "allauth.account.middleware.AccountMiddleware",
    "mecanismo.core.middleware.UserTimezoneMiddleware",
    "mecanismo.core.middleware.RequireMFAMiddleware",
    "membership.middleware.PrivacyReconsentMiddleware",
    # Innermost: its 400 answer still gets the security headers of the middleware above.
    "mecanismo.core.middleware.RequestHygieneMiddleware",
]

ROOT_URLCONF = "mecanismo.urls"
WSGI_APPLICATION = "mecanismo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "mecanismo.core.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
# `runserver` answers each request in a new thread, and a persistent connection belongs to its
# thread: with DB_CONN_MAX_AGE > 0 every request left one open connection behind until PostgreSQL
# ran out (issue 11). Persistent connections are for gunicorn's long-lived workers only.
if len(sys.argv) > 1 and sys.argv[1] == "runserver":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
# Behind a connection pooler in transaction mode (PgBouncer, pgcat, RDS Proxy) a session's state
# does not survive between transactions: no server-side cursors (`.iterator()` would lose its
# cursor) and no prepared statements (psycopg prepares a query run 5 times on one connection).
if env_bool("DB_POOLER", False) and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Languages: Spanish is the default (§2). URLs are prefixed (§11).
LANGUAGE_CODE = "es"
LANGUAGES = [("es", "Español"), ("en", "English"), ("pt", "Português"), ("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Portuguese in Latin America is Brazilian Portuguese. Our URLs say /pt/, and gettext expands the
# bare "pt" to pt_PT first, so Django's and allauth's own strings would read European Portuguese
# ("palavra-passe"). Pointing the alias at pt_BR makes them use their pt_BR catalogues, while the
# project's own locale/pt catalogues still load (gettext also tries plain "pt").
locale_module.locale_alias["pt"] = "pt_BR.ISO8859-1"
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Panama")

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded and generated files: MEDIA_ROOT by default, an S3-compatible bucket with
# MEDIA_STORAGE=s3 (S3_* variables, README "Settings") when web and workers run on several
# machines (issue 15). mecanismo/media_storage.py.
STORAGES = {
    "default": default_storage_config(os.environ),
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("PLAIN_STATIC", False)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or env_bool("PLAIN_STATIC", False)

# Cache and broker: Redis when REDIS_URL is set; otherwise in-process (development only).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Degrades to "no cache" when Redis is down instead of failing the request.
            "BACKEND": "mecanismo.core.cache.TolerantRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_PREFIX", "mec"),
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_connect_timeout": 2}
CELERY_BEAT_SCHEDULE: dict = {}  # filled in mecanismo/schedule.py (one place for all schedules)

# E-mail
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Mecanismo PMM <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Every absolute link (e-mail, allauth links, iCalendar, PDF) is built from SITE_URL
# (mecanismo.outbox.services.site_url). Unset, it follows PORT, as `make run` serves there.
SITE_URL = os.environ.get("SITE_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or '8000'}"

# Accounts (django-allauth): e-mail login, mandatory verification, rate limits.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",  # a rate, not a password  # nosec B105
    "reset_password_from_key": "20/m/ip",  # nosec B105
    "change_password": "5/m/user",  # nosec B105
    "manage_email": "10/m/user",
}
ACCOUNT_ADAPTER = "mecanismo.core.adapters.AccountAdapter"
# After login: the personal home, listing what awaits the person (issue 10).
LOGIN_REDIRECT_URL = "core:my_home"
# After sign-up (and after confirming the e-mail, even in another browser) the open call goes on
# to the membership registration.
ACCOUNT_SIGNUP_REDIRECT_URL = "membership:register"
LOGIN_URL = "account_login"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Mecanismo PMM LAC"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Security. Production (DEBUG off) passes `manage.py check --deploy`.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content Security Policy (django-csp 4): no inline scripts or styles anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden_is_info": {"()": "mecanismo.core.logs.ForbiddenIsInfo"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # Django's default config gives "django" its own console handler (in DEBUG) on top of
        # the root's: every record printed twice. One handler, the root's.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.request": {"filters": ["forbidden_is_info"]},
    },
}

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Largest document attached to a member's input (mesas inputs, §6), in bytes.
INPUT_MAX_BYTES = int(os.environ.get("INPUT_MAX_BYTES", 10 * 1024 * 1024))

# Demo data (manage.py seed_demo) is refused when DEBUG is off unless explicitly allowed (tests).
ALLOW_DEMO_DATA = env_bool("ALLOW_DEMO_DATA", DEBUG)
