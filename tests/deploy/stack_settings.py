"""The test settings with the production stack's moving parts, for child
processes (gunicorn, ``manage.py db_worker``) of tests/deploy: the database
task queue, e-mails written to files, images served without nginx, the page
cache in a Redis shared by the processes."""

import os

from site_quartiers.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
SERVE_MEDIA = True
PAGE_CACHE_SECONDS = 600
CACHES = {
    "default": {
        "BACKEND": "site_quartiers.cache.ResilientRedisCache",
        "LOCATION": os.environ["REDIS_URL"],
    },
    "renditions": RENDITIONS_CACHE,  # noqa: F405
    "fragments": FRAGMENTS_CACHE,  # noqa: F405
}
