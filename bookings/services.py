"""Every change to schedules' sessions and to bookings goes through here.

Each function owns its transaction and locks the row that holds the capacity
(the session) before it counts places, so two people racing for the last place
cannot both get it: on PostgreSQL the row lock queues them; on SQLite the
database runs in IMMEDIATE mode, so writers queue at BEGIN. Notifications
(e-mails, calls for staff) are decided inside the transaction and e-mails are
sent only after it commits: a change that rolls back tells nobody.
"""

import hashlib
import logging
import uuid
from datetime import UTC, time, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from recurrence import Recurrence
from wagtail.contrib.forms.models import FormSubmission

from . import audit, households, notifications, phones, reservations, signals
from .calendar import booking_window, local_date, session_days, session_start
from .exceptions import BookingError, SessionBusy
from .models import (
    EMAIL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    PARTY_MAX_PLACES,
    Booking,
    Occurrence,
    PendingCall,
    Schedule,
    new_booking_code,
    places_left,
)
from .prepared import CompiledOnce, CompiledPerForm
from .text import TextError, clean_text

logger = logging.getLogger(__name__)

# PostgreSQL's SQLSTATE when lock_timeout expires.
LOCK_NOT_AVAILABLE = "55P03"
# Tries to draw a booking code nobody took meanwhile (23**6 codes: one clash
# is already rare).
CODE_ATTEMPTS = 5

REMOVED_FROM_PROGRAMME = "Cette date a été retirée du programme."
WITHDRAWN_FROM_SITE = "Cette activité a été retirée du programme."


# Contacts -----------------------------------------------------------------


def normalise_phone(phone):
    """A phone number in E.164 ("06 12 34 56 78" -> "+33612345678"), "" if empty.

    Read in the default region (France) unless it has a country code. Raises
    ``BookingError("invalid_phone")`` for anything that is not a phone number,
    whichever path it came by (a form, the shell, a command).
    """
    try:
        return phones.to_e164(phone)
    except ValueError:
        raise BookingError("invalid_phone") from None


def normalise_email(email):
    return (email or "").strip().lower()


# Locking ------------------------------------------------------------------


