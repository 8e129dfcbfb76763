"""The public schedule of a shared resource: who uses it when, and when it is free.

A week at a time, Monday to Sunday: each day's reservations (the local's
activities, the partners' events, each with its link) and the free slots
within the opening hours. Two queries whatever the number of reservations.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from home import chrome

from .calendar import add_ical_event, new_ical, paris, session_start
from .feeds import CONTENT_TYPE
from .resources import Reservation, Resource

# How far from today a week may be asked for.
WEEKS_AROUND = 52


@dataclass
class Day:
    day: date
    items: list = field(default_factory=list)  # Slot, in time order

    @property
    def is_empty(self):
        return not self.items


@dataclass
class Slot:
    starts_at: datetime
    ends_at: datetime
    reservation: Reservation | None = None  # None: a free slot
    url: str = ""

    @property
    def is_free(self):
        return self.reservation is None


def monday_of(day):
    return day - timedelta(days=day.weekday())


def free_slots(periods, taken, day):
    """Opening periods of ``day`` less the reservations, as free Slots."""
    free = []
    for period in periods:
        start = session_start(day, period.opens_at)
        end = session_start(day, period.closes_at)
        for reservation in taken:
            if reservation.ends_at <= start or reservation.starts_at >= end:
                continue
            if reservation.starts_at > start:
                free.append(Slot(start, reservation.starts_at))
            start = max(start, reservation.ends_at)
        if start < end:
            free.append(Slot(start, end))
    return free


def week_of(resource, monday, request=None):
    """The seven Days from ``monday``: confirmed reservations and free slots."""
    first = session_start(monday, datetime.min.time())
    last = session_start(monday + timedelta(days=7), datetime.min.time())
    reservations = list(
        Reservation.objects.filter(resource=resource, status="confirmed")
        .between(first, last)
        .select_related("organisation", "page")
        .order_by("starts_at", "pk")
    )
    hours = list(resource.opening_hours.all())
    days = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        taken = [
            r
            for r in reservations
            if timezone.localtime(r.starts_at, paris()).date() == day
        ]
        items = [Slot(r.starts_at, r.ends_at, r, page_url(r, request)) for r in taken]
        periods = [p for p in hours if p.weekday == day.weekday()]
        items += free_slots(periods, taken, day)
        days.append(Day(day, sorted(items, key=lambda s: s.starts_at)))
    return days


def page_url(reservation, request):
    page = reservation.page
    if page is None or not page.live:
        return ""
    chrome.for_request(request)  # the site, known without a query
    return page.get_url(request) or ""


def parse_week(request):
    """The Monday asked for by ``?semaine=AAAA-MM-JJ`` (this week by default);
    None when it is not a date or too far away."""
    today = timezone.localdate()
    text = request.GET.get("semaine", "")
    if not text:
        return monday_of(today)
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    if abs((day - today).days) > WEEKS_AROUND * 7:
        return None
    return monday_of(day)


def schedule(request, slug):
    resource = get_object_or_404(
        Resource.objects.filter(public_schedule=True), slug=slug
    )
    monday = parse_week(request)
    if monday is None:
        return render(
            request,
            "bookings/space_schedule.html",
            {
                "resource": resource,
                "error": _(
                    "Cette semaine n'existe pas : indiquez une date "
                    "AAAA-MM-JJ dans l'année qui vient ou l'année passée."
                ),
            },
            status=400,
        )
    url = reverse("bookings:space_schedule", args=[slug])
    today = timezone.localdate()
    context = {
        "resource": resource,
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "days": week_of(resource, monday, request),
        "today": today,
        "previous_url": f"{url}?semaine={monday - timedelta(days=7)}",
        "next_url": f"{url}?semaine={monday + timedelta(days=7)}",
        "this_week_url": url if monday != monday_of(today) else "",
    }
    return render(request, "bookings/space_schedule.html", context)


def schedule_ical(request, slug):
    """The resource's coming confirmed reservations as an iCal feed."""
    resource = get_object_or_404(
        Resource.objects.filter(public_schedule=True), slug=slug
    )
    reservations = (
        Reservation.objects.filter(resource=resource, ends_at__gte=timezone.now())
        .filter(status__in=["confirmed", "cancelled"])
        .select_related("organisation", "page")
        .order_by("starts_at", "pk")
    )
    calendar = new_ical(resource.name)
    for reservation in reservations:
        add_ical_event(
            calendar,
            uid=f"creneau-{reservation.pk}",
            start=reservation.starts_at,
            end=reservation.ends_at,
            summary=f"{reservation.title} ({reservation.organisation.name})",
            cancelled=reservation.status == "cancelled",
            url=request.build_absolute_uri(page_url(reservation, request))
            if page_url(reservation, request)
            else "",
        )
    response = HttpResponse(calendar.to_ical(), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{slug}.ics"'
    return response
