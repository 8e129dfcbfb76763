"""iCalendar feeds: the whole site, an activity or outing, a local."""

from datetime import UTC, time, timedelta

import icalendar
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bookings import services
from bookings.models import Occurrence
from tests import factories
from tests.assertions import count_queries

from .conftest import one_date_session, weekly_sessions
from .domain import PARIS

pytestmark = pytest.mark.django_db

SITE_FEED = "/agenda.ics"


def events(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}, calendar


def uid(session):
    return f"seance-{session.pk}@testserver"


def test_site_url_is_the_one_given_to_the_footer():
    assert reverse("bookings:site_calendar") == SITE_FEED


def test_site_feed_has_coming_sessions_of_published_pages(site, outing):
    activity = site["activity"]
    kept = one_date_session(activity, days_ahead=3)
    cancelled = one_date_session(activity, days_ahead=4)
    services.cancel_session(cancelled, reason="Animatrice malade")
    past = one_date_session(activity, days_ahead=5)
    Occurrence.objects.filter(pk=past.pk).update(
        starts_at=timezone.now() - timedelta(days=1),
        ends_at=timezone.now() - timedelta(days=1, hours=-2),
    )
    hidden_page = factories.activity_page(site["index"], title="Brouillon")
    hidden = one_date_session(hidden_page)
    hidden_page.unpublish()
    outing_session = Occurrence.objects.get(page=outing)

    found, calendar = events(Client().get(SITE_FEED))

    assert set(found) == {uid(kept), uid(cancelled), uid(outing_session)}
    assert str(calendar["x-wr-calname"]) == "Vie des quartiers"
    assert str(found[uid(kept)]["status"]) == "CONFIRMED"
    assert str(found[uid(kept)]["summary"]) == "Atelier d'écriture"
    assert str(found[uid(kept)]["url"]) == activity.full_url
    assert str(found[uid(cancelled)]["status"]) == "CANCELLED"
    assert "Animatrice malade" in str(found[uid(cancelled)]["description"])
    assert found[uid(outing_session)].decoded("dtstart") == outing_session.starts_at
    assert uid(hidden) not in found


def test_weekly_18h_stays_18h_in_paris_across_daylight_saving(activity):
    sessions = weekly_sessions(activity, start_time=time(18, 0), horizon_days=300)
    found, _ = events(Client().get(SITE_FEED + "?semaines=52"))
    utc_hours = set()
    for session in sessions:
        start = found[uid(session)].decoded("dtstart")
        assert start.tzinfo is not None
        assert start.astimezone(PARIS).hour == 18
        utc = start.astimezone(UTC)
        winter = start.astimezone(PARIS).utcoffset() == timedelta(hours=1)
        assert (utc.hour, utc.minute) == ((17, 0) if winter else (16, 0))
        utc_hours.add(utc.hour)
    assert utc_hours == {16, 17}  # the horizon crosses the change to summer time
    raw = Client().get(SITE_FEED + "?semaines=52").content.decode()
    assert "DTSTART:" in raw and "T170000Z" in raw and "T160000Z" in raw


def test_activity_and_outing_feeds_have_their_own_sessions(site, outing):
    activity = site["activity"]
    mine = one_date_session(activity)
    other_page = factories.activity_page(site["index"], title="Couture")
    other = one_date_session(other_page)

    found, calendar = events(Client().get(activity.url + "ical/"))
    assert set(found) == {uid(mine)}
    assert str(calendar["x-wr-calname"]) == "Atelier d'écriture"

    found, _ = events(Client().get(outing.url + "ical/"))
    assert set(found) == {uid(Occurrence.objects.get(page=outing))}
    assert uid(other) not in found


def test_local_feed_has_the_sessions_of_the_pages_below_it(site, outing):
    mine = one_date_session(site["activity"])
    elsewhere = factories.local_page(site["home"], title="Local du Bourg")
    their_page = factories.activity_page(factories.activity_index(elsewhere))
    theirs = one_date_session(their_page)

    found, _ = events(Client().get(site["local"].url + "ical/"))
    assert set(found) == {uid(mine), uid(Occurrence.objects.get(page=outing))}
    assert uid(theirs) not in found


def test_feeds_are_linked_from_the_pages(site):
    one_date_session(site["activity"])
    client = Client()
    for page in (site["activity"], site["local"]):
        html = client.get(page.url).content.decode()
        assert f'href="{page.url}ical/"' in html
    assert f'href="{SITE_FEED}"' in client.get(site["home"].url).content.decode()


def test_feed_runs_no_query_per_session(site):
    few = factories.activity_page(site["index"], title="Peu")
    weekly_sessions(few, horizon_days=20)
    many = factories.activity_page(site["index"], title="Beaucoup")
    weekly_sessions(many, horizon_days=200)
    client = Client()
    assert count_queries(client, many.url + "ical/") == count_queries(
        client, few.url + "ical/"
    )
    site_feed = count_queries(client, SITE_FEED)
    Occurrence.objects.filter(page=many).delete()
    assert count_queries(client, SITE_FEED) == site_feed


def test_feeds_cover_a_window_of_weeks_and_more_on_request(site, settings):
    settings.BOOKINGS_FEED_WEEKS = 4
    activity = site["activity"]
    sessions = weekly_sessions(activity, horizon_days=120)
    now = timezone.now()
    within = {uid(s) for s in sessions if s.starts_at < now + timedelta(weeks=4)}
    within_ten = {uid(s) for s in sessions if s.starts_at < now + timedelta(weeks=10)}
    assert 3 <= len(within) < len(within_ten) < len(sessions)
    for url in (SITE_FEED, activity.url + "ical/", site["local"].url + "ical/"):
        found, _ = events(Client().get(url))
        assert set(found) == within, url
        found, _ = events(Client().get(url + "?semaines=10"))
        assert set(found) == within_ten, url


@pytest.mark.parametrize("value", ["0", "53", "-1", "deux", "4.5", ""])
def test_a_bad_number_of_weeks_is_refused_in_french(site, value):
    for url in (SITE_FEED, site["activity"].url + "ical/"):
        response = Client().get(url, {"semaines": value})
        assert response.status_code == 400
        assert response.content.decode() == (
            "Le paramètre «\u00a0semaines\u00a0» doit être un nombre entier de 1 à 52."
        )
