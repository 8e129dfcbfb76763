"""Forms of the shared resources' admin: a reservation, a refusal, an .ics file.

They only read and check input; the views hand it to the services, which
decide (overlaps, opening hours, approval).
"""

from datetime import datetime, timedelta

import recurrence
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .calendar import session_start
from .resources import Organisation, Resource

ICS_MAX_BYTES = 2 * 1024 * 1024


def organisations_for(user):
    from .permissions import can_manage_reservations

    organisations = Organisation.objects.all()
    if not can_manage_reservations(user):
        organisations = organisations.filter(members=user)
    return organisations


class ReservationForm(forms.Form):
    """One slot, or the same slot every week until a date, with exclusions."""

    resource = forms.ModelChoiceField(
        label=_("Ressource"), queryset=Resource.objects.all(), empty_label=None
    )
    organisation = forms.ModelChoiceField(
        label=_("Pour"), queryset=Organisation.objects.none(), empty_label=None
    )
    title = forms.CharField(
        label=_("Objet"),
        max_length=160,
        help_text=_("Affiché sur le planning, par exemple « Football 11-14 ans »."),
    )
    day = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"})
    )
    starts_at = forms.TimeField(
        label=_("Début"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_at = forms.TimeField(
        label=_("Fin"), widget=forms.TimeInput(attrs={"type": "time"})
    )
    weekly_until = forms.DateField(
        label=_("Toutes les semaines jusqu'au"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Vide : une seule fois."),
    )
    except_dates = forms.CharField(
        label=_("Sauf les"),
        required=False,
        help_text=_("Dates sans créneau, séparées par des virgules : 24/12/2026, …"),
    )
    note = forms.CharField(label=_("Remarque"), required=False, widget=forms.Textarea)

    # A refusal about the rule's dates (none left, some taken) is shown next
    # to the dates to leave out.
    FIELD_OF_ERROR = {"recurrences": "except_dates"}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_for(user)

    def clean_except_dates(self):
        days = []
        for text in filter(
            None,
            (
                p.strip()
                for p in self.data.get(self.add_prefix("except_dates"), "").split(",")
            ),
        ):
            try:
                days.append(datetime.strptime(text, "%d/%m/%Y").date())
            except ValueError:
                raise forms.ValidationError(
                    _("« %(text)s » n'est pas une date jj/mm/aaaa.") % {"text": text}
                ) from None
        return days

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_at"), data.get("ends_at")
        if start and end and end <= start:
            self.add_error("ends_at", _("La fin doit être après le début."))
        day, until = data.get("day"), data.get("weekly_until")
        if day and until and until < day:
            self.add_error(
                "weekly_until", _("La dernière date doit suivre la première.")
            )
        return data

    @property
    def is_weekly(self):
        return bool(self.cleaned_data.get("weekly_until"))

    def slot(self):
        data = self.cleaned_data
        return (
            session_start(data["day"], data["starts_at"]),
            session_start(data["day"], data["ends_at"]),
        )

    def series_arguments(self):
        data = self.cleaned_data
        start = datetime.combine(data["day"], data["starts_at"])
        end = datetime.combine(data["day"], data["ends_at"])
        rule = recurrence.Rule(
            recurrence.WEEKLY, byday=[recurrence.to_weekday(data["day"].weekday())]
        )
        return {
            "recurrences": recurrence.Recurrence(
                rrules=[rule],
                exdates=[
                    datetime.combine(d, datetime.min.time())
                    for d in data["except_dates"]
                ],
            ),
            "starts_on": data["day"],
            "ends_on": data["weekly_until"],
            "start_time": data["starts_at"],
            "duration_minutes": int((end - start) / timedelta(minutes=1)),
            # Up to the last date asked for, however far it is.
            "horizon_days": max(
                1, (data["weekly_until"] - timezone.localdate()).days + 1
            ),
        }


class RefusalForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        max_length=255,
        help_text=_("Envoyé par e-mail à l'organisation."),
    )


class IcsImportForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Pour"), queryset=Organisation.objects.none(), empty_label=None
    )
    resource = forms.ModelChoiceField(
        label=_("Ressource"), queryset=Resource.objects.all(), empty_label=None
    )
    file = forms.FileField(
        label=_("Fichier .ics"),
        help_text=_("Exporté de votre agenda (2 Mo au plus)."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations_for(user)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > ICS_MAX_BYTES:
            raise forms.ValidationError(_("Ce fichier est trop gros (2 Mo au plus)."))
        return upload
