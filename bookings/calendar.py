"""Dates of a schedule's sessions, and iCalendar feeds of sessions."""

import copy
import hashlib
from datetime import UTC, date, datetime, time, timedelta
from email.utils import parseaddr
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


def _calendar(name, method="PUBLISH"):
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Vie des quartiers//Agenda//FR")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    return calendar


def _host():
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def _organizer():
    """The site, as the organiser every published event must name (RFC 5546)."""
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    organizer = icalendar.vCalAddress(f"mailto:{address}")
    organizer.params["cn"] = icalendar.vText(name or settings.WAGTAIL_SITE_NAME)
    return organizer


def locations(sessions):
    """The address of each session's local ({page path: "Local, 3 rue..."}).

    One query for all the sessions: the locals are few, and each session's
    local is the one whose tree path starts its page's.
    """
    from .locals import local_page_model

    found = list(
        local_page_model()
        .objects.only("path", "title", "street_address", "postcode", "city")
        .order_by("-depth")
    )
    result = {}
    for session in sessions:
        path = session.page.path
        local = next((item for item in found if path.startswith(item.path)), None)
        if local is not None:
            result[path] = (
                f"{local.title}, {local.street_address}, {local.postcode} {local.city}"
            )
    return result


def _event(session, *, uid, stamp, where, url=None):
    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", session.page.title)
    event.add("organizer", _organizer())
    if where.get(session.page.path):
        event.add("location", where[session.page.path])
    if url:
        event.add("url", url)
    return event


def ical_for_sessions(sessions, *, name, url_for=None, kept=None, version=""):
    """An RFC 5545 calendar (bytes) of sessions (a queryset, in order);
    cancelled ones are marked so.

    Times are written in UTC, which every calendar reads right whatever its
    time zone. Each session keeps the same UID across feeds and updates, and
    says where (the local's address) and which page tells about it.

    ``kept``: a cache where each event is kept once written, under its
    session's id, times, status and cancellation reason and ``version``
    (what else an event shows changes with it: the site's generation and
    host). A feed then reads only those fields of its sessions, and writes
    (and reads whole, with their pages) only the events it has not written
    before.
    """
    rows = list(sessions.values_list(*_EVENT_KEY_FIELDS))
    keys = {row[0]: _event_key(row, version) for row in rows}
    written = kept.get_many(list(keys.values())) if kept is not None else {}
    missing_ids = [pk for pk, key in keys.items() if key not in written]
    if missing_ids:
        missing = list(sessions.filter(pk__in=missing_ids))
        stamp = timezone.now()
        where = locations(missing)
        made = {
            keys[session.pk]: _session_event(
                session, stamp=stamp, where=where, url_for=url_for
            ).to_ical()
            for session in missing
        }
        written.update(made)
        if kept is not None:
            kept.set_many(made)
    calendar = _calendar(name).to_ical()
    end = b"END:VCALENDAR\r\n"
    events = b"".join(written[keys[row[0]]] for row in rows)
    return calendar[: -len(end)] + events + end


# What an event's key is made of, besides the version.
_EVENT_KEY_FIELDS = ("pk", "starts_at", "ends_at", "status", "cancellation_reason")


def _event_key(row, version):
    pk, starts_at, ends_at, status, reason = row
    # A reason is free text: hashed to make a key of it (most have none).
    reason = hashlib.sha256(reason.encode()).hexdigest()[:16] if reason else ""
    return (
        f"ical-event:{version}:{pk}:{starts_at.timestamp()}:"
        f"{ends_at.timestamp()}:{status}:{reason}"
    )


def _session_event(session, *, stamp, where, url_for):
    event = _event(
        session,
        uid=f"seance-{session.pk}@{_host()}",
        stamp=stamp,
        where=where,
        url=url_for(session) if url_for else None,
    )
    if session.is_cancelled:
        event.add("status", "CANCELLED")
        event.add("description", session.cancellation_reason or "Séance annulée")
    else:
        event.add("status", "CONFIRMED")
    return event


def booking_uid(booking):
    """One UID per booking, whatever the file: the booking's, the e-mails'."""
    return f"reservation-{booking.pk}@{_host()}"


def ical_for_bookings(bookings, *, manage_url_for):
    """One resident's bookings as a calendar file (bytes) to add or update.

    Each booking is one event with its own UID and its SEQUENCE
    (``calendar_sequence``), so a calendar that holds it replaces it with
    this copy: CONFIRMED, TENTATIVE while on the waiting list, CANCELLED when
    the booking or its session is. When every event is cancelled the file is
    a cancellation (METHOD:CANCEL): a calendar application removes them.
    ``manage_url_for(booking)``: the resident's link to see or cancel it.
    """
    bookings = list(bookings)
    sessions = [booking.occurrence for booking in bookings]
    cancelling = all(booking.is_off for booking in bookings)
    calendar = _calendar(
        str(sessions[0].page.title), method="CANCEL" if cancelling else "PUBLISH"
    )
    stamp = timezone.now()
    where = locations(sessions)
    page_urls = {}
    for booking in bookings:
        session = booking.occurrence
        if session.page_id not in page_urls:
            page_urls[session.page_id] = session.page.get_full_url()
        event = _event(
            session,
            uid=booking_uid(booking),
            stamp=stamp,
            where=where,
            url=page_urls[session.page_id],
        )
        event.add("sequence", booking.calendar_sequence)
        if booking.is_off:
            status = "CANCELLED"
            text = session.cancellation_reason or "Réservation annulée"
        elif booking.is_waiting:
            status, text = "TENTATIVE", "Sur liste d'attente"
        else:
            status, text = "CONFIRMED", f"Code de réservation\u00a0: {booking.code}"
        event.add("status", status)
        event.add(
            "description",
            f"{text}\nVoir ou annuler\u00a0: {manage_url_for(booking)}",
        )
        calendar.add_component(event)
    return calendar.to_ical()


def next_session_days(schedule, *, count, today=None, horizon_days=None):
    """The next ``count`` days with a session, as residents will see them: from
    today, over the publication horizon, holidays and exclusions applied."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=horizon_days or settings.BOOKINGS_HORIZON_DAYS)
    return session_days(schedule, today, horizon)[:count]


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
