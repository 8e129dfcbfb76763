"""The filter form of an activity index; it works with a plain GET, no JavaScript."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import OUTINGS, Audience, Category, Weekday

ALL = [("", _("Toutes"))]
EVERYONE = [("", _("Tous les publics"))]
ANY_DAY = [("", _("Tous les jours"))]


class ActivityFilterForm(forms.Form):
    """Keys match ``ActivityIndexPage.get_activities``, ``get_outings`` and
    ``get_sport_events``: one choice filters the whole page. Empty: no filter."""

    category = forms.ChoiceField(
        label=_("Catégorie"),
        choices=ALL + Category.choices + [(OUTINGS, _("Sortie"))],
        required=False,
    )
    audience = forms.ChoiceField(
        label=_("Public"), choices=EVERYONE + Audience.choices, required=False
    )
    weekday = forms.TypedChoiceField(
        label=_("Jour"),
        choices=ANY_DAY + Weekday.choices,
        coerce=int,
        empty_value=None,
        required=False,
    )

    def is_filtered(self):
        cleaned = getattr(self, "cleaned_data", {})
        return any(value not in ("", None) for value in cleaned.values())


class ProgrammeForm(forms.Form):
    """Which programme to print: a week or a month, from a day (today if empty)."""

    periode = forms.ChoiceField(
        label=_("Période"),
        choices=[("semaine", _("La semaine")), ("mois", _("Le mois"))],
        required=False,
    )
    debut = forms.DateField(
        label=_("À partir du"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("La semaine ou le mois qui contient ce jour."),
    )
