"""The booking form and the privacy page say how long data are kept, from
BOOKINGS_RETENTION_MONTHS."""

from html import unescape

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_booking_form_says_how_long(client, session, settings):
    settings.BOOKINGS_RETENTION_MONTHS = 18
    factories.standard_page(
        factories.home_page(), title="Données personnelles", slug="confidentialite"
    )
    html = unescape(
        client.get(reverse("bookings:book", args=[session.pk])).content.decode()
    )
    assert "elles sont effacées 18 mois après la séance" in html
    assert "Comment nous protégeons vos données" in html


def test_the_privacy_page_says_how_long(client, settings):
    settings.BOOKINGS_RETENTION_MONTHS = 18
    page = factories.standard_page(
        factories.home_page(), title="Données personnelles", slug="confidentialite"
    )
    html = unescape(client.get(page.url).content.decode())
    assert "sont effacés 18 mois après la séance" in html
    other = factories.standard_page(factories.home_page(), title="Mentions légales")
    assert "mois après la séance" not in unescape(
        client.get(other.url).content.decode()
    )
