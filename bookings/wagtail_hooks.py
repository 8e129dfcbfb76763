"""The « Réservations » menu of the Wagtail admin: sessions, bookings and
exports, calls to make, finding a booking.

Everything under it shows residents' personal data: for staff with the
"manage_bookings" permission, and for a partner the sessions, bookings and
calls of its own events only (see ``bookings.permissions``); the yearly
report and a person's data are for the staff only.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import Page
from wagtail.permissions import register_permission_policy

from activities.admin_views import PROGRAMMES, ProgrammesView

from . import (
    admin_views,
    audit,  # noqa: F401 (registers the log actions)
    dashboard,
    person_views,
    report_views,
    reservation_views,
    reservations,
)
from .account import StaffPreferencePanel
from .admin_forms import BookingFilterSet, SessionFilterSet
from .models import Booking, Occurrence, Organisation, PendingCall, Resource
from .permissions import (
    ManageBookingsMenuItem,
    ManageBookingsPolicy,
    SeeBookingsMenuItem,
    is_partner_only,
)

# Registered before any viewset asks for a policy, as Wagtail requires.
for model in (Occurrence, Booking, PendingCall):
    register_permission_policy(model, ManageBookingsPolicy(model))


class ReadOnlyModelViewSet(ModelViewSet):
    """A listing only: Wagtail's add, edit, copy, delete and history views
    would write rows behind the services' back, so they have no URL."""

    copy_view_enabled = False
    # Saving a booking must not also write Wagtail's reference index.
    add_to_reference_index = False
    menu_item_class = SeeBookingsMenuItem

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            add_url_name=None,
            edit_url_name=None,
            delete_url_name=None,
            history_url_name=None,
            usage_url_name=None,
            **kwargs,
        )

    def get_urlpatterns(self):
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
        ]

    def register_admin_url_finder(self):
        pass  # no edit view to point at

    def get_permissions_to_register(self):
        return Permission.objects.none()


class SessionViewSet(ReadOnlyModelViewSet):
    model = Occurrence
    name = admin_views.SESSIONS
    url_prefix = "seances"
    icon = "calendar"
    menu_label = _("Séances")
    index_view_class = admin_views.SessionIndexView
    filterset_class = SessionFilterSet
    ordering = ["starts_at", "pk"]
    list_per_page = 50

    def get_urlpatterns(self):
        views = admin_views
        return super().get_urlpatterns() + [
            path("<int:pk>/", views.SessionView.as_view(), name="detail"),
            path(
                "<int:pk>/reserver/", views.AddBookingView.as_view(), name="add_booking"
            ),
            path(
                "<int:pk>/reservations/<int:booking_pk>/annuler/",
                views.CancelBookingView.as_view(),
                name="cancel_booking",
            ),
            path(
                "<int:pk>/reservations/<int:booking_pk>/presence/",
                views.CheckInView.as_view(),
                name="check_in",
            ),
            path("<int:pk>/places/", views.SessionPlacesView.as_view(), name="places"),
            path("<int:pk>/annuler/", views.CancelSessionView.as_view(), name="cancel"),
            path(
                "<int:pk>/retablir/", views.RestoreSessionView.as_view(), name="restore"
            ),
            path(
                "<int:pk>/emargement/",
                views.AttendanceSheetView.as_view(),
                name="sheet",
            ),
        ]


class BookingViewSet(ReadOnlyModelViewSet):
    model = Booking
    name = admin_views.BOOKINGS
    url_prefix = "reservations"
    icon = "table"
    menu_label = _("Réservations et exports")
    index_view_class = admin_views.BookingIndexView
    filterset_class = BookingFilterSet
    ordering = ["occurrence__starts_at", "created_at", "pk"]
    list_per_page = 50
    search_fields = ["name"]
    # The secret token of the manage link is never listed nor exported.
    list_export = [
        "local",
        "activity",
        "session_date",
        "session_time",
        "session_status",
        "name",
        "phone",
        "email",
        "adults",
        "children",
        "status",
        "channel",
        "attended",
        "code",
        "note",
        "created_at",
    ]
    export_headings = {
        "local": _("Local"),
        "activity": _("Activité"),
        "session_date": _("Date"),
        "session_time": _("Heure"),
        "session_status": _("Séance"),
        "name": _("Nom"),
        "phone": _("Téléphone"),
        "email": _("E-mail"),
        "adults": _("Adultes"),
        "children": _("Enfants"),
        "status": _("État"),
        "channel": _("Origine"),
        "attended": _("Présence"),
        "code": _("Code"),
        "note": _("Remarque"),
        "created_at": _("Réservée le"),
    }

    def get_permissions_to_register(self):
        # Shown in the group editor as « Gérer les réservations et voir les
        # coordonnées des habitants ».
        return Permission.objects.filter(
            content_type__app_label="bookings", codename="manage_bookings"
        )


