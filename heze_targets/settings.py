"""Settings for the Heze responsibility-targets system.

Everything that differs between a laptop and production comes from the environment (the
README's "Deployment settings" lists it): DATABASE_URL (PostgreSQL in production, SQLite file by
default), DJANGO_SECRET_KEY, DJANGO_DEBUG, DJANGO_ALLOWED_HOSTS, DJANGO_CSRF_TRUSTED_ORIGINS and
DJANGO_TRUSTED_PROXY_COUNT. Production is the default: development mode (DEBUG, a built-in key,
plain http) has to be asked for with DJANGO_DEBUG=1, as `make` does.
"""

import os
import tempfile
from pathlib import Path

import dj_database_url
import plotly
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def environ_list(name: str, default: str = "") -> list[str]:
    """A comma-separated variable as a list, without the empty items of a trailing comma."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# A forgotten variable must not publish tracebacks and every URL: DEBUG is on only on request.
DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        # manage.py and wsgi.py print this as one line and stop.
        raise ImproperlyConfigured("set DJANGO_SECRET_KEY to a long random value (or DJANGO_DEBUG=1 for development)")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
# Django's test client calls itself `testserver`: allowed in development only.
ALLOWED_HOSTS = environ_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" + (",testserver" if DEBUG else ""))
# Only needed when the proxy does not pass the browser's Host on: e.g. https://targets.example.org
CSRF_TRUSTED_ORIGINS = environ_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# How many reverse proxies stand in front of the app; each appends the address it was
# called from to X-Forwarded-For. 0: the app is reached directly, the header is a client's
# invention and is ignored (see heze_targets/client_address.py).
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

if not DEBUG:
    # Production runs behind a reverse proxy that terminates TLS and sets X-Forwarded-Proto
    # (overwriting any a client sent): requests it marks https are secure; plain http is
    # redirected, and browsers are told to use https only, for a year.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    # The site has a host name of its own, so its subdomains (if any) are its own too. The
    # preload flag only consents: the browsers' list takes a domain once it is submitted there.
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_tables2",
    "django_filters",
    "axes",
    # Listed for its system checks (of the policy below) only.
    "csp",
    "django_tasks",
    "django_tasks_db",
    "targets",
    "dashboard",
    "uploads",
    "public",
]

MIDDLEWARE = [
    # Public pages from their kept copy, before the rest runs; a copy holds the headers all the
    # others added (public.caching). It reads the database by a digest of the address only.
    "public.caching.KeptPageMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything else reads the database: a NUL in the address would fail there (a 500).
    "targets.middleware.RefuseNulMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "heze_targets.middleware.SiteLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it locks out an address after repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

# Everything the pages load comes from this server; no inline script (charts travel as JSON data
# blocks). plotly.js adds its own <style> element, hence inline styles. The admin keeps Django's
# own policy-free pages.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
# The pair is locked, not the user or the address alone: failures for `admin` sent from
# elsewhere do not lock the real admin out, and made-up names do not lock a whole office
# that shares one address.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# django-ipware is not installed, so axes' AXES_IPWARE_* settings would do nothing; the
# address comes from our own reading of X-Forwarded-For (DJANGO_TRUSTED_PROXY_COUNT).
AXES_CLIENT_IP_CALLABLE = "heze_targets.client_address.client_address"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

ROOT_URLCONF = "heze_targets.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "heze_targets.wsgi.application"

SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"))
DATABASES = {
    "default": dj_database_url.parse(os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}", conn_max_age=60)
}
# How long a writer waits for another's write lock: longer than an import's write phase (see
# README for the figures), so a login or an edit during an import waits for it instead of
# failing, and a second import waits its turn. SQLite's busy timeout; on PostgreSQL the lock
# timeout of an import waiting for another import (nothing else waits there).
WRITE_WAIT_SECONDS = int(os.environ.get("DJANGO_WRITE_WAIT_SECONDS", "60"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers go on while an import writes; IMMEDIATE takes the write lock at
        # BEGIN so two writers queue instead of failing half-way. However the file is named.
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": WRITE_WAIT_SECONDS,
    }
    # Tests use a file too (one per test process), not an in-memory database: concurrent
    # connections then lock as they do in production.
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"heze-test-{os.getpid()}.sqlite3")}
    # Connections are kept across requests as on PostgreSQL: opening the file and setting the
    # journal mode cost a kept public page two thirds of its time (README, "Speed under load").

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The web process keeps no state of its own: sessions and cache live in the database so
# that any number of app servers can stand behind a load balancer.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "django_cache",
        # Django's default of 300 entries culls a third of them whenever it is passed: an
        # official going through a thousand target pages would find none cached. A cached page's
        # content is 10-100 KB: 50,000 of them are a few GB of the database at most. (Public
        # pages are kept in a table of their own: public.models.KeptPage, DJANGO_KEPT_PAGES.)
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("DJANGO_CACHE_MAX_ENTRIES", "50000"))},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Django prints its log only while DEBUG is on; in production a 500's traceback would go
# nowhere. Errors go to stderr, where gunicorn and systemd collect them. django.request does
# not propagate, or in development Django's own console handler would print each one twice.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "django.request": {"handlers": ["stderr"], "level": "ERROR", "propagate": False},
        # Lockouts are worth a line too.
        **{name: {"handlers": ["stderr"], "level": "WARNING"} for name in ["targets", "importers", "axes"]},
    },
}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# plotly.js comes from the installed plotly package: nothing loads from the internet.
STATICFILES_DIRS = [BASE_DIR / "static", ("vendor/plotly", Path(plotly.__file__).parent / "package_data")]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard:index"
LOGOUT_REDIRECT_URL = "public:index"
OFFICIALS_GROUP = "officials"
# Officials who may upload documents for the organisations they follow (uploads/).
IMPORTERS_GROUP = "importers"
# The largest upload, refused as soon as it is passed (uploads.limits).
UPLOAD_MAX_BYTES = 20 * 1024 * 1024
# Files up to this size are previewed while the page waits (a few seconds at most); larger ones
# in the background, as imports are.
UPLOAD_PREVIEW_IN_REQUEST_BYTES = int(os.environ.get("DJANGO_UPLOAD_PREVIEW_IN_REQUEST_BYTES", 1024 * 1024))
# Imports run as background tasks, queued in the database (django-tasks-db): `manage.py
# db_worker` runs them (make run starts one beside the web server). The tests run them at once.
TASKS = {
    "default": {"BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"), "QUEUES": []}
}
# A running import is marked alive this often; one not marked for UPLOAD_STALE_SECONDS stopped
# with its worker (killed, its machine lost) and shows as failed: its transaction never committed.
UPLOAD_HEARTBEAT_SECONDS = float(os.environ.get("DJANGO_UPLOAD_HEARTBEAT_SECONDS", "10"))
UPLOAD_STALE_SECONDS = float(os.environ.get("DJANGO_UPLOAD_STALE_SECONDS", "60"))
# The organisation that today's URLs show and that commands use without --org (created by
# migration 0010, and again if it was removed from an empty database).
DEFAULT_ORGANISATION_CODE = os.environ.get("DJANGO_DEFAULT_ORGANISATION", "heze")
DEFAULT_ORGANISATION_NAME = os.environ.get("DJANGO_DEFAULT_ORGANISATION_NAME", "菏泽市")

DJANGO_TABLES2_TEMPLATE = "includes/table.html"

# How far an imported .xlsx may inflate (its members' declared sizes, in all): a zip bomb of a
# megabyte can hold gigabytes; it is refused before anything is read (importers.cells.ArchiveLimits).
IMPORT_MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# In development (runserver, and the tests, which load development settings and then turn
# DEBUG off) serve static files straight from static/ without collectstatic.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