def lock_session(occurrence_id):
    """Re-read a session under a row lock; only inside a transaction.

    On PostgreSQL the wait for the lock is bounded by ``BOOKINGS_LOCK_TIMEOUT``
    (seconds): past it, ``SessionBusy`` is raised and the transaction rolls
    back, rather than a worker hanging behind a stuck transaction. (SQLite
    queues writers at BEGIN IMMEDIATE, under its own busy timeout.)
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise RuntimeError("lock_session() must run inside transaction.atomic().")
    if connection.vendor == "postgresql":
        timeout = f"{max(1, round(settings.BOOKINGS_LOCK_TIMEOUT * 1000))}ms"
        with connection.cursor() as cursor:
            # set_config(..., true) is SET LOCAL: until the transaction ends.
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [timeout])
    try:
        session = _LOCKED_SESSION.one(occurrence_id)
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == LOCK_NOT_AVAILABLE:
            logger.warning(
                "session %s still locked: the change is refused", occurrence_id
            )
            raise SessionBusy(occurrence_id) from error
        raise
    if session is None:
        raise Occurrence.DoesNotExist(f"No session {occurrence_id}.")
    return session


def _locked_session(occurrence_id):
    return Occurrence.objects.select_for_update(of=("self",)).filter(pk=occurrence_id)


# Read under its lock by every booking: its SQL compiled once per process.
_LOCKED_SESSION = CompiledOnce(_locked_session)


def _counts(occurrence, contact=None):
    """Confirmed places, those booked by staff and bookings waiting, as
    ``with_counts()`` counts them; with a ``contact``, also its active
    bookings by the same phone (``same_phone``) and by the same e-mail
    (``same_email``). One query, one pass over the session's bookings, its
    SQL compiled once per process (``bookings.prepared``)."""
    contact = contact or {}
    (counted,) = _COUNTS.given(
        occurrence.pk, phone=contact.get("phone"), email=contact.get("email")
    )
    return {
        "taken": counted.places_taken,
        "taken_by_staff": counted.places_taken_by_staff,
        "waiting": counted.bookings_waiting,
        "same_phone": getattr(counted, "same_phone", 0),
        "same_email": getattr(counted, "same_email", 0),
    }


def _counted_session(names, occurrence_id, *given):
    contact = dict(zip(names, given, strict=True))
    active = ~Q(bookings__status=Booking.Status.CANCELLED)
    same = {}
    if "phone" in contact:
        same["same_phone"] = Count(
            "bookings", filter=active & Q(bookings__phone=contact["phone"])
        )
    if "email" in contact:
        same["same_email"] = Count(
            "bookings", filter=active & Q(bookings__email__iexact=contact["email"])
        )
    return (
        Occurrence.objects.filter(pk=occurrence_id)
        .only("pk")
        .with_counts()
        .annotate(**same)
    )


# A session's counts, one query per form (a phone, an e-mail given).
_COUNTS = CompiledPerForm(_counted_session)


def _left(occurrence, counts, channel):
    return places_left(
        occurrence, counts["taken"], counts["taken_by_staff"], channel=channel
    )


def available_places(occurrence, channel=Booking.Channel.ONLINE):
    """Places a new booking made through ``channel`` could take now."""
    return _left(occurrence, _counts(occurrence), channel)


# Booking ------------------------------------------------------------------


def booking_refusal(occurrence, channel=Booking.Channel.ONLINE, now=None):
    """Why a booking made now through ``channel`` would be refused: a
    ``BookingError`` code, or None when the session takes bookings."""
    now = now or timezone.now()
    if occurrence.is_cancelled:
        return "session_cancelled"
    if occurrence.starts_at <= now:
        return "session_past"
    if channel == Booking.Channel.STAFF:
        return None  # the desk may book outside the online window
    if not occurrence.bookable_online:
        return "not_bookable_online"
    if occurrence.booking_opens_at and now < occurrence.booking_opens_at:
        return "booking_not_open"
    if now >= occurrence.booking_closes_at:
        return "booking_closed"
    return None


def _check_bookable(occurrence, channel, now):
    refusal = booking_refusal(occurrence, channel, now)
    if refusal:
        raise BookingError(refusal)


def _check_party(occurrence, adults, children, channel):
    if adults < 0 or children < 0 or adults + children == 0:
        raise BookingError("no_places_requested")
    # The desk may book past the per-booking limit (a group, a waiting list
    # it will make room for), never past what a booking's columns hold.
    if channel == Booking.Channel.ONLINE:
        limit = occurrence.max_places_per_booking
    else:
        limit = PARTY_MAX_PLACES
    if adults + children > limit:
        raise BookingError("too_many_places", max=limit)
    if occurrence.adult_required and adults == 0:
        raise BookingError("outing_needs_adult")


def _same_contact(phone, email):
    same = Q(pk__in=[])
    if phone:
        same |= Q(phone=phone)
    if email:
        same |= Q(email__iexact=email)
    return same


def _place_booking(
    occurrence,
    *,
    code,
    contact,
    adults,
    children,
    channel,
    user,
    series,
    now,
    browser_key,
):
    """Create the booking on a locked session: confirmed if it fits, else waiting.

    Between the lock and the commit other bookings of the session wait: one
    query counts the places and looks for the same contact, one inserts.
    """
    _check_bookable(occurrence, channel, now)
    _check_party(occurrence, adults, children, channel)
    counts = _counts(occurrence, contact)
    if counts.get("same_phone"):
        raise BookingError("duplicate", field="phone")
    if counts.get("same_email"):
        raise BookingError("duplicate", field="email")
    # The online waiting list is first come, first served: nobody online
    # jumps the queue. The desk is not held by it: it books the held-back
    # places and sees the waiting list itself.
    queue_empty = channel == Booking.Channel.STAFF or not counts["waiting"]
    fits = adults + children <= _left(occurrence, counts, channel)
    return Booking.objects.create(
        occurrence=occurrence,
        code=code,
        adults=adults,
        children=children,
        status=Booking.Status.CONFIRMED
        if fits and queue_empty
        else Booking.Status.WAITING,
        channel=channel,
        created_by=user if user and user.is_authenticated else None,
        created_at=now,
        consent_at=now,
        series=series,
        browser_key=browser_key,
        **contact,
    )


def _text(value, *, field, **rules):
    """``value`` through ``text.clean_text``; its refusal is a ``BookingError``."""
    try:
        return clean_text(value, **rules)
    except TextError as error:
        raise BookingError(error.code, field=field, **error.params) from error


def _plausible_email(email):
    # The forms validate the address; this keeps a shell or an import from
    # saving what the column cannot hold or a mail header could not carry.
    local, at, domain = email.rpartition("@")
    return (
        len(email) <= EMAIL_MAX_LENGTH
        and bool(at and local and domain)
        and not any(char.isspace() or not char.isprintable() for char in email)
    )


def hash_browser_key(browser_key):
    """What is stored of a browser's key: a hash, useless to whoever reads it."""
    if not browser_key:
        return ""
    return hashlib.sha256(browser_key.encode()).hexdigest()


