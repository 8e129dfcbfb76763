"""Session lists read through SQL compiled once (bookings.prepared) give what
the ORM gives, with each call's values and the places of that moment."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from activities.models import sessions_of
from bookings import services
from bookings.models import Booking, Occurrence
from bookings.prepared import CompiledOnce
from tests import factories

pytestmark = pytest.mark.django_db


def counts(sessions):
    return [
        (s.pk, s.places_taken, s.places_waiting, s.bookings_waiting) for s in sessions
    ]


@pytest.fixture
def sessions(tree):
    first, second = tree["activities"][:2]
    made = [
        factories.session(page, days_ahead=days, places=2)
        for page in (first, second)
        for days in (1, 3, 5, 8)
    ]
    return {"pages": {first.pk: first, second.pk: second}, "made": made}


def test_the_same_sessions_and_places_as_the_orm(sessions):
    pages = sessions["pages"]
    session = Occurrence.objects.get(pk=sessions_of(pages, 1)[0].pk)
    services.book(session, name="Awa Diallo", email="awa@example.org", adults=2)
    services.book(session, name="Léo Martin", email="leo@example.org", adults=1)
    now = timezone.now()
    for limit, until in ((None, None), (3, None), (20, now + timedelta(days=4))):
        expected = (
            Occurrence.objects.upcoming(now)
            .filter(page_id__in=list(pages))
            .order_by("starts_at", "pk")
        )
        if until:
            expected = expected.filter(starts_at__lt=until)
        expected = list(expected.with_counts())[:limit]
        assert counts(sessions_of(pages, limit, until)) == counts(expected)
    first = sessions_of(pages, 1)[0]
    assert (first.places_taken, first.bookings_waiting) == (3, 0)
    assert first.page is pages[first.page_id]


def test_each_call_reads_the_places_of_its_moment(sessions):
    pages = sessions["pages"]
    assert sessions_of(pages, 1)[0].places_taken == 0
    soonest = Occurrence.objects.get(pk=sessions_of(pages, 1)[0].pk)
    services.book(soonest, name="Awa Diallo", email="awa@example.org", adults=1)
    assert sessions_of(pages, 1)[0].places_taken == 1
    # Another number of pages is another shape, compiled on its own.
    one_page = dict([next(iter(pages.items()))])
    assert len(sessions_of(one_page)) == 5
    assert len(sessions_of(pages)) == 10


def test_a_value_it_cannot_find_in_the_sql_is_never_kept(sessions):
    # The day is folded into the SQL's text by nobody here, but a value used
    # in arithmetic cannot be bound: such a query is built on every call.
    pages = list(sessions["pages"])
    query = CompiledOnce(
        lambda page_ids, days: Occurrence.objects.filter(page_id__in=page_ids).order_by(
            "starts_at"
        )[: abs(days)]
    )
    assert len(query(pages, 2)) == 2
    assert len(query(pages, 5)) == 5
    assert list(query.compiled.values()) == [None]


def test_a_text_is_bound_where_its_lookup_keeps_it_as_it_is(sessions):
    session = sessions["made"][0]
    services.book(session, name="Awa Diallo", email="awa@example.org")
    services.book(session, name="Léo Martin", phone="06 12 34 56 78")
    query = CompiledOnce(
        lambda phone: Booking.objects.filter(phone=phone).order_by("pk")
    )
    assert [b.name for b in query("+33612345678")] == ["Léo Martin"]
    assert [b.name for b in query("")] == ["Awa Diallo"]
    assert None not in query.compiled.values()


def test_a_text_its_lookup_escapes_or_changes_is_never_kept(sessions):
    # On SQLite, iexact escapes « _ » and « % » (LIKE); contains wraps the
    # value in « % »: binding the text as it is would make them wildcards.
    session = sessions["made"][0]
    services.book(session, name="Awa Diallo", email="awa_d@example.org")
    services.book(session, name="Léo Martin", email="awaxd@example.org")
    contains = CompiledOnce(lambda text: Booking.objects.filter(email__contains=text))
    assert [b.name for b in contains("awa_d")] == ["Awa Diallo"]
    assert [b.name for b in contains("a%d")] == []
    assert list(contains.compiled.values()) == [None]
    iexact = CompiledOnce(lambda text: Booking.objects.filter(email__iexact=text))
    assert [b.name for b in iexact("AWA_D@example.org")] == ["Awa Diallo"]
    if connection.vendor == "sqlite":
        assert list(iexact.compiled.values()) == [None]
