"""Public booking views: book a session, see and cancel a booking, calendars.

Residents have no account: a booking is reached through its secret token,
looked up in the database (unique index) and never through its id. Views
check what was typed (``BookingForm``), call a service and turn its
``BookingError`` into a message next to the field it concerns.

Statuses: unknown session or token 404; a session that can no longer be
booked (cancelled, past, closed) 410 Gone, on GET as on POST, with the reason
and no form; a session not open yet or in free access 200 on GET (the page
explains) and 400 on POST; any refused input 400, the form shown again with
its errors; too many attempts from one address 429.
"""

import functools
import re
import secrets

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from home import chrome

from . import services
from .calendar import ical_for_bookings
from .display import (
    GONE,
    can_cancel_online,
    closed_reason,
    series_sessions_from,
    session_state,
    session_to_book,
    session_with_counts,
)
from .exceptions import BookingError
from .feeds import CONTENT_TYPE, calendar_response
from .forms import HONEYPOT_FIELD, BookingForm
from .links import manage_url, short_manage_url
from .models import Booking, Occurrence
from .notifications import SMS, channel
from .ratelimit import (
    count_booking,
    count_short_link_miss,
    over_limit,
    short_link_refused,
)
from .sms import short_url

# The bookings a browser just made on a session, for the confirmation page
# that follows: their tokens in a signed cookie kept to that session's pages
# (/reserver/<id>/), not in a session in the database: booking writes the
# booking and nothing else. Strictly needed to show the booking: no consent.
BOOKED_COOKIE = "reservations"
BOOKED_SALT = "bookings.booked"
PRIVACY_SLUG = "confidentialite"
# A random key of the browser, set with the booking form and sent back with
# it: when a fault loses the answer to a booking, the resident's retry from
# the same browser is shown the booking made (services.book, browser_key).
# Strictly needed by the booking service: no consent asked (CNIL).
BROWSER_COOKIE = "navigateur"
BROWSER_KEY = re.compile(r"[A-Za-z0-9_-]{32,64}")


def _see_other(url):
    response = redirect(url)
    response.status_code = 303  # after a POST, the browser GETs the next page
    return response


def _privacy_url(request):
    """The privacy policy's address, read with the site's chrome (no query)."""
    return next(
        (
            link.url
            for link in chrome.for_request(request).legal
            if link.slug == PRIVACY_SLUG
        ),
        None,
    )


def _booking_or_404(token):
    return get_object_or_404(
        Booking.objects.with_waiting_rank().select_related("occurrence__page"),
        token=token,
    )


def _browser_key(request):
    key = request.COOKIES.get(BROWSER_COOKIE, "")
    return key if BROWSER_KEY.fullmatch(key) else ""


