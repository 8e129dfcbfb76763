"""Redis stopped or hanging: the site serves uncached, bookings go on."""

import logging
import signal
import time

import pytest
import redis
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from bookings import services
from bookings.models import Booking
from site_quartiers.settings.base import FRAGMENTS_CACHE, RENDITIONS_CACHE
from tests import factories
from tests.bookings.conftest import form_data, one_date_session

pytestmark = pytest.mark.django_db


def redis_cache(url, pause=5.0):
    return {
        "default": {
            "BACKEND": "site_quartiers.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"PAUSE_AFTER_FAILURE": pause},
        },
        "renditions": RENDITIONS_CACHE,
        "fragments": FRAGMENTS_CACHE,
    }


def book(client, session, email):
    return client.post(
        reverse("bookings:book", args=[session.pk]), form_data(email=email)
    )


def test_redis_stopped_then_back(client, site, settings, redis_server, caplog):
    settings.CACHES = redis_cache(redis_server.url, pause=0)
    session = one_date_session(site["activity"], places=10)
    direct = redis.Redis.from_url(redis_server.url)

    assert book(client, session, "awa@example.org").status_code == 303
    assert direct.keys("*attempts*"), "the rate limit counts in Redis"

    redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="site_quartiers.cache"):
        assert client.get(site["home"].url).status_code == 200
        assert client.get(site["activity"].url).status_code == 200
        assert (
            client.get(reverse("bookings:book", args=[session.pk])).status_code == 200
        )
        assert book(client, session, "binta@example.org").status_code == 303
    assert Booking.objects.filter(email="binta@example.org").exists()
    assert "Redis injoignable" in caplog.text

    redis_server.start()  # same port, empty
    assert book(client, session, "chloe@example.org").status_code == 303
    assert direct.keys("*attempts*"), "the site uses Redis again by itself"


def test_the_rate_limit_in_redis_refuses_then_forgets(
    client, site, settings, redis_server
):
    # Counted in one round trip per count (Redis: SET NX then INCR): the
    # limit holds, and the counter lives only for its window.
    settings.CACHES = redis_cache(redis_server.url)
    settings.BOOKINGS_RATE_LIMIT = 2
    settings.BOOKINGS_RATE_LIMIT_WINDOW = 1
    session = one_date_session(site["activity"], places=10)
    direct = redis.Redis.from_url(redis_server.url)

    assert book(client, session, "awa@example.org").status_code == 303
    assert book(client, session, "binta@example.org").status_code == 303
    assert book(client, session, "chloe@example.org").status_code == 429
    (made,) = direct.keys("*bookings:made:*")
    assert int(direct.get(made)) == 2
    assert 0 < direct.pttl(made) <= 1000
    time.sleep(1.1)
    assert book(client, session, "chloe@example.org").status_code == 303


def test_redis_hanging_costs_one_short_timeout(client, site, settings, hanging_server):
    settings.CACHES = redis_cache(f"redis://127.0.0.1:{hanging_server.port}/0")
    session = one_date_session(site["activity"], places=10)

    for number in range(5):
        assert client.get(site["activity"].url).status_code == 200
        response = book(client, session, f"habitant{number}@example.org")
        assert response.status_code == 303

    assert Booking.objects.filter(occurrence=session).count() == 5
    # One connection timed out; the cache then left Redis alone for its pause
    # instead of waiting on every call of every request.
    assert len(hanging_server.connections) == 1
    assert cache.get("anything", "default") == "default"


@pytest.mark.django_db(transaction=True)
def test_a_purge_lost_while_redis_hangs_leaves_no_stale_page(settings, redis_server):
    """Redis frozen (SIGSTOP) while a booking purges the page: once it answers
    again, with its old entries, the page shows the booking at once."""
    settings.CACHES = redis_cache(redis_server.url, pause=0.2)
    settings.PAGE_CACHE_SECONDS = 600
    tree = factories.site_tree(activities=1, sessions_per_activity=0)
    activity = tree["activities"][0]
    session = factories.session(activity, days_ahead=2, places=1)
    visitor = Client()
    assert visitor.get(activity.url).status_code == 200
    assert visitor.get(activity.url)["X-Page-Cache"] == "hit"

    redis_server.process.send_signal(signal.SIGSTOP)
    try:
        services.book(session, name="Awa Diallo", email="awa@example.org")
    finally:
        redis_server.process.send_signal(signal.SIGCONT)
    time.sleep(0.3)  # the pause after the failure is over

    after = visitor.get(activity.url)
    assert after["X-Page-Cache"] == "miss", "the stale entry is not served"
    assert "Complet" in after.content.decode()
