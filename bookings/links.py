"""A booking's personal links, as sent in e-mails and SMS."""

from django.conf import settings
from django.urls import reverse


def manage_url(booking):
    """The long link of the e-mails: the booking's secret token."""
    return settings.SITE_URL + reverse("bookings:manage", args=[booking.token])


def short_manage_url(booking):
    """The short link, to read aloud, copy by hand or text (models.SHORT_KEY_LENGTH)."""
    return settings.SITE_URL + reverse("bookings:short_link", args=[booking.short_key])
