"""The public schedule of the multi-sports space."""

from datetime import time, timedelta
from html import unescape

import pytest
import recurrence
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.timezone import localtime

from bookings import services
from bookings.models import Schedule
from tests import factories

from .partner_fixtures import *  # noqa: F403
from .test_reservation_admin import at
from .test_reservations import next_weekday


def url(shared, **query):
    base = reverse("bookings:space_schedule", args=[shared.space.slug])
    return base + (
        "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    )


def reserve(shared, day, start, end, title="Basket", organisation=None, **extra):
    return services.reserve(
        resource=shared.space,
        organisation=organisation or shared.mdj,
        starts_at=at(day, start),
        ends_at=at(day, end),
        title=title,
        **extra,
    )


def test_the_week_shows_who_uses_the_space_with_links_and_free_slots(client, shared):
    activity = factories.activity_page(shared.workshops, title="Vélo-école")
    schedule = Schedule.objects.create(
        page=activity,
        recurrences=recurrence.Recurrence(
            rrules=[recurrence.Rule(recurrence.WEEKLY, byday=[recurrence.WE])]
        ),
        starts_on=next_weekday(0),
        start_time=time(10, 0),
        duration_minutes=120,
        resource=shared.space,
        skip_public_holidays=False,
    )
    services.materialise_schedule(schedule, horizon_days=21)
    wednesday = next_weekday(2)
    reserve(shared, wednesday, 14, 16, title="Football 11-14 ans")
    response = client.get(url(shared, semaine=wednesday.isoformat()))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vélo-école" in html and activity.url in html
    assert "Football 11-14 ans" in html and "Maison des jeunes" in html
    # Wednesday 9:00-21:00 less 10-12 and 14-16: three free slots.
    (day,) = [d for d in response.context["days"] if d.day == wednesday]
    free = [
        (localtime(s.starts_at).hour, localtime(s.ends_at).hour)
        for s in day.items
        if s.is_free
    ]
    assert free == [(9, 10), (12, 14), (16, 21)]
    monday = wednesday - timedelta(days=2)
    assert f"semaine={monday - timedelta(days=7)}" in html
    assert f"semaine={monday + timedelta(days=7)}" in html


def test_pending_and_refused_requests_are_not_shown(client, shared):
    shared.space.requires_approval = True
    shared.space.save()
    day = next_weekday(5)
    reserve(shared, day, 14, 16, title="Demande en attente", user=shared.worker)
    html = client.get(url(shared, semaine=day.isoformat())).content.decode()
    assert "Demande en attente" not in html


@pytest.mark.parametrize("week", ["demain", "2026-13-45", "1999-01-04"])
def test_a_bad_week_is_a_400_with_a_french_message(client, shared, week):
    response = client.get(url(shared, semaine=week))
    assert response.status_code == 400
    assert "Cette semaine n'existe pas" in unescape(response.content.decode())


def test_a_resource_without_a_public_schedule_is_not_found(client, shared):
    room = factories.resource("Salle informatique", public_schedule=False)
    response = client.get(reverse("bookings:space_schedule", args=[room.slug]))
    assert response.status_code == 404


def test_the_same_queries_whatever_the_number_of_reservations(client, shared):
    monday = next_weekday(0)
    reserve(shared, monday, 10, 11)
    client.get(url(shared, semaine=monday.isoformat()))  # warm the site caches
    with CaptureQueriesContext(connection) as few:
        client.get(url(shared, semaine=monday.isoformat()))
    for offset in range(7):
        day = monday + timedelta(days=offset)
        for hour in (12, 14, 16, 18):
            page = factories.sport_event_page(
                shared.section, title=f"Match {offset}-{hour}"
            )
            reserve(shared, day, hour, hour + 1, title=page.title, page=page)
    client.get(url(shared))  # new pages: the site's chrome is read again, once
    with CaptureQueriesContext(connection) as many:
        response = client.get(url(shared, semaine=monday.isoformat()))
    assert response.content.decode().count("Match ") >= 28
    assert len(many) == len(few)


def test_the_ical_feed_lists_the_coming_slots(client, shared):
    day = next_weekday(4)
    reserve(shared, day, 18, 20, title="Football")
    response = client.get(
        reverse("bookings:space_schedule_ical", args=[shared.space.slug])
    )
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "SUMMARY:Football (Maison des jeunes)" in body
    assert "STATUS:CONFIRMED" in body
