"""Production: secrets from the environment, secure cookies, compressed static."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = False
PRODUCTION = True
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("SECRET_KEY must be set in production.")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# E-mails (and text messages) never go inside a request in production: a
# worker (`manage.py db_worker`) sends them from the database queue, so a
# hanging mail server holds no web worker and a failed send is retried.
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks_db.backend.DatabaseBackend"
        )
    }
}
if TASKS["default"]["BACKEND"].endswith("ImmediateBackend"):
    raise ImproperlyConfigured(
        "TASKS_BACKEND: the immediate backend sends e-mails inside the request; "
        "use django_tasks_db.backend.DatabaseBackend and run `manage.py db_worker`."
    )
