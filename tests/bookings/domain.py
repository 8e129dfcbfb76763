"""Small builders for booking-domain tests: any Wagtail page can hold schedules."""

from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurrence
from django.utils import timezone
from wagtail.models import Locale, Page

from bookings import services
from bookings.exceptions import BookingError
from bookings.models import Booking, Schedule

PARIS = ZoneInfo("Europe/Paris")


def plain_page(title="Atelier cuisine"):
    return root_page().add_child(
        instance=Page(title=title, slug=f"p-{Page.objects.count()}")
    )


def root_page():
    """Wagtail's root page; a transactional test's flush removes it with the locale."""
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(language_code="fr")
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def weekly(*weekdays, **kwargs):
    return recurrence.Recurrence(
        rrules=[recurrence.Rule(recurrence.WEEKLY, byday=list(weekdays))], **kwargs
    )


def make_schedule(page=None, **fields):
    defaults = {
        "recurrences": weekly(recurrence.TU),
        "starts_on": timezone.localdate(),
        "start_time": time(14, 0),
        "duration_minutes": 120,
        "places": 10,
        "max_places_per_booking": 4,
        "places_held_back": 0,
        "skip_public_holidays": False,
    }
    defaults.update(fields)
    return Schedule.objects.create(page=page or plain_page(), **defaults)


def make_session(places=10, days_ahead=7, **fields):
    """One upcoming, open session of a one-date schedule."""
    day = timezone.localdate() + timedelta(days=days_ahead)
    schedule = make_schedule(
        recurrences=recurrence.Recurrence(rdates=[datetime.combine(day, time.min)]),
        starts_on=day,
        places=places,
        **fields,
    )
    (session,) = services.materialise_schedule(schedule)
    return session


def book(session, name="Awa", phone="", email="", **kwargs):
    if not phone and not email:
        email = f"{name.lower()}@example.org"
    return services.book(session, name=name, phone=phone, email=email, **kwargs)


def confirmed_places(session):
    return Booking.objects.confirmed().filter(occurrence=session).places()


def paris(day: date, hour: int, minute: int = 0):
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


@contextmanager
def refused(code):
    """Assert that the block raises the BookingError ``code``."""
    with pytest.raises(BookingError) as error:
        yield error
    assert error.value.code == code, error.value.code
    assert str(error.value.message)  # a French sentence for the form
