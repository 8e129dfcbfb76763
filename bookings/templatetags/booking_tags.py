"""Template helpers for sessions and bookings shown to residents."""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse

from bookings import display

register = template.Library()


@register.filter
def session_state(occurrence):
    """cancelled, past, drop_in, not_open, closed, full or open; needs counts."""
    return display.session_state(occurrence)


@register.simple_tag(takes_context=True)
def calendar_feed_url(context, page=None):
    """The iCal feed of ``page`` (its ``calendar`` route), else of the whole site."""
    page = page or context.get("page")
    reverse_subpage = getattr(page, "reverse_subpage", None)
    if reverse_subpage is not None:
        try:
            subpage = reverse_subpage("calendar")
        except NoReverseMatch:
            subpage = None
        url = page.get_url(request=context.get("request"))
        if subpage is not None and url:
            return url + subpage
    return reverse("bookings:site_calendar")


@register.simple_tag
def retention_months():
    """How many months residents' contact details are kept after a session."""
    return settings.BOOKINGS_RETENTION_MONTHS
