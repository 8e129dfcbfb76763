"""Text messages (SMS) to residents who gave a mobile number and no e-mail.

Sending goes through django-sms (``SMS_BACKEND``, in the style of Django's
e-mail backends): the console in development, its in-memory outbox in tests,
OVHcloud's SMS API in production (``bookings.sms_backends.OvhSmsBackend``).
Like e-mails, messages are queued with django-tasks after the transaction
commits, tried again after ``BOOKINGS_EMAIL_RETRY_DELAYS`` when sending
fails, and after the last try the resident goes on the « À appeler » list
(« SMS non envoyé »).

Every message fits one SMS: at most 160 characters of the GSM-7 alphabet.
The fixed words are written in it (« é », « è », « à » are in it; « ê », « ç »,
« « » » and non-breaking spaces are not, so they are avoided); what comes
from the content (a title, a local's name) is folded to it
(``to_gsm7``, « Fête » gives « Fete »), and the title is shortened when the
message would pass 160 characters. Each message names the local's phone
number, since nobody reads replies, and carries the short personal link.
"""

import logging
import unicodedata
from urllib.parse import urlsplit

from django.utils import timezone
from django_tasks import task
from sms import send_sms

from .links import short_manage_url
from .models import Booking, PendingCall
from .retries import retry_or_call

logger = logging.getLogger(__name__)

SMS_LENGTH = 160
GSM7 = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
FOLDS = str.maketrans(
    {
        "\u00a0": " ",
        "\u202f": " ",
        "’": "'",
        "«": '"',
        "»": '"',
        "–": "-",
        "—": "-",
        "…": "...",
        "œ": "oe",
        "Œ": "OE",
        "ç": "c",
    }
)
DAYS = ["lun.", "mar.", "mer.", "jeu.", "ven.", "sam.", "dim."]


def to_gsm7(text):
    """``text`` in the GSM-7 alphabet: look-alike punctuation, then accents
    folded (« ê » gives « e »), anything else left out."""
    folded = []
    for char in str(text).translate(FOLDS):
        if char not in GSM7:
            char = unicodedata.normalize("NFKD", char)[0]
        if char in GSM7:
            folded.append(char)
    return " ".join("".join(folded).split())


def short_url(booking):
    """The short personal link, without its scheme: phones make it a link."""
    address = urlsplit(short_manage_url(booking))
    return address.netloc + address.path


def when(session):
    start = timezone.localtime(session.starts_at)
    return f"{DAYS[start.weekday()]} {start.day}/{start.month} {start:%H}h{start:%M}"


def _local(booking):
    return getattr(booking.occurrence.page.specific, "local", None)


# What each message says: {title} is shortened to fit 160 characters.
TEXTS = {
    "made": (
        "Vie des quartiers : réservé {title} {when}, {place}. Code {code}. "
        "Annuler : {link}{phone}"
    ),
    "made_waiting": (
        "Vie des quartiers : liste d'attente (rang {rank}) {title} {when}. "
        "Code {code}. {link}{phone}"
    ),
    "promoted": (
        "Vie des quartiers : place libérée, c'est confirmé : {title} {when}. "
        "{link}{phone}"
    ),
    "session_cancelled": (
        "Vie des quartiers : ANNULÉ {title} {when}. Désolés ! {link}{phone}"
    ),
    "session_restored": (
        "Vie des quartiers : {title} {when} a bien lieu, votre place est gardée. "
        "{link}{phone}"
    ),
    "reminder": (
        "Vie des quartiers : rappel, {title} demain {time}, {place}. "
        "Absent(e) ? Annulez : {link}{phone}"
    ),
}


def message_for(booking, kind):
    """The French text of one SMS about ``booking``, at most 160 GSM-7 characters."""
    if kind == "made" and booking.is_waiting:
        kind = "made_waiting"
    local = _local(booking)
    local_phone = str(getattr(local, "phone", "") or "")
    values = {
        "when": when(booking.occurrence),
        "time": f"{timezone.localtime(booking.occurrence.starts_at):%H}h"
        f"{timezone.localtime(booking.occurrence.starts_at):%M}",
        "place": to_gsm7(getattr(local, "title", "")) or "au local",
        "code": booking.code,
        "rank": booking.waiting_rank() if booking.is_waiting else "",
        "link": short_url(booking),
        "phone": f" Local : {to_gsm7(local_phone)}" if local_phone else "",
    }
    values["title"] = to_gsm7(booking.occurrence.page.title)
    return _fit(TEXTS[kind], values)


def _fit(text, values, shortened=("title", "place")):
    """``text`` filled in, the longest of ``shortened`` cut (with "...") until
    the whole fits one SMS; the code, the link and the phone are never cut."""
    values = dict(values)
    while len(filled := text.format(**values)) > SMS_LENGTH:
        longest = max(
            (name for name in shortened if "{" + name + "}" in text),
            key=lambda name: len(values[name]),
        )
        value = values[longest].removesuffix("...")
        keep = len(value) - (len(filled) - SMS_LENGTH) - 3
        if keep < 6:
            keep = len(value) - 4  # the other one is cut on the next turn
        if keep < 4:
            break  # nothing left to cut: the fixed words are over 160 already
        values[longest] = value[:keep].rstrip() + "..."
    return filled


@task()
def send_booking_sms(booking_ids, kind, attempt=1):
    """Send one SMS about the first of ``booking_ids`` (a series: its first date).

    A failure of the provider queues the next try, and after the last one
    puts the resident on the call list.
    """
    booking = (
        Booking.objects.filter(pk__in=booking_ids)
        .select_related("occurrence__page")
        .order_by("occurrence__starts_at")
        .first()
    )
    if booking is None or not booking.phone:
        return
    try:
        send_sms(message_for(booking, kind), None, [str(booking.phone)])
    except Exception as error:  # noqa: BLE001 (any provider failure is retried)
        retry_or_call(
            send_booking_sms,
            booking_ids,
            kind,
            attempt,
            error,
            what="SMS",
            booking=booking,
            reason=PendingCall.Reason.SMS_FAILED,
        )
