"""Redis stopped or hanging: the site serves uncached, bookings go on."""

import logging

import pytest
import redis
from django.core.cache import cache
from django.urls import reverse

from bookings.models import Booking
from tests.bookings.conftest import form_data, one_date_session

pytestmark = pytest.mark.django_db


def redis_cache(url, pause=5.0):
    return {
        "default": {
            "BACKEND": "site_quartiers.cache.ResilientRedisCache",
            "LOCATION": url,
            "OPTIONS": {"PAUSE_AFTER_FAILURE": pause},
        }
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
