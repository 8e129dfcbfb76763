"""No secret and no resident's details in the logs, under gunicorn as in production.

The site is served by a real gunicorn (this checkout's gunicorn.conf.py, its
masking logger) on the test database; a resident books, opens her manage
link, someone tries tokens and searches for a phone number. Then the captured
access and error logs are read: the token, the code, the name, the e-mail and
the phone number are nowhere, the masked paths are there.
"""

import http.cookiejar
import json
import logging
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client

from bookings import services
from bookings.models import Booking
from site_quartiers.logs import PersonalDataReporterFilter, mask
from tests import factories
from tests.bookings.conftest import one_date_session

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "line, secret",
    [
        ("GET /reservation/Ab3dEf9hIjK_lMn0pQrStUvWxYz-12345/ HTTP/1.1", "Ab3dEf9h"),
        ("Not Found: /reservation/'%00<script>/annuler/", "script"),
        ("GET /admin/reservations/trouver/?q=06+12+34+56+78 HTTP/1.1", "06+12"),
        ("GET /admin/reservations/trouver/?q=K7P3QX&page=2 HTTP/1.1", "K7P3QX"),
        ("booking for awa.diallo+test@example.org refused", "awa.diallo"),
        ("call 06 12 34 56 78 back", "06 12 34"),
        ("call +33 6 12 34 56 78 back", "12 34 56"),
        ("code K7P 3QX given at the desk", "K7P 3QX"),
        ("csrf Zx9aB7cD5eF3gH1iJ0kL9mN8oP7qR6s", "Zx9aB7cD5eF3"),
    ],
)
def test_mask_hides_secrets_and_contacts(line, secret):
    assert secret not in mask(line)
    assert "***" in mask(line)


@pytest.mark.parametrize(
    "line",
    [
        "GET /locaux/hauts-de-saint-aubin/activites/atelier-decriture/ HTTP/1.1",
        "GET /recherche/?page=2 HTTP/1.1",
        "booking #42 confirmed on session 7",
    ],
)
def test_mask_keeps_what_a_log_reader_needs(line):
    assert mask(line) == line


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_environment():
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return {"DATABASE_URL": "", "SQLITE_PATH": settings["NAME"]}
    host = settings["HOST"] or "127.0.0.1"
    url = f"postgres://{settings['USER']}@{host}:{settings['PORT'] or 5432}"
    return {"DATABASE_URL": f"{url}/{settings['NAME']}"}


