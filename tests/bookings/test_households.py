"""A new booking joins the household of the earliest booking that shares its
phone or its e-mail (bookings.households), found without reading every
booking ever made."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings import households, services
from bookings.models import Booking
from tests import factories

from .conftest import one_date_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions():
    tree = factories.site_tree(activities=1, sessions_per_activity=0)
    page = tree["activities"][0]
    return [one_date_session(page, days_ahead=days, places=50) for days in (3, 4, 5)]


def test_a_booking_joins_the_earliest_household_of_its_phone_or_its_email(sessions):
    first, second, third = sessions
    by_phone = services.book(first, name="Awa Diallo", phone="06 11 11 11 11")
    by_email = services.book(second, name="Awa Diallo", email="awa@example.org")
    assert by_phone.household != by_email.household
    both = services.book(
        third, name="Awa Diallo", phone="+33 6 11 11 11 11", email="AWA@example.org"
    )
    assert both.household == by_phone.household
    # The same, when the e-mail's booking is the earlier one.
    by_email.created_at = by_phone.created_at.replace(year=2020)
    by_email.save(update_fields=["created_at"])
    assert households.household_key("0611111111", "awa@example.org") == (
        by_email.household
    )
    # Someone else: a household of their own.
    other = services.book(third, name="Léo Martin", email="leo@example.org")
    assert other.household not in {by_phone.household, by_email.household}


def test_an_anonymised_booking_still_gives_its_household(sessions):
    first, second, _third = sessions
    made = services.book(first, name="Awa Diallo", phone="06 11 11 11 11")
    Booking.objects.filter(pk=made.pk).update(name="", phone="", email="")
    again = services.book(second, name="Awa Diallo", phone="06 11 11 11 11")
    assert again.household == made.household


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the plan is PostgreSQL's"
)
def test_the_household_is_found_without_reading_every_booking(sessions):
    first, second, _third = sessions
    Booking.objects.bulk_create(
        Booking(
            occurrence=first,
            name=f"Habitant {n}",
            email=f"habitant{n}@example.org",
            household=households.household_key(email=f"habitant{n}@example.org"),
        )
        for n in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE bookings_booking")
    with CaptureQueriesContext(connection) as queries:
        services.book(second, name="Awa Diallo", email="awa@example.org")
    (lookup,) = [q["sql"] for q in queries if '"household" IN' in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + lookup)
        (plan,) = cursor.fetchone()[0]
    read = []

    def walk(node):
        if "Relation Name" in node:
            read.append(
                node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)
            )
        for child in node.get("Plans", []):
            walk(child)

    walk(plan["Plan"])
    assert sum(read) < 50, json.dumps(plan, indent=1)
