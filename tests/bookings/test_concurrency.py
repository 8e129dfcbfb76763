"""Two people racing for the last place must not both get it.

Real threads, each with its own database connection, start together on one
session. On PostgreSQL the session's row lock queues them; on SQLite the
IMMEDIATE transactions do. The control test removes the lock and shows that the
race then overbooks, so the main test can fail.
"""

import threading
import time

import pytest
from django.db import close_old_connections, connection, connections

from bookings import services
from bookings.exceptions import BookingError
from bookings.models import Booking, Occurrence

from .domain import confirmed_places, make_session

BOOKERS = 50
PLACES = 10


def race(session, bookers=BOOKERS):
    """Start ``bookers`` threads booking one place each, all at once."""
    barrier = threading.Barrier(bookers)
    errors = []

    def book_one(number):
        try:
            barrier.wait()
            services.book(
                session, name=f"Habitant {number}", email=f"h{number}@example.org"
            )
        except BookingError as error:  # pragma: no cover - reported below
            errors.append(error.code)
        except Exception as error:  # pragma: no cover - reported below
            errors.append(repr(error))
        finally:
            close_old_connections()
            connections.close_all()

    threads = [threading.Thread(target=book_one, args=(n,)) for n in range(bookers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_fifty_bookers_for_ten_places_confirm_exactly_ten():
    session = make_session(places=PLACES, max_places_per_booking=1)
    errors = race(session)
    assert errors == []
    assert Booking.objects.filter(occurrence=session).count() == BOOKERS
    assert confirmed_places(session) == PLACES
    assert (
        Booking.objects.waiting().filter(occurrence=session).count() == BOOKERS - PLACES
    )
    ranks = sorted(b.waiting_rank() for b in Booking.objects.waiting())
    assert ranks == list(range(1, BOOKERS - PLACES + 1))


@pytest.mark.django_db(transaction=True)
def test_cancellations_racing_with_bookings_never_overbook():
    session = make_session(places=3, max_places_per_booking=1)
    holders = [
        services.book(session, name=f"T{n}", email=f"t{n}@ex.org") for n in range(3)
    ]
    barrier = threading.Barrier(len(holders) * 2)

    def cancel(booking):
        barrier.wait()
        services.cancel(booking)
        connections.close_all()

    def book(number):
        barrier.wait()
        services.book(session, name=f"N{number}", email=f"n{number}@ex.org")
        connections.close_all()

    threads = [threading.Thread(target=cancel, args=(b,)) for b in holders]
    threads += [threading.Thread(target=book, args=(n,)) for n in range(len(holders))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert confirmed_places(session) == 3
    assert not Booking.objects.waiting().exists()


@pytest.mark.django_db(transaction=True)
def test_control_without_the_lock_the_race_overbooks(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers at BEGIN IMMEDIATE: no race to show")
    session = make_session(places=PLACES, max_places_per_booking=1)
    counted = services._counts

    def unlocked(occurrence_id):
        return Occurrence.objects.get(pk=occurrence_id)

    def slow_count(occurrence, *args, **kwargs):
        counts = counted(occurrence, *args, **kwargs)
        time.sleep(0.05)  # widen the gap between counting and writing
        return counts

    monkeypatch.setattr(services, "lock_session", unlocked)
    monkeypatch.setattr(services, "_counts", slow_count)
    race(session, bookers=30)
    assert confirmed_places(session) > PLACES
