"""The residents' booking form: checks what was typed; the services judge the rest."""

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .exceptions import BookingError
from .models import EMAIL_MAX_LENGTH, NAME_MAX_LENGTH, NOTE_MAX_LENGTH
from .phones import PhoneField
from .text import CleanTextField

# A field people never see (hidden by CSS and from assistive technologies):
# whatever fills it is a robot. Rendered by hand in the template, not a form
# field, so that its value is never echoed back.
HONEYPOT_FIELD = "site_web"

ONE = "one"
SERIES = "series"


class BookingForm(forms.Form):
    """Name, contact, party and consent for one session, or a weekly series.

    ``max_places`` is the session's limit per booking; ``series`` offers the
    choice between this session and every session from this date on.
    """

    name = CleanTextField(
        label=_("Nom"),
        letters=True,
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": _("Indiquez votre nom.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = PhoneField(help_text=_("Par exemple 06 12 34 56 78."))
    no_sms = forms.BooleanField(
        label=_("Je ne souhaite pas recevoir de SMS"),
        required=False,
        help_text=_(
            "Sans e-mail, nous envoyons par SMS la confirmation, le rappel la "
            "veille et les changements de la séance."
        ),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=EMAIL_MAX_LENGTH,
        help_text=_("Pour recevoir la confirmation et le lien pour annuler."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    # Not required: an empty box counts as nobody; "nobody at all" is refused
    # by the service, next to the adults.
    adults = forms.IntegerField(
        label=_("Adultes"), min_value=0, initial=1, required=False
    )
    children = forms.IntegerField(
        label=_("Enfants"), min_value=0, initial=0, required=False
    )
    scope = forms.ChoiceField(
        label=_("Séances"),
        choices=[
            (ONE, _("Réserver seulement cette séance")),
            (SERIES, _("Réserver toutes les séances à partir de cette date")),
        ],
        initial=ONE,
        widget=forms.RadioSelect,
    )
    note = CleanTextField(
        label=_("Remarque"),
        required=False,
        multiline=True,
        max_length=NOTE_MAX_LENGTH,
        help_text=_("Facultatif : besoins d'accessibilité, allergies..."),
    )
    consent = forms.BooleanField(
        label=_(
            "J'accepte que ces informations soient gardées pour organiser "
            "cette activité"
        ),
        error_messages={
            "required": _(
                "Cochez cette case pour réserver : sans votre accord, nous ne "
                "pouvons pas garder vos coordonnées."
            )
        },
    )

    def __init__(self, *args, max_places, series=False, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("adults", "children"):
            field = self.fields[name]
            field.max_value = max_places
            field.validators.append(
                MaxValueValidator(
                    max_places,
                    message=BookingError("too_many_places", max=max_places).message,
                )
            )
            field.widget.attrs.update({"max": max_places, "inputmode": "numeric"})
        self.fields["adults"].help_text = ngettext(
            "Au plus %(max)s personne en tout par réservation.",
            "Au plus %(max)s personnes en tout par réservation.",
            max_places,
        ) % {"max": max_places}
        if not series:
            del self.fields["scope"]

    def link_privacy_page(self, url):
        """Say what is kept and for how long (``BOOKINGS_RETENTION_MONTHS``),
        with a link to the privacy policy page when there is one."""
        kept = _(
            "Vos coordonnées servent seulement à organiser l'activité et à vous "
            "prévenir ; elles sont effacées %(months)s mois après la séance."
        ) % {"months": settings.BOOKINGS_RETENTION_MONTHS}
        if url:
            help_text = format_html(
                '{} <a href="{}">{}</a>.',
                kept,
                url,
                _("Comment nous protégeons vos données"),
            )
        else:
            help_text = kept
        self.fields["consent"].help_text = help_text
        # A form that was validated already made its bound field, which
        # copied the old help text: the form shown again with its errors
        # would lose the link.
        self["consent"].help_text = help_text

    def clean_adults(self):
        return self.cleaned_data["adults"] or 0

    def clean_children(self):
        return self.cleaned_data["children"] or 0

    def clean(self):
        data = super().clean()
        has_errors = "phone" in self.errors or "email" in self.errors
        if not has_errors and not data.get("phone") and not data.get("email"):
            self.add_error("phone", BookingError("no_contact").message)
        return data

    @property
    def wants_series(self):
        return self.cleaned_data.get("scope") == SERIES

    def booking_arguments(self):
        """The keyword arguments of ``services.book`` and ``book_series``."""
        data = self.cleaned_data
        return {
            **{
                name: data[name]
                for name in ("name", "phone", "email", "adults", "children", "note")
            },
            "wants_sms": not data.get("no_sms"),
        }
