"""Settings for Serverless Study, read from the environment.

Development defaults are safe to run on a laptop (SQLite, DEBUG on). With
DEBUG=0 the secure production defaults apply; each can be turned off by its own
variable for local runs over plain HTTP (for example the benchmark's gunicorn).
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError("SECRET_KEY must be set when DEBUG=0")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",  # its widget templates, for FORM_RENDERER below
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    # Our apps, bottom floor first (see docs/architecture.md).
    "studyapp.accounts",
    "studyapp.content",
    "studyapp.cards",
    "studyapp.study",
    "studyapp.classes",
    "studyapp.quizzes",
    "studyapp.progress",
    "studyapp.notes",
    "studyapp.core",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "studyapp.core.middleware.htmx_redirects",
    "csp.middleware.CSPMiddleware",
    # Must be last: it throttles failed log-ins raised by the auth backends.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "studyapp.urls"
WSGI_APPLICATION = "studyapp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "studyapp.core.context_processors.navigation",
            ],
        },
    },
]
# Form widgets are rendered with the templates above, so a widget can have its own in templates/ (accounts/widgets).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"


def sqlite_database(database: dict) -> dict:
    """Django's SQLite backend, plus `PRAGMA optimize` as each connection closes,
    so the query planner has statistics that keep up with the data."""
    database["ENGINE"] = "studyapp.core.sqlite_backend"
    # IMMEDIATE transactions take the write lock at BEGIN, so a read-then-write
    # (grading a card) waits on the busy timeout instead of failing with
    # "database is locked"; WAL lets readers run beside the writer.
    database["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests use a file too: race tests need real locking between connections,
    # which SQLite's shared in-memory database does not give.
    # One file per test process, so parallel runs never share it.
    database["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"studyapp-test-{os.getpid()}.sqlite3")}
    return database


def postgresql_database(database: dict) -> dict:
    """PostgreSQL straight, through psycopg's pool (DB_POOL=1), or behind PgBouncer (PGBOUNCER=1)."""
    options = {}
    behind_pgbouncer = envbool("PGBOUNCER", False)
    # Prepared statements: psycopg prepares a statement the fifth time a
    # connection runs it, so PostgreSQL stops re-parsing (and, once its generic
    # plan is chosen, re-planning) the study queue's query on every answer.
    # A transaction-mode pooler hands each transaction another server
    # connection, where the statement was never prepared: off behind PgBouncer.
    if envbool("PG_PREPARE", True) and not behind_pgbouncer:
        options |= {"server_side_binding": True, "prepare_threshold": 5}
    else:
        options["prepare_threshold"] = None
    if behind_pgbouncer:
        # A named cursor lives in one server connection, which the next transaction may not get.
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
    if envbool("DB_POOL", False):
        if database["CONN_MAX_AGE"]:
            raise RuntimeError("DB_POOL=1 keeps connections itself: leave CONN_MAX_AGE unset (or 0)")
        options["pool"] = {
            "min_size": envint("DB_POOL_MIN_SIZE", 2),
            "max_size": envint("DB_POOL_MAX_SIZE", 8),
            "timeout": envint("DB_POOL_TIMEOUT", 10),
        }
    database["OPTIONS"] = options
    return database


def database_settings() -> dict:
    """The one database, from DATABASE_URL (SQLite by default), tuned for its engine."""
    database = dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
    if database["ENGINE"] == "django.db.backends.sqlite3":
        return sqlite_database(database)
    if database["ENGINE"] == "django.db.backends.postgresql":
        return postgresql_database(database)
    return database


DATABASES = {"default": database_settings()}


def cache_settings() -> dict:
    """Redis when REDIS_URL is set, so every app server sees the same cached figures
    (the Study badge, forgotten by whichever server records an answer); otherwise
    this process's memory, enough for one server."""
    redis_url = os.environ.get("REDIS_URL", "")
    if redis_url:
        return {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}}
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


CACHES = cache_settings()


def session_engine() -> str:
    """Sessions live in the database, read through the cache when the cache is shared."""
    if os.environ.get("REDIS_URL"):
        return "django.contrib.sessions.backends.cached_db"
    return "django.contrib.sessions.backends.db"


SESSION_ENGINE = session_engine()

TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}


def task_settings() -> dict:
    """Background tasks (django-tasks): run at once in the request by default; with
    TASKS_BACKEND=database they are stored and `manage.py db_worker` runs them."""
    name = os.environ.get("TASKS_BACKEND", "") or "immediate"
    if name not in TASK_BACKENDS:
        raise RuntimeError(f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)} (got {name!r})")
    return {"default": {"BACKEND": TASK_BACKENDS[name]}}


TASKS = task_settings()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False  # English only: no translation machinery on every string, URL and number
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Files made by background tasks (large exports), served only through the views that check who
# asks. With several app servers this must be one shared directory (or STORAGES["default"] an
# object store), since the worker that writes a file and the server that sends it may differ.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Exports with at least this many rows (a learner's reviews and card states; a topic's
# cards) are made by a background task instead of in the request.
EXPORT_IN_BACKGROUND_FROM = envint("EXPORT_IN_BACKGROUND_FROM", 20_000)

# Absolute address of the site, for links in exports made outside a request.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

CONTENT_DIR = Path(os.environ.get("CONTENT_DIR", BASE_DIR / "content"))

# Notes written in the browser (studyapp.notes): topics one user may keep (archived ones
# not counted), and the size of one pasted text or uploaded file, in bytes.
NOTES_MAX_TOPICS_PER_USER = envint("NOTES_MAX_TOPICS_PER_USER", 50)
NOTES_MAX_BYTES = envint("NOTES_MAX_BYTES", 200_000)

# Email: the console in development, SMTP from the environment in production.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Serverless Study <noreply@localhost>")

# Log-in throttling (django-axes): failures count per account from one address
# (a forgotten password locks soon) and per address over all accounts (password
# spraying locks later, so a class behind one address survives a few typos each).
# axes has one limit for all counts; studyapp.accounts.throttling gives each its own.
LOGIN_FAILURE_LIMITS = {
    ("username", "ip_address"): envint("AXES_FAILURE_LIMIT", 5),
    ("ip_address",): envint("AXES_ADDRESS_FAILURE_LIMIT", 30),
}
AXES_LOCKOUT_PARAMETERS = [list(parameters) for parameters in LOGIN_FAILURE_LIMITS]
AXES_FAILURE_LIMIT = "studyapp.accounts.throttling.failure_limit"
AXES_COOLOFF_TIME = 0.25  # hours
# Off: it would clear the whole address's failures on any log-in there;
# studyapp.accounts.throttling.forgive_typos clears only that account's.
AXES_RESET_ON_SUCCESS = False
AXES_ENABLED = envbool("AXES_ENABLED", True)
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# Content Security Policy: scripts only from our origin or with the page nonce;
# no inline styles, so htmx's indicator style is turned off (see base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

CSRF_FAILURE_VIEW = "studyapp.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True

if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", True)
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", True)
    if envbool("BEHIND_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
