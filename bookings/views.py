"""Public booking views (being written)."""

from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404


book = booked = manage = cancel = booking_ical = site_calendar = _not_yet
