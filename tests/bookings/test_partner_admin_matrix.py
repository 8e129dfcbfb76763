"""The partner (the maison des jeunes) requests every admin URL of the project.

The URLs are read from the URL resolver, so a URL added later is covered
without touching this test. Each one, requested with the ids of things that
are not the partner's (a resident's booking, the local's workshop and its
session, another organisation's reservation, a user), must be refused (403,
404, 405, or a redirect away) or show nothing that is not the partner's.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RoutePattern

from bookings import services
from bookings.models import Occurrence
from tests import factories

from .partner_fixtures import *  # noqa: F403
from .test_reservation_admin import at
from .test_reservations import next_weekday

SECRETS = [
    "Awa Secrète",  # a resident's name
    "0612345678",  # her phone, as typed and as stored
    "+33612345678",
    "awa.secrete@example.org",
    "Tournoi secret d'Enjeu",  # another organisation's reservation
]
# Not a secret: the title of a live page outside the partner's section is on
# the public site, and Wagtail's page chooser, move dialog and page-types
# report show it. Editing that page is what must be refused (asserted below).
REFUSED = {301, 302, 403, 404, 405}
# A resident who booked the partner's own event: shown to the partner.
OWN_RESIDENT = "Léo Visible"
# Wagtail's own "does error reporting work" view: it raises for everybody.
NOT_REQUESTED = {"wagtailadmin_error_test"}


def admin_patterns():
    """(route, name, converters) of every named URL under /admin/."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace
                walk(
                    pattern.url_patterns,
                    route,
                    f"{namespace}:{ns}" if namespace and ns else ns or namespace,
                )
            elif isinstance(pattern, URLPattern) and pattern.name:
                name = f"{namespace}:{pattern.name}" if namespace else pattern.name
                found.append((route, name, pattern.pattern))

    walk(get_resolver().url_patterns, "", "")
    return [item for item in found if item[0].startswith("admin/")]


def candidate_urls(name, pattern, ids):
    """The URLs to request for one pattern: each int argument takes each id."""
    if isinstance(pattern, RoutePattern):
        kinds = {key: type(conv).__name__ for key, conv in pattern.converters.items()}
    else:
        kinds = {key: "str" for key in pattern.regex.groupindex}
    if not kinds:
        return [reverse(name)]
    urls = []
    for value in ids:
        kwargs = {
            key: value if kind == "IntConverter" else str(value)
            for key, kind in kinds.items()
        }
        try:
            urls.append(reverse(name, kwargs=kwargs))
        except Exception:  # a regex that wants another shape: try the app label
            kwargs = {key: "bookings" for key in kinds}
            try:
                urls.append(reverse(name, kwargs=kwargs))
            except Exception:
                pass
    return urls


@pytest.fixture
def secrets(shared):
    workshop = factories.activity_page(shared.workshops, title="Atelier cuisine secret")
    session = factories.session(workshop)
    booking = services.book(
        session,
        name="Awa Secrète",
        phone="06 12 34 56 78",
        email="awa.secrete@example.org",
        channel="staff",
    )
    other = factories.organisation("Association Enjeu", is_partner=True)
    day = next_weekday(6)
    reservation = services.reserve(
        resource=shared.space,
        organisation=other,
        starts_at=at(day, 10),
        ends_at=at(day, 12),
        title="Tournoi secret d'Enjeu",
    )
    # The partner's own event, open to bookings: its resident is the
    # partner's to see, in the same lists that must hide Awa.
    event = factories.sport_event_page(shared.section, title="Tournoi de la MDJ")
    own_session = factories.session(event, organisation=shared.mdj)
    services.book(own_session, name=OWN_RESIDENT, email="leo.visible@example.org")
    return [session.pk, booking.pk, reservation.pk, workshop.pk, shared.coordinator.pk]


def test_every_admin_url_is_refused_or_shows_only_what_is_the_partners(
    partner_client, shared, secrets
):
    patterns = admin_patterns()
    assert len(patterns) > 100  # the resolver was read
    leaks, requested, unreachable, own_shown = [], 0, [], set()
    partner_client.raise_request_exception = False
    for _route, name, pattern in patterns:
        if name in NOT_REQUESTED:
            continue
        urls = candidate_urls(name, pattern, secrets)
        if not urls:
            unreachable.append(name)
        for url in set(urls):
            response = partner_client.get(url)
            requested += 1
            if response.status_code in REFUSED:
                continue
            body = response.content.decode(errors="replace")
            shown = [secret for secret in SECRETS if secret in body]
            if OWN_RESIDENT in body:
                own_shown.add(name)
            if shown or response.status_code >= 500:
                leaks.append((url, response.status_code, shown))
    assert leaks == [], "\n".join(map(str, leaks))
    # The lists the partner may open do show its own event's bookings.
    assert "bookings_bookings:index" in own_shown
    own_session = Occurrence.objects.get(page__title="Tournoi de la MDJ")
    for url in (
        reverse("bookings_sessions:detail", args=[own_session.pk]),
        reverse("bookings_bookings:index") + "?export=csv",
    ):
        response = partner_client.get(url)
        body = b"".join(
            response.streaming_content if response.streaming else [response.content]
        ).decode()
        assert OWN_RESIDENT in body and "Awa" not in body, url
    workshop_pk = secrets[3]
    for action in ("edit", "delete", "unpublish", "copy", "move"):
        url = reverse(f"wagtailadmin_pages:{action}", args=[workshop_pk])
        assert partner_client.get(url).status_code in REFUSED, url
    assert requested > len(patterns)
    # Every pattern was requested at least once.
    assert unreachable == []


def test_the_partner_sees_its_own_reservations(partner_client, shared, secrets):
    services.reserve(
        resource=shared.space,
        organisation=shared.mdj,
        starts_at=at(next_weekday(6), 14),
        ends_at=at(next_weekday(6), 16),
        title="Basket de la MDJ",
    )
    html = partner_client.get(reverse("shared_reservations:index")).content.decode()
    assert "Basket de la MDJ" in html
    assert "Tournoi secret" not in html
