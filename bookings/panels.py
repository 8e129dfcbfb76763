"""Editor panels of a schedule (series of sessions) in the page editor."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from .calendar import next_session_days

NEXT_DATES_SHOWN = 6
INCOMPLETE_SERIES = _(
    "Les prochaines dates s'afficheront quand la règle et les dates de la série "
    "seront complètes."
)


def next_dates(schedule):
    """The next dates of a complete schedule, saved or not."""
    return next_session_days(schedule, count=NEXT_DATES_SHOWN)


class NextDatesPanel(Panel):
    """The next dates the series will produce, holidays and exclusions applied,
    so the coordinator sees what residents will see before publishing.

    Shows the dates of the schedule as the editor loaded it (the draft too);
    ``recurrence-wagtail.js`` asks ``next_dates_url`` again after each change.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Prochaines dates"))
        super().__init__(**kwargs)

    class BoundPanel(Panel.BoundPanel):
        template_name = "bookings/admin/panels/next_dates.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            schedule = self.instance
            if schedule.starts_on and schedule.recurrences is not None:
                context["dates"] = next_dates(schedule)
            else:
                context["error"] = INCOMPLETE_SERIES
            context["url"] = reverse("bookings_next_dates")
            context["prefix"] = self.form.prefix
            return context
