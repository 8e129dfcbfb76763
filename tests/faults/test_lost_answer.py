"""Saved but not told: the database fails after the booking's commit.

The resident sees a 503 that says to try again; the retry from the same
browser shows the booking made, and only that browser sees it.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import OperationalError
from django.test import Client
from django.urls import reverse

from bookings.models import Booking
from tests.bookings.conftest import form_data, one_date_session

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("clear_cache"),
]


def database_gone(*args, **kwargs):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.fixture
def session(site):
    return one_date_session(site["activity"], places=10)


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


def open_form(client, session):
    response = client.get(reverse("bookings:book", args=[session.pk]))
    assert response.status_code == 200
    return response


def post(client, session, **fields):
    return client.post(
        reverse("bookings:book", args=[session.pk]),
        form_data(email="awa@example.org", **fields),
    )


def post_and_lose_the_answer(client, session):
    """The booking commits (its e-mail queued, its pages purged), then the
    database fails before the answer is made."""
    with mock.patch("bookings.views.remember_bookings", database_gone):
        response = post(client, session)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    page = response.content.decode()
    assert "momentanément indisponible" in page
    assert "rien n'est perdu" in page
    return Booking.objects.get(email="awa@example.org")


def test_a_retry_from_the_same_browser_shows_the_booking_made(browser, session):
    open_form(browser, session)
    booking = post_and_lose_the_answer(browser, session)
    assert len(mail.outbox) == 1

    retry = post(browser, session)
    assert retry.status_code == 303
    confirmation = browser.get(retry["Location"])
    assert booking.code in confirmation.content.decode()
    assert Booking.objects.filter(occurrence=session).count() == 1
    assert len(mail.outbox) == 1, "nothing is sent twice"


def test_another_browser_is_refused_and_sees_nothing(browser, session):
    open_form(browser, session)
    booking = post_and_lose_the_answer(browser, session)

    stranger = Client()
    open_form(stranger, session)
    response = post(stranger, session)
    assert response.status_code == 400
    assert "Vous avez déjà une réservation" in response.content.decode()
    assert booking.code not in response.content.decode()


def test_the_retry_window_closes(browser, session, settings):
    open_form(browser, session)
    booking = post_and_lose_the_answer(browser, session)
    Booking.objects.filter(pk=booking.pk).update(
        created_at=booking.created_at
        - timedelta(seconds=settings.BOOKINGS_RETRY_WINDOW + 1)
    )
    response = post(browser, session)
    assert response.status_code == 400
    assert booking.code not in response.content.decode()


def test_a_forged_browser_key_is_ignored(session):
    forger = Client(raise_request_exception=False)
    forger.cookies["navigateur"] = "x" * 10
    open_form(forger, session)
    assert len(forger.cookies["navigateur"].value) >= 32, "a real key replaces it"