def _bookings_made_by(key_hash, session_ids, contact, now):
    """The active bookings this browser just made on these sessions, if any.

    Only the same browser (its key) with the same contact, within the retry
    window: someone else typing the same phone number gets the usual
    "already booked" refusal and sees nothing of the booking.
    """
    if not key_hash:
        return []
    window = timedelta(seconds=settings.BOOKINGS_RETRY_WINDOW)
    first = (
        Booking.objects.active()
        .filter(
            _same_contact(contact["phone"], contact["email"]),
            occurrence_id__in=session_ids,
            browser_key=key_hash,
            created_at__gte=now - window,
        )
        .order_by("created_at", "pk")
        .first()
    )
    if first is None:
        return []
    if first.series is None:
        return [first]
    return list(
        Booking.objects.active()
        .filter(series=first.series)
        .order_by("occurrence__starts_at", "pk")
    )


def _contact(name, phone, email, note, wants_sms=True):
    """The resident's details as saved, or ``BookingError``: what the forms
    refuse (control characters, a name without letters, text or an e-mail
    longer than its column) is refused here too, for every caller."""
    contact = {
        "name": _text(name, field="name", letters=True, max_length=NAME_MAX_LENGTH),
        "phone": normalise_phone(phone),
        "email": normalise_email(email),
        "note": _text(note, field="note", multiline=True, max_length=NOTE_MAX_LENGTH),
        "wants_sms": wants_sms,
    }
    if not contact["name"]:
        raise BookingError("no_name")
    if contact["email"] and not _plausible_email(contact["email"]):
        raise BookingError("invalid_email")
    if not contact["phone"] and not contact["email"]:
        raise BookingError("no_contact")
    return contact


# A booking refused for its party is refused for every session of a series.
PARTY_ERRORS = {"no_places_requested", "too_many_places", "outing_needs_adult"}


def book(occurrence, *, now=None, **resident):
    """Book places on one session and return the booking.

    ``resident``: name, phone and/or email, adults (1), children (0), note,
    channel (online; "staff" at the desk or on the phone) and user (staff).

    Guarantees: the session row is locked while places are counted, so the
    confirmed places never exceed the session's places (online bookings also
    leave the held-back places to the desk). A booking that does not fit, or
    that would pass people already waiting, goes on the waiting list. Raises
    ``BookingError`` and saves nothing for a cancelled, past, closed or
    drop-in session, a party of 0 or over the limit, no contact, or a second
    active booking by the same phone or e-mail on the session. Sends one
    e-mail (with an .ics) after commit when an e-mail was given.

    ``browser_key`` (optional, the booking browser's own secret) makes a
    retry safe: if the same browser already booked this session with the
    same phone or e-mail less than ``BOOKINGS_RETRY_WINDOW`` seconds ago
    (its answer was lost: a fault after the commit), that booking is
    returned again, nothing is created and nothing is sent twice.
    """
    (booking,) = _book([occurrence.pk], series=None, now=now, **resident)
    return booking


def book_series(schedule, *, from_date, now=None, **resident):
    """Book every open session of a weekly schedule from ``from_date`` on.

    Takes the same ``resident`` keywords as ``book``. Each session is checked
    for places on its own, under its own lock, in date order (a fixed order,
    so two series bookings cannot deadlock): each booking is confirmed or
    waiting. Sessions that are closed, cancelled or already booked by this
    contact are skipped. Raises ``BookingError`` if no session could be
    booked, and then saves nothing. Sends one e-mail for the whole series
    after commit. A retry with the same ``browser_key`` returns the series
    already made, as ``book`` does.
    """
    session_ids = (
        Occurrence.objects.filter(schedule=schedule, starts_at__date__gte=from_date)
        .scheduled()
        .order_by("starts_at")
        .values_list("pk", flat=True)
    )
    return _book(list(session_ids), series=uuid.uuid4(), now=now, **resident)


def _book(
    session_ids,
    *,
    series,
    now,
    name,
    phone="",
    email="",
    adults=1,
    children=0,
    note="",
    wants_sms=True,
    channel=Booking.Channel.ONLINE,
    user=None,
    browser_key="",
):
    """Book each session in turn in one transaction; a series skips refusals."""
    now = now or timezone.now()
    contact = _contact(name, phone, email, note, wants_sms)
    key_hash = hash_browser_key(browser_key)
    if series is not None:
        retried = _bookings_made_by(key_hash, session_ids, contact, now)
        if retried:
            return retried
    try:
        return _book_under_new_codes(
            session_ids,
            contact=contact,
            adults=adults,
            children=children,
            channel=channel,
            user=user,
            series=series,
            now=now,
            browser_key=key_hash,
        )
    except BookingError:
        # One session: a booking this browser just made there is refused as
        # a duplicate (or for a reason that came since), never made twice;
        # so it is looked for only then, not on every booking.
        if series is None:
            retried = _bookings_made_by(key_hash, session_ids, contact, now)
            if retried:
                return retried
        raise


