"""Staff views of sessions and bookings in the Wagtail admin.

Every view here shows residents' personal data. Each one lets in only who may
see some bookings (``BookingsAdminMixin``) and reads its sessions, bookings
and calls through ``visible_to(user)``: the staff who manage bookings see
everything, a partner the bookings of its own events, and another session's
id answers 404. Views never write
booking rows: they call ``bookings.services`` and turn a ``BookingError`` into
a French message, next to the form field it concerns when there is a form.
"""

import re

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton

from . import audit, phones, services
from .admin_forms import (
    CallFilterSet,
    CancelSessionForm,
    CheckInForm,
    FindBookingForm,
    NextDatesForm,
    PlacesForm,
    StaffBookingForm,
)
from .exceptions import BookingError
from .exports import FrenchSpreadsheetExportMixin, file_name
from .locals import local_pages, with_local
from .models import BOOKING_CODE_LENGTH, Booking, Occurrence, PendingCall, places_left
from .panels import INCOMPLETE_SERIES, next_dates
from .permissions import can_manage_bookings, can_see_some_bookings

SESSIONS = "bookings_sessions"
BOOKINGS = "bookings_bookings"
CALLS = "bookings_calls"
FIND = "bookings_find"


# Helpers --------------------------------------------------------------------


def session_url(session_id, booking_id=None):
    url = reverse(f"{SESSIONS}:detail", args=[session_id])
    return f"{url}#reservation-{booking_id}" if booking_id else url


def when(value, format="D d/m/Y H:i"):
    """A date and time in Paris, in French: « mar. 12/03/2026 18:00 »."""
    return date_format(timezone.localtime(value), format) if value else ""


def people(booking):
    """« 2 adultes, 1 enfant »."""
    parts = []
    if booking.adults:
        parts.append(
            ngettext("%(n)s adulte", "%(n)s adultes", booking.adults)
            % {"n": booking.adults}
        )
    if booking.children:
        parts.append(
            ngettext("%(n)s enfant", "%(n)s enfants", booking.children)
            % {"n": booking.children}
        )
    return ", ".join(parts)


def attendance(booking):
    return {True: _("présent"), False: _("absent")}.get(booking.attended, "")


def local_of(page):
    """The local (lieu) a session's page belongs to, if its page type says."""
    return getattr(page.specific, "local", None)


def find_bookings(query, user):
    """Bookings ``user`` may see whose code or phone number is ``query``.

    A code is matched whatever its case and spacing ("k7p 3qx"); a phone
    number whatever its writing ("06 12 34 56 78", "+33 6 12 34 56 78"),
    as bookings store it normalised.
    """
    match = Q(pk__in=[])
    code = re.sub(r"[\s.-]", "", query).upper()
    if len(code) == BOOKING_CODE_LENGTH:
        match |= Q(code=code)
    phone = phones.parse(query)
    if phone is not None:
        match |= Q(phone=phones.to_e164(phone))
    return with_local(
        Booking.objects.visible_to(user)
        .filter(match)
        .select_related("occurrence__page")
        .order_by("-occurrence__starts_at", "created_at"),
        "occurrence__page__path",
    )


