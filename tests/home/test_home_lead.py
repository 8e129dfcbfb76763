"""The home page's lead: this week at each local, drop-in hours grouped, highlights
that can be booked or say when."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import formats, timezone

from activities.models import Category
from home.templatetags.typography import fr_date
from home.whats_on import group_slots
from tests import factories
from tests.assertions import assert_page

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def at(days_ahead, hour, minute=0):
    day = timezone.localdate() + timedelta(days=days_ahead)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def drop_in(page, days_ahead, hour, minute=0, hours=3, **fields):
    starts = at(days_ahead, hour, minute)
    return factories.session(
        page,
        starts_at=starts,
        ends_at=starts + timedelta(hours=hours),
        bookable_online=False,
        **fields,
    )


def weekday_names(days_aheads):
    """The weekdays of these days from today, Monday first, as the page names them."""
    days = sorted(timezone.localdate() + timedelta(days=n) for n in days_aheads)
    days.sort(key=lambda day: day.weekday())
    return [formats.date_format(day, "l") for day in days]


def section(html, anchor):
    return html.split(f'id="{anchor}"')[1].split("</section>")[0]


@pytest.fixture
def local(home):
    return factories.local_page(home, title="Local des Tilleuls", hours=[])


@pytest.fixture
def index(local):
    return factories.activity_index(local)


def test_group_slots_names_days_monday_first_whatever_their_order():
    slots = group_slots(
        [(4, time(9, 30), time(12)), (3, time(14), time(17)), (0, time(14), time(17))]
    )
    assert [(slot.days, slot.starts) for slot in slots] == [
        (["lundi", "jeudi"], time(14)),
        (["vendredi"], time(9, 30)),
    ]


class TestThisWeek:
    def test_drop_in_hours_are_said_once_per_activity_and_hours(
        self, client, local, index
    ):
        permanence = factories.activity_page(
            index, title="Permanences d'accueil", category=Category.DROP_IN
        )
        for days_ahead in (1, 2, 3):
            drop_in(permanence, days_ahead, 14)
        drop_in(permanence, 4, 9, 30, hours=2.5)
        week = section(assert_page(client.get("/")), "cette-semaine")

        afternoons = weekday_names([1, 2, 3])
        afternoons = ", ".join(afternoons[:-1]) + " et " + afternoons[-1]
        morning = weekday_names([4])[0]
        assert week.count("Permanences d&#x27;accueil") == 1
        assert week.count("<li>") == 2
        assert f"<li>{afternoons.capitalize()}{NBSP}: 14:00 à 17:00</li>" in week
        assert f"<li>{morning.capitalize()}{NBSP}: 09:30 à 12:00</li>" in week
        assert week.count("Accès libre, sans réservation") == 1
        assert "<time" not in week  # no line per session

    def test_a_cancelled_drop_in_and_bookable_sessions_keep_a_line_each(
        self, client, local, index
    ):
        permanence = factories.activity_page(
            index, title="Permanences d'accueil", category=Category.DROP_IN
        )
        drop_in(permanence, 1, 14)
        cancelled = drop_in(
            permanence, 2, 14, status="cancelled", cancellation_reason="Grève"
        )
        couture = factories.activity_page(index, title="Atelier couture")
        first = factories.session(couture, days_ahead=1)
        second = factories.session(couture, days_ahead=3)
        week = section(assert_page(client.get("/")), "cette-semaine")

        assert f'id="seance-{cancelled.pk}"' in week
        assert f"Séance annulée{NBSP}: Grève" in week
        for session in (first, second):
            assert f'href="{reverse("bookings:book", args=[session.pk])}"' in week
        assert week.count("Atelier couture") == 2

    def test_shows_the_seven_days_from_today_under_each_local(
        self, client, home, local, index
    ):
        other = factories.local_page(home, title="Local du Val", hours=[])
        other_index = factories.activity_index(other)
        couture = factories.activity_page(index, title="Atelier couture")
        factories.session(couture, days_ahead=6)
        factories.session(
            factories.activity_page(index, title="Trop tard"), days_ahead=7
        )
        factories.session(
            factories.activity_page(other_index, title="Soirée jeux"), days_ahead=2
        )
        week = section(assert_page(client.get("/")), "cette-semaine")

        tilleuls, val = week.split("<h3>Local du Val</h3>")
        assert "Atelier couture" in tilleuls and "Soirée jeux" in val
        assert "Trop tard" not in week
        last = timezone.localdate() + timedelta(days=6)
        assert last.strftime("%d").lstrip("0") in week.split("</p>")[0]


class TestHighlights:
    def test_a_bookable_highlight_links_to_its_session(self, client, index):
        barbecue = factories.activity_page(
            index, title="Barbecue de la cité", category=Category.HIGHLIGHT
        )
        session = factories.session(barbecue, days_ahead=20)
        highlights = section(assert_page(client.get("/")), "temps-forts")

        book = reverse("bookings:book", args=[session.pk])
        assert f'<a class="session__book" href="{book}"' in highlights
        assert ">Réserver</a>" in highlights
        assert f'aria-describedby="temps-fort-{session.pk}"' in highlights

    def test_a_highlight_not_yet_open_says_when_booking_opens(self, client, index):
        telethon = factories.activity_page(
            index, title="Objets pour le Téléthon", category=Category.HIGHLIGHT
        )
        opens = at(10, 9)
        session = factories.session(telethon, days_ahead=20, booking_opens_at=opens)
        highlights = section(assert_page(client.get("/")), "temps-forts")

        when = fr_date(timezone.localtime(opens), "l j F, H:i")
        assert f"Réservations à partir du {when}" in highlights
        assert 'class="session__book"' not in highlights
        assert f'datetime="{timezone.localtime(session.starts_at).isoformat()}"' in (
            highlights
        )

    def test_a_highlight_without_a_coming_session_is_not_shown(self, client, index):
        factories.activity_page(
            index, title="Barbecue de l'an dernier", category=Category.HIGHLIGHT
        )
        html = assert_page(client.get("/"))
        assert "Temps forts" not in html