def _book_under_new_codes(session_ids, **arguments):
    """``_book_in_transaction`` under fresh codes, again if two bookings drew
    the same one."""
    for attempt in range(1, CODE_ATTEMPTS + 1):
        # Checking a code then inserting it would race: two bookings of two
        # sessions (two locks) may draw the same code at once. The unique
        # index decides; a clash rolls the whole booking back (no savepoint
        # per insert: fewer round trips while the session is locked), and
        # it is made again under other codes.
        codes = [new_booking_code() for _ in session_ids]
        try:
            bookings = _book_in_transaction(session_ids, codes, **arguments)
        except IntegrityError:
            clash = (
                len(set(codes)) < len(codes)
                or Booking.objects.filter(code__in=codes).exists()
            )
            if attempt == CODE_ATTEMPTS or not clash:
                raise
            logger.info("booking code clash, booking again under other codes")
            continue
        for booking in bookings:
            logger.info(
                "booking #%s %s on session %s",
                booking.pk,
                booking.status,
                booking.occurrence_id,
            )
        return bookings


def _book_in_transaction(session_ids, codes, *, contact, series, **party):
    """Book each session in turn, under its lock, in one transaction."""
    bookings = []
    with transaction.atomic():
        contact = {
            **contact,
            "household": households.household_key(contact["phone"], contact["email"]),
        }
        for session_id, code in zip(session_ids, codes, strict=True):
            try:
                booking = _place_booking(
                    lock_session(session_id),
                    code=code,
                    contact=contact,
                    series=series,
                    **party,
                )
            except BookingError as error:
                if series is None or error.code in PARTY_ERRORS:
                    raise
                continue
            bookings.append(booking)
            if party["channel"] == Booking.Channel.STAFF:
                audit.record(
                    booking.occurrence,
                    "bookings.booking_made",
                    user=party["user"],
                    code=booking.code,
                    places=booking.places,
                    status=booking.get_status_display(),
                )
        if not bookings:
            raise BookingError("no_session_in_series")
        notifications.booking_made(bookings)
    return bookings


def cancel(booking, *, by_staff=False, user=None, now=None):
    """Cancel a booking (confirmed or waiting) and promote the waiting list.

    Idempotent: cancelling a cancelled booking changes nothing, sends nothing
    and returns False. A resident may cancel online until the session's
    booking deadline; staff at any time. Tells the resident by e-mail after
    commit (saying who cancelled), and promotes whoever the freed places let in.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = lock_session(booking.occurrence_id)
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if booking.is_cancelled:
            return False
        if not by_staff and booking.is_confirmed and now >= session.booking_closes_at:
            raise BookingError("too_late_to_cancel")
        was_confirmed = booking.is_confirmed
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.calendar_sequence += 1
        booking.save(update_fields=["status", "cancelled_at", "calendar_sequence"])
        logger.info("booking #%s cancelled (staff=%s)", booking.pk, by_staff)
        if by_staff:
            audit.record(
                session, "bookings.booking_cancelled", user=user, code=booking.code
            )
        notifications.booking_cancelled(booking, by_staff=by_staff)
        if was_confirmed or session.bookings.waiting().exists():
            _promote(session, now)
    return True


def _revise_calendar(bookings):
    """Raise the SEQUENCE of these bookings' calendar events: their event
    changed, and a calendar keeps the copy with the highest one."""
    bookings.update(calendar_sequence=F("calendar_sequence") + 1)


def _promote(session, now):
    """Promote waiting bookings of a locked session, in order, while they fit."""
    if session.is_cancelled or session.starts_at <= now:
        return []
    promoted = []
    for waiting in session.bookings.waiting().select_for_update():
        if waiting.places > available_places(session, waiting.channel):
            break  # strict order: a family further down does not pass the first
        waiting.status = Booking.Status.CONFIRMED
        waiting.promoted_at = now
        waiting.calendar_sequence += 1
        waiting.save(update_fields=["status", "promoted_at", "calendar_sequence"])
        promoted.append(waiting)
        notifications.booking_promoted(waiting)
    return promoted


def promote_waiting_list(occurrence, *, now=None):
    """Confirm waiting bookings, first come first served, as far as places allow.

    Idempotent: with no free place or nobody waiting it changes nothing and
    sends nothing. Each promoted resident gets one e-mail after commit, or
    appears on the staff "to call" list if they gave only a phone number.
    Returns the promoted bookings.
    """
    now = now or timezone.now()
    with transaction.atomic():
        return _promote(lock_session(occurrence.pk), now)


def check_in(booking, *, attended, user=None):
    """Record whether the resident came (True), did not (False), or unknown (None).

    Idempotent; only confirmed bookings can be checked in.
    """
    with transaction.atomic():
        booking = (
            Booking.objects.select_for_update(of=("self",))
            .select_related("occurrence__page")
            .get(pk=booking.pk)
        )
        if booking.is_confirmed and booking.attended != attended:
            booking.attended = attended
            booking.save(update_fields=["attended"])
            audit.record(
                booking.occurrence,
                "bookings.check_in",
                user=user,
                code=booking.code,
                attendance=audit.ATTENDANCE[attended],
            )
    return booking


def _check_places(session, places):
    # The one capacity rule, on every path that sets a session's places
    # (set_places, a schedule edit, an outing's places, the daily command):
    # never fewer places than are confirmed, or someone booked loses theirs
    # without being told. ``session`` is locked.
    taken = _counts(session)["taken"]
    if places < taken:
        raise BookingError("places_below_taken", taken=taken)


def places_refusal(schedule, places, *, now=None):
    """The ``BookingError`` that giving ``places`` to ``schedule`` would raise,
    or None: for the editor's forms, which show it next to the field.

    Counts the coming sessions that follow the schedule's places (not those
    whose places were set for them alone), in one query.
    """
    if schedule is None or schedule.pk is None:
        return None
    taken = (
        Occurrence.objects.filter(schedule=schedule, places_changed=False)
        .upcoming(now)
        .scheduled()
        .with_counts()
        .order_by("-places_taken")
        .values_list("places_taken", flat=True)
        .first()
    )
    if taken and places < taken:
        return BookingError("places_below_taken", taken=taken)
    return None


def set_places(occurrence, places, *, user=None, now=None):
    """Change one session's places; more places promote the waiting list.

    Refuses (``BookingError``) to go below the places already confirmed, or
    above the capacity of the resource its schedule holds. The new number is
    kept when the schedule is edited later.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = lock_session(occurrence.pk)
        _check_places(session, places)
        held = session.schedule.resource if session.schedule_id else None
        refusal = reservations.capacity_refusal(held, places)
        if refusal:
            raise refusal
        before = session.places
        session.places = places
        session.places_changed = True
        session.save(update_fields=["places", "places_changed"])
        if before != places:
            audit.record(
                session,
                "bookings.places_changed",
                user=user,
                before=before,
                after=places,
            )
        _promote(session, now)
    return session


