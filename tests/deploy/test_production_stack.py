"""The site as production runs it: nginx, gunicorn, and the worker that
sends e-mails.

nginx (the repository's proxy snippet), gunicorn (2 workers) and
``manage.py db_worker`` run as child processes on the test database, with the
database task queue, Django's file e-mail backend and a Redis of their own
(tests/deploy/stack_settings.py). ``deploy/smoke.py``, the README's check of
a running stack, goes through nginx: it books a place through the public
form, finds the confirmation e-mail that the worker sent, and cancels.
"""

import os
import re
import subprocess
import sys
import urllib.request
from urllib.error import HTTPError

import pytest

from tests import factories
from tests.bookings.conftest import one_date_session
from tests.faults.servers import (
    ROOT,
    Gunicorn,
    Nginx,
    database_environment,
    nginx_binary,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed"),
]

SETTINGS = "tests.deploy.stack_settings"


@pytest.fixture
def stack(site, settings, tmp_path, redis_server):
    """nginx, gunicorn and the worker on a site with a session and a home
    image; MEDIA_ROOT is where nginx looks for it ($vdq_root/media)."""
    proxy_root = tmp_path / "nginx"
    settings.MEDIA_ROOT = proxy_root / "media"
    home = site["home"]
    home.image = factories.image()
    home.save()
    one_date_session(site["activity"], places=5)
    environment = {
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "EMAIL_FILE_PATH": str(tmp_path / "emails"),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "REDIS_URL": redis_server.url,
    }
    web = Gunicorn(tmp_path / "gunicorn.log", **environment)
    web.start()
    proxy = Nginx(proxy_root, web.port)
    proxy.start()
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2"],
        cwd=ROOT,
        env={**os.environ, **database_environment(), **environment},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    yield {"web": web.port, "proxy": proxy.port, "emails": tmp_path / "emails"}
    worker.terminate()
    worker.wait(30)
    proxy.stop()
    web.stop()


def smoke(port, local_path, emails):
    return subprocess.run(
        [
            sys.executable,
            "deploy/smoke.py",
            f"http://127.0.0.1:{port}",
            "--local",
            local_path,
            "--emails",
            str(emails),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout


def status(port, path):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=30):
            return 200
    except HTTPError as error:
        return error.code


def test_a_booking_through_nginx_is_confirmed_by_the_workers_email(stack, site):
    report = smoke(stack["proxy"], site["local"].url, stack["emails"])
    results = {
        name: result
        for result, name in re.findall(r"^(OK|FAIL) +(.+?) : ", report, re.MULTILINE)
    }
    # Test settings serve unhashed static files through the finders: the
    # static check (hashed names, cached a year) is `make prod`'s (README).
    for check in (
        "accueil",
        "local",
        "agenda.ics",
        "image",
        "connexion admin",
        "réservation",
        "e-mail du worker",
        "annulation",
    ):
        assert results.get(check) == "OK", report

    image = re.search(r"OK +image : (\S+)", report).group(1)
    assert status(stack["web"], image) == 200, "SERVE_MEDIA: gunicorn alone too"


def test_documents_are_served_by_django_never_straight_from_media(stack):
    document = factories.document()
    assert status(stack["proxy"], document.url) == 200
    assert status(stack["proxy"], f"/media/{document.file.name}") == 404
