"""PostgreSQL restarted twice while residents book: nothing lost, no 500.

gunicorn (2 workers) serves the site on a PostgreSQL cluster of the test's
own; four residents book in a loop while the cluster restarts. Every booking
a resident was told about (the confirmation page with its code) is in the
database afterwards, no answer is a 500 (a 503 with Retry-After during the
restart), and the site serves again by itself.
"""

import os
import re
import subprocess
import sys
import threading
import time
from http.cookiejar import CookieJar
from itertools import count
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, build_opener

import psycopg
import pytest
from django.db import connection

from .cluster import Cluster, postgres_bin
from .servers import ROOT, Gunicorn

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(postgres_bin() is None, reason="PostgreSQL is not installed"),
]

CODE = re.compile(r'booking-code__value">\s*([^<\s]+)')


@pytest.fixture
def cluster():
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL pass runs it")
    cluster = Cluster()
    cluster.start()
    yield cluster
    cluster.stop()


def manage(database_url, *arguments):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "site_quartiers.settings.test",
            "DATABASE_URL": database_url,
        },
        check=True,
        capture_output=True,
        text=True,
    ).stdout


class Resident(threading.Thread):
    """Books again and again with new contacts; notes what it was told."""

    emails = count(1)

    def __init__(self, base_url, form_path, stop):
        super().__init__(daemon=True)
        self.base_url, self.form_path, self.stop = base_url, form_path, stop
        self.told = []  # (email, code)
        self.statuses = []

    def run(self):
        while not self.stop.is_set():
            self.book_once()

    def book_once(self):
        opener = build_opener(HTTPCookieProcessor(jar := CookieJar()))
        try:
            form = opener.open(self.base_url + self.form_path, timeout=30)
            token = re.search(
                r'name="csrfmiddlewaretoken" value="([^"]+)"', form.read().decode()
            )
            email = f"habitant{next(self.emails)}@example.org"
            data = {
                "csrfmiddlewaretoken": token.group(1),
                "name": "Awa Diallo",
                "email": email,
                "adults": "1",
                "children": "0",
                "consent": "on",
            }
            answer = opener.open(
                self.base_url + self.form_path, urlencode(data).encode(), timeout=30
            )
            self.statuses.append(answer.status)
            page = answer.read().decode()
            if "/merci/" in answer.url:
                self.told.append((email, CODE.search(page).group(1)))
        except HTTPError as error:
            self.statuses.append(error.code)
            if error.code == 503:
                assert error.headers["Retry-After"]
            time.sleep(0.2)
        except OSError:
            self.statuses.append("connection")
            time.sleep(0.2)
        del jar


def test_bookings_survive_database_restarts(cluster, tmp_path):
    cluster.create_database("vdq")
    url = cluster.url("vdq")
    manage(url, "migrate", "--noinput", "-v0")
    output = manage(
        url,
        "shell",
        "-v0",
        "-c",
        "from tests.faults.servers import build_restart_site; build_restart_site()",
    )
    (form_path,) = re.findall(r"^/reserver/\d+/$", output, re.M)

    server = Gunicorn(
        tmp_path / "gunicorn.log",
        DATABASE_URL=url,
        CONN_MAX_AGE="60",
        BOOKINGS_RATE_LIMIT="100000",
    )
    server.start()
    base_url = f"http://127.0.0.1:{server.port}"
    stop = threading.Event()
    residents = [Resident(base_url, form_path, stop) for _ in range(4)]
    try:
        for resident in residents:
            resident.start()
        server_pids = {cluster.server_pid}
        for _restart in range(2):
            time.sleep(4)
            cluster.restart()
            server_pids.add(cluster.server_pid)
        time.sleep(4)
        stop.set()
        for resident in residents:
            resident.join(60)

        statuses = [status for resident in residents for status in resident.statuses]
        told = dict(pair for resident in residents for pair in resident.told)
        assert len(server_pids) == 3, "the database really restarted twice"
        assert 500 not in statuses
        assert len(told) >= 4, f"bookings went through: {statuses}"

        with psycopg.connect(url.replace("postgres://", "postgresql://")) as db:
            saved = dict(
                db.execute("SELECT email, code FROM bookings_booking").fetchall()
            )
        lost = {email: code for email, code in told.items() if saved.get(email) != code}
        assert lost == {}, "every booking told to a resident is saved"

        page = build_opener().open(base_url + form_path, timeout=30)
        assert page.status == 200, "the site serves again by itself"
    finally:
        stop.set()
        server.stop()