def _check_not_started(session, now):
    # A session that has begun is history: cancelling or restoring it would
    # e-mail everyone booked about something already over.
    if session.starts_at <= now:
        raise BookingError("session_started")


def cancel_session(occurrence, *, reason="", user=None, detached=False, now=None):
    """Cancel one coming session; everyone booked or waiting is told.

    Idempotent: a cancelled session is left as it is and nobody is told twice.
    Bookings keep their status, so restoring the session brings them back.
    Refuses (``BookingError``) a session that has started. The reason, told
    to residents, is cleaned as a form would (``BookingError`` for control
    characters or more than its column holds).
    """
    now = now or timezone.now()
    reason = _text(
        reason,
        field="reason",
        max_length=Occurrence._meta.get_field("cancellation_reason").max_length,
    )
    with transaction.atomic():
        session = lock_session(occurrence.pk)
        if session.is_cancelled:
            return False
        _check_not_started(session, now)
        session.status = Occurrence.Status.CANCELLED
        session.cancellation_reason = reason
        session.detached = detached
        session.save(update_fields=["status", "cancellation_reason", "detached"])
        audit.record(session, "bookings.session_cancelled", user=user, reason=reason)
        reservations.release_session(session)
        _revise_calendar(session.bookings.active())
        for booking in session.bookings.active():
            notifications.session_cancelled(booking)
    return True


