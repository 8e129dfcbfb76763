"""Production: everything from the environment, HTTPS only, compressed static.

The site refuses to start without the three values it cannot guess: the
secret key, the host names it answers to and its public address (used in the
links of e-mails and calendars). ``manage.py check --deploy`` is clean with
the defaults below; each can be loosened from the environment, e.g. for a
trial on http://127.0.0.1 (``SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0``).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool


def required(name):
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"La variable d'environnement {name} est obligatoire en production "
            "(voir la section « Production » du README)."
        )
    return value


DEBUG = False
PRODUCTION = True
SECRET_KEY = required("SECRET_KEY")
ALLOWED_HOSTS = [host.strip() for host in required("ALLOWED_HOSTS").split(",")]
SITE_URL = WAGTAILADMIN_BASE_URL = required("SITE_URL").rstrip("/")

# HTTPS: TLS ends at the reverse proxy, which says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No framing at all; Wagtail's preview panel sets SAMEORIGIN on its own views.
X_FRAME_OPTIONS = "DENY"

# Static files: hashed names and gzip/brotli copies made by collectstatic;
# WhiteNoise serves hashed files with a one-year Cache-Control (immutable).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_MAX_AGE = int(os.environ.get("WHITENOISE_MAX_AGE", "3600"))

# Database connections are kept between requests of a gunicorn worker.
DATABASES["default"]["CONN_MAX_AGE"] = int(  # noqa: F405
    os.environ.get("CONN_MAX_AGE", "60")
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # noqa: F405

# Background work: e-mails and SMS go through the database queue, sent by
# `manage.py db_worker`; the web request never waits for a mail server, and a
# failed send is retried (bookings.notifications).
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks_db.backend.DatabaseBackend"
        )
    }
}
if TASKS["default"]["BACKEND"].endswith("ImmediateBackend"):
    raise ImproperlyConfigured(
        "TASKS_BACKEND : le moteur immédiat envoie les e-mails pendant la "
        "requête ; utilisez django_tasks_db.backend.DatabaseBackend et "
        "`manage.py db_worker`."
    )

# Cache and rate limits shared by every gunicorn worker and app process.
# Redis is an accelerator: stopped or hanging, the site serves uncached
# (site_quartiers/cache.py).
CACHES = {
    "default": {
        "BACKEND": "site_quartiers.cache.ResilientRedisCache",
        "LOCATION": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "vdq"),
        "OPTIONS": {
            "socket_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
            "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT", "0.5")),
        },
    },
    "renditions": RENDITIONS_CACHE,  # noqa: F405
    "fragments": FRAGMENTS_CACHE,  # noqa: F405
}

# Logs: one JSON object per line on standard output, for the host's log
# collector (journald, Docker...); LOG_FORMAT=plain for lines read by eye.
LOGGING["handlers"]["console"]["formatter"] = os.environ.get(  # noqa: F405
    "LOG_FORMAT", "json"
)
LOGGING["handlers"]["console"]["stream"] = os.environ.get(  # noqa: F405
    "LOG_STREAM", "ext://sys.stdout"
)
