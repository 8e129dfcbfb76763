"""The django-recurrence widget, made to work inside the Wagtail page editor."""

from django import forms
from django.urls import reverse
from recurrence.forms import RecurrenceWidget as BaseRecurrenceWidget


class RecurrenceWidget(BaseRecurrenceWidget):
    """django-recurrence's rule editor for a schedule in an InlinePanel.

    Two things differ from the stock widget. Its French labels come from the
    project's JavaScript catalog, which must load before ``recurrence.js``
    (that script reads the translations once, when it loads); the stock
    widget looks for a catalog view that Django no longer has and loads none.
    And its own init script watches a ``#container`` element that only the
    Django admin has, so a schedule added with the InlinePanel's button would
    get a bare textarea: ``recurrence-wagtail.js`` initialises the widgets
    instead, those on the page and those the InlinePanel adds.

    Django admin's jQuery and ``jquery.init.js`` are left out on purpose:
    neither ``recurrence.js`` nor the widget uses jQuery (only the replaced
    init script did), and ``jquery.init.js`` replaces ``window.django``,
    which would throw away the Wagtail admin's own JavaScript translations.
    ``recurrence-wagtail.css`` fits the Django-admin styled widget into
    Wagtail's form layout.
    """

    @property
    def media(self):
        return forms.Media(
            js=[
                reverse("javascript-catalog"),
                "recurrence/js/recurrence.js",
                "recurrence/js/recurrence-widget.js",
                "bookings/js/recurrence-wagtail.js",
            ],
            css={
                "all": [
                    "recurrence/css/recurrence.css",
                    "bookings/css/recurrence-wagtail.css",
                ]
            },
        )
