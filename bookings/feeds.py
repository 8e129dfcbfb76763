"""iCalendar feeds of sessions: the whole site, a page, a local."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils import timezone

from home import chrome

from .calendar import ical_for_sessions
from .models import Occurrence

CONTENT_TYPE = "text/calendar; charset=utf-8"
WEEKS_PARAMETER = "semaines"


def feed_weeks(request):
    """The weeks ahead a feed covers: ``?semaines=N`` or the default.

    Returns None for a value that is not a whole number from 1 to the maximum.
    """
    value = request.GET.get(WEEKS_PARAMETER)
    if value is None:
        return settings.BOOKINGS_FEED_WEEKS
    if not value.isdigit() or not 1 <= int(value) <= settings.BOOKINGS_FEED_MAX_WEEKS:
        return None
    return int(value)


def feed_sessions(sessions=None, *, weeks=None, now=None):
    """Coming sessions of published, public pages, cancelled ones included.

    Cancelled sessions stay in the feed (STATUS:CANCELLED) so that a calendar
    that already holds them removes them. Only the sessions that start within
    ``weeks`` (by default ``BOOKINGS_FEED_WEEKS``) are kept, so that a feed's
    size does not grow with the programme. One query, whatever the number.
    """
    now = now or timezone.now()
    weeks = weeks or settings.BOOKINGS_FEED_WEEKS
    sessions = Occurrence.objects.all() if sessions is None else sessions
    return (
        sessions.upcoming(now)
        .filter(starts_at__lt=now + timedelta(weeks=weeks))
        .live()
        .select_related("page")
        .order_by("starts_at", "pk")
    )


def calendar_response(request, sessions, *, name, filename="agenda.ics"):
    """An HTTP response with the feed of ``sessions`` (an Occurrence queryset).

    Served inline, so that a calendar application can subscribe to the URL;
    each event links to its activity page. ``?semaines=N`` asks for N weeks
    ahead (at most ``BOOKINGS_FEED_MAX_WEEKS``); another value is refused
    with a 400 and a French message.
    """
    weeks = feed_weeks(request)
    if weeks is None:
        return HttpResponseBadRequest(
            f"Le paramètre «\u00a0{WEEKS_PARAMETER}\u00a0» doit être un nombre "
            f"entier de 1 à {settings.BOOKINGS_FEED_MAX_WEEKS}.",
            content_type="text/plain; charset=utf-8",
        )
    sessions = feed_sessions(sessions, weeks=weeks)

    def url_for(session):
        return session.page.get_full_url(request)

    # Each event is written once per change of the site (and of its session):
    # its title, page address and local come from the site's pages.
    kept = chrome.kept_parts()
    version = f"{chrome.generation(request)}:{request.get_host()}"
    response = HttpResponse(
        ical_for_sessions(
            sessions, name=str(name), url_for=url_for, kept=kept, version=version
        ),
        content_type=CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
