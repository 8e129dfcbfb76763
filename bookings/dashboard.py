"""The coordinator's day on the admin dashboard (Wagtail's home page).

Three panels for staff who manage bookings: today's and tomorrow's sessions
at each local, the calls to make, and the coming week's sessions to watch
(full with a waiting list, or nearly empty). Each panel asks the database
once, whatever the number of sessions.

Other apps add their own panel to this group with the hook
``register_bookings_dashboard_panel``: a function returning a
``DashboardPanel`` (or None). The panel is shown only to the users its
``is_shown`` accepts, staff who manage bookings by default::

    @hooks.register("register_bookings_dashboard_panel")
    def partner_requests_panel():
        return PartnerRequestsPanel()
"""

from datetime import datetime, time, timedelta

from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component

from .locals import with_local
from .models import Occurrence, PendingCall
from .permissions import can_manage_bookings

HOOK = "register_bookings_dashboard_panel"

# A session is "nearly empty" when at most this share of its places is taken.
NEARLY_EMPTY_SHARE = 4  # a quarter
WATCHED_DAYS = 7


def local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def sessions_with_counts():
    return with_local(Occurrence.objects.select_related("page").with_counts())


class DashboardPanel(Component):
    """A panel of the « Réservations » group on the dashboard."""

    # Wagtail's own panels start at 100: the coordinator's day comes first.
    order = 50

    def is_shown(self, request):
        return can_manage_bookings(request.user)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["request"] = parent_context["request"]
        return context


class SessionsSoonPanel(DashboardPanel):
    """Today's and tomorrow's sessions at each local: taken, free, waiting."""

    name = "bookings_sessions_soon"
    template_name = "bookings/admin/dashboard/sessions_soon.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        today = timezone.localdate()
        days = [today, today + timedelta(days=1)]
        sessions = list(
            sessions_with_counts()
            .filter(
                starts_at__gte=local_midnight(today),
                starts_at__lt=local_midnight(today + timedelta(days=2)),
            )
            .order_by("starts_at", "pk")
        )
        by_day = {day: [] for day in days}
        for session in sessions:
            by_day[timezone.localtime(session.starts_at).date()].append(session)
        for day_sessions in by_day.values():
            # Each local's sessions together, in time order.
            day_sessions.sort(key=lambda s: (s.local_title or "", s.starts_at))
        context["days"] = [
            {
                "label": label,
                "date": day,
                "sessions": by_day[day],
            }
            for label, day in zip((_("Aujourd'hui"), _("Demain")), days, strict=True)
        ]
        context["sessions_url"] = reverse("bookings_sessions:index")
        return context


class CallsPanel(DashboardPanel):
    """How many residents to phone, with the link to the list."""

    name = "bookings_calls"
    template_name = "bookings/admin/dashboard/calls.html"
    order = 51

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["count"] = PendingCall.objects.filter(done_at__isnull=True).count()
        context["calls_url"] = reverse("bookings_calls:index")
        return context


class WeekToWatchPanel(DashboardPanel):
    """The coming week's sessions that are full with people waiting, or that
    nearly nobody booked (at most a quarter of the places)."""

    name = "bookings_week_to_watch"
    template_name = "bookings/admin/dashboard/week_to_watch.html"
    order = 52

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        now = timezone.now()
        waiting = Q(bookings_waiting__gt=0)
        nearly_empty = Q(
            bookable_online=True,
            places__gt=0,
            places_taken__lte=F("places") / NEARLY_EMPTY_SHARE,
        )
        context["sessions"] = list(
            sessions_with_counts()
            .scheduled()
            .filter(starts_at__gte=now, starts_at__lt=now + timedelta(WATCHED_DAYS))
            .filter(waiting | nearly_empty)
            .order_by("starts_at", "pk")
        )
        context["days"] = WATCHED_DAYS
        return context


def panels_for(request):
    """The dashboard panels this user may see: ours, then other apps'."""
    panels = [SessionsSoonPanel(), CallsPanel(), WeekToWatchPanel()]
    panels += [fn() for fn in hooks.get_hooks(HOOK)]
    return [panel for panel in panels if panel and panel.is_shown(request)]
