"""Forms and listing filters of the staff views (Wagtail admin).

The forms only read input; the views hand it to ``bookings.services``, and a
``BookingError`` comes back onto the form with ``add_booking_error``.
"""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.models import Page

from .locals import ALL_LOCALS, local_pages, under_local
from .models import (
    EMAIL_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    PARTY_MAX_PLACES,
    Booking,
    Occurrence,
    PendingCall,
    Schedule,
    StaffPreference,
)
from .phones import PhoneField
from .text import CleanTextField


class BookingErrorFormMixin:
    def add_booking_error(self, error):
        """Show a ``BookingError`` next to its field, or on top of the form."""
        field = error.field if error.field in self.fields else None
        self.add_error(field, str(error.message))


class StaffBookingForm(BookingErrorFormMixin, forms.Form):
    """A booking taken at the desk or on the phone: no e-mail needed."""

    name = CleanTextField(label=_("Nom"), letters=True, max_length=NAME_MAX_LENGTH)
    phone = PhoneField(help_text=_("Pour prévenir la personne si la séance change."))
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("Facultatif : la personne reçoit alors une confirmation."),
    )
    adults = forms.IntegerField(
        label=_("Adultes"), min_value=0, max_value=PARTY_MAX_PLACES, initial=1
    )
    children = forms.IntegerField(
        label=_("Enfants"), min_value=0, max_value=PARTY_MAX_PLACES, initial=0
    )
    note = CleanTextField(
        label=_("Remarque"),
        required=False,
        multiline=True,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PlacesForm(BookingErrorFormMixin, forms.Form):
    places = forms.IntegerField(label=_("Places de cette séance"), min_value=0)


class CancelSessionForm(forms.Form):
    reason = CleanTextField(
        label=_("Motif"),
        max_length=Occurrence._meta.get_field("cancellation_reason").max_length,
        required=False,
        help_text=_("Dit aux personnes inscrites, par exemple « animatrice malade »."),
    )


ATTENDANCE = {"present": True, "absent": False, "": None}


class CheckInForm(forms.Form):
    attended = forms.ChoiceField(
        choices=[
            ("present", _("présent")),
            ("absent", _("absent")),
            ("", _("non renseigné")),
        ],
        required=False,
    )

    def value(self):
        return ATTENDANCE[self.cleaned_data["attended"]]


class FindBookingForm(forms.Form):
    q = CleanTextField(
        label=_("Code de réservation ou numéro de téléphone"),
        max_length=40,
        help_text=_("Par exemple « K7P 3QX » ou « 06 12 34 56 78 »."),
    )


def _visible_sessions(request):
    return Occurrence.objects.visible_to(request.user if request else None)


def pages_with_sessions(request=None):
    """The pages with sessions the user may see, for the "activity" filter."""
    return Page.objects.filter(
        pk__in=_visible_sessions(request).values("page_id").distinct()
    ).order_by("title")


def local_choices():
    return [(ALL_LOCALS, _("Tous les locaux"))] + [
        (str(pk), title) for pk, title in local_pages().values_list("pk", "title")
    ]


class LocalFilterSet(WagtailFilterSet):
    """A "local" filter that opens on the local the user chose in « Mon compte ».

    Without ``local`` in the query string, the list shows the chosen local
    (or every local), as the filter's default: no "active filter" to remove.
    ``local=tous`` lists every local.
    """

    local = django_filters.ChoiceFilter(
        label=_("Local"),
        choices=local_choices,
        empty_label=None,
        method="filter_local",
    )
    page_field = "page"

    def __init__(self, data=None, *args, request=None, **kwargs):
        preferred = StaffPreference.local_id_for(request.user) if request else None
        default = str(preferred) if preferred else ALL_LOCALS
        if data is not None and "local" not in data and self.uses_preference(data):
            data = data.copy()
            data["local"] = default
        super().__init__(data, *args, request=request, **kwargs)
        self.filters["local"].extra["initial"] = default

    def uses_preference(self, data):
        return True

    def filter_local(self, queryset, name, value):
        if not value or value == ALL_LOCALS:
            return queryset
        local = local_pages().filter(pk=value).first()
        if local is None:
            return queryset.none()
        return under_local(queryset, local, self.page_field)


class SessionFilterSet(LocalFilterSet):
    """Sessions from today on unless the staff chose another period or dates."""

    UPCOMING = ""

    when = django_filters.ChoiceFilter(
        label=_("Période"),
        choices=[("past", _("Passées")), ("all", _("Toutes"))],
        empty_label=_("À partir d'aujourd'hui"),
        method="filter_when",
        widget=forms.RadioSelect,
    )
    date = django_filters.DateFromToRangeFilter(
        field_name="starts_at",
        label=_("Dates"),
        widget=DateRangePickerWidget,
    )
    page = django_filters.ModelChoiceFilter(
        label=_("Activité"), queryset=pages_with_sessions
    )
    status = django_filters.ChoiceFilter(
        label=_("État"),
        choices=Occurrence.Status.choices,
        empty_label=_("Tous"),
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Occurrence
        fields = []

    def filter_when(self, queryset, name, value):
        if value == "past":
            return queryset.filter(starts_at__lt=timezone.now())
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        chosen = self.form.cleaned_data
        if not chosen.get("when") and not chosen.get("date"):
            # Today's sessions stay listed after they start: staff check
            # people in during and after the session.
            today = timezone.localtime().replace(
                hour=0, minute=0, second=0, microsecond=0
            )
            queryset = queryset.filter(starts_at__gte=today)
        return queryset


def requested_session(request=None):
    """Only the session asked for in ``?occurrence=``: a listing is filtered by
    session from that session's page, not by picking among every session."""
    pk = request.GET.get("occurrence", "") if request else ""
    return (
        _visible_sessions(request)
        .select_related("page")
        .filter(pk=pk if pk.isdigit() else None)
    )


class BookingFilterSet(LocalFilterSet):
    """A session's bookings (``?occurrence=``) or a period's, for the exports."""

    page_field = "occurrence__page"

    occurrence = django_filters.ModelChoiceFilter(
        label=_("Séance"), queryset=requested_session
    )
    page = django_filters.ModelChoiceFilter(
        field_name="occurrence__page",
        label=_("Activité"),
        queryset=pages_with_sessions,
    )
    date = django_filters.DateFromToRangeFilter(
        field_name="occurrence__starts_at",
        label=_("Dates des séances"),
        widget=DateRangePickerWidget,
    )
    status = django_filters.ChoiceFilter(
        label=_("État"),
        choices=Booking.Status.choices,
        empty_label=_("Tous"),
        widget=forms.RadioSelect,
    )
    channel = django_filters.ChoiceFilter(
        label=_("Origine"),
        choices=Booking.Channel.choices,
        empty_label=_("Toutes"),
        widget=forms.RadioSelect,
    )
    attended = django_filters.ChoiceFilter(
        label=_("Présence"),
        choices=[("present", _("présent")), ("absent", _("absent"))],
        empty_label=_("Toutes"),
        method="filter_attended",
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Booking
        fields = []

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        if not (data or {}).get("occurrence"):
            del self.filters["occurrence"]

    def uses_preference(self, data):
        # A session's bookings are that session's, whatever the local.
        return not data.get("occurrence")

    def filter_attended(self, queryset, name, value):
        return queryset.filter(attended=ATTENDANCE[value])


class CallFilterSet(LocalFilterSet):
    """The calls to make at one local, or at all."""

    page_field = "booking__occurrence__page"

    class Meta:
        model = PendingCall
        fields = []


class NextDatesForm(forms.ModelForm):
    """A series as the page editor holds it, unsaved, to preview its dates.

    Reads the fields of one schedule of the editor's InlinePanel, whatever
    their prefix (``schedules-0-starts_on`` is read as ``starts_on``).
    """

    class Meta:
        model = Schedule
        fields = [
            "recurrences",
            "starts_on",
            "ends_on",
            "skip_public_holidays",
            "skip_school_holidays",
        ]

    def __init__(self, data, prefix):
        super().__init__(data, prefix=prefix)
