"""Publishing a page brings its sessions in step with what the editor set."""

from datetime import date, time, timedelta
from io import StringIO

import pytest
import recurrence
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from bookings import services
from bookings.models import Occurrence, Schedule
from tests import factories

pytestmark = pytest.mark.django_db


def publish(page):
    page.save_revision().publish()
    return page


def next_weekday(weekday):
    today = timezone.localdate()
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def test_publishing_an_activity_materialises_its_weekly_sessions():
    page = factories.activity_page()
    page.schedules = [
        Schedule(
            recurrences=recurrence.Recurrence(
                rrules=[recurrence.Rule(recurrence.WEEKLY, byday=[recurrence.TH])]
            ),
            starts_on=timezone.localdate(),
            start_time=time(18, 0),
            places=8,
            skip_public_holidays=False,
        )
    ]
    publish(page)
    sessions = Occurrence.objects.filter(page=page)
    assert sessions.count() >= 10
    starts = [timezone.localtime(s.starts_at) for s in sessions]
    assert {(s.weekday(), s.hour, s.minute) for s in starts} == {(3, 18, 0)}
    page.refresh_from_db()
    assert page.weekdays == "3"
    index = page.get_parent().specific
    assert list(index.get_activities(weekday=3)) == [page]
    assert list(index.get_activities(weekday=1)) == []


def test_publishing_an_outing_keeps_its_one_session_in_step():
    day = next_weekday(5) + timedelta(days=21)
    outing = factories.outing_page(
        date=day,
        departure_time=time(8, 30),
        return_time=time(18, 0),
        registration_deadline=day - timedelta(days=3),
    )
    outing.places, outing.places_held_back = 40, 5
    publish(outing)
    (session,) = Occurrence.objects.filter(page=outing)
    assert timezone.localtime(session.starts_at).time() == time(8, 30)
    assert timezone.localtime(session.ends_at).time() == time(18, 0)
    assert (session.places, session.places_held_back) == (40, 5)
    assert session.adult_required
    # Registration closes at the end of the deadline day.
    closes = timezone.localtime(session.booking_closes_at)
    assert (closes.date(), closes.time()) == (day - timedelta(days=2), time(0, 0))

    booking = services.book(session, name="Awa", email="awa@example.org", adults=2)
    mail.outbox.clear()
    outing.date = day + timedelta(days=7)
    outing.registration_deadline = outing.date - timedelta(days=3)
    publish(outing)
    booking.refresh_from_db()
    session.refresh_from_db()
    assert session.is_cancelled and session.detached  # the booked date is kept...
    moved = Occurrence.objects.get(page=outing, status="scheduled")
    assert timezone.localtime(moved.starts_at).date() == outing.date  # ...and moved
    assert Schedule.objects.filter(page=outing).count() == 1


def test_sessions_of_an_unpublished_page_are_not_listed():
    tree = factories.site_tree(activities=1)
    (page,) = tree["activities"]
    home = tree["home"]
    assert list(home.get_week_sessions(timezone.localdate()))
    page.unpublish()
    assert list(home.get_week_sessions(timezone.localdate())) == []


def test_daily_command_extends_the_horizon(settings):
    page = factories.activity_page()
    page.schedules = [
        Schedule(
            recurrences=recurrence.Recurrence(
                rrules=[recurrence.Rule(recurrence.WEEKLY, byday=[recurrence.MO])]
            ),
            starts_on=date(2020, 1, 1),
            start_time=time(10, 0),
            skip_public_holidays=False,
        )
    ]
    settings.BOOKINGS_HORIZON_DAYS = 14
    publish(page)
    before = Occurrence.objects.filter(page=page).count()
    call_command("materialise_sessions", "--horizon", "60", stdout=StringIO())
    assert Occurrence.objects.filter(page=page).count() > before
    with pytest.raises(CommandError, match="--horizon"):
        call_command("materialise_sessions", "--horizon", "0")