class StaffViewSet(ViewSet):
    """A custom staff page with its own menu item."""

    menu_item_class = ManageBookingsMenuItem
    urlpatterns = ()

    def get_urlpatterns(self):
        return list(self.urlpatterns)


class CallsViewSet(StaffViewSet):
    menu_item_class = SeeBookingsMenuItem
    name = admin_views.CALLS
    url_prefix = "a-appeler"
    icon = "mobile-alt"
    menu_label = _("À appeler")
    urlpatterns = (
        path("", admin_views.CallsView.as_view(), name="index"),
        path("<int:pk>/fait/", admin_views.CallDoneView.as_view(), name="done"),
    )


class FindBookingViewSet(StaffViewSet):
    menu_item_class = SeeBookingsMenuItem
    name = admin_views.FIND
    url_prefix = "retrouver"
    icon = "search"
    menu_label = _("Retrouver une réservation")
    urlpatterns = (path("", admin_views.FindBookingView.as_view(), name="index"),)


class ReportViewSet(StaffViewSet):
    name = report_views.REPORT
    url_prefix = "bilan"
    icon = "doc-full"
    menu_label = _("Bilan annuel")
    urlpatterns = (path("", report_views.ReportView.as_view(), name="index"),)


class PersonDataViewSet(StaffViewSet):
    name = person_views.PERSON
    url_prefix = "donnees-personnelles"
    icon = "user"
    menu_label = _("Données d'une personne")
    urlpatterns = (path("", person_views.PersonDataView.as_view(), name="index"),)


class ProgrammesViewSet(StaffViewSet):
    name = PROGRAMMES
    url_prefix = "programmes"
    icon = "clipboard-list"
    menu_label = _("Programmes à imprimer")
    urlpatterns = (path("", ProgrammesView.as_view(), name="index"),)


class BookingsMenu(ViewSetGroup):
    menu_label = _("Réservations")
    menu_icon = "calendar-check"
    menu_order = 250
    items = (
        SessionViewSet,
        CallsViewSet,
        FindBookingViewSet,
        BookingViewSet,
        ReportViewSet,
        ProgrammesViewSet,
        PersonDataViewSet,
    )


@hooks.register("register_admin_viewset")
def register_bookings_menu():
    return BookingsMenu()


@hooks.register("construct_homepage_panels")
def add_coordinator_panels(request, panels):
    """Today at a glance, for staff who manage bookings only."""
    panels.extend(dashboard.panels_for(request))


@hooks.register("register_admin_urls")
def series_editor_urls():
    return [
        path(
            "series/prochaines-dates/",
            admin_views.NextDatesView.as_view(),
            name="bookings_next_dates",
        )
    ]


@hooks.register("register_account_settings_panel")
def staff_preference_panel(request, user, profile):
    return StaffPreferencePanel(request, user, profile)


@hooks.register("insert_global_admin_css")
def staff_pages_css():
    return format_html(
        '<link rel="stylesheet" href="{}">', static("bookings/css/admin.css")
    )


def _refusal(request, message, next_url):
    messages.error(request, message)
    return redirect(next_url)


def _deletion_refused(request, pages, next_url):
    """Pages whose sessions people booked keep them, with their history: the
    model protects the bookings (``on_delete=PROTECT``); this tells the editor
    why, in French, before Wagtail tries."""
    for page in pages:
        booked = Occurrence.objects.under(page).with_bookings().count()
        if booked:
            message = ngettext(
                "Impossible de supprimer « %(title)s » : %(count)s séance a des "
                "réservations, à venir ou passées, gardées pour l'historique et "
                "le bilan. Pour retirer la page du site, annulez ses séances à "
                "venir (menu Réservations) puis dépubliez-la.",
                "Impossible de supprimer « %(title)s » : %(count)s séances ont des "
                "réservations, à venir ou passées, gardées pour l'historique et "
                "le bilan. Pour retirer la page du site, annulez ses séances à "
                "venir (menu Réservations) puis dépubliez-la.",
                booked,
            ) % {"title": page.title, "count": booked}
            return _refusal(request, message, next_url)
    return None


