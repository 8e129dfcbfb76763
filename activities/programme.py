"""A local's programme on paper: a week or a month, for the noticeboard and as a PDF.

Many residents do not go online: the local's noticeboard is their website.
The programme lists each day's drop-in hours, sessions and sport events, the
places left at printing time, and how to book: the local's phone, its desk,
and its web address as text and as a QR code.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import segno
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone

from bookings.display import session_state
from bookings.models import Occurrence
from home.restrictions import without_restricted

WEEK, MONTH = "semaine", "mois"


@dataclass
class ProgrammeDay:
    day: date
    drop_in: list = field(default_factory=list)
    sessions: list = field(default_factory=list)
    events: list = field(default_factory=list)

    @property
    def is_empty(self):
        return not (self.drop_in or self.sessions or self.events)


def period_for(period, start=None, today=None):
    """(first day, last day) of the week (Monday to Sunday) or month holding
    ``start``, today by default."""
    start = start or today or timezone.localdate()
    if period == MONTH:
        first = start.replace(day=1)
        following = (first + timedelta(days=32)).replace(day=1)
        return first, following - timedelta(days=1)
    first = start - timedelta(days=start.weekday())
    return first, first + timedelta(days=6)


def programme_days(local, first, last, now=None):
    """Each day from ``first`` to ``last`` with what happens at ``local``.

    Three queries whatever the number of sessions: sessions (with their
    counts), sport events, opening hours.
    """
    from .models import SportEventPage

    now = now or timezone.now()
    starts = timezone.make_aware(datetime.combine(first, time.min))
    ends = timezone.make_aware(datetime.combine(last + timedelta(days=1), time.min))
    sessions = (
        Occurrence.objects.live()
        .scheduled()
        .under(local)
        .filter(starts_at__gte=starts, starts_at__lt=ends)
        .select_related("page", "schedule")
        .with_counts()
        .order_by("starts_at", "pk")
    )
    # An event open to residents' bookings is listed by its session (with
    # its places), not twice.
    events = (
        without_restricted(SportEventPage.objects.descendant_of(local).live())
        .filter(date__gte=first, date__lte=last, takes_bookings=False)
        .order_by("date", "start_time")
    )
    hours = list(local.opening_hours.all())
    days = {}
    current = first
    while current <= last:
        days[current] = ProgrammeDay(
            current, drop_in=[h for h in hours if h.weekday == current.weekday()]
        )
        current += timedelta(days=1)
    for session in sessions:
        session.state = session_state(session, now)
        days[timezone.localtime(session.starts_at).date()].sessions.append(session)
    for event in events:
        days[event.date].events.append(event)
    return list(days.values())


def qr_code_data_uri(url):
    """The QR code of ``url`` as an SVG data URI, dark on white, for print."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=2)


def render_pdf(context, request):
    """The programme as PDF bytes, through WeasyPrint, A4 portrait.

    The stylesheet is read from the static files, not fetched over HTTP, so
    the PDF needs no second request to the site.
    """
    from weasyprint import CSS, HTML

    html = render_to_string(
        "activities/programme.html", {**context, "for_pdf": True}, request=request
    )
    stylesheet = CSS(filename=finders.find("css/programme.css"))
    return HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(
        stylesheets=[stylesheet]
    )
