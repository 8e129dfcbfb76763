"""Two app servers behind the same database and Redis, as a town would scale.

Two gunicorn masters (2 workers each) serve the test database with a Redis of
their own (tests/deploy/stack_settings.py). Residents book one session at
once through both: the places confirmed never exceed the session's, and the
booking limit of one client counts its bookings on either server.
"""

import re
import threading
from http.cookiejar import CookieJar
from urllib.error import HTTPError
from urllib.parse import urlencode
from urllib.request import HTTPCookieProcessor, build_opener

import pytest

from bookings.models import Booking
from tests.bookings.conftest import one_date_session

from .servers import Gunicorn

pytestmark = pytest.mark.django_db(transaction=True)

LIMIT = 6  # bookings made per client and window (BOOKINGS_RATE_LIMIT)


@pytest.fixture
def servers(site, tmp_path, redis_server):
    environment = {
        "DJANGO_SETTINGS_MODULE": "tests.deploy.stack_settings",
        "EMAIL_FILE_PATH": str(tmp_path / "emails"),
        "REDIS_URL": redis_server.url,
        "BOOKINGS_RATE_LIMIT": str(LIMIT),
    }
    started = []
    try:
        for number in range(2):
            server = Gunicorn(tmp_path / f"gunicorn-{number}.log", **environment)
            server.start()
            started.append(server)
        yield [f"http://127.0.0.1:{server.port}" for server in started]
    finally:
        for server in started:
            server.stop()


def book(base_url, path, email):
    """One resident's booking through the public form; the answer's status."""
    opener = build_opener(HTTPCookieProcessor(CookieJar()))
    form = opener.open(base_url + path, timeout=60).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = {
        "csrfmiddlewaretoken": token,
        "name": "Awa Diallo",
        "email": email,
        "adults": "1",
        "children": "0",
        "consent": "on",
    }
    try:
        answer = opener.open(base_url + path, urlencode(data).encode(), timeout=60)
    except HTTPError as error:
        return error.code
    return answer.status if "/merci/" in answer.url else f"no thanks: {answer.url}"


def test_two_servers_never_overbook_and_share_the_booking_limit(servers, site):
    session = one_date_session(site["activity"], places=3)
    path = f"/reserver/{session.pk}/"
    statuses = []

    def resident(number):
        server = servers[number % 2]
        statuses.append(book(server, path, f"habitant{number}@example.org"))

    residents = [threading.Thread(target=resident, args=(n,)) for n in range(LIMIT)]
    for thread in residents:
        thread.start()
    for thread in residents:
        thread.join(120)
    assert statuses == [200] * LIMIT
    bookings = Booking.objects.filter(occurrence=session)
    assert bookings.count() == LIMIT
    confirmed = [b for b in bookings if not b.is_waiting]
    assert sum(b.places for b in confirmed) == 3, "three places, never more"

    # Three bookings were made on each server: one more, on either, is over
    # the limit of six for this client.
    for server in servers:
        assert book(server, path, "encore@example.org") == 429
    assert bookings.count() == LIMIT
