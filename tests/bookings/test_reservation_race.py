"""Organisations racing for one slot of a shared resource: exactly one wins.

Real threads, each with its own database connection, start together. On
PostgreSQL the resource's row lock queues them (and the exclusion constraint
backs it); on SQLite the IMMEDIATE transactions do. The control tests take the
lock away (and, on PostgreSQL, the constraint) to show the race is real.
"""

import threading
import time
from contextlib import contextmanager
from datetime import datetime, timedelta
from datetime import time as clock

import pytest
from django.db import close_old_connections, connection, connections

from bookings import reservations, services
from bookings.exceptions import BookingError
from bookings.models import Reservation, Resource
from tests import factories

from .test_reservations import PARIS, next_weekday

RACERS = 20


def race(space, organisations):
    """Each organisation tries, at the same moment, a slot overlapping all others."""
    barrier = threading.Barrier(len(organisations))
    day = next_weekday(5)
    outcomes = []

    def attempt(number, organisation):
        start = datetime.combine(day, clock(14, number), tzinfo=PARIS)
        try:
            barrier.wait()
            services.reserve(
                resource=space,
                organisation=organisation,
                starts_at=start,
                ends_at=start + timedelta(hours=2),
                title=f"Demande {number}",
            )
            outcomes.append("won")
        except BookingError as error:
            outcomes.append(error.code)
        except Exception as error:  # pragma: no cover - shown by the assertion
            outcomes.append(repr(error))
        finally:
            close_old_connections()
            connections.close_all()

    threads = [
        threading.Thread(target=attempt, args=(n, org))
        for n, org in enumerate(organisations)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.fixture
def contenders(transactional_db):
    space = factories.resource("Espace multi-sports")
    organisations = [
        factories.organisation(f"Association {n}", is_partner=True)
        for n in range(RACERS)
    ]
    return space, organisations


@pytest.mark.django_db(transaction=True)
def test_twenty_racers_for_one_slot_end_with_exactly_one_reservation(contenders):
    space, organisations = contenders
    outcomes = race(space, organisations)
    assert outcomes.count("won") == 1
    assert outcomes.count("slot_taken") == RACERS - 1
    assert Reservation.objects.active().filter(resource=space).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_partners_for_the_same_slot_exactly_one_wins(contenders):
    space, organisations = contenders
    outcomes = race(space, organisations[:2])
    assert sorted(outcomes) == ["slot_taken", "won"]


@contextmanager
def without_the_lock(monkeypatch):
    """Read the resource without locking it, and widen the check-then-write gap."""
    looked = reservations.collisions

    def unlocked(resource_id):
        return Resource.objects.get(pk=resource_id)

    def slow_collisions(*args, **kwargs):
        found = looked(*args, **kwargs)
        time.sleep(0.1)
        return found

    monkeypatch.setattr(reservations, "lock_resource", unlocked)
    monkeypatch.setattr(reservations, "collisions", slow_collisions)
    yield


@contextmanager
def without_the_exclusion_constraint():
    (constraint,) = [
        c for c in Reservation._meta.constraints if c.name == "reservation_no_overlap"
    ]
    with connection.schema_editor() as editor:
        editor.remove_constraint(Reservation, constraint)
    try:
        yield
    finally:
        Reservation.objects.all().delete()
        with connection.schema_editor() as editor:
            editor.add_constraint(Reservation, constraint)


@pytest.mark.django_db(transaction=True)
def test_control_without_lock_nor_constraint_the_race_double_books(
    contenders, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers at BEGIN IMMEDIATE: no race to show")
    space, organisations = contenders
    with without_the_lock(monkeypatch), without_the_exclusion_constraint():
        outcomes = race(space, organisations)
        assert outcomes.count("won") > 1
        assert Reservation.objects.active().filter(resource=space).count() > 1


@pytest.mark.django_db(transaction=True)
def test_without_the_lock_the_exclusion_constraint_still_keeps_one(
    contenders, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("exclusion constraints exist on PostgreSQL only")
    space, organisations = contenders
    with without_the_lock(monkeypatch):
        outcomes = race(space, organisations)
    assert outcomes.count("won") == 1
    assert Reservation.objects.active().filter(resource=space).count() == 1
