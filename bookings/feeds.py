"""iCalendar feeds of sessions: the whole site, a page, a local."""

from django.http import HttpResponse

from .calendar import ical_for_sessions
from .models import Occurrence

CONTENT_TYPE = "text/calendar; charset=utf-8"


def feed_sessions(sessions=None):
    """Coming sessions of published, public pages, cancelled ones included.

    Cancelled sessions stay in the feed (STATUS:CANCELLED) so that a calendar
    that already holds them removes them. One query, whatever the number.
    """
    sessions = Occurrence.objects.all() if sessions is None else sessions
    return sessions.upcoming().live().select_related("page").order_by("starts_at", "pk")


def calendar_response(request, sessions, *, name, filename="agenda.ics"):
    """An HTTP response with the feed of ``sessions`` (an Occurrence queryset).

    Served inline, so that a calendar application can subscribe to the URL;
    each event links to its activity page.
    """
    sessions = feed_sessions(sessions)

    def url_for(session):
        return session.page.get_full_url(request)

    response = HttpResponse(
        ical_for_sessions(sessions, name=str(name), url_for=url_for),
        content_type=CONTENT_TYPE,
    )
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
