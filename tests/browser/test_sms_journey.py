"""A resident with a phone and no e-mail books, gets an SMS, opens its short
link by hand and cancels, on a phone-sized screen."""

import re

import pytest
from django.core.cache import cache

from bookings.models import Booking

from .axe import assert_no_axe_violations
from .test_booking_journey import (
    activity_with_session,
    assert_fits_the_screen,
    phone_tab,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def site_url(settings, live_server):
    settings.SITE_URL = live_server.url
    cache.clear()
    yield
    cache.clear()


def test_book_by_phone_alone_then_cancel_from_the_sms_link(
    browser, live_server, sms_outbox
):
    activity, session = activity_with_session(places=10)
    tab = phone_tab(browser)
    tab.goto(live_server.url + activity.url)
    tab.get_by_role("link", name="Réserver").click()
    assert "par SMS la confirmation" in tab.locator("main").inner_text()

    tab.get_by_label("Nom").fill("Awa Diallo")
    tab.get_by_label("Téléphone").fill("06 12 34 56 78")
    tab.get_by_label("J'accepte que ces informations soient gardées").check()
    tab.get_by_role("button", name="Réserver").click()
    tab.get_by_role("heading", name="Votre réservation est confirmée").wait_for()
    booking = Booking.objects.get()
    page_text = tab.locator("main").inner_text()
    assert "Un SMS de confirmation est envoyé" in page_text
    assert f"/r/{booking.short_key}" in page_text
    assert_fits_the_screen(tab)
    assert_no_axe_violations(tab)

    (message,) = sms_outbox
    assert message.recipients == ["+33612345678"]
    assert booking.code in message.body
    # Copied by hand from the SMS, in lower case.
    short = re.search(r"\S+/r/(\w+)", message.body).group(1)
    tab.goto(f"{live_server.url}/r/{short.lower()}")
    assert booking.code in tab.locator("main").inner_text()
    assert_no_axe_violations(tab)

    tab.get_by_role("button", name="Annuler ma réservation").click()
    tab.get_by_text("Votre réservation est annulée. Merci !").wait_for()
    booking.refresh_from_db()
    assert booking.is_cancelled
    tab.context.close()
