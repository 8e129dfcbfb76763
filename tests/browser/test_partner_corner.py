"""The youth centre's worker publishes a sport event from its corner of the
admin, sees it on the space's public schedule, is refused a second event on
the same slot with the collision shown, and cannot open the local's bookings.
The public schedule passes axe on a phone and on a desktop."""

import os
from datetime import time, timedelta

import pytest
from django.utils import timezone

from activities.models import SportEventPage
from bookings import services
from bookings.calendar import session_start
from bookings.models import Occurrence, Reservation
from tests import factories
from tests.bookings.partner_fixtures import *  # noqa: F403
from tests.bookings.partner_fixtures import PASSWORD

from .axe import assert_no_axe_violations

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def quiet_admin(settings):
    settings.WAGTAIL_ENABLE_UPDATE_CHECK = False
    settings.WAGTAIL_GRAVATAR_PROVIDER_URL = None


def log_in(tab, live_server, username):
    tab.goto(f"{live_server.url}/admin/login/")
    tab.fill("#id_username", username)
    tab.fill("#id_password", PASSWORD)
    tab.click("button[type=submit]")
    tab.wait_for_url(f"{live_server.url}/admin/")


def publish_event(tab, live_server, shared, title, day, start, end, bookings=False):
    tab.goto(
        f"{live_server.url}/admin/pages/add/activities/sporteventpage/"
        f"{shared.section.pk}/"
    )
    tab.fill("#id_title", title)
    tab.fill("#id_summary", "Ouvert à tous les jeunes du quartier.")
    tab.fill("#id_date", day.strftime("%d/%m/%Y"))
    tab.fill("#id_start_time", start)
    tab.fill("#id_end_time", end)
    tab.locator("#id_title").click()  # closes the date and time pickers
    tab.select_option("#id_resource", label=shared.space.name)
    tab.select_option("#id_organisation", label=shared.mdj.name)
    if bookings:
        tab.check("#id_takes_bookings")
    tab.locator("footer .w-dropdown__toggle").last.click()
    tab.locator("button[name=action-publish]").click()
    tab.locator(".messages").wait_for()
    return tab.locator(".messages").inner_text()


def test_the_partner_publishes_an_event_and_is_refused_a_colliding_one(
    live_server, page, shared
):
    day = timezone.localdate() + timedelta(
        days=(5 - timezone.localdate().weekday()) % 7 + 7
    )
    log_in(page, live_server, "mdj")

    message = publish_event(
        page,
        live_server,
        shared,
        "Tournoi de futsal",
        day,
        "14:00",
        "17:00",
        bookings=True,
    )
    assert "publiée" in message
    event = SportEventPage.objects.get(title="Tournoi de futsal")
    assert event.live
    assert Reservation.objects.active().filter(page=event).count() == 1

    # Open to residents' bookings: one is made; the partner sees it.
    session = Occurrence.objects.get(page=event)
    services.book(session, name="Léo Sportif", email="leo@example.org")
    page.goto(f"{live_server.url}/admin/reservations/")
    assert page.get_by_role("link", name="Léo Sportif").count() == 1

    page.goto(
        f"{live_server.url}/planning/{shared.space.slug}/?semaine={day.isoformat()}"
    )
    link = page.get_by_role("link", name="Tournoi de futsal")
    assert link.count() == 1
    link.click()
    page.wait_for_url(f"**{event.url}")

    message = publish_event(
        page, live_server, shared, "Match de basket", day, "16:30", "18:00"
    )
    assert "Publication refusée" in message
    assert "Maison des jeunes" in message and "14:00–17:00" in message
    assert not SportEventPage.objects.get(title="Match de basket").live
    assert Reservation.objects.active().count() == 1

    # The local's bookings are not the partner's business, even by URL.
    workshop = factories.activity_page(shared.workshops, title="Atelier cuisine")
    workshop_session = factories.session(workshop)
    services.book(workshop_session, name="Awa Secrète", email="awa@example.org")
    response = page.goto(f"{live_server.url}/admin/seances/{workshop_session.pk}/")
    assert response.status == 404
    assert page.get_by_text("Awa Secrète").count() == 0
    page.goto(f"{live_server.url}/admin/reservations/?local=tous")
    assert page.get_by_text("Awa Secrète").count() == 0


@pytest.mark.parametrize("width", [360, 1280])
def test_the_public_schedule_is_accessible(live_server, page, shared, width):

    day = timezone.localdate() + timedelta(days=2)
    services.reserve(
        resource=shared.space,
        organisation=shared.mdj,
        starts_at=session_start(day, time(14)),
        ends_at=session_start(day, time(16)),
        title="Football 11-14 ans",
    )
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(
        f"{live_server.url}/planning/{shared.space.slug}/?semaine={day.isoformat()}"
    )
    assert page.get_by_text("Football 11-14 ans").count() == 1
    assert_no_axe_violations(page)
    # Nothing wider than the screen on a phone.
    overflow = page.evaluate(
        "document.documentElement.scrollWidth > document.documentElement.clientWidth"
    )
    assert not overflow
