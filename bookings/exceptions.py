"""The one error every booking service raises, with its message in French."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from . import text

MESSAGES = {
    "session_cancelled": _("Cette séance est annulée."),
    "session_past": _("Cette séance est passée."),
    "not_bookable_online": _(
        "Cette activité est en accès libre : pas besoin de réserver, venez au local."
    ),
    "booking_not_open": _(
        "Les réservations pour cette séance ne sont pas encore ouvertes."
    ),
    "booking_closed": _("Les réservations pour cette séance sont fermées."),
    "no_places_requested": _("Indiquez au moins une personne."),
    # « au plus 1 place »: the number is read from the error's ``max``.
    "too_many_places": ngettext_lazy(
        "Une réservation peut prendre au plus %(max)s place.",
        "Une réservation peut prendre au plus %(max)s places.",
        "max",
    ),
    "outing_needs_adult": _("Une sortie se réserve avec au moins un adulte."),
    "no_name": _("Indiquez votre nom."),
    "invalid_email": _("Saisissez une adresse e-mail valide (254 caractères au plus)."),
    **text.MESSAGES,
    "no_contact": _("Indiquez un numéro de téléphone ou une adresse e-mail."),
    "invalid_phone": _(
        "Numéro de téléphone invalide\u00a0: écrivez-le par exemple 06 12 34 56 78, "
        "ou avec l'indicatif du pays (+32…) pour un numéro étranger."
    ),
    "duplicate": _(
        "Vous avez déjà une réservation pour cette séance avec ces coordonnées."
    ),
    "too_late_to_cancel": _(
        "Il est trop tard pour annuler en ligne : appelez le local, merci."
    ),
    "no_session_in_series": _(
        "Aucune séance ouverte à la réservation à partir de cette date."
    ),
    "session_started": _(
        "Cette séance a déjà commencé : on ne peut plus l'annuler ni la rétablir."
    ),
    "retention_not_positive": _(
        "La durée de conservation doit être d'au moins 1 mois."
    ),
    "nobody_found": _(
        "Aucune réservation n'est gardée avec ce numéro ou cette adresse e-mail."
    ),
    "stale_erasure": _(
        "Les réservations de cette personne ont changé depuis l'affichage de la "
        "confirmation : rien n'a été effacé. Vérifiez la liste et confirmez à "
        "nouveau."
    ),
    "places_below_taken": _(
        "Il y a déjà %(taken)s places réservées : impossible de descendre en dessous."
    ),
    # Shared resources (bookings.reservations)
    "end_before_start": _("La fin doit être après le début."),
    "outside_opening_hours": _(
        "Ce créneau sort des heures d'ouverture de %(resource)s (%(hours)s)."
    ),
    "slot_taken": _("Ce créneau est déjà pris : %(taken)s."),
    "over_capacity": _(
        "« %(resource)s » n'a que %(capacity)s places : offrez-en %(capacity)s au plus."
    ),
    "series_collides": _(
        "Ces dates sont déjà prises, rien n'a été réservé : %(taken)s."
    ),
    "no_date": _("Cette règle ne donne aucune date."),
    "not_a_member": _("Vous n'agissez pas pour l'organisation « %(organisation)s »."),
    "not_pending": _("Cette demande a déjà reçu une réponse."),
    "reason_required": _("Indiquez le motif du refus."),
    "not_a_calendar": _("Ce fichier n'est pas un agenda iCalendar (.ics) lisible."),
    "no_end": _("« %(title)s » n'a pas d'heure de fin."),
    "all_day": _("« %(title)s » dure toute la journée : indiquez ses heures."),
    "not_coordinator": _("Seule la coordination peut valider ou refuser une demande."),
}

# Which form field an error belongs next to; the others go on top of the form.
FIELDS = {
    "no_places_requested": "adults",
    "too_many_places": "adults",
    "outing_needs_adult": "adults",
    "no_name": "name",
    "invalid_email": "email",
    "no_contact": "phone",
    "invalid_phone": "phone",
    "duplicate": "phone",
    "places_below_taken": "places",
    "end_before_start": "ends_at",
    "outside_opening_hours": "starts_at",
    "slot_taken": "starts_at",
    "over_capacity": "places",
    "series_collides": "recurrences",
    "no_date": "recurrences",
    "not_a_member": "organisation",
    "reason_required": "reason",
    "not_a_calendar": "file",
}


class BookingError(Exception):
    """A booking rule refused the change; ``message`` says why, in French."""

    def __init__(self, code, *, field=None, collisions=(), **params):
        self.code = code
        # Reservations a refused slot collides with, for the views to list.
        self.collisions = list(collisions)
        self.params = params
        self.field = field or FIELDS.get(code)
        super().__init__(code)

    @property
    def message(self):
        return MESSAGES[self.code] % self.params if self.params else MESSAGES[self.code]

    def __str__(self):
        return str(self.message)


class SessionBusy(Exception):
    """A session stayed locked longer than ``BOOKINGS_LOCK_TIMEOUT``: the
    change was not made; the resident is asked to try again (a 503 page,
    ``bookings.middleware``)."""
