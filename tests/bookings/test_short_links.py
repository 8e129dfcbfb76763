"""The short manage link: short, no look-alikes, old links kept, guessing limited."""

import re

import pytest
from django.urls import reverse

from bookings.models import BOOKING_CODE_ALPHABET, SHORT_KEY_LENGTH, Booking

from .conftest import one_date_session
from .domain import book

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]


@pytest.fixture
def booking(site):
    return book(one_date_session(site["activity"]), email="awa@example.org")


def test_short_link_is_short_and_free_of_look_alikes(booking):
    path = reverse("bookings:short_link", args=[booking.short_key])
    assert len(path) <= 13  # "/r/" and 10 characters
    assert re.fullmatch(
        f"[{BOOKING_CODE_ALPHABET}]{{{SHORT_KEY_LENGTH}}}", booking.short_key
    )
    assert not set(booking.short_key) & set("0O1IL5S2Z8BUV")


def test_short_link_opens_the_booking_even_typed_in_lower_case(client, booking):
    for key in (booking.short_key, booking.short_key.lower()):
        response = client.get(f"/r/{key}", follow=True)
        assert response.status_code == 200
        assert booking.code in response.content.decode()


def test_the_long_link_keeps_working(client, booking):
    response = client.get(reverse("bookings:manage", args=[booking.token]))
    assert response.status_code == 200
    assert booking.code in response.content.decode()


def test_guessing_is_refused_after_thirty_misses_and_the_long_link_still_works(
    client, booking, settings
):
    wrong = "A" * SHORT_KEY_LENGTH
    assert wrong != booking.short_key
    answers = [client.get(f"/r/{wrong}").status_code for _ in range(30)]
    assert answers == [404] * 30
    refused = client.get(f"/r/{booking.short_key}")
    assert refused.status_code == 429
    assert "liens courts sont suspendus" in refused.content.decode()
    assert (
        client.get(reverse("bookings:manage", args=[booking.token])).status_code == 200
    )


def test_a_resident_opening_her_own_link_is_never_counted(client, booking):
    for _ in range(40):
        assert client.get(f"/r/{booking.short_key}").status_code == 302


def test_every_booking_gets_its_own_key(site):
    session = one_date_session(site["activity"], places=50)
    keys = {
        book(session, email=f"habitant{n}@example.org").short_key for n in range(20)
    }
    assert len(keys) == 20
    assert Booking.objects.filter(short_key__in=keys).count() == 20
