"""The yearly report, checked figure by figure against a known dataset
(see ``report_data`` for the bookings and the sums done by hand)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings import households
from bookings.reports import Period, build_report
from tests import factories

from . import report_data

pytestmark = pytest.mark.django_db

ZERO_MONTH = {
    "sessions_held": 0,
    "sessions_cancelled": 0,
    "places_offered": 0,
    "bookings": 0,
    "places": 0,
    "fill_rate": None,
    "came_adults": 0,
    "came_children": 0,
    "came": 0,
    "no_shows": 0,
    "no_show_rate": None,
    "households": 0,
    "waiting_places": 0,
}
JANUARY = {
    "sessions_held": 1,
    "sessions_cancelled": 0,
    "places_offered": 4,
    "bookings": 3,
    "places": 4,
    "fill_rate": 100.0,
    "came_adults": 1,
    "came_children": 2,
    "came": 3,
    "no_shows": 1,
    "no_show_rate": 33.3,
    "households": 2,
    "waiting_places": 2,
}
MARCH = {
    "sessions_held": 2,
    "sessions_cancelled": 1,
    "places_offered": 20,
    "bookings": 2,
    "places": 2,
    "fill_rate": 10.0,
    "came_adults": 1,
    "came_children": 0,
    "came": 1,
    "no_shows": 0,
    "no_show_rate": 0.0,
    "households": 1,
    "waiting_places": 0,
}
OUTING = {
    "sessions_held": 1,
    "sessions_cancelled": 0,
    "places_offered": 30,
    "bookings": 3,
    "places": 8,
    "fill_rate": 26.7,
    "came_adults": 3,
    "came_children": 4,
    "came": 7,
    "no_shows": 1,
    "no_show_rate": 33.3,
    "households": 2,
    "waiting_places": 0,
}
HOMEWORK = {
    "sessions_held": 1,
    "sessions_cancelled": 0,
    "places_offered": 6,
    "bookings": 2,
    "places": 4,
    "fill_rate": 66.7,
    "came_adults": 1,
    "came_children": 3,
    "came": 4,
    "no_shows": 0,
    "no_show_rate": 0.0,
    "households": 2,
    "waiting_places": 0,
}
WORKSHOP = {
    "sessions_held": 3,
    "sessions_cancelled": 1,
    "places_offered": 24,
    "bookings": 5,
    "places": 6,
    "fill_rate": 25.0,
    "came_adults": 2,
    "came_children": 2,
    "came": 4,
    "no_shows": 1,
    "no_show_rate": 25.0,
    "households": 3,
    "waiting_places": 2,
}
HAUTS = {
    "sessions_held": 4,
    "sessions_cancelled": 1,
    "places_offered": 54,
    "bookings": 8,
    "places": 14,
    "fill_rate": 25.9,
    "came_adults": 5,
    "came_children": 6,
    "came": 11,
    "no_shows": 2,
    "no_show_rate": 28.6,
    "households": 4,
    "waiting_places": 2,
}
TOTALS_2025 = {
    "sessions_held": 5,
    "sessions_cancelled": 1,
    "sessions_upcoming": 0,
    "places_offered": 60,
    "bookings": 10,
    "bookings_by_staff": 2,
    "bookings_cancelled": 1,
    "places": 18,
    "fill_rate": 30.0,
    "came_adults": 6,
    "came_children": 9,
    "came": 15,
    "no_shows": 2,
    "no_show_rate": 22.2,
    "households": 5,
    "new_households": 4,
    "returning_households": 1,
    "waiting_bookings": 1,
    "waiting_places": 2,
}


def figures(row, names):
    return {name: row[name] for name in names}


def table(rows):
    return {row.label: figures(row, ZERO_MONTH) for row in rows}


@pytest.fixture
def data():
    return report_data.build()


@pytest.fixture
def report(data):
    return build_report(Period.year(2025), now=report_data.report_now())


def test_totals_of_the_year(report):
    assert figures(report.totals, TOTALS_2025) == TOTALS_2025


def test_by_month_every_month_of_the_year(report):
    expected = {label: ZERO_MONTH for label in MONTHS}
    expected.update(
        {
            "Janvier 2025": JANUARY,
            "Mars 2025": MARCH,
            "Juillet 2025": OUTING,
            "Décembre 2025": HOMEWORK,
        }
    )
    assert [row.label for row in report.months] == list(MONTHS)
    assert table(report.months) == expected


MONTHS = [
    f"{month} 2025"
    for month in (
        "Janvier Février Mars Avril Mai Juin Juillet Août Septembre Octobre "
        "Novembre Décembre"
    ).split()
]


def test_by_category(report):
    assert table(report.categories) == {
        "Accompagnement scolaire": HOMEWORK,
        "Atelier": WORKSHOP,
        "Sorties": OUTING,
    }


def test_by_local(report):
    assert table(report.locals) == {
        "Local des Hauts": HAUTS,
        "Local du Bourg": HOMEWORK,
    }


def test_by_activity_and_outings(report):
    assert table(report.activities) == {
        "Aide aux devoirs": HOMEWORK,
        "Atelier cuisine": WORKSHOP,
        "Sortie à la mer": OUTING,
    }
    assert table(report.outings) == {"Sortie à la mer": OUTING}


def test_by_age_group(report):
    assert [
        (row.label, row["places"], row["came"], row["absent"])
        for row in report.age_groups
    ] == [("Adultes", 9, 6, 2), ("Enfants", 9, 9, 0)]


def test_one_local(data):
    report = build_report(
        Period.year(2025), local=data["hauts"], now=report_data.report_now()
    )
    assert figures(report.totals, HAUTS) == HAUTS
    assert report.totals["returning_households"] == 1  # Eli, who came in 2024
    assert report.totals["new_households"] == 3
    assert [row.label for row in report.locals] == ["Local des Hauts"]

    bourg = build_report(
        Period.year(2025), local=data["bourg"], now=report_data.report_now()
    )
    assert figures(bourg.totals, HOMEWORK) == HOMEWORK
    assert (bourg.totals["new_households"], bourg.totals["returning_households"]) == (
        2,
        0,
    )


def test_the_year_before_counts_who_was_absent_as_not_reached(data):
    report = build_report(Period.year(2024), now=report_data.report_now())
    assert figures(
        report.totals, ["sessions_held", "bookings", "no_shows", "households"]
    ) == {"sessions_held": 1, "bookings": 2, "no_shows": 1, "households": 1}


def test_a_session_just_after_midnight_on_new_years_day_is_next_year(data):
    report = build_report(Period.year(2026), now=report_data.report_now())
    assert report.totals["sessions_held"] == 1
    assert report.months[0]["came"] == 1


def test_any_two_dates_and_sessions_to_come(data):
    s4 = data["sessions"]["s4"]
    report = build_report(
        Period(date(2025, 3, 1), date(2025, 12, 31)),
        now=s4.starts_at.replace(hour=10),
    )
    assert report.totals["sessions_upcoming"] == 1  # S4 later that day
    assert report.totals["sessions_held"] == 3  # S2a, S2b, O1
    assert report.totals["bookings"] == 5
    assert len(report.months) == 10


def test_a_household_is_the_same_phone_in_any_writing_or_the_same_email(data):
    keys = households.contact_keys
    assert households.canonical_phone("06 33 33 33 33") == "+33633333333"
    assert households.canonical_phone("+33 (0)6 33 33 33 33") == "+33633333333"
    assert households.canonical_phone("0033633333333") == "+33633333333"
    assert keys(phone="06.33.33.33.33") == keys(phone="+33633333333")
    assert keys(email=" Ben@Example.org") == keys(email="ben@example.org")
    assert keys(phone="0633333333") != keys(phone="0633333334")
    # Chloé booked once as +33 6..., then a series as 06...: one household.
    chloe = {
        booking.household
        for session in ("s1", "s2a", "s2b")
        for booking in data["sessions"][session].bookings.filter(name="Chloé")
    }
    assert len(chloe) == 1
    # Fatou gave an e-mail, then a phone and the same e-mail: one household.
    fatou = {b.household for b in report_data.Booking.objects.filter(name="Fatou")}
    assert len(fatou) == 1
    assert all(len(key) == 40 for key in chloe | fatou)


def test_a_household_key_does_not_show_the_phone_or_email(data):
    for booking in report_data.Booking.objects.all():
        digits = "".join(c for c in booking.phone if c.isdigit())
        assert booking.household
        assert not digits or digits[-8:] not in booking.household
        assert not booking.email or booking.email not in booking.household


def add_years(first_year, years):
    """Three sessions a year, each with two households (one absent, one came)."""

    index = factories.activity_index(factories.local_page(title="Local des Tests"))
    page = factories.activity_page(index, title="Atelier bois")
    for year in range(first_year, first_year + years):
        for month in (2, 5, 9):
            session = factories.session(
                page, starts_at=report_data.at(date(year, month, 3), 14)
            )
            for number in range(2):
                report_data.book(
                    session,
                    {"name": f"P{number}", "phone": f"06000000{number:02d}"},
                    attended=bool(number),
                )


def queries_of(period):
    with CaptureQueriesContext(connection) as queries:
        build_report(period, now=report_data.report_now())
    return len(queries)


def test_the_report_costs_the_same_queries_for_one_year_or_ten(db):
    add_years(2015, 1)
    one_year = queries_of(Period.year(2015))
    add_years(2016, 9)
    ten_years = queries_of(Period(date(2015, 1, 1), date(2024, 12, 31)))
    assert one_year == ten_years
    assert ten_years <= 15, ten_years
