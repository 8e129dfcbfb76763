"""The shared resources in the Wagtail admin: reservations, requests, imports.

The coordination (``manage_reservations``) sees every reservation and decides
on partners' requests; a partner sees and changes only the reservations of
the organisations it acts for. Nobody else gets in. Views call
``bookings.services`` and turn a ``BookingError`` into a French message next
to the field it concerns, with a 400.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import LinkMenuItem as LinkMenuItemComponent
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import services
from .exceptions import BookingError
from .permissions import can_manage_reservations
from .reservation_forms import IcsImportForm, RefusalForm, ReservationForm
from .resources import Organisation, Reservation

RESERVATIONS = "shared_reservations"


def may_reserve(user):
    """The coordination, or someone who acts for an organisation."""
    return can_manage_reservations(user) or (
        user.is_authenticated and Organisation.objects.filter(members=user).exists()
    )


def pending_count():
    return Reservation.objects.pending().count()


class ReservationsMenuItem(MenuItem):
    """« Ressources partagées », with the number of requests waiting for the
    coordination."""

    def is_shown(self, request):
        return may_reserve(request.user)

    def render_component(self, request):
        label = self.label
        if can_manage_reservations(request.user):
            waiting = pending_count()
            if waiting:
                label = _("%(label)s (%(n)s à valider)") % {
                    "label": label,
                    "n": waiting,
                }
        return LinkMenuItemComponent(
            self.name,
            label,
            self.url,
            icon_name=self.icon_name,
            classname=self.classname,
            attrs=self.attrs,
        )


class ReservationsAdminMixin(WagtailAdminTemplateMixin):
    header_icon = "calendar-alt"

    def dispatch(self, request, *args, **kwargs):
        if not may_reserve(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def visible(self):
        return Reservation.objects.for_user(self.request.user)

    def get_reservation(self):
        return get_object_or_404(
            self.visible().select_related("resource", "organisation"),
            pk=self.kwargs["pk"],
        )

    def refused(self, error, form=None, status=400):
        if form is not None:
            field = getattr(form, "FIELD_OF_ERROR", {}).get(error.field, error.field)
            field = field if field in form.fields else None
            form.add_error(field, error.message)
        else:
            messages.error(self.request, error.message)
        return status


class ReservationIndexView(ReservationsAdminMixin, TemplateView):
    """Coming reservations the user may see; requests waiting come first."""

    template_name = "bookings/admin/reservations.html"
    page_title = _("Ressources partagées")
    LIMIT = 300

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localtime().replace(hour=0, minute=0, second=0)
        visible = self.visible().select_related("resource", "organisation")
        coming = visible.filter(ends_at__gte=today)
        state = self.request.GET.get("etat")
        if state in Reservation.Status.values:
            coming = coming.filter(status=state)
        context.update(
            pending=list(visible.pending().filter(ends_at__gte=today)),
            reservations=list(coming.exclude(status="pending")[: self.LIMIT]),
            state=state,
            states=Reservation.Status.choices,
            coordinator=can_manage_reservations(self.request.user),
            counts=visible.filter(ends_at__gte=today).aggregate(
                total=Count("pk"), pending=Count("pk", filter=Q(status="pending"))
            ),
        )
        return context


class ReservationAddView(ReservationsAdminMixin, TemplateView):
    template_name = "bookings/admin/reservation_form.html"
    page_title = _("Réserver un créneau")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", ReservationForm(user=self.request.user))
        return context

    def post(self, request, *args, **kwargs):
        form = ReservationForm(request.POST, user=request.user)
        status = 400
        if form.is_valid():
            try:
                return self.reserve(form)
            except BookingError as error:
                status = self.refused(error, form)
        context = self.get_context_data(form=form)
        return self.render_to_response(context, status=status)

    def reserve(self, form):
        data = form.cleaned_data
        common = {
            "resource": data["resource"],
            "organisation": data["organisation"],
            "title": data["title"],
            "user": self.request.user,
        }
        if form.is_weekly:
            series = services.reserve_series(**common, **form.series_arguments())
            made = list(series.reservations.all())
        else:
            starts_at, ends_at = form.slot()
            made = [
                services.reserve(
                    **common, starts_at=starts_at, ends_at=ends_at, note=data["note"]
                )
            ]
        pending = sum(r.is_pending for r in made)
        if pending:
            messages.success(
                self.request,
                _(
                    "%(n)s créneau(x) demandé(s) : la coordination doit valider, "
                    "vous recevrez un e-mail."
                )
                % {"n": len(made)},
            )
        else:
            messages.success(
                self.request,
                _("%(n)s créneau(x) réservé(s).") % {"n": len(made)},
            )
        return redirect(f"{RESERVATIONS}:index")


class ReservationActionView(ReservationsAdminMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        reservation = self.get_reservation()
        try:
            self.act(reservation)
        except BookingError as error:
            messages.error(request, error.message)
            return redirect(f"{RESERVATIONS}:index")
        return redirect(f"{RESERVATIONS}:index")


class CancelReservationView(ReservationActionView):
    def act(self, reservation):
        if services.cancel_reservation(reservation, user=self.request.user):
            messages.success(
                self.request,
                _("Réservation annulée : le créneau est libre."),
            )


class CoordinatorOnlyMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_manage_reservations(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ApproveReservationView(CoordinatorOnlyMixin, ReservationActionView):
    def act(self, reservation):
        services.approve_reservation(reservation, user=self.request.user)
        messages.success(
            self.request,
            _("Demande de %(who)s acceptée ; l'organisation est prévenue par e-mail.")
            % {"who": reservation.organisation.name},
        )


class RefuseReservationView(CoordinatorOnlyMixin, ReservationsAdminMixin, TemplateView):
    template_name = "bookings/admin/reservation_refuse.html"
    page_title = _("Refuser une demande")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reservation"] = self.get_reservation()
        context.setdefault("form", RefusalForm())
        return context

    def post(self, request, *args, **kwargs):
        reservation = self.get_reservation()
        form = RefusalForm(request.POST)
        status = 400
        if form.is_valid():
            try:
                services.refuse_reservation(
                    reservation, user=request.user, reason=form.cleaned_data["reason"]
                )
            except BookingError as error:
                status = self.refused(error, form)
            else:
                messages.success(
                    request,
                    _("Demande refusée ; l'organisation est prévenue par e-mail."),
                )
                return redirect(f"{RESERVATIONS}:index")
        context = self.get_context_data(form=form)
        return self.render_to_response(context, status=status)


class ImportIcsView(ReservationsAdminMixin, TemplateView):
    """Bring a partner's events in from an .ics file exported from its calendar."""

    template_name = "bookings/admin/reservation_import.html"
    page_title = _("Importer un agenda (.ics)")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", IcsImportForm(user=self.request.user))
        return context

    def post(self, request, *args, **kwargs):
        form = IcsImportForm(request.POST, request.FILES, user=request.user)
        status = 400
        report = None
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = services.import_ics(
                    data["file"].read(),
                    resource=data["resource"],
                    organisation=data["organisation"],
                    user=request.user,
                )
            except BookingError as error:
                status = self.refused(error, form)
            else:
                status = 200
        context = self.get_context_data(form=form, report=report)
        return self.render_to_response(context, status=status)


class PartnerRequestsPanel(Component):
    """Dashboard: how many partners' requests wait for the coordination."""

    name = "shared_partner_requests"
    template_name = "bookings/admin/dashboard/partner_requests.html"
    order = 53

    def is_shown(self, request):
        return can_manage_reservations(request.user)

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["count"] = pending_count()
        context["url"] = reverse(f"{RESERVATIONS}:index")
        return context


URLPATTERNS = [
    path("", ReservationIndexView.as_view(), name="index"),
    path("reserver/", ReservationAddView.as_view(), name="add"),
    path("importer/", ImportIcsView.as_view(), name="import"),
    path("<int:pk>/annuler/", CancelReservationView.as_view(), name="cancel"),
    path("<int:pk>/accepter/", ApproveReservationView.as_view(), name="approve"),
    path("<int:pk>/refuser/", RefuseReservationView.as_view(), name="refuse"),
]
