"""Telling residents what happened to their booking.

Services call these inside their transaction. Each booking is told by one
channel (``channel``): with an e-mail address, an e-mail; with a mobile
number and no e-mail, an SMS (``bookings.sms``) unless the resident asked for
none; otherwise (a landline, or no SMS wanted) a call is put on the staff's
« À appeler » list, in the same transaction as the change. E-mails and SMS
are queued to go once the transaction commits (django-tasks: at once by
default, through a worker in production).

An e-mail that cannot be sent (mail server down, hanging past
``EMAIL_TIMEOUT``, refusing) is tried again after each of
``BOOKINGS_EMAIL_RETRY_DELAYS`` (seconds) when the task backend can defer
work; once the last try fails, the resident goes on the « À appeler » list
with the reason « e-mail non envoyé »: a failure is never silent.
"""

import functools
import logging
import re
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django_tasks import task

from . import sms
from .calendar import ical_for_bookings
from .links import manage_url
from .models import Booking, PendingCall
from .phones import is_mobile
from .retries import retry_or_call

logger = logging.getLogger(__name__)

# kind -> the reason of the call when the resident has no e-mail (None: no call)
KINDS = {
    "made": None,
    "cancelled": None,
    "cancelled_by_staff": None,
    "promoted": PendingCall.Reason.PROMOTED,
    "session_cancelled": PendingCall.Reason.SESSION_CANCELLED,
    "session_restored": PendingCall.Reason.SESSION_RESTORED,
    "reminder": PendingCall.Reason.REMINDER,
}
# E-mails with the booking's calendar file: to add or update the event, or,
# for a cancellation, to remove it from the resident's calendar.
WITH_CALENDAR = {
    "made",
    "promoted",
    "session_restored",
    "cancelled",
    "cancelled_by_staff",
    "session_cancelled",
    "reminder",
}


EMAIL, SMS, CALL = "email", "sms", "call"


def channel(booking):
    """How this resident is told: e-mail, SMS, a call by staff, or None."""
    if booking.email:
        return EMAIL
    if not booking.phone:
        return None
    if booking.wants_sms and is_mobile(booking.phone):
        return SMS
    return CALL


def _notify(bookings, kind):
    by_channel = {EMAIL: [], SMS: [], CALL: []}
    for booking in bookings:
        if (way := channel(booking)) is not None:
            by_channel[way].append(booking)
    # One message per resident: the bookings of one call are one person's.
    for way, send in ((EMAIL, send_booking_email), (SMS, sms.send_booking_sms)):
        if by_channel[way]:
            ids = [booking.pk for booking in by_channel[way]]
            transaction.on_commit(functools.partial(send.enqueue, ids, kind))
    reason = KINDS[kind]
    if reason and by_channel[CALL]:
        PendingCall.objects.bulk_create(
            PendingCall(booking=booking, reason=reason) for booking in by_channel[CALL]
        )


def booking_made(bookings):
    _notify(bookings, "made")


def booking_cancelled(booking, *, by_staff=False):
    _notify([booking], "cancelled_by_staff" if by_staff else "cancelled")


def booking_promoted(booking):
    _notify([booking], "promoted")


def session_cancelled(booking):
    _notify([booking], "session_cancelled")


def session_restored(booking):
    _notify([booking], "session_restored")


def send_reminder(booking):
    """Remind someone of tomorrow's session through the channel they gave.

    An e-mail (with the cancel link and the .ics) after commit when there is
    an address, an SMS to a mobile number, otherwise a call on the staff's
    « À appeler » list (``channel``).
    """
    _notify([booking], "reminder")


def one_line(subject):
    """A rendered subject on one line, keeping its non-breaking spaces."""
    return re.sub(r"[ \t\r\n]+", " ", subject).strip()


@task()
def send_booking_email(booking_ids, kind, attempt=1):
    """Send one e-mail about one or more bookings of one resident.

    On a failure to reach the mail server, queue the next try, or after the
    last one put the resident on the call list (``_email_failed``).
    """
    bookings = list(
        Booking.objects.filter(pk__in=booking_ids)
        .with_waiting_rank()
        .select_related("occurrence__page")
        .order_by("occurrence__starts_at")
    )
    if not bookings or not bookings[0].email:
        return  # gone, or its address erased since (right to erasure)
    first = bookings[0]
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "bookings": [(booking, manage_url(booking)) for booking in bookings],
            "booking": first,
            "session": first.occurrence,
            "page": first.occurrence.page.specific,
            "manage_url": manage_url(first),
            "site_url": settings.SITE_URL,
        }
        subject = render_to_string(f"bookings/email/{kind}_subject.txt", context)
        body = render_to_string(f"bookings/email/{kind}.txt", context)
    message = EmailMultiAlternatives(
        subject=one_line(subject), body=body, to=[first.email]
    )
    if kind in WITH_CALENDAR:
        cancelling = all(booking.is_off for booking in bookings)
        message.attach(
            "annulation.ics" if cancelling else "reservation.ics",
            ical_for_bookings(bookings, manage_url_for=manage_url),
            "text/calendar; method=CANCEL" if cancelling else "text/calendar",
        )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        retry_or_call(
            send_booking_email,
            [booking.pk for booking in bookings],
            kind,
            attempt,
            error,
            what="E-mail",
            booking=first,
            reason=PendingCall.Reason.EMAIL_FAILED,
        )


# Shared resources ----------------------------------------------------------


def reservation_decided(reservation):
    """Tell the partner, after commit, that its request was approved or refused."""
    transaction.on_commit(lambda: send_reservation_email.enqueue(reservation.pk))


def reservation_recipients(organisation):
    emails = {organisation.email} if organisation.email else set()
    emails |= set(
        organisation.members.filter(is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    return sorted(emails)


@task()
def send_reservation_email(reservation_id):
    """One e-mail to the organisation's contacts about a decided request."""
    from .resources import Reservation

    reservation = Reservation.objects.select_related("resource", "organisation").get(
        pk=reservation_id
    )
    recipients = reservation_recipients(reservation.organisation)
    if not recipients:
        return
    kind = f"reservation_{reservation.status}"
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "reservation": reservation,
            "admin_url": settings.SITE_URL + reverse("wagtailadmin_home"),
        }
        subject = render_to_string(f"bookings/email/{kind}_subject.txt", context)
        body = render_to_string(f"bookings/email/{kind}.txt", context)
    EmailMultiAlternatives(
        subject=" ".join(subject.split()), body=body, to=recipients
    ).send()
