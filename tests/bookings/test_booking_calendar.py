"""A booking's calendar event follows the booking: one UID, a SEQUENCE that
rises with each change, and a cancellation that removes it from the
resident's calendar (the file downloaded and the one in the e-mail)."""

import icalendar
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from bookings import services
from bookings.notifications import manage_url

from .conftest import one_date_session
from .domain import book

pytestmark = pytest.mark.django_db

ADDRESS = "Local des Hauts de Saint-Aubin, 3 rue des Tilleuls, 49460 Montreuil-Juigné"


def parse(content):
    calendar = icalendar.Calendar.from_ical(content)
    return calendar, calendar.walk("VEVENT")


def downloaded(booking):
    response = Client().get(reverse("bookings:booking_ical", args=[booking.token]))
    assert response.status_code == 200
    return parse(response.content)


def attached(message):
    ((name, content, mimetype),) = [
        item for item in message.attachments if item[2].startswith("text/calendar")
    ]
    return name, mimetype, *parse(content)


def sent(capture, action, *args, **kwargs):
    """Run a service, its e-mails sent after commit; the e-mails it sent."""
    mail.outbox.clear()
    with capture(execute=True):
        action(*args, **kwargs)
    return list(mail.outbox)


def test_the_booking_file_says_where_what_and_how_to_cancel(session, site):
    booking = book(session, "Awa")
    calendar, (event,) = downloaded(booking)
    assert str(calendar["method"]) == "PUBLISH"
    assert str(event["uid"]) == f"reservation-{booking.pk}@testserver"
    assert event["sequence"] == 0
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["location"]) == ADDRESS
    assert str(event["url"]) == site["activity"].full_url
    assert manage_url(booking) in str(event["description"])
    assert booking.code in str(event["description"])
    assert event.decoded("dtstart") == session.starts_at


def test_a_cancelled_booking_file_cancels_the_event(session):
    """The bug: the file of a cancelled booking still said CONFIRMED."""
    booking = book(session, "Awa")
    _, (before,) = downloaded(booking)
    services.cancel(booking)
    calendar, (after,) = downloaded(booking)
    assert str(calendar["method"]) == "CANCEL"
    assert str(after["status"]) == "CANCELLED"
    assert str(after["uid"]) == str(before["uid"])
    assert after["sequence"] > before["sequence"]


def test_each_email_carries_the_event_and_a_cancellation_removes_it(
    session, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    (made,) = sent(capture, book, session, "Awa")
    name, mimetype, calendar, (first,) = attached(made)
    assert (name, str(calendar["method"]), str(first["status"])) == (
        "reservation.ics",
        "PUBLISH",
        "CONFIRMED",
    )
    booking = session.bookings.get()

    (cancelled,) = sent(capture, services.cancel, booking)
    name, mimetype, calendar, (event,) = attached(cancelled)
    assert name == "annulation.ics"
    assert mimetype == "text/calendar; method=CANCEL"
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == str(first["uid"])
    assert event["sequence"] > first["sequence"]


def test_staff_cancelling_sends_the_cancellation_too(
    session, django_capture_on_commit_callbacks
):
    booking = book(session, "Awa")
    (message,) = sent(
        django_capture_on_commit_callbacks, services.cancel, booking, by_staff=True
    )
    _name, _type, calendar, (event,) = attached(message)
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["uid"]) == f"reservation-{booking.pk}@testserver"


def test_a_session_cancelled_then_restored_updates_the_event_each_time(
    session, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    booking = book(session, "Awa")
    (off,) = sent(capture, services.cancel_session, session, reason="Pluie")
    _name, _type, calendar, (cancelled,) = attached(off)
    assert str(calendar["method"]) == "CANCEL"
    assert str(cancelled["status"]) == "CANCELLED"
    assert "Pluie" in str(cancelled["description"])

    (on,) = sent(capture, services.restore_session, session)
    _name, _type, calendar, (restored,) = attached(on)
    assert str(calendar["method"]) == "PUBLISH"
    assert str(restored["status"]) == "CONFIRMED"
    assert restored["sequence"] > cancelled["sequence"] > 0
    assert str(restored["uid"]) == f"reservation-{booking.pk}@testserver"


def test_the_waiting_list_is_tentative_until_a_place_frees(
    activity, django_capture_on_commit_callbacks
):
    session = one_date_session(activity, places=1)
    first = book(session, "Awa")
    waiting = book(session, "Binta")
    _, (event,) = downloaded(waiting)
    assert str(event["status"]) == "TENTATIVE"

    sent(django_capture_on_commit_callbacks, services.cancel, first)
    _, (promoted,) = downloaded(waiting)
    assert str(promoted["status"]) == "CONFIRMED"
    assert promoted["sequence"] > event["sequence"]


def test_feed_events_say_where(session):
    response = Client().get(reverse("bookings:site_calendar"))
    _, events = parse(response.content)
    assert [str(event["location"]) for event in events] == [ADDRESS]
