"""Template helpers for sessions and bookings shown to residents."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from bookings import display
from home.templatetags.typography import fr_date, typo

register = template.Library()


@register.filter
def session_state(occurrence):
    """cancelled, past, drop_in, not_open, closed, full or open; needs counts."""
    return display.session_state(occurrence)


@register.simple_tag(takes_context=True)
def calendar_feed_url(context, page=None):
    """The iCal feed of ``page`` (its ``calendar`` route), else of the whole site."""
    page = page or context.get("page")
    reverse_subpage = getattr(page, "reverse_subpage", None)
    if reverse_subpage is not None:
        try:
            subpage = reverse_subpage("calendar")
        except NoReverseMatch:
            subpage = None
        url = page.get_url(request=context.get("request"))
        if subpage is not None and url:
            return url + subpage
    return reverse("bookings:site_calendar")


@register.simple_tag
def retention_months():
    """How many months residents' contact details are kept after a session."""
    return settings.BOOKINGS_RETENTION_MONTHS


# A listing shows one line per session: the activity's own page renders eight,
# the home page up to sixty. They are built here rather than by two template
# includes each, which were most of a page's rendering time.


@lru_cache(maxsize=4096)
def booking_url(session_id, script_prefix):
    """The booking form's address (the same for every request of a process)."""
    return reverse("bookings:book", args=[session_id])


def trusted(message):
    """A message of this site's own (no value typed by anyone in it), shown
    as ``{% translate %}`` shows it: its apostrophes are not escaped."""
    return mark_safe(message)


@register.simple_tag(takes_context=True)
def session_item(context, occurrence, show_page=False):
    """One session of a listing, as a list item: its activity (with
    ``show_page``), its date, its state in words and, while it takes bookings,
    its « Réserver » (or waiting list) link.

    ``occurrence``: annotated by ``with_counts()``, its page selected with it
    (no query here).
    """
    state = display.session_state(occurrence)
    classes = f"session session--{state}"
    if occurrence.is_cancelled:
        classes += " session--cancelled"
    title = ""
    if show_page:
        page = occurrence.page
        title = format_html(
            '<a class="session__title" href="{}">{}</a>',
            page.get_url(request=context.get("request")),
            typo(page.title),
        )
    date = format_html(
        '<time class="session__date" id="seance-{}" datetime="{}">{} – {}</time>',
        occurrence.pk,
        timezone.localtime(occurrence.starts_at).isoformat(),
        fr_date(timezone.localtime(occurrence.starts_at), "l j F Y, H:i"),
        timezone.localtime(occurrence.ends_at).strftime("%H:%M"),
    )
    if occurrence.is_cancelled:
        date = format_html("<del>{}</del>", date)
    return format_html(
        '<li class="{}">{}{}{}</li>',
        classes,
        title,
        date,
        session_status(occurrence, state),
    )


@register.simple_tag
def session_status(occurrence, state=None, id_prefix="seance"):
    """A session's state in words and, while it takes bookings, its
    « Réserver » (or waiting list) link, described by the session's date
    (shown with the id ``<id_prefix>-<pk>`` by the including list).
    """
    state = state or display.session_state(occurrence)
    if state == "cancelled":
        words = trusted(gettext("Séance annulée"))
        if occurrence.cancellation_reason:
            words = format_html(
                "{}\u00a0: {}", words, typo(occurrence.cancellation_reason)
            )
    elif state == "drop_in":
        words = trusted(gettext("Accès libre, sans réservation"))
    elif state in ("closed", "past"):
        words = trusted(gettext("Réservations fermées"))
    elif state == "not_open":
        words = gettext("Réservations à partir du %(date)s") % {
            "date": fr_date(
                timezone.localtime(occurrence.booking_opens_at), "l j F, H:i"
            )
        }
    elif state == "full":
        words = trusted(gettext("Complet – liste d'attente"))
    else:
        left = occurrence.places_left_online()
        words = ngettext("%(places)s place", "%(places)s places", left) % {
            "places": left
        }
    status = format_html('<span class="session__status">{}</span>', words)
    if state not in ("open", "full"):
        return status
    link = trusted(
        gettext("S'inscrire sur la liste d'attente")
        if state == "full"
        else gettext("Réserver")
    )
    return format_html(
        '{}<a class="session__book" href="{}" aria-describedby="{}-{}">{}</a>',
        status,
        booking_url(occurrence.pk, get_script_prefix()),
        id_prefix,
        occurrence.pk,
        link,
    )
