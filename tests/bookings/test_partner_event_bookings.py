"""A sport event open to residents' bookings, and who sees those bookings.

The maison des jeunes publishes an event « ouvert aux réservations des
habitants »: a resident books it with the usual journey (page, form,
confirmation e-mail); the event holds one slot on the space, not two; the
partner's worker sees that booking in the admin (session, list, export,
attendance sheet, search by code) and never the bookings of the local's
workshops, whatever URL is typed.
"""

import csv
import io
from html import unescape

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from activities.models import SportEventPage
from bookings import services
from bookings.models import Booking, Occurrence, PendingCall, Reservation
from tests import factories

from .conftest import form_data
from .partner_fixtures import *  # noqa: F403
from .test_reservation_admin import add_event_url, event_form
from .test_reservations import next_weekday

pytestmark = pytest.mark.usefixtures("clear_cache")

RESIDENT = "Léo Sportif"
WORKSHOP_RESIDENT = "Awa Secrète"


def text(response):
    if response.streaming:
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    return unescape(body.decode("utf-8", errors="replace"))


def refused(response):
    """403, 404, or Wagtail's answer to a refused GET: back to the dashboard."""
    return response.status_code in (403, 404) or (
        response.status_code == 302 and response["Location"] == "/admin/"
    )


def publish_open_event(client, shared, **extra):
    day = next_weekday(5)
    data = event_form(shared, day, takes_bookings="on", places="12", **extra)
    response = client.post(add_event_url(shared), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return SportEventPage.objects.get(title="Tournoi de foot")


def book_online(session, name=RESIDENT, email="leo@example.org", **overrides):
    client = Client()
    response = client.post(
        reverse("bookings:book", args=[session.pk]),
        form_data(name=name, email=email, **overrides),
    )
    assert response.status_code == 303, text(response)[:3000]
    return Booking.objects.get(name=name)


@pytest.fixture
def workshop_booking(shared):
    """A booking of the local's workshop, and the call the staff owe her."""
    workshop = factories.activity_page(shared.workshops, title="Atelier cuisine")
    session = factories.session(workshop, places=1)
    booking = services.book(
        session,
        name=WORKSHOP_RESIDENT,
        phone="06 55 44 33 21",
        email="awa.secrete@example.org",
        channel="staff",
    )
    PendingCall.objects.create(booking=booking, reason="promoted")
    return booking


@pytest.fixture
def event_booking(partner_client, shared, django_capture_on_commit_callbacks):
    event = publish_open_event(partner_client, shared)
    session = Occurrence.objects.get(page=event)
    with django_capture_on_commit_callbacks(execute=True):
        booking = book_online(session, phone="06 98 76 54 32", email="leo@example.org")
    PendingCall.objects.create(booking=booking, reason="promoted")
    return booking


def test_a_resident_books_a_partners_event_with_the_usual_journey(
    partner_client, shared, django_capture_on_commit_callbacks
):
    event = publish_open_event(partner_client, shared)
    assert event.live

    # One slot on the space, held by the event: its session holds none.
    (held,) = Reservation.objects.active()
    assert (held.page_id, held.occurrence_id) == (event.pk, None)
    assert held.organisation == shared.mdj
    session = Occurrence.objects.get(page=event)
    assert (session.starts_at, session.ends_at) == (event.starts_at, event.ends_at)
    assert (session.places, session.organisation) == (12, shared.mdj)

    page = Client().get(event.url)
    assert page.status_code == 200
    assert reverse("bookings:book", args=[session.pk]) in text(page)
    assert "12 places" in text(page)

    with django_capture_on_commit_callbacks(execute=True):
        booking = book_online(session)
    assert booking.is_confirmed
    (message,) = mail.outbox
    assert message.to == ["leo@example.org"]
    assert message.subject == "Réservation confirmée – Tournoi de foot"
    assert booking.code in message.body

    # Published again (an edit), it still holds exactly one slot, one session.
    event.save_revision().publish()
    assert Reservation.objects.active().count() == 1
    assert Occurrence.objects.filter(page=event).count() == 1


def test_an_event_closed_to_bookings_has_no_session(partner_client, shared):
    day = next_weekday(5)
    response = partner_client.post(add_event_url(shared), event_form(shared, day))
    assert response.status_code == 302
    event = SportEventPage.objects.get()
    assert not Occurrence.objects.filter(page=event).exists()
    assert "Réserver" not in text(Client().get(event.url))


def test_closing_bookings_that_residents_took_is_refused(
    partner_client, shared, event_booking
):
    event = SportEventPage.objects.get()
    url = reverse("wagtailadmin_pages:edit", args=[event.pk])
    data = event_form(shared, event.date, places="12")  # takes_bookings unticked
    response = partner_client.post(url, data)
    assert response.status_code == 200
    assert "Des habitants ont réservé" in text(response)
    event.refresh_from_db()
    assert event.takes_bookings
    assert Booking.objects.get(pk=event_booking.pk).is_confirmed


def test_the_partner_sees_the_bookings_of_its_event(
    partner_client, shared, event_booking, workshop_booking
):
    session = event_booking.occurrence
    pages = {
        "list": reverse("bookings_bookings:index"),
        "export": reverse("bookings_bookings:index") + "?export=csv",
        "session": reverse("bookings_sessions:detail", args=[session.pk]),
        "sessions": reverse("bookings_sessions:index"),
        "sheet": reverse("bookings_sessions:sheet", args=[session.pk]),
        "calls": reverse("bookings_calls:index"),
        "find": reverse("bookings_find:index") + f"?q={event_booking.code}",
    }
    for name, url in pages.items():
        response = partner_client.get(url)
        assert response.status_code == 200, name
        shown = text(response)
        expected = "Tournoi de foot" if name == "sessions" else RESIDENT
        assert expected in shown, name
        assert WORKSHOP_RESIDENT not in shown, name
        assert "Atelier cuisine" not in shown, name
    rows = list(csv.reader(io.StringIO(text(partner_client.get(pages["export"])))))
    assert len(rows) == 2  # the heading and Léo

    # The menu shows the lists, not the report nor a person's data.
    menu = text(partner_client.get(reverse("wagtailadmin_home")))
    assert reverse("bookings_bookings:index") in menu
    assert reverse("bookings_report:index") not in menu
    assert reverse("bookings_person:index") not in menu

    # Marking who came is the organiser's job too.
    check_in = reverse(
        "bookings_sessions:check_in", args=[session.pk, event_booking.pk]
    )
    assert partner_client.post(check_in, {"attended": "present"}).status_code == 302
    assert Booking.objects.get(pk=event_booking.pk).attended is True


def test_the_partner_cannot_reach_a_workshops_bookings_by_any_url(
    partner_client, shared, event_booking, workshop_booking
):
    session = workshop_booking.occurrence
    call = PendingCall.objects.get(booking=workshop_booking)
    not_theirs = [
        ("get", reverse("bookings_sessions:detail", args=[session.pk])),
        ("get", reverse("bookings_sessions:sheet", args=[session.pk])),
        ("get", reverse("bookings_sessions:cancel", args=[session.pk])),
        (
            "get",
            reverse(
                "bookings_sessions:cancel_booking",
                args=[session.pk, workshop_booking.pk],
            ),
        ),
        ("post", reverse("bookings_sessions:add_booking", args=[session.pk])),
        ("post", reverse("bookings_sessions:places", args=[session.pk])),
        ("post", reverse("bookings_sessions:restore", args=[session.pk])),
        (
            "post",
            reverse(
                "bookings_sessions:check_in", args=[session.pk, workshop_booking.pk]
            ),
        ),
        ("post", reverse("bookings_calls:done", args=[call.pk])),
        ("get", reverse("bookings_report:index")),
        ("get", reverse("bookings_person:index")),
        ("post", reverse("bookings_person:index")),
    ]
    for method, url in not_theirs:
        response = getattr(partner_client, method)(url, {"places": "30"})
        assert refused(response), (method, url, response.status_code)
        assert WORKSHOP_RESIDENT not in text(response), url
    call.refresh_from_db()
    assert call.done_at is None
    assert Occurrence.objects.get(pk=session.pk).places == 1

    # Filtered lists: nothing of the workshop, even when asked for by id.
    for url in [
        reverse("bookings_bookings:index") + f"?occurrence={session.pk}",
        reverse("bookings_bookings:index")
        + f"?occurrence={session.pk}&export=csv&local=tous",
        reverse("bookings_bookings:index") + f"?q={workshop_booking.code}",
        reverse("bookings_find:index") + f"?q={workshop_booking.code}",
        reverse("bookings_find:index") + "?q=06+55+44+33+21",
        reverse("bookings_calls:index") + "?local=tous",
    ]:
        shown = text(partner_client.get(url))
        assert WORKSHOP_RESIDENT not in shown, url
        # (the search echoes what was typed: the name, e-mail and session
        # are what would tell that the number was found)
        assert "awa.secrete" not in shown, url
        assert "Atelier cuisine" not in shown, url


def test_the_coordination_still_sees_every_booking(
    shared, event_booking, workshop_booking
):
    coordinator = Client()
    coordinator.force_login(shared.coordinator)
    shown = text(coordinator.get(reverse("bookings_bookings:index") + "?local=tous"))
    assert RESIDENT in shown and WORKSHOP_RESIDENT in shown


def test_a_member_of_no_organisation_sees_no_booking(
    client, django_user_model, shared, event_booking
):
    from tests.test_admin_matrix import editors_group

    editor = django_user_model.objects.create_user("benevole-mdj")
    editor.groups.add(editors_group())
    client.force_login(editor)
    for name in ("bookings_bookings:index", "bookings_sessions:index"):
        assert refused(client.get(reverse(name))), name
    url = reverse("bookings_sessions:detail", args=[event_booking.occurrence_id])
    assert refused(client.get(url))
    assert RESIDENT not in text(client.get(url, follow=True))


def test_the_rule_is_one_queryset_method(shared, event_booking, workshop_booking):
    """Staff see all; a member its organisation's sessions; others nothing."""
    worker, coordinator = shared.worker, shared.coordinator
    assert set(Booking.objects.visible_to(worker)) == {event_booking}
    assert set(Booking.objects.visible_to(coordinator)) == {
        event_booking,
        workshop_booking,
    }
    assert set(Occurrence.objects.visible_to(worker)) == {event_booking.occurrence}
    assert {c.booking for c in PendingCall.objects.visible_to(worker)} == {
        event_booking
    }
    from django.contrib.auth.models import AnonymousUser

    assert not Booking.objects.visible_to(AnonymousUser()).exists()


def test_the_partner_shown_is_the_organisation_that_reserves(partner_client, shared):
    """An event names its organisation; the site shows that organisation's
    partner card (``Partner.organisation``) as the organiser."""
    card = factories.partner(
        name="Maison des jeunes de Montreuil-Juigné",
        url="https://mdj.example",
        organisation=shared.mdj,
    )
    event = publish_open_event(partner_client, shared)  # no organiser chosen
    assert event.organiser == card
    html = text(Client().get(event.url))
    assert '<a href="https://mdj.example">Maison des jeunes de Montreuil-Juigné' in html
