"""The programme on paper: a local's week or month, on A4 and as a PDF."""

import io
import re
from datetime import datetime, time, timedelta
from html import unescape

import pytest
from django.utils import timezone
from pypdf import PdfReader

from bookings import services
from tests import factories
from tests.assertions import assert_page, count_queries

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def next_monday():
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


def at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


@pytest.fixture
def week(db):
    """A local with a workshop on next Tuesday (8 places, 3 booked), a drop-in
    on Wednesday, a sport event on Saturday; another local's session; a
    session the week after."""
    home = factories.home_page()
    local = factories.local_page(
        home, title="Local des Tilleuls", phone="02 41 31 10 40"
    )
    index = factories.activity_index(local)
    monday = next_monday()
    cooking = factories.activity_page(index, title="Atelier cuisine")
    tuesday = factories.session(
        cooking, starts_at=at(monday + timedelta(1), 14), places=8
    )
    services.book(tuesday, name="Awa", phone="06 12 34 56 78", adults=2, children=1)
    coffee = factories.activity_page(index, title="Café des habitants")
    factories.session(
        coffee, starts_at=at(monday + timedelta(2), 9, 30), bookable_online=False
    )
    factories.sport_event_page(
        index, title="Tournoi de basket", date=monday + timedelta(5)
    )
    factories.session(cooking, starts_at=at(monday + timedelta(8), 14))
    other = factories.activity_page(
        factories.activity_index(factories.local_page(home, title="Local du Val")),
        title="Atelier couture",
    )
    factories.session(other, starts_at=at(monday + timedelta(1), 10))
    return {"local": local, "monday": monday}


def programme_url(local, **query):
    url = local.url + "programme/"
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def text_of(html):
    return unescape(re.sub(r"<[^>]+>", " ", html)).replace(NBSP, " ")


def test_the_week_lists_each_day_with_places_left_and_how_to_book(client, week):
    local, monday = week["local"], week["monday"]
    html = assert_page(
        client.get(programme_url(local, debut=monday.isoformat())),
        'src="data:image/svg+xml',  # the QR code
    )
    text = " ".join(text_of(html).split())
    assert f"Programme du lundi {monday.day}" in text
    assert "14:00 – 16:00 Atelier cuisine – 5 places restantes" in text
    assert "09:30 – 11:30 Café des habitants – sans réservation" in text
    assert "Tournoi de basket" in text
    assert "Permanence d'accueil : Pause café, écoute" in text  # Tuesday hours
    assert "par téléphone : 02 41 31 10 40" in text
    assert f"sur internet : {local.full_url}" in text
    # Not this local's, not this week's.
    assert "Atelier couture" not in text
    assert text.count("Atelier cuisine") == 1


def test_an_event_open_to_bookings_is_listed_once_with_its_places(client, week):
    local, monday = week["local"], week["monday"]
    event = factories.sport_event_page(
        local.get_children().first(),
        title="Initiation basket",
        date=monday + timedelta(3),
        takes_bookings=True,
        places=16,
        organisation=factories.youth_centre(),
    )
    event.save_revision().publish()
    text = " ".join(
        text_of(
            client.get(programme_url(local, debut=monday.isoformat())).content.decode()
        ).split()
    )
    assert "14:00 – 17:00 Initiation basket – 16 places restantes" in text
    assert text.count("Initiation basket") == 1


def test_the_month_holds_the_following_weeks_too(client, week):
    local, monday = week["local"], week["monday"]
    later = monday + timedelta(8)
    html = assert_page(
        client.get(programme_url(local, periode="mois", debut=later.isoformat()))
    )
    assert "Programme de " in html
    assert text_of(html).count("Atelier cuisine") == (
        2 if later.month == (monday + timedelta(1)).month else 1
    )


def test_a_bad_period_or_date_is_a_400_in_french(client, week):
    response = client.get(programme_url(week["local"], debut="demain"))
    html = assert_page(response, "Saisissez une date valide", status=400)
    assert "Erreur" in html
    response = client.get(programme_url(week["local"], periode="annee"))
    assert response.status_code == 400


def test_the_pdf_holds_the_weeks_sessions(client, week):
    local, monday = week["local"], week["monday"]
    response = client.get(local.url + f"programme/pdf/?debut={monday.isoformat()}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(
        " ".join(page.extract_text() for page in reader.pages)
        .replace(NBSP, " ")
        .split()
    )
    assert "Local des Tilleuls" in text
    assert "Atelier cuisine – 5 places restantes" in text
    assert "Café des habitants – sans réservation" in text
    assert "Tournoi de basket" in text
    assert "02 41 31 10 40" in text
    assert "Atelier couture" not in text
    # A4 portrait: 210 x 297 mm in points.
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)


def test_the_local_page_links_to_its_programme(client, week):
    local = week["local"]
    assert_page(client.get(local.url), f'href="{local.url}programme/"')


def test_the_programme_adds_no_query_per_session(client, week):
    local, monday = week["local"], week["monday"]
    url = programme_url(local, debut=monday.isoformat())
    few = count_queries(client, url)
    page = factories.activity_page(
        factories.activity_index(local), title="Atelier pâte à sel"
    )
    for day in range(7):
        factories.session(page, starts_at=at(monday + timedelta(day), 17))
    assert count_queries(client, url) == few
