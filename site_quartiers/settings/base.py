"""Settings shared by every environment; each value can come from the environment."""

import os
from datetime import timedelta
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {
        "1",
        "true",
        "yes",
        "on",
    }


def env_list(name, default=""):
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
# True only in settings/production.py: the demo refuses to run there.
PRODUCTION = False
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "activities",
    "bookings",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "phonenumber_field",
    "recurrence",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the URL: control characters get a French 400.
    "home.middleware.RefuseControlCharactersMiddleware",
    # Before anything reads the body: a French 413 over MAX_REQUEST_BODY_SIZE.
    "home.middleware.RefuseOversizedBodyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    # Above the session, CSRF and CSP layers: a cached page skips them all.
    "home.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The site, its navigation and footer, read once per change of the site.
    "home.chrome.SiteChromeMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "site_quartiers.csp.SiteCSPMiddleware",
    # Around every view: an empty 405 becomes the French page.
    "home.middleware.MethodNotAllowedPageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A session locked too long: a French « réessayez » page, 503.
    "bookings.middleware.SessionBusyMiddleware",
    # Last, as django-axes asks: it answers a locked-out login.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "site_quartiers.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "site_quartiers.wsgi.application"

# SQLite by default; PostgreSQL (psycopg 3) when DATABASE_URL is set.
# On SQLite, IMMEDIATE transactions make writers queue for the write lock at
# BEGIN instead of failing halfway through with "database is locked".
SQLITE_PATH = os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Admin logins are throttled (django-axes): after AXES_FAILURE_LIMIT wrong
# passwords for one user name from one address, that pair is refused for
# AXES_COOLOFF_TIME, with a French page (429). Keyed on the pair, so that
# nobody can lock the coordinator out from elsewhere by typing her name.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "admin_locked_out.html"
AXES_VERBOSE = False
# The client behind the trusted proxies, as the booking limit reads it.
AXES_CLIENT_IP_CALLABLE = "bookings.ratelimit.client_address"

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
# Images under MEDIA_ROOT are served by nginx in production; SERVE_MEDIA=1
# has Django serve them when no proxy is in front (`make prod`).
SERVE_MEDIA = env_bool("SERVE_MEDIA", False)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Cache: local memory by default, Redis when REDIS_URL is set (rate limits
# must be shared between gunicorn workers in production). Redis is an
# accelerator: when it is stopped or hangs, pages are served uncached
# (site_quartiers/cache.py: short timeouts, errors logged, a pause).
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "site_quartiers.cache.ResilientRedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "OPTIONS": {
                "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
                "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Image renditions in each process's memory: two Redis round trips per image
# were a page's largest cost. home.chrome empties it whenever the site's
# generation changes (an image saved, replaced or deleted).
RENDITIONS_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "renditions",
    "OPTIONS": {"MAX_ENTRIES": 2000},
}
CACHES["renditions"] = RENDITIONS_CACHE
# Parts of pages that show no places and no date (a page's text, a local's
# address and hours, the header and footer), rendered once per generation in
# each process: see ``{% fragment %}`` in home/templatetags/site_tags.py.
FRAGMENTS_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "TIMEOUT": None,
    "OPTIONS": {"MAX_ENTRIES": 3000},
}
CACHES["fragments"] = FRAGMENTS_CACHE

# E-mail: console by default, SMTP when EMAIL_HOST is set.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
# django.core.mail.backends.filebased.EmailBackend writes each message there.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "emails"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
# A mail server that hangs must not hold a worker: give up after this many
# seconds; the task is retried later (bookings.notifications).
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Vie des quartiers <ne-pas-repondre@viedesquartiers.fr>"
)

# Text messages to residents without e-mail (django-sms): the console by
# default; bookings.sms_backends.OvhSmsBackend in production (README « SMS »).
SMS_BACKEND = os.environ.get("SMS_BACKEND", "sms.backends.console.SmsBackend")
DEFAULT_FROM_SMS = os.environ.get("SMS_SENDER", "")
OVH_ENDPOINT = os.environ.get("OVH_ENDPOINT", "ovh-eu")
OVH_APPLICATION_KEY = os.environ.get("OVH_APPLICATION_KEY", "")
OVH_APPLICATION_SECRET = os.environ.get("OVH_APPLICATION_SECRET", "")
OVH_CONSUMER_KEY = os.environ.get("OVH_CONSUMER_KEY", "")
OVH_SMS_SERVICE = os.environ.get("OVH_SMS_SERVICE", "")

