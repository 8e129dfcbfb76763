"""Who did what: changes made by staff, in Wagtail's own log.

Each entry is a ``ModelLogEntry`` on the *session* (its label is the
activity and the date), never on a booking, whose label would carry a
resident's name: an entry names a booking by its code only, and holds no
phone number nor e-mail address. Services call ``record`` inside their
transaction, so an entry rolls back with the change it describes.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.log_actions import LogFormatter, log
from wagtail.models import ModelLogEntry

# action -> (label in Wagtail's filters, message; %(...)s from the entry's data)
ACTIONS = {
    "bookings.booking_made": (
        _("Réservation prise à l'accueil"),
        _("Réservation %(code)s prise à l'accueil : %(places)s place(s), %(status)s."),
    ),
    "bookings.booking_cancelled": (
        _("Réservation annulée par l'équipe"),
        _("Réservation %(code)s annulée."),
    ),
    "bookings.check_in": (
        _("Présence notée"),
        _("Réservation %(code)s : %(attendance)s."),
    ),
    "bookings.places_changed": (
        _("Places modifiées"),
        _("Places de la séance : %(before)s → %(after)s."),
    ),
    "bookings.session_cancelled": (
        _("Séance annulée"),
        _("Séance annulée. Motif : %(reason)s"),
    ),
    "bookings.session_restored": (
        _("Séance rétablie"),
        _("Séance rétablie."),
    ),
    "bookings.call_done": (
        _("Appel fait"),
        _("Appel fait (réservation %(code)s)."),
    ),
    # A person's data request (Réservations › Données d'une personne): logged
    # on each session of theirs, by booking code only.
    "bookings.person_exported": (
        _("Données d'une personne exportées"),
        _("Données exportées à sa demande (réservation %(code)s)."),
    ),
    "bookings.person_erased": (
        _("Données d'une personne effacées"),
        _("Données effacées à sa demande (réservation %(code)s)."),
    ),
}

ATTENDANCE = {True: _("présente"), False: _("absente"), None: _("non renseignée")}


class BookingLogFormatter(LogFormatter):
    template = ""

    def format_message(self, log_entry):
        try:
            return str(self.template) % (log_entry.data or {})
        except (KeyError, TypeError, ValueError):
            return str(self.label)


@hooks.register("register_log_actions")
def register_booking_actions(actions):
    for action, (label, template) in ACTIONS.items():
        formatter = type(
            "BookingLogFormatter",
            (BookingLogFormatter,),
            {"label": label, "template": template},
        )
        actions.register_action(action)(formatter)


def record(session, action, *, user, **data):
    """Log ``action`` by staff ``user`` on ``session``; nothing without a user
    (a resident online, the daily command). ``data``: plain values, a
    booking's code at most, never contact details."""
    if user is None or not user.is_authenticated:
        return
    log(session, action, user=user, data={k: str(v) for k, v in data.items()})


def record_person_request(bookings, action, *, user):
    """Log a person's data request on the session of each of their bookings."""
    for booking in bookings:
        record(booking.occurrence, action, user=user, code=booking.code)


def history(session, limit=50):
    """The session's log, newest first, with who did it: one query."""
    return (
        ModelLogEntry.objects.for_instance(session)
        .select_related("user")
        .order_by("-timestamp", "-pk")[:limit]
    )
