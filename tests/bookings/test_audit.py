"""Who did what: every change staff make to a session or a booking is in
Wagtail's log, shown on the session's admin page, without contact details."""

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from bookings import services
from bookings.models import PendingCall

from .domain import book, make_session

pytestmark = pytest.mark.django_db

RESIDENT = {
    "name": "Awa Diallo",
    "phone": "02 41 34 56 78",
    "email": "",
}  # a landline: a call
PRIVATE = ("Awa", "Diallo", "02 41", "0241", "241345678", "@")


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_superuser(
        "coordinatrice", "coord@ex.org", "pw", first_name="Marie", last_name="Coord"
    )


def staff_day(session, staff):
    """A morning at the desk: every kind of change, each by staff."""
    booking = services.book(session, channel="staff", user=staff, **RESIDENT)
    services.check_in(booking, attended=True, user=staff)
    services.set_places(session, 12, user=staff)
    services.cancel_session(session, reason="Local fermé", user=staff)
    call = PendingCall.objects.get(booking=booking)
    services.mark_call_done(call, user=staff)
    services.restore_session(session, user=staff)
    services.cancel(booking, by_staff=True, user=staff)
    return booking


def test_every_staff_change_is_logged_on_the_session(staff):
    session = make_session(places=10)
    booking = staff_day(session, staff)
    entries = ModelLogEntry.objects.for_instance(session).order_by("timestamp", "pk")
    assert [entry.action for entry in entries] == [
        "bookings.booking_made",
        "bookings.check_in",
        "bookings.places_changed",
        "bookings.session_cancelled",
        "bookings.call_done",
        "bookings.session_restored",
        "bookings.booking_cancelled",
    ]
    assert {entry.user for entry in entries} == {staff}
    messages = [str(entry.message) for entry in entries]
    assert messages[0].startswith(f"Réservation {booking.code} prise à l'accueil")
    assert "présente" in messages[1]
    assert "10 → 12" in messages[2]
    assert "Local fermé" in messages[3]
    for entry in entries:
        text = f"{entry.label} {entry.message} {entry.data}"
        assert not any(part in text for part in PRIVATE), text


def test_a_residents_own_booking_logs_nothing():
    session = make_session()
    services.cancel(book(session, "Bernard"))
    assert not ModelLogEntry.objects.for_instance(session).exists()


def test_the_session_page_shows_the_history(client, staff):
    session = make_session(places=10)
    staff_day(session, staff)
    client.force_login(staff)
    response = client.get(reverse("bookings_sessions:detail", args=[session.pk]))
    html = response.content.decode()
    assert "Historique" in html
    assert "Places de la séance : 10 → 12" in html.replace("\xa0", " ")
    assert "Marie Coord" in html
    assert html.count("Séance rétablie.") == 1