# Background work: e-mails run at once by default; production sets
# TASKS_BACKEND=django_tasks_db.backend.DatabaseBackend and runs `manage.py db_worker`.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

WAGTAIL_SITE_NAME = "Vie des quartiers"
WAGTAILADMIN_BASE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "txt", "xlsx"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"

# Booking domain
SITE_URL = WAGTAILADMIN_BASE_URL
BOOKINGS_HORIZON_DAYS = int(os.environ.get("BOOKINGS_HORIZON_DAYS", "120"))
# iCal feeds cover this many weeks ahead; ?semaines=N asks for up to the maximum.
BOOKINGS_FEED_WEEKS = int(os.environ.get("BOOKINGS_FEED_WEEKS", "8"))
BOOKINGS_FEED_MAX_WEEKS = int(os.environ.get("BOOKINGS_FEED_MAX_WEEKS", "52"))
BOOKINGS_SCHOOL_HOLIDAY_ZONE = os.environ.get("BOOKINGS_SCHOOL_HOLIDAY_ZONE", "B")
BOOKINGS_RATE_LIMIT = int(os.environ.get("BOOKINGS_RATE_LIMIT", "10"))
BOOKINGS_RATE_LIMIT_WINDOW = int(os.environ.get("BOOKINGS_RATE_LIMIT_WINDOW", "600"))
# Short links that find nothing: per client and window, and for the whole
# site per hour (the arithmetic is in bookings/models.py, SHORT_KEY_LENGTH).
BOOKINGS_SHORT_LINK_MISSES = int(os.environ.get("BOOKINGS_SHORT_LINK_MISSES", "30"))
BOOKINGS_SHORT_LINK_WINDOW = 600
BOOKINGS_SHORT_LINK_SITE_MISSES = int(
    os.environ.get("BOOKINGS_SHORT_LINK_SITE_MISSES", "1000")
)
# Seconds a booking waits for a session's row lock on PostgreSQL before the
# resident gets a « réessayez » page (503) instead of a hung worker.
BOOKINGS_LOCK_TIMEOUT = float(os.environ.get("BOOKINGS_LOCK_TIMEOUT", "5"))

# Client addresses behind the reverse proxy (bookings.ratelimit.client_address):
# X-Forwarded-For is believed only from these addresses or networks
# ("127.0.0.1,10.0.0.0/8"); empty, the peer's own address counts. Online
# bookings: BOOKINGS_RATE_LIMIT made per client and window, and at most
# BOOKINGS_RATE_ATTEMPTS tries of any outcome. IPv6 clients count per /64.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
BOOKINGS_RATE_ATTEMPTS = int(os.environ.get("BOOKINGS_RATE_ATTEMPTS", "30"))
# A booking retried from the same browser within this many seconds (its
# answer was lost to a fault) shows the booking made instead of "already booked".
BOOKINGS_RETRY_WINDOW = int(os.environ.get("BOOKINGS_RETRY_WINDOW", "1800"))
# Seconds before each new try of an e-mail that could not be sent; after the
# last, the resident goes on the « À appeler » list.
BOOKINGS_EMAIL_RETRY_DELAYS = [
    int(delay) for delay in env_list("BOOKINGS_EMAIL_RETRY_DELAYS", "60,300,1800")
]

# Phone numbers (django-phonenumber-field, bookings.phones): read as French
# unless written with a country code, stored in E.164.
PHONENUMBER_DEFAULT_REGION = os.environ.get("PHONENUMBER_DEFAULT_REGION", "FR")
PHONENUMBER_DB_FORMAT = "E164"
PHONENUMBER_DEFAULT_FORMAT = "E164"

# Yearly report, reminders and residents' personal data (RGPD)
# How long bookings keep names, phones, e-mails and notes after their session;
# the privacy page and the booking form say so. manage.py check refuses 0 or less.
BOOKINGS_RETENTION_MONTHS = int(os.environ.get("BOOKINGS_RETENTION_MONTHS", "12"))
# Key of the households' hashes (the report's "households reached"); empty: the
# SECRET_KEY. Changing it splits every household in two: set it once, keep it.
BOOKINGS_HOUSEHOLD_SECRET = os.environ.get("BOOKINGS_HOUSEHOLD_SECRET", "")