@pytest.fixture
def gunicorn(transactional_db, tmp_path):
    """gunicorn serving the test database; yields its base URL and a reader
    of everything it logged."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "site_quartiers.settings.test",
        "BOOKINGS_RATE_LIMIT": "1000",
        **database_environment(),
    }
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "site_quartiers.wsgi"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/agenda.ics", timeout=60)
                break
            except OSError:  # not listening yet
                time.sleep(0.1)
        yield base, log.read_text
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_gunicorn_logs_hold_no_token_code_or_contact(gunicorn):
    base, read_log = gunicorn
    home = factories.home_page()
    index = factories.activity_index(factories.local_page(home))
    session = one_date_session(factories.activity_page(index), places=10)

    browser = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
    )
    book_url = f"{base}/reserver/{session.pk}/"
    page = browser.open(book_url).read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    resident = {
        "name": "Awa Diallo",
        "phone": "06 12 34 56 78",
        "email": "awa.diallo@example.org",
        "adults": "1",
        "children": "0",
        "consent": "on",
    }
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, **resident})
    browser.open(urllib.request.Request(book_url, form.encode(), method="POST"))
    booking = Booking.objects.get()
    browser.open(f"{base}/reservation/{booking.token}/")
    for path in (
        f"/reservation/{booking.token}x/",
        f"/reservation/{booking.token}%00/",
        f"/recherche/?q={urllib.parse.quote(resident['phone'])}",
        f"/recherche/?q={booking.code}",
        f"/recherche/?q={urllib.parse.quote(resident['email'])}",
    ):
        try:
            browser.open(base + path)
        except urllib.error.HTTPError as refused:
            assert refused.code in {400, 404}
    # A refused form: its values must not reach the log either.
    bad = {**resident, "name": "Awa\x1bDiallo", "csrfmiddlewaretoken": csrf}
    with pytest.raises(urllib.error.HTTPError):
        browser.open(
            urllib.request.Request(
                book_url, urllib.parse.urlencode(bad).encode(), method="POST"
            )
        )

    time.sleep(0.5)  # let the worker flush its last lines
    logged = read_log()
    assert "/reservation/***/" in logged  # the access log has the visits
    assert "Not Found: /reservation/***/" in logged  # and Django's warnings
    for secret in (
        booking.token,
        booking.token[:12],
        booking.code,
        "Diallo",
        "awa.diallo",
        "0612345678",
        "06 12 34 56 78",
        "06%2012",
    ):
        assert secret not in logged, (secret, logged)


def test_error_reports_hide_every_posted_value_and_the_token(rf):
    token = "Ab3dEf9hIjK_lMn0pQrStUvWxYz-12345"
    request = rf.post(
        f"/reservation/{token}/annuler/?q=0612345678",
        {"name": "Awa Diallo", "email": "awa@example.org"},
    )
    reporter = PersonalDataReporterFilter()
    posted = reporter.get_post_parameters(request)
    assert set(posted) == {"name", "email"}
    assert set(posted.values()) == {reporter.cleansed_substitute}
    meta = reporter.get_safe_request_meta(request)
    assert token not in meta["PATH_INFO"]
    assert "0612345678" not in meta["QUERY_STRING"]


@pytest.mark.django_db
def test_an_error_is_mailed_to_admins_without_the_residents_details(settings):
    """A 500: the e-mail carries the masked traceback, none of Django's report
    (request, local variables), so no name, token, code, e-mail or phone."""
    settings.ADMINS = [("Service informatique", "dsi@ville.example")]
    home = factories.home_page()
    activity = factories.activity_page(
        factories.activity_index(factories.local_page(home))
    )
    booking = services.book(
        one_date_session(activity),
        name="Awa Diallo",
        email="awa@example.org",
        phone="06 12 34 56 78",
    )

    def broken(booking):
        contact = booking.name  # a local variable: Django's report would show it
        assert contact
        raise RuntimeError(f"no page for {booking.email} ({booking.phone})")

    client = Client(raise_request_exception=False)
    with mock.patch("bookings.views._manage_context", broken):
        response = client.get(f"/reservation/{booking.token}/")
    assert response.status_code == 500

    (email,) = mail.outbox
    assert email.to == ["dsi@ville.example"]
    assert email.subject.startswith("[Vie des quartiers] ERROR django.request")
    assert "RuntimeError" in email.body and "Traceback" in email.body
    for secret in (
        "Awa",
        "awa@example.org",
        "06 12 34 56 78",
        "+33612345678",
        booking.token,
        booking.code,
    ):
        assert secret not in email.subject + email.body, secret


@pytest.mark.django_db
def test_no_error_mail_without_admins(settings):
    settings.ADMINS = []
    logging.getLogger("bookings").error("an e-mail could not be sent")
    assert mail.outbox == []


def test_production_logs_are_json_lines_on_stdout_without_contacts(tmp_path):
    # What a log collector reads: one JSON object per line, masked.
    script = (
        "import logging\n"
        "logging.getLogger('bookings').warning("
        "'Réservation de awa@example.org au 06 12 34 56 78')\n"
        "try:\n"
        "    1 / 0\n"
        "except ZeroDivisionError:\n"
        "    logging.getLogger('django.request').error("
        "'Erreur sur /reservation/AbCdEf1234567890XyZ12/', exc_info=True, "
        "extra={'status_code': 500})\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "site_quartiers.settings.production",
        "SECRET_KEY": "logs-test-" + "x" * 50,
        "ALLOWED_HOSTS": "localhost",
        "SITE_URL": "https://quartiers.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    # (The shell says how many models it imported, in plain words.)
    lines = [
        json.loads(line) for line in result.stdout.splitlines() if line.startswith("{")
    ]
    warning, error = lines[-2:]
    assert warning["level"] == "WARNING" and warning["logger"] == "bookings"
    assert warning["message"] == "Réservation de *** au ***"
    assert error["status"] == 500 and "/reservation/***/" in error["message"]
    assert "ZeroDivisionError" in error["traceback"]
    for line in lines:
        assert "awa@example.org" not in str(line) and "AbCdEf1234" not in str(line)