def _unpublishing_refused(request, pages, next_url, *, include_descendants):
    """Unpublishing hides sessions people booked: they must be cancelled first
    (menu Réservations), so that the people booked are told."""
    for page in pages:
        sessions = (
            Occurrence.objects.under(page)
            if include_descendants
            else Occurrence.objects.filter(page=page)
        )
        booked = sessions.upcoming().scheduled().with_active_bookings().count()
        if booked:
            message = ngettext(
                "Impossible de dépublier « %(title)s » : %(count)s séance à venir "
                "a des réservations. Annulez-la d'abord (menu Réservations) pour "
                "que les personnes soient prévenues.",
                "Impossible de dépublier « %(title)s » : %(count)s séances à venir "
                "ont des réservations. Annulez-les d'abord (menu Réservations) "
                "pour que les personnes soient prévenues.",
                booked,
            ) % {"title": page.title, "count": booked}
            return _refusal(request, message, next_url)
    return None


@hooks.register("before_delete_page")
def keep_pages_with_booking_history(request, page):
    return _deletion_refused(
        request, [page], reverse("wagtailadmin_pages:edit", args=[page.pk])
    )


@hooks.register("before_unpublish_page")
def keep_booked_pages_published(request, page):
    return _unpublishing_refused(
        request,
        [page],
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        include_descendants=bool(request.POST.get("include_descendants")),
    )


@hooks.register("before_bulk_action")
def keep_booked_pages_in_bulk(request, action_type, objects, action_view):
    pages = [page for page in objects if isinstance(page, Page)]
    if action_type == "delete":
        return _deletion_refused(request, pages, action_view.next_url)
    if action_type == "unpublish":
        return _unpublishing_refused(
            request,
            pages,
            action_view.next_url,
            include_descendants=action_view.cleaned_form.cleaned_data.get(
                "include_descendants", False
            ),
        )
    return None


# Shared resources ----------------------------------------------------------


class ReservationsViewSet(ViewSet):
    """Reservations of shared resources: the coordination and the partners."""

    name = reservation_views.RESERVATIONS
    url_prefix = "ressources"
    icon = "calendar-alt"
    menu_label = _("Planning et demandes")
    menu_item_class = reservation_views.ReservationsMenuItem

    def get_urlpatterns(self):
        return reservation_views.URLPATTERNS

    def get_permissions_to_register(self):
        # « Valider les réservations des ressources partagées » in the group editor.
        return Permission.objects.filter(
            content_type__app_label="bookings", codename="manage_reservations"
        )


class OrganisationViewSet(ModelViewSet):
    model = Organisation
    icon = "group"
    menu_label = _("Organisations")
    url_prefix = "organisations"
    list_display = ["name", "is_partner", "email"]
    search_fields = ["name"]
    copy_view_enabled = False


class ResourceViewSet(ModelViewSet):
    model = Resource
    icon = "home"
    menu_label = _("Ressources")
    url_prefix = "ressources-partagees"
    list_display = ["name", "kind", "owner", "requires_approval", "public_schedule"]
    copy_view_enabled = False


class SharedResourcesMenu(ViewSetGroup):
    menu_label = _("Ressources partagées")
    menu_icon = "calendar-alt"
    menu_order = 260
    items = (ReservationsViewSet, ResourceViewSet, OrganisationViewSet)


@hooks.register("register_admin_viewset")
def register_shared_resources_menu():
    return SharedResourcesMenu()


@hooks.register(dashboard.HOOK)
def partner_requests_panel():
    return reservation_views.PartnerRequestsPanel()


@hooks.register("before_publish_page")
def refuse_publishing_over_a_taken_slot(request, page):
    """Publishing a page whose sessions or event would take a slot already
    held on a shared resource is refused, with the list; nothing is
    published (the edits stay as a draft)."""
    refusal = reservations.page_refusal(page.specific, user=request.user)
    if refusal is None:
        return None
    if page.first_published_at is None:
        # Wagtail's create view adds a page to be published as live already:
        # it stays a draft.
        Page.objects.filter(pk=page.pk).update(live=False, has_unpublished_changes=True)
    messages.error(request, _("Publication refusée. %(why)s") % {"why": refusal})
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_create_page")
def partners_create_sport_events_only(request, parent_page, page_class):
    """A partner's page permissions cover its section; within it, it publishes
    sport events and no other page type (bookings imports no page type: the
    partner's page types are named by setting)."""
    allowed = settings.BOOKINGS_PARTNER_PAGE_TYPES
    if not is_partner_only(request.user) or page_class._meta.label in allowed:
        return None
    raise PermissionDenied
