"""The yearly report's period and local, as the staff choose them."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .locals import local_pages
from .reports import Period, first_session_date


class ReportForm(forms.Form):
    """A calendar year (this one by default) or two dates, and a local or all.

    Refuses a period that ends before it starts, half a period, a date that
    is not one, and a year before the first session ever held.
    """

    year = forms.IntegerField(
        label=_("Année"),
        required=False,
        min_value=1900,
        max_value=2999,
        help_text=_("Une année civile, du 1er janvier au 31 décembre."),
    )
    start = forms.DateField(
        label=_("Ou du"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Premier jour de la période (inclus)."),
    )
    end = forms.DateField(
        label=_("au"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Dernier jour de la période (inclus)."),
    )
    local = forms.TypedChoiceField(
        label=_("Local"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("Un local, ou tous."),
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.locals = {page.pk: page for page in local_pages()}
        self.fields["local"].choices = [("", _("Tous les locaux"))] + [
            (pk, page.title) for pk, page in self.locals.items()
        ]

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        start, end, year = cleaned.get("start"), cleaned.get("end"), cleaned.get("year")
        if start or end:
            if not (start and end):
                raise forms.ValidationError(
                    _("Indiquez les deux dates de la période, ou une année.")
                )
            if end < start:
                self.add_error("end", _("La fin de la période est avant son début."))
                return cleaned
            cleaned["period"] = Period(start, end)
        else:
            year = year or timezone.localdate().year
            first = first_session_date()
            if first and year < first.year:
                self.add_error(
                    "year",
                    _(
                        "Aucune séance avant %(first)s : choisissez une année "
                        "à partir de %(first)s."
                    )
                    % {"first": first.year},
                )
                return cleaned
            cleaned["period"] = Period.year(year)
        return cleaned

    @property
    def period(self):
        return self.cleaned_data["period"]

    @property
    def local_page(self):
        pk = self.cleaned_data.get("local")
        return self.locals.get(pk) if pk else None
