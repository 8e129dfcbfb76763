"""Which days a schedule has sessions on, and at what time."""

from datetime import UTC, date, datetime, time

import pytest
import recurrence

from bookings import services
from bookings.calendar import session_days
from bookings.models import Schedule

from .domain import make_schedule, paris, weekly

pytestmark = pytest.mark.django_db


def tuesdays_at_six(**fields):
    return make_schedule(
        recurrences=weekly(recurrence.TU, **fields.pop("recurrence_kwargs", {})),
        starts_on=date(2026, 12, 1),
        ends_on=date(2027, 1, 31),
        start_time=time(18, 0),
        **fields,
    )


def exclusion_as_the_widget_stores_it(day):
    """The widget sends a picked day as local midnight; the field keeps it in UTC."""
    stored = Schedule(recurrences=recurrence.Recurrence(exdates=[paris(day, 0)]))
    text = recurrence.serialize(stored.recurrences)
    assert "EXDATE" in text
    return recurrence.deserialize(text).exdates


def test_an_excluded_day_removes_that_days_session_whatever_its_time():
    exdates = exclusion_as_the_widget_stores_it(date(2027, 1, 5))
    schedule = tuesdays_at_six(recurrence_kwargs={"exdates": exdates})
    days = session_days(schedule, date(2026, 12, 1), date(2027, 1, 31))
    assert date(2027, 1, 5) not in days
    assert date(2026, 12, 29) in days and date(2027, 1, 12) in days


def test_the_naive_expansion_would_keep_it():
    """The trap the exclusion handling avoids (seen with django-recurrence 1.14)."""
    exdates = exclusion_as_the_widget_stores_it(date(2027, 1, 5))
    rec = weekly(recurrence.TU, exdates=exdates)
    naive = rec.between(
        datetime(2027, 1, 1, tzinfo=UTC),
        datetime(2027, 1, 10, tzinfo=UTC),
        dtstart=paris(date(2026, 12, 1), 18),
        inc=True,
    )
    assert [moment.date() for moment in naive] == [date(2027, 1, 5)]


def test_weekly_six_pm_stays_six_pm_across_daylight_saving():
    schedule = make_schedule(
        recurrences=weekly(recurrence.TU),
        starts_on=date(2027, 3, 1),
        ends_on=date(2027, 11, 30),
        start_time=time(18, 0),
    )
    sessions = services.materialise_schedule(
        schedule,
        today=date(2027, 3, 1),
        horizon_days=300,
        now=paris(date(2027, 3, 1), 0),
    )
    local_hours = {
        s.starts_at.astimezone(paris(date(2027, 1, 1), 0).tzinfo).hour for s in sessions
    }
    assert local_hours == {18}
    utc_hours = {s.starts_at.astimezone(UTC).hour for s in sessions}
    assert utc_hours == {16, 17}  # summer time and winter time
    march = [s for s in sessions if s.starts_at.month == 3]
    assert march[0].starts_at.astimezone(UTC).hour == 17  # 2 March, winter
    assert march[-1].starts_at.astimezone(UTC).hour == 16  # 30 March, summer


def test_extra_dates_are_added_at_the_schedule_time():
    extra = paris(date(2026, 12, 10), 0)  # a Thursday
    schedule = tuesdays_at_six(recurrence_kwargs={"rdates": [extra]})
    days = session_days(schedule, date(2026, 12, 1), date(2026, 12, 15))
    assert days == [
        date(2026, 12, 1),
        date(2026, 12, 8),
        date(2026, 12, 10),
        date(2026, 12, 15),
    ]


def test_public_holidays_are_skipped_when_asked():
    # Ascension 2027 is Thursday 6 May (Easter is 28 March).
    thursdays = make_schedule(
        recurrences=weekly(recurrence.TH),
        starts_on=date(2027, 5, 1),
        ends_on=date(2027, 5, 31),
        skip_public_holidays=True,
    )
    assert date(2027, 5, 6) not in session_days(
        thursdays, date(2027, 5, 1), date(2027, 5, 31)
    )
    thursdays.skip_public_holidays = False
    assert date(2027, 5, 6) in session_days(
        thursdays, date(2027, 5, 1), date(2027, 5, 31)
    )


def test_homework_help_stops_during_zone_b_school_holidays():
    wednesdays = make_schedule(
        recurrences=weekly(recurrence.WE),
        starts_on=date(2026, 12, 1),
        ends_on=date(2027, 1, 31),
        skip_school_holidays=True,
    )
    days = session_days(wednesdays, date(2026, 12, 1), date(2027, 1, 31))
    # Christmas holidays 2026 (all zones): 19 December 2026 to 4 January 2027.
    assert date(2026, 12, 23) not in days and date(2026, 12, 30) not in days
    assert date(2026, 12, 16) in days and date(2027, 1, 6) in days


def test_a_rule_until_a_day_includes_that_day():
    until = paris(date(2026, 12, 15), 0)
    schedule = tuesdays_at_six()
    schedule.recurrences = recurrence.Recurrence(
        rrules=[recurrence.Rule(recurrence.WEEKLY, byday=[recurrence.TU], until=until)]
    )
    days = session_days(schedule, date(2026, 12, 1), date(2027, 1, 31))
    assert days == [date(2026, 12, 1), date(2026, 12, 8), date(2026, 12, 15)]


def test_materialising_twice_creates_nothing_more():
    schedule = make_schedule()
    first = services.materialise_schedule(schedule, horizon_days=30)
    assert len(first) >= 4
    assert services.materialise_schedule(schedule, horizon_days=30) == []
    assert schedule.occurrences.count() == len(first)
