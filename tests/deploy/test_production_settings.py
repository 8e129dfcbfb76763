"""site_quartiers.settings.production: what it refuses, what it sends.

Each test starts a fresh Python process with the production settings, as
gunicorn would, so the settings module is really imported from the
environment given.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "SECRET_KEY": "k" * 20 + "-production-test-secret-key-with-entropy-0123456789",
    "ALLOWED_HOSTS": "quartiers.example.org",
    "SITE_URL": "https://quartiers.example.org",
}

HEADERS_SCRIPT = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
client = Client(HTTP_HOST="quartiers.example.org")
secure = client.get("/jsi18n/", secure=True)
plain = client.get("/jsi18n/")
print(json.dumps({
    "secure": dict(secure.headers),
    "plain_status": plain.status_code,
    "plain_location": plain.headers.get("Location"),
    "cookies_secure": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
    "cache": settings.CACHES["default"]["BACKEND"],
    "site_url": settings.SITE_URL,
}))
"""


def run(args, env_overrides, tmp_path):
    # The environment of a server: none of the test run's own variables
    # (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE, which --deploy refuses).
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in PRODUCTION_ENV
        and key != "DATABASE_URL"
        and not key.startswith("DJANGO_")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="site_quartiers.settings.production",
        SQLITE_PATH=str(tmp_path / "db.sqlite3"),
        STATIC_ROOT=str(tmp_path / "static"),
        PYTHONWARNINGS="ignore",
    )
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", sorted(PRODUCTION_ENV))
def test_refuses_to_start_without_a_required_variable(missing, tmp_path):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != missing}
    result = run(["manage.py", "check"], env, tmp_path)
    assert result.returncode != 0
    assert f"La variable d'environnement {missing} est obligatoire" in result.stderr


def test_an_empty_variable_counts_as_missing(tmp_path):
    result = run(
        ["manage.py", "check"], {**PRODUCTION_ENV, "SECRET_KEY": " "}, tmp_path
    )
    assert result.returncode != 0
    assert "SECRET_KEY est obligatoire" in result.stderr


def test_check_deploy_is_clean(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        PRODUCTION_ENV,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_responses_carry_the_security_headers(tmp_path):
    result = run(["-c", HEADERS_SCRIPT], PRODUCTION_ENV, tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout.strip().splitlines()[-1])
    headers = found["secure"]
    assert headers["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload"
    )
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    policy = headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy
    assert "frame-ancestors 'self'" in policy
    # Plain HTTP is sent to HTTPS; cookies only travel over HTTPS.
    assert found["plain_status"] == 301
    assert found["plain_location"] == "https://quartiers.example.org/jsi18n/"
    assert found["cookies_secure"] == [True, True]
    # The cache (and the booking rate limit in it) is shared through Redis.
    assert found["cache"] == "site_quartiers.cache.ResilientRedisCache"
    assert found["site_url"] == "https://quartiers.example.org"
