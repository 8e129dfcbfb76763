"""Dates of a schedule's sessions, and iCalendar feeds of sessions."""

import copy
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import holidays
import icalendar
from dateutil import rrule
from django.conf import settings
from django.utils import timezone
from vacances_scolaires_france import SchoolHolidayDates, UnsupportedYearException


def paris():
    return ZoneInfo(settings.TIME_ZONE)


def local_date(value):
    """The Paris calendar day of a django-recurrence date.

    django-recurrence stores a date picked in the widget as local midnight
    converted to UTC (5 January becomes 4 January 23:00Z): read it back in
    Paris time before taking the day.
    """
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(paris())
        return value.date()
    return value


@cache
def _public_holidays(year):
    return holidays.France(years=year)


@cache
def _school_holidays():
    return SchoolHolidayDates()


def is_public_holiday(day):
    return day in _public_holidays(day.year)


def is_school_holiday(day, zone=None):
    """True on a school holiday of the zone; days without published data are not."""
    zone = zone or settings.BOOKINGS_SCHOOL_HOLIDAY_ZONE
    try:
        return _school_holidays().is_holiday_for_zone(day, zone)
    except UnsupportedYearException:
        return False


def session_days(schedule, first: date, last: date) -> list[date]:
    """The days from ``first`` to ``last`` (included) with a session of the schedule.

    Rules run from the schedule's first day; extra dates are added whatever
    their time; an excluded date removes the whole day (dateutil alone only
    drops an exact date-time match, so "every Tuesday 18:00 except 5 January"
    would keep 5 January 18:00); holidays are skipped when the schedule asks.
    """
    first = max(first, schedule.starts_on)
    if schedule.ends_on:
        last = min(last, schedule.ends_on)
    if first > last:
        return []
    recurrences = schedule.recurrences
    if recurrences is None:
        return []
    dtstart = datetime.combine(schedule.starts_on, time.min)
    ruleset = rrule.rruleset()
    for rule in recurrences.rrules:
        ruleset.rrule(_naive_rule(rule).to_dateutil_rrule(dtstart))
    for rule in recurrences.exrules:
        ruleset.exrule(_naive_rule(rule).to_dateutil_rrule(dtstart))
    for extra in recurrences.rdates:
        ruleset.rdate(datetime.combine(local_date(extra), time.min))
    excluded = {local_date(day) for day in recurrences.exdates}
    window = ruleset.between(
        datetime.combine(first, time.min), datetime.combine(last, time.max), inc=True
    )
    days = sorted({moment.date() for moment in window} - excluded)
    return [
        day
        for day in days
        if not (schedule.skip_public_holidays and is_public_holiday(day))
        and not (schedule.skip_school_holidays and is_school_holiday(day))
    ]


def _naive_rule(rule):
    """The rule with its end date as a local day, to compare with naive starts."""
    if rule.until is None:
        return rule
    naive = copy.copy(rule)
    naive.until = datetime.combine(local_date(rule.until), time.max)
    return naive


def session_start(day: date, at: time) -> datetime:
    """``day`` at ``at`` in Paris, as an aware datetime.

    Built from the local wall-clock time, so a weekly 18:00 stays 18:00 across
    the daylight-saving changes (its UTC time moves instead).
    """
    return datetime.combine(day, at, tzinfo=paris())


def booking_window(schedule, starts_at: datetime) -> tuple[datetime | None, datetime]:
    """When booking opens and closes for a session of the schedule starting then.

    Days are counted on the Paris calendar, at the session's Paris time: a
    session at 14:00 opening 7 days before opens at 14:00 whatever the
    daylight-saving change between, and the same instant whether
    ``starts_at`` comes in Paris time (a new session) or in UTC (one read
    back from the database).
    """
    local_start = starts_at.astimezone(paris())
    opens = None
    if schedule.booking_opens_days_before is not None:
        opens = session_start(
            local_start.date() - timedelta(days=schedule.booking_opens_days_before),
            local_start.time(),
        )
    if schedule.booking_closes_at is None and not schedule.booking_closes_days_before:
        return opens, starts_at
    day = local_start.date() - timedelta(days=schedule.booking_closes_days_before)
    closes = session_start(day, schedule.booking_closes_at or local_start.time())
    return opens, min(closes, starts_at)


def new_ical(name):
    """An empty RFC 5545 calendar named ``name``."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Vie des quartiers//Agenda//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def add_ical_event(calendar, *, uid, start, end, summary, cancelled, note="", url=""):
    """Add one event; times in UTC, which every calendar reads right whatever
    its time zone. A cancelled event stays, marked so, for the calendars that
    hold it to remove it."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    event = icalendar.Event()
    event.add("uid", f"{uid}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", start.astimezone(UTC))
    event.add("dtend", end.astimezone(UTC))
    event.add("summary", summary)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if note:
        event.add("description", note)
    if url:
        event.add("url", url)
    calendar.add_component(event)


def ical_for_sessions(sessions, *, name, url_for=None):
    """An RFC 5545 calendar (bytes) of sessions; cancelled ones are marked so.

    Each session keeps the same UID across feeds and updates.
    """
    calendar = new_ical(name)
    for session in sessions:
        note = ""
        if session.is_cancelled:
            note = session.cancellation_reason or "Séance annulée"
        add_ical_event(
            calendar,
            uid=f"seance-{session.pk}",
            start=session.starts_at,
            end=session.ends_at,
            summary=session.page.title,
            cancelled=session.is_cancelled,
            note=note,
            url=url_for(session) if url_for else "",
        )
    return calendar.to_ical()


def next_session_days(schedule, *, count, today=None, horizon_days=None):
    """The next ``count`` days with a session, as residents will see them: from
    today, over the publication horizon, holidays and exclusions applied."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=horizon_days or settings.BOOKINGS_HORIZON_DAYS)
    return session_days(schedule, today, horizon)[:count]