def with_browser_key(view):
    """Give the browser its key with the booking form, once."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not _browser_key(request):
            response.set_cookie(
                BROWSER_COOKIE,
                secrets.token_urlsafe(32),
                max_age=365 * 24 * 3600,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response

    return wrapped


@require_http_methods(["GET", "HEAD", "POST"])
@with_browser_key
def book(request, session_id):
    session = session_to_book(session_id)
    if session is None:
        raise Http404
    context = {"session": session, "honeypot": HONEYPOT_FIELD}
    if request.method == "POST" and over_limit(request):
        return _limited(request, context)

    reason = closed_reason(session)
    if reason:
        return _closed(request, context, reason)

    form = BookingForm(
        request.POST if request.method == "POST" else None,
        max_places=session.max_places_per_booking,
        series=series_sessions_from(session) > 1,
    )
    context["form"] = form
    if request.method != "POST":
        return _show(request, context)

    if request.POST.get(HONEYPOT_FIELD):
        form.is_valid()  # keep what was typed on the page shown again
        form.add_error(None, _("Votre demande n'a pas pu être enregistrée."))
        return _show(request, context, status=400)
    if not form.is_valid():
        return _show(request, context, status=400)

    try:
        resident = {**form.booking_arguments(), "browser_key": _browser_key(request)}
        if form.wants_series:
            bookings = services.book_series(
                session.schedule,
                from_date=timezone.localdate(session.starts_at),
                **resident,
            )
        else:
            bookings = [services.book(session, **resident)]
    except BookingError as error:
        if error.code in GONE or error.code in {
            "booking_not_open",
            "not_bookable_online",
        }:
            return _closed(request, context, error.code)
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        return _show(request, context, status=400)

    count_booking(request)
    response = _see_other(reverse("bookings:booked", args=[session.pk]))
    remember_bookings(request, response, session, bookings)
    return response


def remember_bookings(request, response, session, bookings):
    """Let this browser, and it alone, see the bookings it just made on
    ``session`` (``booked``) for as long as a session would have."""
    response.set_signed_cookie(
        BOOKED_COOKIE,
        " ".join(booking.token for booking in bookings),
        salt=BOOKED_SALT,
        max_age=settings.SESSION_COOKIE_AGE,
        path=reverse("bookings:book", args=[session.pk]),
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )


def _remembered_tokens(request):
    return request.get_signed_cookie(
        BOOKED_COOKIE,
        default="",
        salt=BOOKED_SALT,
        max_age=settings.SESSION_COOKIE_AGE,
    ).split()


def _show(request, context, status=200):
    """The booking page. Places left and the privacy link are looked up only
    here, for a page shown: a booking that succeeds needs neither."""
    session = session_with_counts(context["session"].pk)
    if session is None:
        raise Http404
    context.update(
        session=session,
        # The session's page, read once per generation of the site.
        page=chrome.shared(
            request,
            ("booking-page", session.page_id),
            lambda: session.page.specific,
        ),
        state=session_state(session),
    )
    form = context.get("form")
    if form is not None:
        form.link_privacy_page(_privacy_url(request))
        # A form with nothing typed in is the same for every visitor: its
        # fields are rendered once per form of the session (a fragment).
        if not form.is_bound and not form.initial:
            context["blank_form"] = "series" if "scope" in form.fields else "one"
    return render(request, "bookings/book.html", context, status=status)


def _limited(request, context):
    """Too many bookings or tries from this client: 429, and the form again
    with what was typed, to send once the window has passed."""
    session = context["session"]
    context["form"] = BookingForm(
        initial=request.POST.dict(),
        max_places=session.max_places_per_booking,
        series=series_sessions_from(session) > 1,
    )
    context["limited"] = True
    response = _show(request, context, status=429)
    response["Retry-After"] = str(settings.BOOKINGS_RATE_LIMIT_WINDOW)
    return response


def _closed(request, context, reason):
    """The session page with why it cannot be booked, and no form."""
    context["reason"] = BookingError(reason).message
    context["reason_code"] = reason
    if reason in GONE:
        status = 410
    else:
        status = 400 if request.method == "POST" else 200
    return _show(request, context, status=status)


@never_cache
@require_GET
def booked(request, session_id):
    bookings = list(
        Booking.objects.filter(token__in=_remembered_tokens(request))
        .with_waiting_rank()
        .select_related("occurrence__page")
        .order_by("occurrence__starts_at", "pk")
    )
    if not bookings:
        # Another browser, or its cookie expired: the booking is in the
        # e-mail; this page has nothing to show.
        return redirect("bookings:book", session_id=session_id)
    for booking in bookings:
        booking.rank = booking.waiting_rank()
        booking.manage_url = manage_url(booking)
        booking.short_url = short_manage_url(booking)
        booking.short_url_text = short_url(booking)
        booking.gets_sms = channel(booking) == SMS
    first = bookings[0]
    return render(
        request,
        "bookings/booked.html",
        {
            "bookings": bookings,
            "booking": first,
            "session": first.occurrence,
            "page": first.occurrence.page.specific,
            "is_series": len(bookings) > 1 or first.series is not None,
        },
    )


def _manage_context(booking):
    return {
        "booking": booking,
        "session": booking.occurrence,
        "page": booking.occurrence.page.specific,
        "rank": booking.waiting_rank(),
        "can_cancel": can_cancel_online(booking),
        "session_over": booking.occurrence.starts_at <= timezone.now(),
        "manage_url": manage_url(booking),
    }


@never_cache
@require_GET
def short_link(request, key):
    """The short link: on to the booking's page, or a 404 that counts.

    Lookups that find nothing are limited per client and for the whole site
    (``ratelimit.short_link_refused``; the arithmetic is in models.py, by
    ``SHORT_KEY_LENGTH``): past the limit, a French 429, and the long links
    of e-mails keep working.
    """
    if short_link_refused(request):
        response = render(request, "bookings/short_link_limited.html", status=429)
        response["Retry-After"] = str(settings.BOOKINGS_SHORT_LINK_WINDOW)
        return response
    booking = (
        Booking.objects.filter(short_key=key.strip().upper()).only("token").first()
    )
    if booking is None:
        count_short_link_miss(request)
        raise Http404("Lien de réservation inconnu")
    return redirect("bookings:manage", token=booking.token)


@never_cache
@require_GET
def manage(request, token):
    booking = _booking_or_404(token)
    return render(request, "bookings/manage.html", _manage_context(booking))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request, token):
    booking = _booking_or_404(token)
    if request.method != "POST":
        return redirect(reverse("bookings:manage", args=[token]) + "#annuler")
    try:
        cancelled = services.cancel(booking)
    except BookingError as error:
        booking.refresh_from_db()
        context = _manage_context(booking)
        context["cancel_error"] = error.message
        return render(request, "bookings/manage.html", context, status=400)
    if cancelled:
        if booking.is_waiting:
            messages.success(request, _("Vous avez quitté la liste d'attente."))
        else:
            messages.success(request, _("Votre réservation est annulée. Merci !"))
    return _see_other(reverse("bookings:manage", args=[token]))


@never_cache
@require_GET
def booking_ical(request, token):
    booking = _booking_or_404(token)
    content = ical_for_bookings([booking], manage_url_for=manage_url)
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    filename = f"reservation-{booking.code}.ics"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def site_calendar(request):
    site = chrome.for_request(request).site  # no query while the site is unchanged
    name = (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME
    return calendar_response(request, Occurrence.objects.all(), name=name)
