"""The page cache serves anonymous pages from memory and never shows stale places.

Transactional tests: purges are sent after the real commit, as in production.
"""

import re
import time
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from activities.models import Category
from bookings import services
from tests import factories
from tests.bookings.conftest import form_data
from tests.bookings.partner_fixtures import space_and_partner

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 600
    cache.clear()
    yield
    cache.clear()


def one_activity_with_its_last_place():
    """The site tree with one activity and one session of one place."""
    tree = factories.site_tree(activities=1, sessions_per_activity=0)
    activity = tree["activities"][0]
    session = factories.session(activity, days_ahead=2, places=1)
    return {**tree, "activity": activity, "session": session}


site = pytest.fixture(one_activity_with_its_last_place)


def state_of(html, session):
    item = re.search(
        rf'<li class="session[^"]*">(?:(?!</li>).)*seance-{session.pk}".*?</li>',
        html,
        re.S,
    )
    assert item, f"session {session.pk} not listed"
    return item.group(0)


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_a_second_visit_is_served_from_the_cache_without_a_query(site):
    visitor = Client()
    first = get(visitor, site["activity"].url)
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = get(visitor, site["activity"].url)
    assert second["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert second.content == first.content
    assert "Content-Security-Policy" in second
    assert second["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize("where", ["activity", "local", "home"])
def test_booking_the_last_place_shows_full_at_once(site, where):
    url = {
        "activity": site["activity"].url,
        "local": site["locals"][0].url,
        "home": "/",
    }[where]
    visitor = Client()
    get(visitor, url)
    cached = get(visitor, url)
    assert cached["X-Page-Cache"] == "hit"
    assert "1 place" in state_of(cached.content.decode(), site["session"])

    resident = Client()
    booking = resident.post(
        reverse("bookings:book", args=[site["session"].pk]), form_data()
    )
    assert booking.status_code == 303

    after = get(visitor, url)
    assert after["X-Page-Cache"] == "miss"
    assert "Complet – liste d'attente" in state_of(
        after.content.decode(), site["session"]
    )


def test_a_cancellation_and_a_promotion_show_at_once(site):
    session = site["session"]
    first = services.book(session, name="Awa", email="awa@example.org")
    services.book(session, name="Bernard", email="bernard@example.org")
    visitor = Client()
    get(visitor, site["activity"].url)
    assert "Complet" in state_of(
        get(visitor, site["activity"].url).content.decode(), session
    )

    services.cancel(first)  # Bernard is promoted: still full
    html = get(visitor, site["activity"].url).content.decode()
    assert "Complet" in state_of(html, session)
    services.set_places(session, places=3)  # Bernard has one of three
    html = get(visitor, site["activity"].url).content.decode()
    assert "2 places" in state_of(html, session)


def test_publishing_a_page_purges_the_pages_that_show_it(site):
    visitor = Client()
    get(visitor, "/")
    assert get(visitor, "/")["X-Page-Cache"] == "hit"
    local = site["locals"][0]
    local.title = "Local Saint-Aubin, nouveau nom"
    local.save_revision().publish()
    html = get(visitor, "/").content.decode()
    assert "Local Saint-Aubin, nouveau nom" in html


def test_unpublishing_a_page_takes_it_off_at_once(site):
    visitor = Client()
    outing = site["outing"]
    get(visitor, outing.url)
    assert get(visitor, outing.url)["X-Page-Cache"] == "hit"
    outing.unpublish()
    assert visitor.get(outing.url).status_code == 404


def test_a_session_closed_by_the_clock_never_shows_book(site):
    session = site["session"]
    closes = timezone.now() + timedelta(seconds=2)
    type(session).objects.filter(pk=session.pk).update(booking_closes_at=closes)
    visitor = Client()
    html = get(visitor, site["activity"].url).content.decode()
    assert "Réserver" in state_of(html, session)
    time.sleep(max(0, (closes - timezone.now()).total_seconds()) + 0.2)
    response = get(visitor, site["activity"].url)
    assert response["X-Page-Cache"] == "miss"
    assert "Réservations fermées" in state_of(response.content.decode(), session)
    assert "Réserver" not in state_of(response.content.decode(), session)


def test_forms_and_staff_are_never_served_from_the_cache(site, django_user_model):
    visitor = Client()
    book_url = reverse("bookings:book", args=[site["session"].pk])
    for _ in range(2):
        response = get(visitor, book_url)
        assert "X-Page-Cache" not in response
        assert "csrfmiddlewaretoken" in response.content.decode()

    form = factories.form_page(site["home"])
    for _ in range(2):
        response = get(Client(), form.url)
        assert "X-Page-Cache" not in response

    staff = django_user_model.objects.create_superuser("coord", "c@example.org", "x")
    client = Client()
    client.force_login(staff)
    get(Client(), site["activity"].url)
    response = get(client, site["activity"].url)
    assert "X-Page-Cache" not in response
    assert "wagtail-userbar" in response.content.decode()


def test_the_feed_answers_304_until_something_changes(site):
    calendar = Client()
    first = get(calendar, "/agenda.ics")
    etag, modified = first["ETag"], first["Last-Modified"]
    second = calendar.get("/agenda.ics", HTTP_IF_NONE_MATCH=etag)
    assert second.status_code == 304
    third = calendar.get("/agenda.ics", HTTP_IF_MODIFIED_SINCE=modified)
    assert third.status_code == 304

    services.cancel_session(site["session"], reason="Animatrice malade")
    changed = calendar.get("/agenda.ics", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert b"STATUS:CANCELLED" in changed.content
    local_feed = get(calendar, site["locals"][0].url + "ical/")
    assert b"STATUS:CANCELLED" in local_feed.content


def test_a_booking_leaves_the_feeds_alone(site):
    # The feeds show no places: a calendar polling every hour keeps its 304
    # however many residents book, while the pages show the places at once.
    calendar, resident = Client(), Client()
    feed = get(calendar, "/agenda.ics")
    activity_feed = get(calendar, site["activity"].url + "ical/")
    get(resident, site["activity"].url)
    services.book(site["session"], name="Awa Diallo", email="awa@example.org")
    for url, first in (
        ("/agenda.ics", feed),
        (site["activity"].url + "ical/", activity_feed),
    ):
        again = calendar.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304, url
    page = get(resident, site["activity"].url)
    assert page["X-Page-Cache"] == "miss"
    assert "Complet" in state_of(page.content.decode(), site["session"])


def test_home_counts_places_only_for_the_sessions_it_shows(site):
    # The places of every coming session were summed before eight were kept.
    for days in range(3, 15):
        factories.session(site["activity"], days_ahead=days)
    highlight = factories.activity_page(
        site["index"], title="Fête du quartier", category=Category.HIGHLIGHT
    )
    factories.session(highlight, days_ahead=9)
    with CaptureQueriesContext(connection) as queries:
        get(Client(), "/")
    # The week's sessions (at most 60) and the next session of each highlight.
    counting = [q["sql"] for q in queries if "SUM(" in q["sql"].upper()]
    assert len(counting) == 2
    for sql in counting:
        assert re.search(r"IN \(SELECT .* LIMIT (60|3)\)", sql), sql


def test_a_page_made_private_leaves_the_cache_at_once(site):
    from wagtail.models import Page, PageViewRestriction

    visitor = Client()
    url = site["activity"].url
    get(visitor, url)
    assert get(visitor, url)["X-Page-Cache"] == "hit"
    PageViewRestriction.objects.create(
        page=Page.objects.get(pk=site["activity"].pk),
        restriction_type=PageViewRestriction.LOGIN,
    )
    response = visitor.get(url)
    assert response.status_code == 302 and "/login" in response["Location"]


def test_a_cached_page_keeps_its_security_headers(site):
    visitor = Client()
    url = site["activity"].url
    first = get(visitor, url)
    hit = get(visitor, url)
    assert hit["X-Page-Cache"] == "hit"
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Type"):
        assert hit[header] == first[header], header
    assert "unsafe-inline" not in hit["Content-Security-Policy"]
    # A hit sets no cookie of the visitor who filled the cache.
    assert not hit.cookies


def test_a_site_settings_change_shows_at_once_on_cached_pages(site):
    from wagtail.models import Site

    from home.models import SiteSettings

    visitor = Client()
    url = site["activity"].url
    get(visitor, url)
    contact = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    contact.phone = "+33241000000"
    contact.save()
    response = get(visitor, url)
    assert response["X-Page-Cache"] == "miss"
    assert 'href="tel:+33241000000"' in response.content.decode()


def test_a_booking_purges_the_page_and_its_ancestors_as_wagtail_serves_them(site):
    # paths_showing builds the ancestors' paths from the page's url_path
    # without reading them: they must be the paths Wagtail serves them at.
    from wagtail.models import Page

    from home.pagecache import paths_showing

    for page in Page.objects.exclude(depth=1):
        expected = {
            ancestor.get_url_parts()[2]
            for ancestor in page.get_ancestors(inclusive=True).exclude(depth=1)
            if ancestor.get_url_parts()
        }
        assert paths_showing([page.pk], feeds=False) == expected, page.url_path
    activity = site["activity"].url
    assert paths_showing([site["activity"].pk]) == {
        "/agenda.ics",
        "/",
        "/ical/",
        site["locals"][0].url,
        site["locals"][0].url + "ical/",
        site["index"].url,
        site["index"].url + "ical/",
        activity,
        activity + "ical/",
    }


def test_a_booking_purges_the_page_at_its_new_address_after_a_move(site):
    # The paths a booking purges are kept per generation of the site: once
    # the page's address changed, a booking purges the new one.
    book_url = reverse("bookings:book", args=[site["session"].pk])
    assert Client().post(book_url, form_data()).status_code == 303
    services.cancel(site["session"].bookings.get(), by_staff=True)
    activity = site["activity"]
    activity.slug = "nouvelle-adresse"
    activity.save_revision().publish()
    activity.refresh_from_db()
    visitor = Client()
    get(visitor, activity.url)
    cached = get(visitor, activity.url)
    assert cached["X-Page-Cache"] == "hit"
    assert "1 place" in state_of(cached.content.decode(), site["session"])

    assert Client().post(book_url, form_data()).status_code == 303

    after = get(visitor, activity.url)
    assert after["X-Page-Cache"] == "miss"
    assert "Complet – liste d'attente" in state_of(
        after.content.decode(), site["session"]
    )


@pytest.fixture
def shared(django_user_model):
    return space_and_partner(django_user_model)


def test_the_public_schedule_shows_reservations_at_once_whichever_way_made(shared):
    from bookings.resources import Reservation
    from tests.bookings.test_reservations import next_weekday
    from tests.bookings.test_space_schedule import reserve, url

    wednesday = next_weekday(2)
    week = url(shared, semaine=wednesday.isoformat())
    visitor = Client()
    get(visitor, week)
    assert get(visitor, week)["X-Page-Cache"] == "hit"

    made = reserve(shared, wednesday, 14, 16, title="Football 11-14 ans")
    assert "Football 11-14 ans" in get(visitor, week).content.decode()
    assert get(visitor, week)["X-Page-Cache"] == "hit"
    # A bulk update (the shell, a command) announces what it changed too.
    Reservation.objects.filter(pk=made.pk).update(title="Basket 15-17 ans")
    shown = get(visitor, week).content.decode()
    assert "Basket 15-17 ans" in shown and "Football" not in shown
    services.cancel_reservation(made)
    assert "Basket 15-17 ans" not in get(visitor, week).content.decode()
    # Who reserves is shown: renaming an organisation shows at once.
    reserve(shared, wednesday, 17, 18, title="Futsal")
    assert "Maison des jeunes" in get(visitor, week).content.decode()
    shared.mdj.name = "MJC des Hauts"
    shared.mdj.save()
    assert "MJC des Hauts" in get(visitor, week).content.decode()
