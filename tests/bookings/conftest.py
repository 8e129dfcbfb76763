"""Pages with sessions for the public booking views and the calendar feeds.

A small site: home > local > activity index > activity page (and an outing),
with sessions made the way the site makes them: ``materialise_schedule`` for a
schedule, ``sync_schedule`` for an outing.
"""

from datetime import datetime, time, timedelta

import pytest
import recurrence
from django.core.cache import cache
from django.utils import timezone

from bookings import services
from bookings.models import Occurrence
from tests import factories

from .domain import make_schedule, weekly


def one_date_session(page, *, days_ahead=7, start=time(14, 0), **fields):
    """One upcoming session of a one-date schedule on ``page``."""
    day = timezone.localdate() + timedelta(days=days_ahead)
    schedule = make_schedule(
        page=page,
        recurrences=recurrence.Recurrence(rdates=[datetime.combine(day, time.min)]),
        starts_on=day,
        start_time=start,
        **fields,
    )
    (session,) = services.materialise_schedule(schedule)
    return session


def weekly_sessions(page, *, weekday=recurrence.TU, horizon_days=None, **fields):
    """The sessions of a weekly schedule on ``page``, from today."""
    schedule = make_schedule(page=page, recurrences=weekly(weekday), **fields)
    services.materialise_schedule(schedule, horizon_days=horizon_days)
    return list(Occurrence.objects.filter(schedule=schedule).order_by("starts_at"))


def fresh(session):
    """The session again, with the counts the listings use."""
    return Occurrence.objects.with_counts().get(pk=session.pk)


def form_data(**overrides):
    data = {
        "name": "Awa Diallo",
        "phone": "",
        "email": "awa@example.org",
        "adults": "1",
        "children": "0",
        "note": "",
        "consent": "on",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def clear_cache():
    """The rate limit counts attempts in the cache: start each test at zero."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site(db):
    home = factories.home_page()
    local = factories.local_page(
        home, title="Local des Hauts de Saint-Aubin", phone="02 41 00 00 00"
    )
    index = factories.activity_index(local)
    activity = factories.activity_page(
        index, title="Atelier d'écriture", what_to_bring="Un cahier et un stylo."
    )
    return {"home": home, "local": local, "index": index, "activity": activity}


@pytest.fixture
def activity(site):
    return site["activity"]


@pytest.fixture
def session(activity):
    """An open session next week, 14:00-16:00, 10 places, 4 per booking."""
    return one_date_session(activity, places=10, max_places_per_booking=4)


@pytest.fixture
def outing(site):
    outing = factories.outing_page(site["index"], places=30, places_held_back=0)
    outing.sync_schedule()
    return outing


@pytest.fixture
def outing_session(outing):
    return Occurrence.objects.get(page=outing)