# Shared resources: the page types a partner (« Partenaires » group) may create
# in its section of the site.
BOOKINGS_PARTNER_PAGE_TYPES = ["activities.SportEventPage"]

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "SAMEORIGIN"

# Content-Security-Policy (django-csp), in every environment so that the
# browser tests run under it: scripts, styles, fonts and images from this site
# only; no inline script or style, no plugin, no framing by other sites.
# The admin also allows inline scripts and styles, which it needs
# (site_quartiers/csp.py). tests/browser fail on any violation.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
CSP_ADMIN_PREFIXES = ["/admin/", "/django-admin/"]
CSP_ADMIN_UPDATE = {
    "script-src": [UNSAFE_INLINE],
    "style-src": [UNSAFE_INLINE],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
# The admin asks nothing of other sites: no update check, no Gravatar.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Page cache of anonymous pages (home/pagecache.py): longest lifetime of an
# entry, in seconds; 0 turns it off. Entries are purged on every change.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "600"))
# Whether parts of pages are kept per generation ({% fragment %}); off, every
# part of every page is rendered on every request.
FRAGMENT_CACHE = env_bool("FRAGMENT_CACHE", True)
# Paths the page cache never answers (the admin, files).
PAGE_CACHE_SKIPPED_PREFIXES = ["/admin/", "/django-admin/", "/static/", "/media/"]

# Bad input and logs ---------------------------------------------------------
# Request sizes, set on purpose. A booking or form-builder POST is a few KB;
# 1 MB leaves room for the admin's largest forms (page editor with many
# blocks) and refuses bigger bodies with the French 400 page. Uploads
# (images, documents) are files, counted apart.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(
    os.environ.get("DATA_UPLOAD_MAX_MEMORY_SIZE", 1_048_576)
)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000  # the page editor posts thousands of fields
DATA_UPLOAD_MAX_NUMBER_FILES = 20
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # larger files go to a temporary file
# Any request body, files included: nginx's client_max_body_size (6m) is the
# same, so an image of the library is at most a little under 6 MB.
MAX_REQUEST_BODY_SIZE = int(os.environ.get("MAX_REQUEST_BODY_SIZE", 6 * 1024 * 1024))
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024

# Error reports hide every POST value and residents' details.
DEFAULT_EXCEPTION_REPORTER_FILTER = "site_quartiers.logs.PersonalDataReporterFilter"

# Error e-mails: every ERROR line (a 500's traceback, an e-mail or SMS that
# could not be sent) is also mailed to ADMINS ("Nom <adresse>, autre@..."),
# masked like the logs and without Django's report (site_quartiers/logs.py).
ADMINS = [parseaddr(address) for address in env_list("ADMINS")]
SERVER_EMAIL = os.environ.get("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
EMAIL_SUBJECT_PREFIX = "[Vie des quartiers] "

# Every log line goes to stderr (the service manager keeps it) through a
# filter that masks booking tokens and codes, e-mail addresses and phone
# numbers, in messages and in tracebacks. A 500's traceback is logged there by
# django.request, and mailed to ADMINS when set.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "site_quartiers.logs.MaskPersonalData"}},
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"},
        "json": {"()": "site_quartiers.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": os.environ.get("LOG_STREAM", "ext://sys.stderr"),
            "filters": ["mask_personal_data"],
            "formatter": os.environ.get("LOG_FORMAT", "plain"),
        },
        "mail_admins": {
            "class": "site_quartiers.logs.MaskedAdminEmailHandler",
            "level": "ERROR",
            "filters": ["mask_personal_data"],
            "formatter": "plain",
        },
    },
    "root": {
        "handlers": ["console", "mail_admins"],
        "level": os.environ.get("LOG_LEVEL", "INFO"),
    },
    "loggers": {
        # Django's defaults (console only with DEBUG, e-mails to ADMINS) are
        # replaced: everything goes up to the root handler above.
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "INFO", "propagate": True},
    },
}