def restore_session(occurrence, *, user=None, now=None):
    """Put a cancelled coming session back on; everyone booked or waiting is told.

    Idempotent: restoring a session that is on changes nothing. Refuses
    (``BookingError``) a session that has started.
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = lock_session(occurrence.pk)
        if not session.is_cancelled:
            return False
        _check_not_started(session, now)
        session.status = Occurrence.Status.SCHEDULED
        session.cancellation_reason = ""
        session.detached = False
        session.save(update_fields=["status", "cancellation_reason", "detached"])
        audit.record(session, "bookings.session_restored", user=user)
        reservations.hold_session(session)
        _revise_calendar(session.bookings.active())
        for booking in session.bookings.active():
            notifications.session_restored(booking)
    return True


def mark_call_done(call, *, user=None, now=None):
    """Tick a call on the staff "to call" list; idempotent."""
    with transaction.atomic():
        call = (
            PendingCall.objects.select_for_update(of=("self",))
            .select_related("booking__occurrence__page")
            .get(pk=call.pk)
        )
        if call.done_at is None:
            call.done_at = now or timezone.now()
            call.done_by = user
            call.save(update_fields=["done_at", "done_by"])
            audit.record(
                call.booking.occurrence,
                "bookings.call_done",
                user=user,
                code=call.booking.code,
            )
    return call


# Reminders ----------------------------------------------------------------


def send_reminders(*, day=None, now=None):
    """Remind everyone with a confirmed booking on a session held on ``day``
    (tomorrow by default, in Paris) and return how many were reminded.

    Each session is locked in turn, so a session cancelled meanwhile is
    skipped, and a booking is marked reminded in the same transaction as its
    reminder is queued: a second run, even one overlapping the first (it
    waits on the lock, then finds the bookings marked), reminds nobody twice.
    E-mails go after commit; people who gave only a phone go on the staff's
    « À appeler » list (``notifications.send_reminder`` picks the channel).
    """
    now = now or timezone.now()
    day = day or timezone.localdate(now) + timedelta(days=1)
    start = session_start(day, time.min)
    end = session_start(day + timedelta(days=1), time.min)
    session_ids = (
        Occurrence.objects.scheduled()
        .filter(starts_at__gte=max(start, now), starts_at__lt=end)
        .filter(
            bookings__status=Booking.Status.CONFIRMED,
            bookings__reminded_at__isnull=True,
        )
        .order_by("starts_at", "pk")
        .values_list("pk", flat=True)
        .distinct()
    )
    reminded = 0
    for session_id in list(session_ids):
        with transaction.atomic():
            session = lock_session(session_id)
            if session.is_cancelled:
                continue
            bookings = list(
                session.bookings.confirmed()
                .filter(reminded_at__isnull=True)
                .select_for_update()
            )
            for booking in bookings:
                booking.reminded_at = now
                notifications.send_reminder(booking)
            Booking.objects.bulk_update(bookings, ["reminded_at"])
            reminded += len(bookings)
    logger.info("reminders for %s: %s booking(s)", day, reminded)
    return reminded


# Personal data (RGPD) -----------------------------------------------------

ANONYMOUS_NAME = "Personne anonymisée"


def retention_cutoff(*, months=None, now=None):
    """Sessions that ended before this moment are past the retention period."""
    months = settings.BOOKINGS_RETENTION_MONTHS if months is None else months
    if months <= 0:
        raise BookingError("retention_not_positive")
    return (now or timezone.now()) - relativedelta(months=months)


def anonymise(bookings, *, now=None):
    """Erase the names, phones, e-mails and notes of ``bookings`` (a queryset)
    and drop their calls to make; keep what the report counts (household key,
    places, status, attendance). Idempotent; returns how many bookings were
    anonymised. Logs the count only, never the data."""
    now = now or timezone.now()
    with transaction.atomic():
        ids = list(
            bookings.filter(anonymised_at__isnull=True)
            .select_for_update()
            .values_list("pk", flat=True)
        )
        PendingCall.objects.filter(booking_id__in=ids).delete()
        count = Booking.objects.filter(pk__in=ids).update(
            name=ANONYMOUS_NAME, phone="", email="", note="", anonymised_at=now
        )
    logger.info("anonymised %s booking(s)", count)
    return count


def anonymise_expired(*, months=None, now=None):
    """Anonymise the bookings whose session ended more than ``months`` ago
    (``BOOKINGS_RETENTION_MONTHS`` by default). Raises ``BookingError`` for a
    period of 0 or less, changing nothing. Idempotent."""
    cutoff = retention_cutoff(months=months, now=now)
    return anonymise(Booking.objects.filter(occurrence__ends_at__lt=cutoff), now=now)


def purge_form_submissions(*, months=None, now=None):
    """Delete the answers to the site's forms (« Proposez un atelier »,
    contact: names, phones, e-mails typed by residents) sent more than
    ``months`` ago (``BOOKINGS_RETENTION_MONTHS`` by default), as the privacy
    page promises. Raises ``BookingError`` for a period of 0 or less.
    Returns how many were deleted; logs the count only."""
    cutoff = retention_cutoff(months=months, now=now)
    count, _by_model = FormSubmission.objects.filter(submit_time__lt=cutoff).delete()
    logger.info("deleted %s form submission(s) past the retention period", count)
    return count


def bookings_of_person(*, phone="", email=""):
    """Every booking kept with this phone number (in any writing) or e-mail."""
    match = Q(pk__in=[])
    canonical = households.canonical_phone(phone)
    if canonical:
        # Numbers are stored in E.164 since bookings 0008; the national
        # writing covers a row from before it.
        writings = {canonical}
        if canonical.startswith("+33"):
            writings.add("0" + canonical[3:])
        try:
            writings.add(normalise_phone(phone))
        except BookingError:
            pass  # not a phone number: the other writings match nothing
        match |= Q(phone__in=writings)
    if normalise_email(email):
        match |= Q(email__iexact=normalise_email(email))
    return Booking.objects.filter(match, anonymised_at__isnull=True)


def person_fingerprint(bookings):
    """A digest of what is kept about a person: it changes when a booking is
    added, changes state or is erased (a confirmation form made before that
    is stale)."""
    rows = sorted(bookings.values_list("pk", "status", "anonymised_at"))
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def erase_person(*, phone="", email="", fingerprint, user=None, now=None):
    """Erase what is kept about one person (the right to erasure).

    Their coming bookings are cancelled first (the waiting list moves up,
    nobody is e-mailed: the address is being erased), then every booking
    of theirs is anonymised as after the retention period, so the report
    keeps its figures. Refuses with ``BookingError`` and changes nothing
    when nothing matches or when ``fingerprint`` is not that of the
    bookings now (the confirmation was made on a list that has changed).
    Returns how many bookings were erased.
    """
    now = now or timezone.now()
    with transaction.atomic():
        bookings = bookings_of_person(phone=phone, email=email)
        if not bookings.exists():
            raise BookingError("nobody_found")
        if person_fingerprint(bookings) != fingerprint:
            raise BookingError("stale_erasure")
        coming = bookings.active().filter(occurrence__starts_at__gt=now)
        for session_id in sorted(set(coming.values_list("occurrence", flat=True))):
            session = lock_session(session_id)
            ids = list(coming.filter(occurrence=session).values_list("pk", flat=True))
            Booking.objects.filter(pk__in=ids).update(
                status=Booking.Status.CANCELLED, cancelled_at=now
            )
            _promote(session, now)
        audit.record_person_request(
            bookings.select_related("occurrence"), "bookings.person_erased", user=user
        )
        return anonymise(bookings_of_person(phone=phone, email=email), now=now)


# Sessions from schedules --------------------------------------------------


def _session_rules(schedule, starts_at):
    opens, closes = booking_window(schedule, starts_at)
    return {
        "page_id": schedule.page_id,
        "organisation_id": schedule.organisation_id,
        # Elapsed time, in UTC: the same end whichever zone starts_at is in.
        "ends_at": starts_at.astimezone(UTC) + schedule.duration,
        "places_held_back": schedule.places_held_back,
        "max_places_per_booking": schedule.max_places_per_booking,
        "bookable_online": schedule.bookable_online,
        "adult_required": schedule.adult_required,
        "booking_opens_at": opens,
        "booking_closes_at": closes,
    }


def materialise_schedule(schedule, *, today=None, horizon_days=None, now=None):
    """Bring a schedule's future sessions in line with its rules, up to the horizon.

    Creates the missing sessions and refreshes the booking rules of the
    existing ones (their places too, unless set for that session alone).
    A future session the schedule no longer has is deleted when nobody booked
    it; when somebody did, it is cancelled instead and they are told (e-mail,
    or the staff "to call" list). Idempotent: a second run changes nothing.
    Runs under a lock on the schedule, so the publish hook and the daily
    command cannot create the same session twice. Raises ``BookingError``
    and changes nothing when the schedule's places are below what a coming
    session has confirmed (one capacity rule with ``set_places``), or above
    the capacity of the resource it holds (a minibus's seats).
    """
    now = now or timezone.now()
    refusal = reservations.capacity_refusal(schedule.resource, schedule.places)
    if refusal:
        raise refusal
    today = today or timezone.localdate(now)
    horizon = today + timedelta(days=horizon_days or settings.BOOKINGS_HORIZON_DAYS)
    starts = (
        session_start(day, schedule.start_time)
        for day in session_days(schedule, today, horizon)
    )
    wanted = [starts_at for starts_at in starts if starts_at > now]  # date order
    still_wanted = set(wanted)
    with transaction.atomic():
        schedule = Schedule.objects.select_for_update().get(pk=schedule.pk)
        existing = {
            session.starts_at: session
            for session in Occurrence.objects.select_for_update().filter(
                schedule=schedule, starts_at__gt=now
            )
        }
        new_sessions = [
            Occurrence(
                schedule=schedule,
                starts_at=starts_at,
                places=schedule.places,
                **_session_rules(schedule, starts_at),
            )
            for starts_at in wanted
            if starts_at not in existing
        ]
        Occurrence.objects.bulk_create(new_sessions)
        signals.announce(new_sessions)  # bulk_create sends no post_save
        for starts_at, session in existing.items():
            if starts_at in still_wanted:
                _refresh_session(schedule, session, now)
            else:
                _retire_session(session, now)
        reservations.sync_session_reservations(schedule, now=now)
    return new_sessions


def _refresh_session(schedule, session, now):
    rules = _session_rules(schedule, session.starts_at)
    if not session.places_changed:
        rules["places"] = schedule.places
    changed = [name for name, value in rules.items() if getattr(session, name) != value]
    more_places = rules.get("places", session.places) > session.places
    if rules.get("places", session.places) < session.places:
        _check_places(session, rules["places"])
    for name in changed:
        setattr(session, name, rules[name])
    if changed:
        session.save(update_fields=changed)
    if "ends_at" in changed:
        _revise_calendar(session.bookings.active())
    if session.detached:
        restore_session(session, now=now)
    elif more_places:
        _promote(lock_session(session.pk), now)


def _retire_session(session, now):
    # Any booking, even cancelled, is history: the session stays (cancelled,
    # detached) and only a session nobody ever booked is deleted.
    if session.bookings.exists():
        if not session.is_cancelled:
            cancel_session(
                session, reason=REMOVED_FROM_PROGRAMME, detached=True, now=now
            )
    else:
        session.delete()


def retire_schedule(schedule, *, now=None):
    """Before a schedule is deleted: drop its future sessions nobody booked and
    cancel (telling the people booked) those somebody did. Past sessions stay,
    detached from the schedule, for the attendance records."""
    now = now or timezone.now()
    with transaction.atomic():
        for session in Occurrence.objects.select_for_update().filter(
            schedule=schedule, starts_at__gt=now
        ):
            _retire_session(session, now)


def withdraw_page_sessions(page, *, reason=WITHDRAWN_FROM_SITE, user=None, now=None):
    """Cancel the coming sessions of ``page`` that people booked, telling them.

    For a page taken off the site (unpublished from the shell, or by its
    scheduled expiry: the admin refuses to unpublish such a page): its
    bookings would otherwise stay confirmed for a session nobody can see.
    Idempotent: sessions already cancelled are left as they are. Returns the
    sessions cancelled.
    """
    now = now or timezone.now()
    sessions = (
        Occurrence.objects.filter(page=page)
        .upcoming(now)
        .scheduled()
        .with_active_bookings()
    )
    return [
        session
        for session in sessions
        if cancel_session(session, reason=reason, user=user, now=now)
    ]


def materialise_page(page, **options):
    """Materialise every schedule of a page; returns the sessions created."""
    created = []
    for schedule in Schedule.objects.filter(page=page):
        created += materialise_schedule(schedule, **options)
    return created


def materialise_all(**options):
    """Materialise the schedules of every live page (the daily command).

    A schedule refused (places below what is confirmed: set from the shell,
    the editor's form refuses it) is left as it is and logged; the others
    are materialised. Returns the sessions created.
    """
    created = []
    schedules = Schedule.objects.filter(page__live=True).select_related("page")
    for schedule in schedules:
        try:
            created += materialise_schedule(schedule, **options)
        except BookingError as error:
            logger.error(
                "schedule %s of page %s refused: %s",
                schedule.pk,
                schedule.page_id,
                error.message,
            )
    # Time passing alone changes which sessions are coming (a weekday
    # filter, a page's list): every page gets its signal, after the work.
    signals.announce(schedules)
    return created


def single_date_schedule(page, *, day, start_time, duration_minutes, **rules):
    """The one-date schedule ``page`` would have with these values, unsaved.

    Read only: the publication check asks it what the sessions would hold.
    """
    schedule = (
        Schedule.objects.filter(page=page).order_by("pk").first() if page.pk else None
    )
    if schedule is None:
        schedule = Schedule(page=page)
    dates = schedule.recurrences.rdates if schedule.recurrences else []
    if [local_date(d) for d in dates] != [day] or schedule.recurrences.rrules:
        schedule.recurrences = Recurrence(rdates=[session_start(day, start_time)])
    schedule.starts_on = schedule.ends_on = day
    schedule.start_time = start_time
    schedule.duration_minutes = duration_minutes
    for name, value in rules.items():
        setattr(schedule, name, value)
    schedule.skip_public_holidays = schedule.skip_school_holidays = False
    return schedule


def ensure_single_date_schedule(page, *, day, start_time, duration_minutes, **rules):
    """Keep exactly one one-date schedule on ``page`` (a day outing) and its session.

    ``rules`` are Schedule fields (places, deadlines...). Idempotent.
    """
    with transaction.atomic():
        schedule = single_date_schedule(
            page,
            day=day,
            start_time=start_time,
            duration_minutes=duration_minutes,
            **rules,
        )
        schedule.save()
        _drop_schedules(Schedule.objects.filter(page=page).exclude(pk=schedule.pk))
        materialise_schedule(schedule)
    return schedule


def retire_page_schedules(page, *, now=None):
    """A page that no longer takes bookings (a sport event closed to them):
    its schedules go, their coming sessions with them (``retire_schedule``:
    dropped, or cancelled with the people booked told); past sessions stay
    for the records. Idempotent."""
    with transaction.atomic():
        _drop_schedules(Schedule.objects.filter(page=page), now=now)


def _drop_schedules(schedules, *, now=None):
    for schedule in schedules:
        retire_schedule(schedule, now=now)
        schedule.delete()


# Shared resources ---------------------------------------------------------
# The reservations of shared resources have their own module; they are part
# of the services all the same.
from .reservations import (  # noqa: E402, F401
    approve_reservation,
    cancel_reservation,
    capacity_refusal,
    event_collisions,
    extend_all_series,
    import_ics,
    refuse_reservation,
    release_page,
    reserve,
    reserve_for_page,
    reserve_series,
    schedule_collisions,
)
