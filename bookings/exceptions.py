"""The one error every booking service raises, with its message in French."""

from django.utils.translation import gettext_lazy as _

from . import text

MESSAGES = {
    "session_cancelled": _("Cette séance est annulée."),
    "session_past": _("Cette séance est passée."),
    "not_bookable_online": _(
        "Cette activité est en accès libre : pas besoin de réserver, venez au local."
    ),
    "booking_not_open": _(
        "Les réservations pour cette séance ne sont pas encore ouvertes."
    ),
    "booking_closed": _("Les réservations pour cette séance sont fermées."),
    "no_places_requested": _("Indiquez au moins une personne."),
    "too_many_places": _("Une réservation peut prendre au plus %(max)s places."),
    "outing_needs_adult": _("Une sortie se réserve avec au moins un adulte."),
    "no_name": _("Indiquez votre nom."),
    "invalid_email": _("Saisissez une adresse e-mail valide (254 caractères au plus)."),
    **text.MESSAGES,
    "no_contact": _("Indiquez un numéro de téléphone ou une adresse e-mail."),
    "duplicate": _(
        "Vous avez déjà une réservation pour cette séance avec ces coordonnées."
    ),
    "too_late_to_cancel": _(
        "Il est trop tard pour annuler en ligne : appelez le local, merci."
    ),
    "no_session_in_series": _(
        "Aucune séance ouverte à la réservation à partir de cette date."
    ),
    "places_below_taken": _(
        "Il y a déjà %(taken)s places réservées : impossible de descendre en dessous."
    ),
}

# Which form field an error belongs next to; the others go on top of the form.
FIELDS = {
    "no_places_requested": "adults",
    "too_many_places": "adults",
    "outing_needs_adult": "adults",
    "no_name": "name",
    "invalid_email": "email",
    "no_contact": "phone",
    "duplicate": "phone",
    "places_below_taken": "places",
}


class BookingError(Exception):
    """A booking rule refused the change; ``message`` says why, in French."""

    def __init__(self, code, *, field=None, **params):
        self.code = code
        self.params = params
        self.field = field or FIELDS.get(code)
        super().__init__(code)

    @property
    def message(self):
        return MESSAGES[self.code] % self.params if self.params else MESSAGES[self.code]

    def __str__(self):
        return str(self.message)
