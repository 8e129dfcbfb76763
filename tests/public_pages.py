"""Every public page of the demo site, for the checks that must hold on all of them.

``load_demo`` writes the programme residents see (two locals, activities,
outings, sport events, forms, legal pages); the list adds the pages that are
not Wagtail pages: search results, a booking form, its confirmation, the
manage page of a booking, a local's printable programme, the 404.
"""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Collection, Page

from activities.models import LocalPage
from bookings import services
from bookings.models import Occurrence
from tests import factories


def load_demo():
    """The demo programme; a transactional test's flush took the tree roots."""
    factories.tree_root()
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    call_command("load_demo", stdout=StringIO())


def bookable_session():
    """A coming session that takes online bookings, with places left."""
    for session in (
        Occurrence.objects.upcoming().live().with_counts().order_by("starts_at")
    ):
        if (
            services.booking_refusal(session) is None
            and session.places_left_online() >= 2
        ):
            return session
    raise AssertionError("the demo has no bookable session")


def public_paths():
    """Paths of the demo site a resident can open, each once."""
    paths = [
        page.get_url()
        for page in Page.objects.live().public().specific().order_by("path")
        if page.depth > 1 and page.get_url()
    ]
    session = bookable_session()
    booking = services.book(
        session, name="Awa Diallo", phone="06 12 34 56 78", adults=1, children=0
    )
    local = LocalPage.objects.live().order_by("path").first()
    paths += [
        local.url + "programme/",
        local.url + "programme/?periode=mois",
        "/recherche/?q=atelier",
        "/recherche/?q=rien-de-tel",
        reverse("bookings:book", args=[session.pk]),
        reverse("bookings:manage", args=[booking.token]),
        "/nulle-part/",
    ]
    return paths
