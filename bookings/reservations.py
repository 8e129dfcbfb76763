"""Every change to the reservations of shared resources goes through here.

``bookings.services`` re-exports these functions. Each one owns its
transaction and locks the resource row (``select_for_update``) before it looks
for overlaps, so two organisations racing for one slot cannot both get it: on
PostgreSQL the row lock queues them (and an exclusion constraint would refuse
the second row anyway); on SQLite the IMMEDIATE transactions queue writers.
Pending reservations hold their time like confirmed ones. A refusal is a
``BookingError`` that names the reservations it collides with (who, when).
E-mails to the partner go after the commit.
"""

import logging
from datetime import UTC, datetime, timedelta

import icalendar
import recurring_ical_events
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import formats, timezone

from . import notifications
from .calendar import paris, session_days, session_start
from .exceptions import BookingError
from .permissions import acts_for, can_manage_reservations
from .resources import Reservation, ReservationSeries, Resource

logger = logging.getLogger(__name__)

Source = Reservation.Source
Status = Reservation.Status


# Reading ------------------------------------------------------------------


def lock_resource(resource_id):
    """Re-read a resource under a row lock; only inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_resource() must run inside transaction.atomic().")
    return Resource.objects.select_for_update().get(pk=resource_id)


def describe(reservation):
    """« Maison des jeunes, samedi 5 décembre 2026 14:00–16:00 » for a message."""
    start = timezone.localtime(reservation.starts_at, paris())
    end = timezone.localtime(reservation.ends_at, paris())
    when = formats.date_format(start, "l j F Y H:i")
    return f"{reservation.organisation.name}, {when}–{end:%H:%M}"


def collisions(resource, slots, *, ignore=None):
    """Active reservations of ``resource`` that overlap one of ``slots``.

    ``slots`` are (start, end) pairs; a slot ending when another starts does
    not overlap it. ``ignore`` is a queryset of reservations to leave out (a
    page's own reservations when it is published again). One query.
    """
    slots = list(slots)
    if not slots:
        return []
    first = min(start for start, _ in slots)
    last = max(end for _, end in slots)
    taken = (
        Reservation.objects.active()
        .filter(resource=resource)
        .between(first, last)
        .select_related("organisation")
    )
    if ignore is not None:
        taken = taken.exclude(pk__in=ignore.values("pk"))
    return [
        reservation
        for reservation in taken
        if any(
            reservation.starts_at < end and start < reservation.ends_at
            for start, end in slots
        )
    ]


def opening_refusal(resource, starts_at, ends_at, hours=None):
    """None when the slot lies within one opening period of its day, else a
    ``BookingError``. A resource without opening hours is always open."""
    hours = list(resource.opening_hours.all()) if hours is None else hours
    if not hours:
        return None
    start = timezone.localtime(starts_at, paris())
    end = timezone.localtime(ends_at, paris())
    for period in hours:
        if (
            start.date() == end.date()
            and period.weekday == start.weekday()
            and period.opens_at <= start.time()
            and end.time() <= period.closes_at
        ):
            return None
    listed = ", ".join(str(period) for period in hours)
    return BookingError("outside_opening_hours", resource=resource.name, hours=listed)


def capacity_refusal(resource, places):
    """None when ``places`` people fit in ``resource`` (its ``capacity``:
    a vehicle's passenger seats, a room's size; none set, no limit), else a
    ``BookingError`` to show next to the places."""
    if resource is None or resource.capacity is None or places is None:
        return None
    if places <= resource.capacity:
        return None
    return BookingError(
        "over_capacity", resource=resource.name, capacity=resource.capacity
    )


def _check_slots(resource, slots):
    hours = list(resource.opening_hours.all())
    for starts_at, ends_at in slots:
        if ends_at <= starts_at:
            raise BookingError("end_before_start")
        refusal = opening_refusal(resource, starts_at, ends_at, hours)
        if refusal:
            raise refusal


def _check_member(user, organisation):
    # No user: the site itself (sessions of a published page, the demo).
    if user is not None and not acts_for(user, organisation):
        raise BookingError("not_a_member", organisation=organisation.name)


def _refusal(code, taken):
    return BookingError(
        code, collisions=taken, taken=" ; ".join(describe(r) for r in taken)
    )


def _refuse(code, taken):
    raise _refusal(code, taken)


def _initial_status(resource, organisation, user):
    """A partner's request waits for approval where the resource asks for it;
    what the coordination or the site itself (no user) reserves is confirmed."""
    if (
        user is not None
        and resource.requires_approval
        and organisation.is_partner
        and not can_manage_reservations(user)
    ):
        return Status.PENDING
    return Status.CONFIRMED


def _create(reservations):
    """Insert rows on a locked resource; the exclusion constraint is the
    backstop on PostgreSQL should a writer ever skip the lock."""
    try:
        with transaction.atomic():
            return Reservation.objects.bulk_create(reservations)
    except IntegrityError as error:
        raise BookingError("slot_taken", taken="") from error


# Reserving ----------------------------------------------------------------


def reserve(
    *,
    resource,
    organisation,
    starts_at,
    ends_at,
    title,
    user=None,
    source=Source.MANUAL,
    occurrence=None,
    page=None,
    ical_uid="",
    note="",
    now=None,
):
    """Hold ``resource`` for ``organisation`` from ``starts_at`` to ``ends_at``.

    Guarantees: the resource row is locked while overlaps are looked for, so
    two requests for one slot never both succeed. Raises ``BookingError`` and
    saves nothing for an end before its start, a slot outside the opening
    hours, a user who does not act for the organisation, or a slot that
    overlaps an active (pending or confirmed) reservation, which the error
    names. A partner's reservation of a resource that asks for approval is
    pending; any other is confirmed.
    """
    slots = [(starts_at, ends_at)]
    _check_member(user, organisation)
    _check_slots(resource, slots)
    with transaction.atomic():
        resource = lock_resource(resource.pk)
        taken = collisions(resource, slots)
        if taken:
            _refuse("slot_taken", taken)
        (reservation,) = _create(
            [
                Reservation(
                    resource=resource,
                    organisation=organisation,
                    title=title,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    status=_initial_status(resource, organisation, user),
                    source=source,
                    occurrence=occurrence,
                    page=page,
                    ical_uid=ical_uid,
                    note=note,
                    created_by=user,
                    created_at=now or timezone.now(),
                )
            ]
        )
    logger.info("reservation %s %s", reservation.pk, reservation.status)
    return reservation


def series_slots(series, *, today=None, horizon_days=None):
    """The (start, end) of each date of a series, from today to the horizon."""
    today = today or timezone.localdate()
    horizon = today + timedelta(days=horizon_days or settings.BOOKINGS_HORIZON_DAYS)
    duration = timedelta(minutes=series.duration_minutes)
    return [
        (start, start + duration)
        for start in (
            session_start(day, series.start_time)
            for day in session_days(series, today, horizon)
        )
    ]


def reserve_series(
    *,
    resource,
    organisation,
    title,
    recurrences,
    starts_on,
    start_time,
    duration_minutes,
    ends_on=None,
    user=None,
    source=Source.MANUAL,
    today=None,
    horizon_days=None,
    now=None,
):
    """Reserve every date of a recurring rule (exclusions honoured) up to the
    horizon, all or nothing.

    Guarantees: under one lock on the resource, every date is checked; if any
    date collides, ``BookingError("series_collides")`` lists each colliding
    date and nothing is saved. A rule that gives no date is refused too.
    Returns the series; its reservations are pending or confirmed as
    ``reserve`` decides. The daily command extends it over the horizon.
    """
    _check_member(user, organisation)
    series = ReservationSeries(
        resource=resource,
        organisation=organisation,
        title=title,
        recurrences=recurrences,
        starts_on=starts_on,
        ends_on=ends_on,
        start_time=start_time,
        duration_minutes=duration_minutes,
        created_by=user,
    )
    slots = series_slots(series, today=today, horizon_days=horizon_days)
    if not slots:
        raise BookingError("no_date")
    _check_slots(resource, slots)
    with transaction.atomic():
        resource = lock_resource(resource.pk)
        taken = collisions(resource, slots)
        if taken:
            _refuse("series_collides", taken)
        series.save()
        status = _initial_status(resource, organisation, user)
        _create(
            [
                Reservation(
                    resource=resource,
                    organisation=organisation,
                    title=title,
                    starts_at=start,
                    ends_at=end,
                    status=status,
                    source=source,
                    series=series,
                    created_by=user,
                    created_at=now or timezone.now(),
                )
                for start, end in slots
            ]
        )
    return series


def extend_series(series, *, today=None, horizon_days=None):
    """Add a series' dates that came within the horizon (the daily command).

    A new date that collides is skipped (and logged) rather than taken from
    whoever holds it. New dates take the status of the series' latest date
    (pending until the coordination approves); a series whose latest date was
    cancelled or refused is not extended. Idempotent. Returns the
    reservations created.
    """
    with transaction.atomic():
        resource = lock_resource(series.resource_id)
        latest = series.reservations.order_by("-starts_at").first()
        if latest is None or not latest.is_active:
            return []
        have = set(series.reservations.values_list("starts_at", flat=True))
        slots = [
            slot
            for slot in series_slots(series, today=today, horizon_days=horizon_days)
            if slot[0] not in have
        ]
        taken = collisions(resource, slots)
        free = [
            (start, end)
            for start, end in slots
            if not any(r.starts_at < end and start < r.ends_at for r in taken)
        ]
        for start, _ in set(slots) - set(free):
            logger.warning("series %s: %s already taken, skipped", series.pk, start)
        return _create(
            [
                Reservation(
                    resource=resource,
                    organisation_id=series.organisation_id,
                    title=series.title,
                    starts_at=start,
                    ends_at=end,
                    status=latest.status,
                    source=latest.source,
                    series=series,
                )
                for start, end in free
            ]
        )


def extend_all_series(**options):
    created = []
    for series in ReservationSeries.objects.all():
        created += extend_series(series, **options)
    return created


# Deciding -----------------------------------------------------------------


def _lock_reservation(reservation):
    lock_resource(reservation.resource_id)
    return (
        Reservation.objects.select_for_update(of=("self",))
        .select_related("resource", "organisation")
        .get(pk=reservation.pk)
    )


def cancel_reservation(reservation, *, user=None, reason="", now=None):
    """Cancel a pending or confirmed reservation; its time becomes free.

    Idempotent: a cancelled or refused reservation is left as it is and False
    is returned. Only the organisation's members and the coordination may
    cancel (``BookingError("not_a_member")`` otherwise).
    """
    with transaction.atomic():
        reservation = _lock_reservation(reservation)
        _check_member(user, reservation.organisation)
        if not reservation.is_active:
            return False
        reservation.status = Status.CANCELLED
        reservation.decision_reason = reason
        reservation.decided_by = user
        reservation.decided_at = now or timezone.now()
        reservation.save(
            update_fields=["status", "decision_reason", "decided_by", "decided_at"]
        )
    return True


def _decide(reservation, *, user, status, reason, now):
    if not can_manage_reservations(user):
        raise BookingError("not_coordinator")
    with transaction.atomic():
        reservation = _lock_reservation(reservation)
        if not reservation.is_pending:
            raise BookingError("not_pending")
        reservation.status = status
        reservation.decision_reason = reason
        reservation.decided_by = user
        reservation.decided_at = now or timezone.now()
        reservation.save(
            update_fields=["status", "decision_reason", "decided_by", "decided_at"]
        )
        notifications.reservation_decided(reservation)
    return reservation


def approve_reservation(reservation, *, user, reason="", now=None):
    """The coordination confirms a pending request; the partner gets an e-mail
    after commit. Refuses (``BookingError``) a request already decided, or a
    user who is not of the coordination."""
    return _decide(
        reservation, user=user, status=Status.CONFIRMED, reason=reason, now=now
    )


def refuse_reservation(reservation, *, user, reason, now=None):
    """The coordination refuses a pending request with a reason (required); the
    time becomes free and the partner gets an e-mail with the reason after
    commit."""
    reason = (reason or "").strip()
    if not reason:
        raise BookingError("reason_required")
    return _decide(
        reservation, user=user, status=Status.REFUSED, reason=reason, now=now
    )


# Sessions and events that hold a resource ----------------------------------


def _schedule_slots(schedule, *, now=None, horizon_days=None):
    now = now or timezone.now()
    duration = schedule.duration
    return [
        (start, start + duration)
        for start, _ in series_slots(
            schedule, today=timezone.localdate(now), horizon_days=horizon_days
        )
        if start > now
    ]


def schedule_collisions(schedule, *, now=None, horizon_days=None):
    """What the sessions of ``schedule`` (saved or not) would collide with on
    its resource, leaving out the schedule's own reservations. Read only: the
    page editor calls it before publishing."""
    if not schedule.resource_id:
        return []
    own = Reservation.objects.filter(occurrence__schedule_id=schedule.pk)
    return collisions(
        schedule.resource,
        _schedule_slots(schedule, now=now, horizon_days=horizon_days),
        ignore=own if schedule.pk else None,
    )


def sync_session_reservations(schedule, *, now=None):
    """Make each coming session of ``schedule`` hold its slot on the schedule's
    resource, in the name of the resource's owner; free the slots of sessions
    cancelled, moved or no longer on a resource.

    Runs inside the caller's transaction (``materialise_schedule``), under a
    lock on the resource. If a session's slot is taken, raises
    ``BookingError("series_collides")`` listing every collision, so the
    caller's transaction saves nothing.
    """
    from .models import Occurrence

    now = now or timezone.now()
    if not schedule.resource_id:
        Reservation.objects.active().filter(
            occurrence__schedule=schedule, starts_at__gt=now
        ).update(status=Status.CANCELLED, decided_at=now)
        return []
    sessions = list(
        Occurrence.objects.filter(schedule=schedule, starts_at__gt=now).select_related(
            "page"
        )
    )
    held = {
        reservation.occurrence_id: reservation
        for reservation in Reservation.objects.active().filter(occurrence__in=sessions)
    }
    wanted = {session.pk: session for session in sessions if not session.is_cancelled}

    def still_right(reservation):
        session = wanted.get(reservation.occurrence_id)
        return session is not None and (
            reservation.resource_id,
            reservation.starts_at,
            reservation.ends_at,
        ) == (schedule.resource_id, session.starts_at, session.ends_at)

    stale = [r.pk for r in held.values() if not still_right(r)]
    if stale:
        Reservation.objects.filter(pk__in=stale).update(
            status=Status.CANCELLED, decided_at=now
        )
    missing = [
        session
        for pk, session in wanted.items()
        if pk not in held or held[pk].pk in stale
    ]
    if not missing:
        return []
    resource = lock_resource(schedule.resource_id)
    slots = [(session.starts_at, session.ends_at) for session in missing]
    taken = collisions(resource, slots)
    if taken:
        _refuse("series_collides", taken)
    return _create(
        [
            Reservation(
                resource=resource,
                organisation_id=resource.owner_id,
                title=session.page.title,
                starts_at=session.starts_at,
                ends_at=session.ends_at,
                source=Source.SESSION,
                occurrence=session,
                page_id=session.page_id,
            )
            for session in missing
        ]
    )


def release_session(occurrence, *, now=None):
    """Free the slot a cancelled session held; idempotent."""
    return (
        Reservation.objects.active()
        .filter(occurrence=occurrence)
        .update(status=Status.CANCELLED, decided_at=now or timezone.now())
    )


def hold_session(occurrence):
    """Take back the slot of a restored session; ``BookingError`` if taken."""
    if occurrence.schedule_id and occurrence.schedule.resource_id:
        sync_session_reservations(occurrence.schedule)


def event_collisions(page, *, resource, starts_at, ends_at):
    """What an event page's slot would collide with, leaving out its own."""
    own = Reservation.objects.filter(page_id=page.pk) if page.pk else None
    return collisions(resource, [(starts_at, ends_at)], ignore=own)


def reserve_for_page(
    page, *, resource, organisation, starts_at, ends_at, user=None, now=None
):
    """Hold a published event's slot: idempotent when it already holds that
    slot; a moved event frees its old slot and takes the new one, all or
    nothing (``BookingError`` naming the collision)."""
    with transaction.atomic():
        lock_resource(resource.pk)
        own = Reservation.objects.active().filter(page_id=page.pk)
        same = own.filter(
            resource=resource,
            organisation=organisation,
            starts_at=starts_at,
            ends_at=ends_at,
        ).first()
        if same:
            same.title = page.title
            same.save(update_fields=["title"])
            return same
        own.update(status=Status.CANCELLED, decided_at=now or timezone.now())
        return reserve(
            resource=resource,
            organisation=organisation,
            starts_at=starts_at,
            ends_at=ends_at,
            title=page.title,
            user=user,
            source=Source.SPORT_EVENT,
            page=page,
            now=now,
        )


def release_page(page, *, now=None):
    """Free every slot an event page holds (unpublished); idempotent."""
    return (
        Reservation.objects.active()
        .filter(page_id=page.pk, occurrence__isnull=True)
        .update(status=Status.CANCELLED, decided_at=now or timezone.now())
    )


# Importing a partner's calendar ---------------------------------------------

ICS_MAX_EVENTS = 500


def _ics_events(data, first, last):
    """The dated events of an .ics file between two days, and the titles of
    those without an end; BookingError if the file is not a calendar."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
        if calendar.name != "VCALENDAR":
            raise ValueError(calendar.name)
        # The expansion gives an end to every event; look at them as written.
        endless = {
            str(event.get("UID")): str(event.get("SUMMARY") or "Événement")
            for event in calendar.walk("VEVENT")
            if "DTEND" not in event and "DURATION" not in event
        }
        return recurring_ical_events.of(calendar).between(first, last), endless
    except Exception as error:  # a file is anything; any parse error is a refusal
        raise BookingError("not_a_calendar") from error


def _ics_slot(event):
    """(uid, title, start, end) of one event, or a BookingError saying why not."""
    title = str(event.get("SUMMARY") or "Événement")
    start = event.decoded("DTSTART")
    end = (
        event.decoded("DTEND")
        if "DTEND" in event
        else start + event.decoded("DURATION")
    )
    if not isinstance(start, datetime):
        raise BookingError("all_day", title=title)
    if timezone.is_naive(start):
        start, end = (timezone.make_aware(moment, paris()) for moment in (start, end))
    uid = f"{event.get('UID', title)}/{start.astimezone(UTC).isoformat()}"
    return uid, title, start, end


def import_ics(
    data, *, resource, organisation, user=None, today=None, horizon_days=None
):
    """Reserve the events of an .ics file (recurring ones expanded up to the
    horizon) for ``organisation`` on ``resource``.

    Each event goes through ``reserve`` on its own: one that collides, lies
    outside the opening hours or has no end is listed with the reason and
    nothing is saved for it; the others are reserved. Importing the same file
    again creates nothing twice (events are matched on their UID and start).
    Raises ``BookingError`` and saves nothing when the file is not a calendar
    or the user does not act for the organisation. Returns a report:
    ``created``, ``already`` (reservations) and ``refused`` ((title, when,
    message) triples).
    """
    _check_member(user, organisation)
    today = today or timezone.localdate()
    last = today + timedelta(days=horizon_days or settings.BOOKINGS_HORIZON_DAYS)
    events, endless = _ics_events(data, today, last)
    events = events[:ICS_MAX_EVENTS]
    known = {
        reservation.ical_uid: reservation
        for reservation in Reservation.objects.filter(
            organisation=organisation, source=Source.ICAL
        ).exclude(ical_uid="")
    }
    report = {"created": [], "already": [], "refused": []}
    for title in endless.values():
        report["refused"].append(
            (title, None, BookingError("no_end", title=title).message)
        )
    for event in events:
        if str(event.get("UID")) in endless:
            continue
        try:
            uid, title, start, end = _ics_slot(event)
            if uid in known:
                report["already"].append(known[uid])
                continue
            reservation = reserve(
                resource=resource,
                organisation=organisation,
                starts_at=start,
                ends_at=end,
                title=title[:160],
                user=user,
                source=Source.ICAL,
                ical_uid=uid,
            )
        except BookingError as error:
            when = event.get("DTSTART")
            report["refused"].append(
                (
                    str(event.get("SUMMARY") or ""),
                    when.dt if when else None,
                    error.message,
                )
            )
        else:
            known[uid] = reservation
            report["created"].append(reservation)
    return report


def page_refusal(page, *, user=None):
    """Why publishing ``page`` now would be refused on a shared resource, as a
    ``BookingError`` naming every collision, or None. Read only.

    Any page type takes part by its schedules (``Schedule.resource``) and, for
    an event, by a ``reserved_slot()`` method returning the resource, the
    organisation and the start and end it holds (bookings imports no page
    type). ``page`` may hold unsaved edits: the editor's form is checked.
    """
    slot = getattr(page, "reserved_slot", None)
    held = slot() if callable(slot) else None
    if held:
        try:
            _check_member(user, held["organisation"])
            _check_slots(held["resource"], [(held["starts_at"], held["ends_at"])])
        except BookingError as error:
            return error
        taken = event_collisions(
            page,
            resource=held["resource"],
            starts_at=held["starts_at"],
            ends_at=held["ends_at"],
        )
        if taken:
            return _refusal("slot_taken", taken)
    # A page that writes its own schedule from its fields (a day outing) says
    # what it would be with the edits: ``schedules_to_publish()``.
    planned = getattr(page, "schedules_to_publish", None)
    taken = []
    for schedule in planned() if callable(planned) else page.schedules.all():
        taken += schedule_collisions(schedule)
    return _refusal("series_collides", taken) if taken else None
