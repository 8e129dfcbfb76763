"""Test settings: fast hashing, local-memory cache and e-mail outbox."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "renditions": RENDITIONS_CACHE,  # noqa: F405
    "fragments": FRAGMENTS_CACHE,  # noqa: F405
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "sms.backends.locmem.SmsBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
ALLOWED_HOSTS = ["*"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = SITE_URL = "http://testserver"
WHITENOISE_USE_FINDERS = True
# Off by default: a test that changes data inside its own transaction sends no
# after-commit purge. tests/home/test_page_cache.py turns it on.
PAGE_CACHE_SECONDS = 0

# A file, not memory, for SQLite: concurrency tests and the live server for
# browser tests open several connections to one database. TEST_DB_SUFFIX lets
# several test runs share one checkout.
_suffix = os.environ.get("TEST_DB_SUFFIX", "")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _test_name = str(BASE_DIR / f".test-db{_suffix}.sqlite3")  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": _test_name}  # noqa: F405
elif _suffix:
    DATABASES["default"]["TEST"] = {"NAME": f"test_vdq{_suffix}"}  # noqa: F405
AXES_ENABLED = False  # tests/faults/test_admin_login.py turns it on
