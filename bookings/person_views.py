"""A resident's request about their data (RGPD), handled by the staff.

Find everything kept with one phone number or e-mail, export it (the right of
access) and erase it after a confirmation (the right to erasure). The phone
or e-mail travels in POST bodies only, never in a URL, so it stays out of the
server's logs and the browser's history.
"""

import csv
import io

from django import forms
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import audit, services
from .admin_views import StaffOnlyMixin, attendance
from .exceptions import BookingError
from .report_exports import safe_text

PERSON = "bookings_person"
STATUS_OF_ERROR = {"nobody_found": 404, "stale_erasure": 409}


class PersonForm(forms.Form):
    phone = forms.CharField(
        label=_("Téléphone"),
        max_length=25,
        required=False,
        help_text=_("Dans n'importe quelle écriture : 06 12 34 56 78, +33 6..."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        error_messages={
            "invalid": _("Saisissez une adresse e-mail valide, comme nom@exemple.fr.")
        },
    )
    fingerprint = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not (cleaned.get("phone") or cleaned.get("email")):
            raise forms.ValidationError(
                _("Indiquez le téléphone ou l'adresse e-mail de la personne.")
            )
        return cleaned

    @property
    def contact(self):
        return {
            "phone": self.cleaned_data.get("phone", ""),
            "email": self.cleaned_data.get("email", ""),
        }


EXPORT_COLUMNS = [
    (_("Activité"), lambda b: b.occurrence.page.title),
    (
        _("Date"),
        lambda b: timezone.localtime(b.occurrence.starts_at).strftime("%d/%m/%Y %H:%M"),
    ),
    (_("Nom"), lambda b: b.name),
    (_("Téléphone"), lambda b: b.phone),
    (_("E-mail"), lambda b: b.email),
    (_("Adultes"), lambda b: b.adults),
    (_("Enfants"), lambda b: b.children),
    (_("Remarque"), lambda b: b.note),
    (_("État"), lambda b: b.get_status_display()),
    (_("Origine"), lambda b: b.get_channel_display()),
    (_("Présence"), attendance),
    (_("Code"), lambda b: b.code),
    (
        _("Réservée le"),
        lambda b: timezone.localtime(b.created_at).strftime("%d/%m/%Y %H:%M"),
    ),
    (
        _("Accord donné le"),
        lambda b: (
            timezone.localtime(b.consent_at).strftime("%d/%m/%Y %H:%M")
            if b.consent_at
            else ""
        ),
    ),
    (
        _("Appels à passer"),
        lambda b: ", ".join(str(c.get_reason_display()) for c in b.pending_calls.all()),
    ),
]


class PersonDataView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """Search (POST), then export or confirm and erase, all by POST."""

    template_name = "bookings/admin/person_data.html"
    header_icon = "user"
    page_title = _("Données d'une personne")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        return self.render_to_response(self.get_context_data(form=PersonForm()))

    def post(self, request, *args, **kwargs):
        form = PersonForm(request.POST)
        action = request.POST.get("action", "search")
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if action == "erase":
            return self.erase(form)
        bookings = self.bookings(form)
        if not bookings:
            return self.refuse(form, BookingError("nobody_found"))
        if action == "export":
            audit.record_person_request(
                bookings, "bookings.person_exported", user=request.user
            )
            return export(bookings)
        return self.render_to_response(
            self.get_context_data(
                form=form,
                bookings=bookings,
                confirming=action == "confirm",
                fingerprint=services.person_fingerprint(
                    services.bookings_of_person(**form.contact)
                ),
            )
        )

    def bookings(self, form):
        return list(
            services.bookings_of_person(**form.contact)
            .select_related("occurrence__page")
            .prefetch_related("pending_calls")
            .order_by("occurrence__starts_at", "pk")
        )

    def erase(self, form):
        try:
            count = services.erase_person(
                **form.contact,
                fingerprint=form.cleaned_data["fingerprint"],
                user=self.request.user,
            )
        except BookingError as error:
            return self.refuse(form, error)
        messages.success(
            self.request,
            _(
                "Données effacées : %(count)s réservation(s) anonymisée(s). Les "
                "chiffres du bilan ne changent pas."
            )
            % {"count": count},
        )
        return self.render_to_response(self.get_context_data(form=PersonForm()))

    def refuse(self, form, error):
        messages.error(self.request, error.message)
        return self.render_to_response(
            self.get_context_data(form=form), status=STATUS_OF_ERROR[error.code]
        )


def export(bookings):
    """Everything kept about the person, as a CSV for a French Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(label) for label, _value in EXPORT_COLUMNS])
    for booking in bookings:
        writer.writerow(
            [
                value if isinstance(value, int) else safe_text(value or "")
                for value in (get(booking) for _label, get in EXPORT_COLUMNS)
            ]
        )
    response = HttpResponse(
        "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="donnees-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    return response
