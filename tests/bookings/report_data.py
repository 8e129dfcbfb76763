"""A known year of bookings for the report tests, checked by hand.

Two locals: « Hauts » (Atelier cuisine, Sortie à la mer) and « Bourg » (Aide
aux devoirs). Six households: H1 Awa (phone), H2 Ben (e-mail), H3 Chloé (a
phone written two ways), H4 Dora (booked by staff), H5 Eli (phone, already
came in 2024), H6 Fatou (e-mail, then phone and the same e-mail).

2024-12-31 20:00  cuisine   S0   H5 came; H1 absent                (2024)
2025-01-07 14:00  cuisine   S1   4 places: H1 1a1c came; H2 2a cancelled;
                                 H3 1a promoted, absent; H4 1c by staff, came;
                                 H6 2a still waiting
2025-03-04 14:00  cuisine   S2a  series of H3: 1a came
2025-03-11 14:00  cuisine   S2b  series of H3: 1a, attendance not recorded
2025-03-18 14:00  cuisine   S3   cancelled session (H1 had booked)
2025-07-10 09:00  outing    O1   30 places: H1 2a3c came; H5 1a1c came;
                                 H2 1a absent
2025-12-31 17:00  devoirs   S4   6 places: H4 2c by staff came; H6 1a1c came
2026-01-01 00:30  devoirs   S5   H2 1a came (2025-12-31 23:30 UTC: not 2025)
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import recurrence
from django.utils import timezone

from activities.models import Category
from bookings import services
from bookings.models import Booking, Occurrence, Schedule
from tests import factories

PARIS = ZoneInfo("Europe/Paris")

H1 = {"name": "Awa", "phone": "06 11 11 11 11"}
H2 = {"name": "Ben", "email": "ben@example.org"}
H3_INTERNATIONAL = {"name": "Chloé", "phone": "+33 6 33 33 33 33"}
H3_NATIONAL = {"name": "Chloé", "phone": "06.33.33.33.33"}
H4 = {"name": "Dora", "email": "dora@example.org"}
H5 = {"name": "Eli", "phone": "0655555555"}
H6 = {"name": "Fatou", "email": "fatou@example.org"}
H6_WITH_PHONE = {
    "name": "Fatou",
    "phone": "07 66 66 66 66",
    "email": "fatou@example.org",
}


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def book(session, who, *, adults=1, children=0, attended=None, **options):
    booking = services.book(
        session,
        adults=adults,
        children=children,
        now=session.starts_at - timedelta(days=2),
        **who,
        **options,
    )
    if attended is not None:
        services.check_in(booking, attended=attended)
    return booking


def staff_book(session, who, **options):
    return book(session, who, channel=Booking.Channel.STAFF, **options)


def series_sessions(page, days, *, places=10):
    """A weekly schedule's sessions on ``days``, made as the ORM keeps them."""
    schedule = Schedule.objects.create(
        page=page,
        recurrences=recurrence.Recurrence(
            rrules=[recurrence.Rule(recurrence.WEEKLY, byday=[recurrence.TU])]
        ),
        starts_on=days[0],
        ends_on=days[-1],
        start_time=time(14),
        places=places,
    )
    sessions = [
        Occurrence.objects.create(
            schedule=schedule,
            page=page,
            starts_at=at(day, 14),
            ends_at=at(day, 16),
            places=places,
            booking_closes_at=at(day, 14),
        )
        for day in days
    ]
    return schedule, sessions


def build():
    """The dataset above; returns its pages and sessions by name."""
    home = factories.home_page()
    hauts = factories.local_page(home, title="Local des Hauts")
    bourg = factories.local_page(home, title="Local du Bourg")
    cuisine = factories.activity_page(
        factories.activity_index(hauts),
        title="Atelier cuisine",
        category=Category.WORKSHOP,
    )
    outing = factories.outing_page(
        cuisine.get_parent(),
        title="Sortie à la mer",
        date=date(2025, 7, 10),
        registration_deadline=date(2025, 7, 3),
    )
    devoirs = factories.activity_page(
        factories.activity_index(bourg),
        title="Aide aux devoirs",
        category=Category.HOMEWORK,
    )
    Occurrence.objects.filter(page=outing).delete()  # the outing's own sync

    s0 = factories.session(cuisine, starts_at=at(date(2024, 12, 31), 20))
    book(s0, H5, attended=True)
    book(s0, H1, attended=False)

    s1 = factories.session(cuisine, starts_at=at(date(2025, 1, 7), 14), places=4)
    book(s1, H1, adults=1, children=1, attended=True)
    ben = book(s1, H2, adults=2)
    chloe = book(s1, H3_INTERNATIONAL)
    book(s1, H6, adults=2)
    services.cancel(ben, now=s1.starts_at - timedelta(days=1))  # promotes H3
    services.check_in(Booking.objects.get(pk=chloe.pk), attended=False)
    staff_book(s1, H4, adults=0, children=1, attended=True)

    schedule, (s2a, s2b) = series_sessions(
        cuisine, [date(2025, 3, 4), date(2025, 3, 11)]
    )
    h3_series = services.book_series(
        schedule,
        from_date=date(2025, 3, 1),
        now=at(date(2025, 3, 1), 10),
        **H3_NATIONAL,
    )
    services.check_in(h3_series[0], attended=True)

    s3 = factories.session(cuisine, starts_at=at(date(2025, 3, 18), 14))
    book(s3, H1)
    services.cancel_session(
        s3, reason="Animatrice malade", now=s3.starts_at - timedelta(days=1)
    )

    o1 = factories.session(
        outing,
        starts_at=at(date(2025, 7, 10), 9),
        places=30,
        max_places_per_booking=6,
    )
    book(o1, H1, adults=2, children=3, attended=True)
    book(o1, H5, adults=1, children=1, attended=True)
    book(o1, H2, attended=False)

    s4 = factories.session(devoirs, starts_at=at(date(2025, 12, 31), 17), places=6)
    staff_book(s4, H4, adults=0, children=2, attended=True)
    book(s4, H6_WITH_PHONE, adults=1, children=1, attended=True)

    s5 = factories.session(devoirs, starts_at=at(date(2026, 1, 1), 0, 30))
    book(s5, H2, attended=True)

    return {
        "hauts": hauts,
        "bourg": bourg,
        "cuisine": cuisine,
        "outing": outing,
        "devoirs": devoirs,
        "sessions": {
            "s0": s0,
            "s1": s1,
            "s2a": s2a,
            "s2b": s2b,
            "s3": s3,
            "o1": o1,
            "s4": s4,
            "s5": s5,
        },
    }


def report_now():
    """Long after the dataset: every session of it has been held."""
    return timezone.make_aware(datetime(2026, 6, 1, 12))
