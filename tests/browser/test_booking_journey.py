"""A resident books, is told, and cancels, on a phone-sized screen, without account."""

import re
from datetime import datetime, time, timedelta

import pytest
import recurrence
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from bookings import services
from bookings.models import Booking
from tests import factories
from tests.bookings.domain import make_schedule

from .axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = 360


@pytest.fixture(autouse=True)
def site_url(settings, live_server):
    """E-mails link to the server the browser talks to; no attempts counted yet."""
    settings.SITE_URL = live_server.url
    cache.clear()
    yield
    cache.clear()


def activity_with_session(places):
    home = factories.home_page()
    factories.standard_page(home, slug="confidentialite", title="Vos données")
    local = factories.local_page(home, phone="02 41 00 00 00")
    activity = factories.activity_page(
        factories.activity_index(local),
        title="Atelier d'écriture",
        what_to_bring="Un cahier et un stylo.",
    )
    day = timezone.localdate() + timedelta(days=6)
    schedule = make_schedule(
        page=activity,
        recurrences=recurrence.Recurrence(rdates=[datetime.combine(day, time.min)]),
        starts_on=day,
        places=places,
    )
    (session,) = services.materialise_schedule(schedule)
    return activity, session


def phone_tab(browser):
    context = browser.new_context(
        viewport={"width": PHONE, "height": 740}, locale="fr-FR"
    )
    context.set_default_timeout(15_000)
    return context.new_page()


def assert_fits_the_screen(tab):
    width = tab.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE, f"{width} px wide content on a {PHONE} px screen"


def fill_booking_form(tab, name, email):
    tab.get_by_label("Nom").fill(name)
    tab.get_by_label("E-mail").fill(email)
    tab.get_by_label("J'accepte que ces informations soient gardées").check()


def manage_link(message):
    return re.search(r"https?://\S+/reservation/[\w-]+/", message.body).group(0)


def book_from_activity_page(tab, live_server, activity, name, email):
    tab.goto(live_server.url + activity.url)
    tab.get_by_role("link", name=re.compile("Réserver|liste d'attente")).click()
    fill_booking_form(tab, name, email)
    tab.get_by_role("button", name=re.compile("Réserver|liste d'attente")).click()


def test_book_then_cancel_from_the_email_link(browser, live_server):
    activity, session = activity_with_session(places=10)
    tab = phone_tab(browser)

    tab.goto(live_server.url + activity.url)
    assert_fits_the_screen(tab)
    tab.get_by_role("link", name="Réserver").click()
    tab.get_by_role("heading", level=1, name="Réserver : Atelier d'écriture").wait_for()
    assert_fits_the_screen(tab)
    assert_no_axe_violations(tab)

    # Sent empty: the errors are listed on top and next to each field.
    tab.get_by_role("button", name="Réserver").click()
    summary = tab.locator(".error-summary")
    assert "Indiquez votre nom." in summary.inner_text()
    assert tab.get_by_label("Nom").get_attribute("aria-invalid") == "true"
    assert tab.title().startswith("Erreur\u00a0: Réserver")
    red = tab.get_by_label("Nom").evaluate(
        "field => getComputedStyle(field).borderTopColor"
    )
    assert red == "rgb(164, 20, 12)", "a field in error has its red border"
    assert_fits_the_screen(tab)
    assert_no_axe_violations(tab)
    assert not Booking.objects.exists()

    fill_booking_form(tab, "Awa Diallo", "awa@example.org")
    tab.get_by_role("button", name="Réserver").click()
    tab.get_by_role("heading", name="Votre réservation est confirmée").wait_for()
    booking = Booking.objects.get()
    assert tab.locator(".booking-code__value").inner_text() == booking.code
    assert "Donnez ce code à l'accueil ou au téléphone" in tab.content()
    assert_fits_the_screen(tab)
    assert_no_axe_violations(tab)

    (message,) = mail.outbox
    assert message.to == ["awa@example.org"]
    assert booking.code in message.body
    tab.goto(manage_link(message))
    assert booking.code in tab.locator("main").inner_text()
    assert_fits_the_screen(tab)
    assert_no_axe_violations(tab)

    tab.get_by_role("button", name="Annuler ma réservation").click()
    tab.get_by_text("Votre réservation est annulée. Merci !").wait_for()
    booking.refresh_from_db()
    assert booking.is_cancelled
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("Réservation annulée")
    assert_no_axe_violations(tab)
    tab.context.close()


def test_last_place_waiting_list_and_promotion(browser, live_server):
    activity, session = activity_with_session(places=1)
    first, second = phone_tab(browser), phone_tab(browser)

    book_from_activity_page(first, live_server, activity, "Awa", "awa@example.org")
    first.get_by_role("heading", name="Votre réservation est confirmée").wait_for()

    book_from_activity_page(
        second, live_server, activity, "Bernard", "bernard@example.org"
    )
    second.get_by_role("heading", name="Vous êtes sur la liste d'attente").wait_for()
    assert "Vous êtes sur la liste d'attente, en position 1" in second.content()
    assert_no_axe_violations(second)
    waiting = Booking.objects.get(email="bernard@example.org")
    assert waiting.is_waiting

    # The first resident cancels with the link of their e-mail.
    (to_first,) = [m for m in mail.outbox if m.to == ["awa@example.org"]]
    first.goto(manage_link(to_first))
    first.get_by_role("button", name="Annuler ma réservation").click()
    first.get_by_text("Votre réservation est annulée. Merci !").wait_for()

    waiting.refresh_from_db()
    assert waiting.is_confirmed
    promoted = [
        m
        for m in mail.outbox
        if m.to == ["bernard@example.org"] and "place s'est libérée" in m.subject
    ]
    assert len(promoted) == 1
    second.goto(manage_link(promoted[0]))
    assert "Confirmée" in second.locator("main").inner_text()
    assert_no_axe_violations(second)
    first.context.close()
    second.context.close()
