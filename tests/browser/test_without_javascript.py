"""The resident's whole journey on the demo site with JavaScript turned off.

Home page, a local, its activities filtered, an activity, the booking form
(sent once with a mistake), the confirmation, the personal link, the
cancellation: every step is a plain link or a plain form.
"""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from activities.models import ActivityPage, Category, LocalPage, OutingPage
from bookings import services
from bookings.models import Booking, Occurrence
from tests.public_pages import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings, tmp_path, live_server):
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = live_server.url
    cache.clear()
    load_demo()
    yield LocalPage.objects.live().order_by("path").first()
    cache.clear()


@pytest.fixture
def tab(browser):
    context = browser.new_context(
        java_script_enabled=False,
        viewport={"width": 360, "height": 740},
        locale="fr-FR",
    )
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def bookable_workshop_session(local):
    """A coming workshop session of ``local`` with a place left online."""
    workshops = ActivityPage.objects.descendant_of(local).filter(
        category=Category.WORKSHOP
    )
    for session in (
        Occurrence.objects.upcoming()
        .live()
        .filter(page__in=workshops)
        .with_counts()
        .order_by("starts_at")
    ):
        if (
            services.booking_refusal(session) is None
            and session.places_left_online() >= 1
        ):
            return session
    raise AssertionError("the demo has no bookable workshop session")


def heading(tab):
    return tab.locator("h1").inner_text()


def test_a_resident_books_and_cancels_without_javascript(live_server, demo, tab):
    tab.goto(live_server.url + "/")
    session = bookable_workshop_session(demo)
    activity = session.page.specific

    # Home page: the locals first, then this week.
    locals_ = tab.locator(".card--local")
    assert locals_.count() == 2
    locals_.get_by_role("link", name=demo.title, exact=True).click()
    assert heading(tab) == demo.title

    # The local's activities, filtered by a plain GET form.
    tab.get_by_role("link", name="Voir toutes les activités et les sorties").click()
    tab.get_by_label("Catégorie").select_option(label="Atelier")
    tab.get_by_role("button", name="Filtrer").click()
    tab.wait_for_url(re.compile(r"category=atelier"))
    listed = "\n".join(
        tab.locator("main section:not(:has(#filtrer))").all_inner_texts()
    )
    assert activity.title in listed
    for other in ActivityPage.objects.descendant_of(demo).exclude(
        category=Category.WORKSHOP
    ):
        assert other.title not in listed, other.title
    for outing in OutingPage.objects.descendant_of(demo):
        assert outing.title not in listed, outing.title
    tab.get_by_role("link", name="Tout afficher").click()
    assert "category=" not in tab.url

    # The activity, then its session's « Réserver » link.
    tab.go_back()
    tab.get_by_role("link", name=activity.title, exact=True).first.click()
    assert heading(tab) == activity.title
    book_url = reverse("bookings:book", args=[session.pk])
    tab.locator(f'a[href="{book_url}"]').click()
    assert heading(tab).startswith("Réserver")
    assert tab.locator('main form a[href="/confidentialite/"]').count() == 1

    # Sent without a name: the form comes back with the errors, what was
    # typed, and its privacy link.
    tab.get_by_label("Téléphone").fill("06 12 34 56 78")
    tab.get_by_label("J'accepte que ces informations soient gardées").check()
    tab.get_by_role("button", name="Réserver").click()
    assert tab.title().startswith("Erreur\u00a0:")
    assert "Indiquez votre nom." in tab.locator(".error-summary").inner_text()
    assert tab.get_by_label("Téléphone").input_value() == "06 12 34 56 78"
    assert tab.locator('main form a[href="/confidentialite/"]').count() == 1
    assert not Booking.objects.exists()

    tab.get_by_label("Nom").fill("Awa Diallo")
    tab.get_by_label("J'accepte que ces informations soient gardées").check()
    tab.get_by_role("button", name="Réserver").click()
    assert heading(tab) == "Votre réservation est confirmée"
    booking = Booking.objects.get()
    assert booking.occurrence_id == session.pk
    assert tab.locator(".booking-code__value").inner_text() == booking.code

    # The personal link shown on the confirmation, then cancelling.
    tab.locator(".booking-link a").click()
    assert booking.code in tab.locator("main").inner_text()
    tab.get_by_role("button", name="Annuler ma réservation").click()
    tab.get_by_text("Votre réservation est annulée. Merci !").wait_for()
    booking.refresh_from_db()
    assert booking.is_cancelled


def test_the_home_pages_booking_links_work_without_javascript(live_server, demo, tab):
    tab.goto(live_server.url + "/")
    week = tab.locator("section:has(#cette-semaine)")
    book = week.locator("a.session__book").first
    book_url = book.get_attribute("href")
    book.click()
    assert tab.url == live_server.url + book_url
    assert heading(tab).startswith("Réserver")
    button = tab.get_by_role("button", name=re.compile("Réserver|liste d'attente"))
    assert button.count() == 1