class BookingsAdminMixin:
    """Residents' data: for staff who manage bookings, and for partners, who
    see the rows of their own events only (each view filters its querysets
    with ``visible_to``)."""

    def dispatch(self, request, *args, **kwargs):
        if not can_see_some_bookings(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class StaffOnlyMixin:
    """Every resident at once (the yearly report, a person's data): for the
    staff who manage bookings (or superusers) only, never a partner."""

    def dispatch(self, request, *args, **kwargs):
        if not can_manage_bookings(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def visible_session(user, pk):
    """The session ``pk`` if ``user`` may see its bookings, else 404."""
    return get_object_or_404(
        Occurrence.objects.visible_to(user).select_related("page"), pk=pk
    )


# Listings (Wagtail's IndexView, registered by the viewsets) ------------------


LOCAL_COLUMN = Column(
    "local", label=_("Local"), accessor="local_title", sort_key="local_title"
)


class SessionIndexView(BookingsAdminMixin, IndexView):
    """Sessions with their places, taken and waiting, counted in the one query."""

    page_title = _("Séances")

    def get_base_queryset(self):
        sessions = super().get_base_queryset().visible_to(self.request.user)
        return with_local(sessions.select_related("page").with_counts())

    @cached_property
    def columns(self):
        return [
            LOCAL_COLUMN,
            TitleColumn(
                "page",
                label=_("Activité"),
                accessor="page.title",
                get_url=lambda session: session_url(session.pk),
                sort_key="page__title",
            ),
            Column(
                "starts_at",
                label=_("Date"),
                accessor=lambda session: when(session.starts_at),
                sort_key="starts_at",
            ),
            Column("status", label=_("État"), accessor="get_status_display"),
            Column("places", label=_("Places"), sort_key="places"),
            Column("places_taken", label=_("Réservées"), sort_key="places_taken"),
            Column("places_left", label=_("Libres"), accessor="places_left_at_desk"),
            Column(
                "places_waiting",
                label=_("En attente"),
                sort_key="places_waiting",
            ),
        ]


class BookingIndexView(BookingsAdminMixin, FrenchSpreadsheetExportMixin, IndexView):
    """Bookings by session, activity, dates, state; exported as CSV or XLSX.

    The export is the listing's filtered rows. A filter the form refuses
    (a mistyped date) lists nothing rather than everything: an export must
    never hold more people than asked for.
    """

    page_title = _("Réservations et exports")

    def get_base_queryset(self):
        return with_local(
            super()
            .get_base_queryset()
            .visible_to(self.request.user)
            .select_related("occurrence__page"),
            "occurrence__page__path",
        )

    def filter_queryset(self, queryset):
        if self.filters and not self.filters.is_valid():
            return queryset.none()
        return super().filter_queryset(queryset)

    def search_queryset(self, queryset):
        if not self.is_searching:
            return queryset
        return queryset.filter(
            Q(name__icontains=self.search_query)
            | Q(pk__in=find_bookings(self.search_query, self.request.user).values("pk"))
        )

    @cached_property
    def columns(self):
        return [
            LOCAL_COLUMN,
            TitleColumn(
                "name",
                label=_("Nom"),
                get_url=lambda booking: session_url(booking.occurrence_id, booking.pk),
                sort_key="name",
            ),
            Column(
                "occurrence",
                label=_("Séance"),
                accessor=lambda booking: (
                    f"{booking.occurrence.page.title} – "
                    f"{when(booking.occurrence.starts_at)}"
                ),
                sort_key="occurrence__starts_at",
            ),
            Column("people", label=_("Personnes"), accessor=people),
            Column(
                "phone",
                label=_("Téléphone"),
                accessor=lambda booking: phones.display(booking.phone),
            ),
            Column("email", label=_("E-mail")),
            Column("status", label=_("État"), accessor="get_status_display"),
            Column("channel", label=_("Origine"), accessor="get_channel_display"),
            Column("attended", label=_("Présence"), accessor=attendance),
            Column("code", label=_("Code")),
        ]

    def export_subject(self):
        """What is exported, in words: the session, else the period, else
        the activity and the local, else the day of the export."""
        chosen = self.filters.form.cleaned_data if self.filters else {}
        if chosen.get("occurrence"):
            session = chosen["occurrence"]
            start = timezone.localtime(session.starts_at)
            return [session.page.title, f"{start:%d-%m-%Y}"]
        period = chosen.get("date")
        if period and (period.start or period.stop):
            return [
                period.start and f"{period.start:%d-%m-%Y}",
                period.stop and _("au"),
                period.stop and f"{period.stop:%d-%m-%Y}",
            ]
        named = [chosen.get("page") and chosen["page"].title]
        local = self.chosen_local()
        if local:
            named.append(local.title)
        if any(named):
            return named
        return [f"{timezone.localdate():%d-%m-%Y}"]

    def chosen_local(self):
        value = self.filters.form.cleaned_data.get("local") if self.filters else ""
        if value and value.isdigit():
            return local_pages().filter(pk=value).first()
        return None

    def get_filename(self):
        return file_name(_("réservations"), *self.export_subject())

    def get_sheet_title(self):
        return " ".join(str(part) for part in self.export_subject() if part)

    @cached_property
    def header_buttons(self):
        # The exports in plain sight, not in the "⋯" menu.
        return super().header_buttons + [
            HeaderButton(label, url=url, icon_name="download")
            for label, url in [
                (_("Exporter (Excel)"), self.xlsx_export_url),
                (_("Exporter (CSV)"), self.csv_export_url),
            ]
        ]

    @cached_property
    def header_more_buttons(self):
        exports = {self.xlsx_export_url, self.csv_export_url}
        return [
            button
            for button in super().header_more_buttons
            if getattr(button, "url", None) not in exports
        ]

    def to_row_dict(self, item):
        start = timezone.localtime(item.occurrence.starts_at)
        values = {
            "local": item.local_title or "",
            "activity": item.occurrence.page.title,
            "session_date": start.date(),
            "session_time": start.strftime("%H:%M"),
            "session_status": item.occurrence.get_status_display(),
            "name": item.name,
            # As people read it, which keeps the leading 0 in a spreadsheet.
            "phone": phones.display(item.phone, space=" "),
            "email": item.email,
            "adults": item.adults,
            "children": item.children,
            "status": item.get_status_display(),
            "channel": item.get_channel_display(),
            "attended": attendance(item),
            "code": item.code,
            "note": item.note,
            # Spreadsheets get the Paris wall-clock time, not UTC.
            "created_at": timezone.localtime(item.created_at).replace(tzinfo=None),
        }
        return {field: values[field] for field in self.list_export}


# One session ------------------------------------------------------------------


class SessionView(BookingsAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    """A session, its bookings, waiting list and the staff's actions on them.

    The action views below are this view with a POST handler: when a service
    refuses, they show this page again with the form and its error (400).
    """

    template_name = "bookings/admin/session_detail.html"
    header_icon = "calendar"
    page_title = _("Séance")

    @cached_property
    def session(self):
        return visible_session(self.request.user, self.kwargs["pk"])

    @property
    def detail_url(self):
        return session_url(self.session.pk)

    def get_page_subtitle(self):
        return f"{self.session.page.title} – {when(self.session.starts_at)}"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse(f"{SESSIONS}:index"), "label": _("Séances")},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def get_booking(self):
        return get_object_or_404(
            Booking, pk=self.kwargs["booking_pk"], occurrence=self.session
        )

    def render_with_error(self, **forms):
        return self.render_to_response(self.get_context_data(**forms), status=400)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = self.session
        bookings = list(session.bookings.order_by("created_at", "pk"))
        confirmed = sorted(
            (booking for booking in bookings if booking.is_confirmed),
            key=lambda booking: booking.name.casefold(),
        )
        waiting = [booking for booking in bookings if booking.is_waiting]
        taken = sum(booking.places for booking in confirmed)
        taken_by_staff = sum(
            booking.places
            for booking in confirmed
            if booking.channel == Booking.Channel.STAFF
        )
        context.update(
            session=session,
            local=local_of(session.page),
            starts_at=timezone.localtime(session.starts_at),
            ends_at=timezone.localtime(session.ends_at),
            confirmed=confirmed,
            waiting=waiting,
            cancelled=[booking for booking in bookings if booking.is_cancelled],
            history=audit.history(session),
            active_count=len(confirmed) + len(waiting),
            totals={
                "adults": sum(booking.adults for booking in confirmed),
                "children": sum(booking.children for booking in confirmed),
                "taken": taken,
                "left": max(0, session.places - taken),
                "left_online": places_left(session, taken, taken_by_staff),
                "waiting_places": sum(booking.places for booking in waiting),
            },
            page_edit_url=reverse("wagtailadmin_pages:edit", args=[session.page_id]),
            export_query=f"occurrence={session.pk}",
        )
        context.setdefault("booking_form", StaffBookingForm())
        context.setdefault(
            "places_form", PlacesForm(initial={"places": session.places})
        )
        return context


class AddBookingView(SessionView):
    """A booking for a resident who phones or drops in: may use held-back
    places, needs no e-mail, is never rate-limited."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = StaffBookingForm(request.POST)
        if form.is_valid():
            try:
                booking = services.book(
                    self.session,
                    channel=Booking.Channel.STAFF,
                    user=request.user,
                    **form.cleaned_data,
                )
            except BookingError as error:
                form.add_booking_error(error)
            else:
                if booking.is_confirmed:
                    message = _(
                        "Réservation enregistrée pour %(name)s (%(people)s), "
                        "code %(code)s."
                    )
                else:
                    message = _(
                        "Plus assez de places : %(name)s (%(people)s) est sur la "
                        "liste d'attente, code %(code)s."
                    )
                messages.success(
                    request,
                    message
                    % {
                        "name": booking.name,
                        "people": people(booking),
                        "code": booking.code,
                    },
                )
                return redirect(session_url(self.session.pk, booking.pk))
        messages.error(request, _("La réservation n'a pas été enregistrée."))
        return self.render_with_error(booking_form=form)


class CancelBookingView(SessionView):
    """Confirm (GET), then cancel (POST) a booking; the waiting list moves up."""

    template_name = "bookings/admin/cancel_booking.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(booking=self.get_booking(), **kwargs)

    def post(self, request, *args, **kwargs):
        booking = self.get_booking()
        waiting_before = list(
            self.session.bookings.waiting().values_list("pk", flat=True)
        )
        try:
            done = services.cancel(booking, by_staff=True, user=request.user)
        except BookingError as error:
            messages.error(request, error.message)
            return self.render_with_error()
        if not done:
            messages.warning(
                request,
                _("La réservation de %(name)s était déjà annulée.")
                % {"name": booking.name},
            )
            return redirect(self.detail_url)
        messages.success(
            request,
            _("Réservation de %(name)s annulée.") % {"name": booking.name},
        )
        promoted = Booking.objects.confirmed().filter(pk__in=waiting_before)
        for person in promoted:
            if person.email:
                text = PROMOTED_EMAILED
            else:
                text = PROMOTED_TO_CALL
            messages.info(request, text % {"name": person.name})
        return redirect(self.detail_url)


PROMOTED_EMAILED = _("Place libérée pour %(name)s, qui attendait : prévenu par e-mail.")
PROMOTED_TO_CALL = _(
    "Place libérée pour %(name)s, qui attendait : à appeler (liste « À appeler »)."
)


class CheckInView(SessionView):
    """Mark a confirmed booking as came, did not come, or not known."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        booking = self.get_booking()
        form = CheckInForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Présence non reconnue."))
            return self.render_with_error()
        booking = services.check_in(booking, attended=form.value(), user=request.user)
        label = attendance(booking) or _("présence non renseignée")
        messages.success(request, f"{booking.name} : {label}.")
        return redirect(session_url(self.session.pk, booking.pk))


class SessionPlacesView(SessionView):
    """Change this session's places (more places promote the waiting list)."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        form = PlacesForm(request.POST)
        if form.is_valid():
            try:
                services.set_places(
                    self.session, form.cleaned_data["places"], user=request.user
                )
            except BookingError as error:
                form.add_booking_error(error)
            else:
                messages.success(
                    request,
                    _("Cette séance a maintenant %(places)s places.")
                    % {"places": form.cleaned_data["places"]},
                )
                return redirect(self.detail_url)
        messages.error(request, _("Le nombre de places n'a pas été changé."))
        return self.render_with_error(places_form=form)


class CancelSessionView(SessionView):
    """Confirm with a reason (GET), then cancel the session (POST)."""

    template_name = "bookings/admin/cancel_session.html"

    def get_context_data(self, **kwargs):
        kwargs.setdefault("cancel_form", CancelSessionForm())
        return super().get_context_data(**kwargs)

    def post(self, request, *args, **kwargs):
        form = CancelSessionForm(request.POST)
        if not form.is_valid():
            return self.render_with_error(cancel_form=form)
        try:
            done = services.cancel_session(
                self.session, reason=form.cleaned_data["reason"], user=request.user
            )
        except BookingError as error:
            form.add_error(None, error.message)
            return self.render_with_error(cancel_form=form)
        if done:
            messages.success(
                request,
                _(
                    "Séance annulée. Les personnes inscrites sont prévenues par "
                    "e-mail, ou ajoutées à la liste « À appeler »."
                ),
            )
        else:
            messages.warning(request, _("Cette séance était déjà annulée."))
        return redirect(self.detail_url)


class RestoreSessionView(SessionView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            done = services.restore_session(self.session, user=request.user)
        except BookingError as error:
            messages.error(request, error.message)
            return self.render_with_error()
        if done:
            messages.success(
                request,
                _(
                    "Séance rétablie. Les personnes inscrites sont prévenues par "
                    "e-mail, ou ajoutées à la liste « À appeler »."
                ),
            )
        else:
            messages.warning(request, _("Cette séance n'était pas annulée."))
        return redirect(self.detail_url)


class AttendanceSheetView(BookingsAdminMixin, TemplateView):
    """The feuille d'émargement: a plain page made to be printed."""

    template_name = "bookings/admin/attendance_sheet.html"
    # Lines left blank on the sheet for people who come without booking.
    BLANK_LINES = 3

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        session = visible_session(self.request.user, self.kwargs["pk"])
        confirmed = sorted(
            session.bookings.confirmed(), key=lambda booking: booking.name.casefold()
        )
        context.update(
            session=session,
            local=local_of(session.page),
            starts_at=timezone.localtime(session.starts_at),
            ends_at=timezone.localtime(session.ends_at),
            bookings=confirmed,
            total_places=sum(booking.places for booking in confirmed),
            blank_lines=range(self.BLANK_LINES),
            detail_url=session_url(session.pk),
        )
        return context


# Calls to make, and finding a booking -------------------------------------------


class CallsView(BookingsAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    """People to phone: they gave no e-mail and their booking changed."""

    template_name = "bookings/admin/calls.html"
    header_icon = "mobile-alt"
    page_title = _("À appeler")
    RECENT = 20

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = CallFilterSet(
            self.request.GET,
            queryset=with_local(
                PendingCall.objects.visible_to(self.request.user).select_related(
                    "booking__occurrence__page"
                ),
                "booking__occurrence__page__path",
            ),
            request=self.request,
        )
        calls = filters.qs if filters.is_valid() else PendingCall.objects.none()
        context["filters"] = filters
        context["calls"] = calls.filter(done_at__isnull=True).order_by(
            "created_at", "pk"
        )
        context["done_calls"] = (
            calls.filter(done_at__isnull=False)
            .select_related("done_by")
            .order_by("-done_at")[: self.RECENT]
        )
        return context


class CallDoneView(BookingsAdminMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        call = get_object_or_404(
            PendingCall.objects.visible_to(request.user).select_related("booking"),
            pk=self.kwargs["pk"],
        )
        services.mark_call_done(call, user=request.user)
        messages.success(
            request,
            _("Appel à %(name)s noté comme fait.") % {"name": call.booking.name},
        )
        return redirect(f"{CALLS}:index")


class FindBookingView(BookingsAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    """Find a booking from the code or phone number a resident gives."""

    template_name = "bookings/admin/find_booking.html"
    header_icon = "search"
    page_title = _("Retrouver une réservation")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = FindBookingForm(self.request.GET or None)
        context["form"] = form
        if form.is_valid():
            context["results"] = list(
                find_bookings(form.cleaned_data["q"], self.request.user)
            )
        return context


# The series editor ----------------------------------------------------------------


class NextDatesView(TemplateView):
    """The next dates of the series being edited (no personal data: any user
    of the admin who edits pages may ask)."""

    template_name = "bookings/admin/panels/next_dates_list.html"

    def get(self, request, *args, **kwargs):
        prefix = request.GET.get("prefix", "")
        if not re.fullmatch(r"[\w-]{0,80}", prefix):
            return self.render_to_response({"error": INCOMPLETE_SERIES}, status=400)
        form = NextDatesForm(request.GET, prefix or None)
        if not form.is_valid():
            return self.render_to_response({"error": INCOMPLETE_SERIES}, status=400)
        return self.render_to_response({"dates": next_dates(form.instance)})
