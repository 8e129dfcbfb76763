"""What a resident is shown about a session or a booking: pure helpers, no writes.

They mirror the rules of ``services`` to choose what to display (a form or a
reason, a cancel button or the local's phone); the services stay the judges
when something is submitted.
"""

import hashlib

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Occurrence
from .prepared import CompiledOnce
from .services import booking_refusal

# Sessions a resident can no longer book, whatever they do: answered 410 Gone.
GONE = frozenset({"session_cancelled", "session_past", "booking_closed"})
# Sessions not bookable online for now, or ever (drop-in): the page explains.
NOT_BOOKABLE = GONE | {"booking_not_open", "not_bookable_online"}


def closed_reason(occurrence, now=None):
    """The ``BookingError`` code that refuses an online booking now, or None."""
    return booking_refusal(occurrence, now=now)


def session_state(occurrence, now=None):
    """One word for a listing: cancelled, past, drop_in, not_open, closed, full, open.

    Expects ``Occurrence.objects.with_counts()`` (no query then). A session
    with people waiting shows as full even with a place left: a new online
    booking would queue behind them.
    """
    reason = closed_reason(occurrence, now)
    if reason:
        return {
            "session_cancelled": "cancelled",
            "session_past": "past",
            "not_bookable_online": "drop_in",
            "booking_not_open": "not_open",
            "booking_closed": "closed",
        }[reason]
    if not hasattr(occurrence, "places_taken"):  # not annotated: one query
        occurrence = Occurrence.objects.with_counts().get(pk=occurrence.pk)
    if occurrence.bookings_waiting or occurrence.places_left_online() <= 0:
        return "full"
    return "open"


def shown_as(sessions, now=None):
    """What a listing shows of ``sessions`` (annotated by ``with_counts()``),
    as one short string: two listings of equal strings show the same lines.

    Each session's id, page, times, state, and what its state says (places
    left, the opening date of its bookings, the reason it is cancelled). A
    listing rendered once can be kept under it (``{% fragment %}``), with the
    site's generation for what its pages say.
    """
    now = now or timezone.now()
    shown = []
    for session in sessions:
        # The state the listing shows, when it was given one.
        state = getattr(session, "state", None) or session_state(session, now)
        shown.append(
            (
                session.pk,
                session.page_id,
                session.starts_at.timestamp(),
                session.ends_at.timestamp(),
                state,
                session.places_left_online() if state == "open" else None,
                str(session.booking_opens_at) if state == "not_open" else None,
                session.cancellation_reason if state == "cancelled" else None,
            )
        )
    return hashlib.sha256(repr(shown).encode()).hexdigest()


def _session_with_counts(session_id):
    return Occurrence.objects.live().filter(pk=session_id).with_counts()


# The booking page's session with its places: its SQL compiled once per
# process (``bookings.prepared``).
SESSION_WITH_COUNTS = CompiledOnce(_session_with_counts)


def session_with_counts(session_id):
    """A live session with its counts, for the booking page, or None; its
    page and schedule are read when asked for."""
    return SESSION_WITH_COUNTS.one(session_id)


def can_cancel_online(booking, now=None):
    """Whether the resident may still cancel from the manage link.

    A waiting booking can always leave the list before the session starts; a
    confirmed one until the booking deadline (after that, the local decides).
    """
    now = now or timezone.now()
    session = booking.occurrence
    if booking.is_cancelled or session.starts_at <= now:
        return False
    if booking.is_waiting:
        return True
    return now < session.booking_closes_at


def series_sessions_from(occurrence):
    """How many scheduled sessions of the occurrence's schedule start from it on.

    No query for a session read ``with_series_sessions_from``.
    """
    if hasattr(occurrence, "series_sessions_from"):
        return occurrence.series_sessions_from
    if occurrence.schedule_id is None:
        return 0
    return _sessions_from(occurrence.schedule_id, occurrence.starts_at).count()


def _session_to_book(session_id):
    return with_series_sessions_from(Occurrence.objects.live().filter(pk=session_id))


# The booking form's session, by id: read on every booking, its SQL compiled
# once per process (``bookings.prepared``).
SESSION_TO_BOOK = CompiledOnce(_session_to_book)


def session_to_book(session_id):
    """A live session with ``series_sessions_from``, or None; its page and
    schedule are read when asked for (a booking made needs neither)."""
    return SESSION_TO_BOOK.one(session_id)


def with_series_sessions_from(sessions):
    """Annotate ``series_sessions_from`` in the same query as the sessions."""
    later = (
        _sessions_from(OuterRef("schedule_id"), OuterRef("starts_at"))
        .order_by()
        .values("schedule_id")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return sessions.annotate(series_sessions_from=Coalesce(Subquery(later), 0))


def _sessions_from(schedule_id, starts_at):
    return Occurrence.objects.filter(
        schedule_id=schedule_id, starts_at__gte=starts_at
    ).scheduled()
