"""The coordinator's day on the admin dashboard: today's and tomorrow's sessions
at each local, the calls to make, the coming week's sessions to watch."""

from datetime import datetime, time, timedelta
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail import hooks

from bookings import services
from bookings.dashboard import HOOK, DashboardPanel
from bookings.models import Booking, PendingCall
from tests import factories

from .admin_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

DASHBOARD = "/admin/"


def at(days_ahead, hour):
    day = timezone.localdate() + timedelta(days=days_ahead)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def staff_book(session, name, adults=1):
    return services.book(
        session,
        name=name,
        email=f"{name.split()[0].lower()}@example.org",
        adults=adults,
        channel=Booking.Channel.STAFF,
    )


@pytest.fixture
def two_locals():
    """The same workshop at two locals, as the demo has it."""
    home = factories.home_page()
    pages = {}
    for local_title in ("Local des Hauts de Saint-Aubin", "Local du Bourg"):
        local = factories.local_page(home, title=local_title)
        index = factories.activity_index(local)
        pages[local_title] = factories.activity_page(index, title="Atelier couture")
    return pages


def dashboard_text(client):
    response = client.get(DASHBOARD)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_today_and_tomorrow_show_each_locals_sessions_with_their_places(
    coordinator_client, two_locals
):
    hauts, bourg = two_locals.values()
    today = factories.session(hauts, starts_at=at(0, 23), places=4)
    staff_book(today, "Awa Diallo", adults=2)
    staff_book(today, "Jean Petit", adults=2)
    staff_book(today, "Lina Morel", adults=3)  # waits
    tomorrow = factories.session(bourg, starts_at=at(1, 10), places=8)
    staff_book(tomorrow, "Paul Henry")
    factories.session(bourg, starts_at=at(2, 10))  # after tomorrow

    html = dashboard_text(coordinator_client)

    assert "Séances d'aujourd'hui et de demain" in html
    soon = html.split('id="vdq-sessions-soon-section"')[1].split(
        'id="vdq-calls-section"'
    )[0]
    today_part, tomorrow_part = soon.split("<h3")[1:3]
    assert "Local des Hauts de Saint-Aubin" in today_part
    assert "Local du Bourg" not in today_part
    assert reverse("bookings_sessions:detail", args=[today.pk]) in today_part
    cells = [cell.strip() for cell in today_part.split("<td")[1:]]
    assert any(cell.startswith(">4\u00a0/\u00a04") for cell in cells), cells
    assert "<strong>3</strong>" in today_part  # three places waiting
    assert "Local du Bourg" in tomorrow_part
    assert "1\u00a0/\u00a08" in tomorrow_part
    assert soon.count("Atelier couture") == 2  # not the session after tomorrow
    # Residents' names are for the session page, not the dashboard.
    assert "Awa Diallo" not in html


def test_the_calls_to_make_are_counted_and_linked(coordinator_client, two_locals):
    hauts = two_locals["Local des Hauts de Saint-Aubin"]
    session = factories.session(hauts, starts_at=at(3, 14))
    for name in ("Awa Diallo", "Jean Petit"):
        booking = staff_book(session, name)
        PendingCall.objects.create(booking=booking, reason="session_cancelled")

    html = dashboard_text(coordinator_client)

    assert "2 personnes à appeler" in html
    assert reverse("bookings_calls:index") in html


def test_the_week_to_watch_lists_full_with_a_waiting_list_and_nearly_empty_ones(
    coordinator_client, two_locals
):
    hauts, bourg = two_locals.values()
    full = factories.session(hauts, starts_at=at(2, 14), places=2)
    staff_book(full, "Awa Diallo", adults=2)
    staff_book(full, "Jean Petit")  # waits
    empty = factories.session(bourg, starts_at=at(3, 14), places=12)
    staff_book(empty, "Paul Henry", adults=3)  # a quarter: nearly empty
    half = factories.session(bourg, starts_at=at(4, 14), places=8)
    staff_book(half, "Lina Morel", adults=4)
    far = factories.session(bourg, starts_at=at(9, 14), places=12)
    drop_in = factories.session(bourg, starts_at=at(3, 9), bookable_online=False)

    html = dashboard_text(coordinator_client)
    watch = html.split('id="vdq-week-to-watch-section"')[1]

    def shown(session):
        return reverse("bookings_sessions:detail", args=[session.pk]) + '"' in watch

    assert shown(full) and shown(empty)
    assert not shown(half)
    assert not shown(far)
    assert not shown(drop_in)


def test_a_volunteer_without_the_booking_permission_sees_none_of_it(
    editor_client, two_locals
):
    hauts = two_locals["Local des Hauts de Saint-Aubin"]
    session = factories.session(hauts, starts_at=at(0, 23))
    booking = staff_book(session, "Awa Diallo")
    PendingCall.objects.create(booking=booking, reason="session_cancelled")

    html = dashboard_text(editor_client)

    assert "vdq-sessions-soon" not in html
    assert "À appeler" not in html
    assert "vdq-week-to-watch" not in html
    assert reverse("bookings_sessions:detail", args=[session.pk]) not in html


class PartnerRequestsPanel(DashboardPanel):
    name = "partner_requests"
    order = 53

    def render_html(self, parent_context=None):
        return '<section id="partner-requests">3 demandes à valider</section>'


def test_another_app_adds_its_panel_through_the_hook(client, coordinator, editor):
    with hooks.register_temporarily(HOOK, PartnerRequestsPanel):
        client.force_login(coordinator)
        assert "3 demandes à valider" in dashboard_text(client)
        client.force_login(editor)
        assert "3 demandes à valider" not in dashboard_text(client)


def dashboard_queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(DASHBOARD).status_code == 200
    return len(queries)


def test_dashboard_queries_do_not_grow_with_the_number_of_sessions(
    coordinator_client, two_locals
):
    pages = list(two_locals.values())

    def add_sessions(count):
        for number in range(count):
            session = factories.session(
                pages[number % 2],
                # From tomorrow: a session earlier today would be past.
                starts_at=at(1 + number % 6, 8 + number % 12),
                places=1 + number % 3,
            )
            if number % 3 == 0:
                staff_book(session, f"Personne {number}", adults=2)

    add_sessions(10)
    dashboard_queries(coordinator_client)  # warm the content type cache
    with_ten = dashboard_queries(coordinator_client)
    add_sessions(490)
    with_five_hundred = dashboard_queries(coordinator_client)

    assert with_ten == with_five_hundred
