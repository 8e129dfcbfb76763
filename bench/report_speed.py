"""How long the yearly report takes, and how many queries, as data grow.

Creates a throw-away PostgreSQL database (or SQLite with --sqlite), fills it
with YEARS years of weekly sessions at two locals, each with BOOKINGS
bookings, bulk-inserted, then builds the report of one year and of all years.
Prints rows, queries and milliseconds: the queries must not grow with the data.

    .venv/bin/python bench/report_speed.py [--years 10] [--bookings 8]
        [--database-url postgres://...] [--sqlite]
"""

import argparse
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--bookings", type=int, default=8)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/vdq_bench_report"
    )
    parser.add_argument("--sqlite", action="store_true")
    args = parser.parse_args()
    if min(args.years, args.bookings) < 1:
        parser.error("every number must be at least 1")
    return args


def main():
    args = parse_args()
    if args.sqlite:
        os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / '.bench-report.sqlite3'}"
    else:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_quartiers.settings.test")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import (
        CaptureQueriesContext,
        setup_test_environment,
    )

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(args, connection, CaptureQueriesContext)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def fill(years, bookings_per_session):
    from django.utils import timezone

    from bookings.households import household_key
    from bookings.models import Booking, Occurrence
    from tests import factories

    home = factories.home_page()
    pages = []
    for title in ("Local des Hauts", "Local du Bourg"):
        index = factories.activity_index(factories.local_page(home, title=title))
        pages.append(factories.activity_page(index, title=f"Atelier {title}"))
    first_year = timezone.localdate().year - years
    sessions = []
    day = date(first_year, 1, 6)
    while day.year < first_year + years:
        for page in pages:
            start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
            start += timedelta(hours=14)
            sessions.append(
                Occurrence(
                    page=page,
                    starts_at=start,
                    ends_at=start + timedelta(hours=2),
                    places=12,
                    booking_closes_at=start,
                )
            )
        day += timedelta(days=7)
    Occurrence.objects.bulk_create(sessions, batch_size=1000)
    keys = [household_key(email=f"foyer{n}@example.org") for n in range(300)]
    bookings = [
        Booking(
            occurrence=session,
            name="x",
            email=f"foyer{(i * 7 + n) % 300}@example.org",
            household=keys[(i * 7 + n) % 300],
            adults=1,
            children=n % 3,
            attended=[True, False, None][n % 3],
            token=f"bench-{i}-{n}",
            code=f"{i * bookings_per_session + n:06X}",
        )
        for i, session in enumerate(Occurrence.objects.all())
        for n in range(bookings_per_session)
    ]
    Booking.objects.bulk_create(bookings, batch_size=2000)
    return first_year


def run(args, connection, capture):
    from bookings.models import Booking
    from bookings.reports import Period, build_report

    first_year = fill(args.years, args.bookings)
    print(f"{Booking.objects.count()} bookings over {args.years} years")
    last_day = date(first_year + args.years - 1, 12, 31)
    for label, period in (
        ("one year", Period.year(first_year)),
        (f"{args.years} years", Period(date(first_year, 1, 1), last_day)),
    ):
        build_report(period)  # warm up
        timings = []
        for _ in range(3):
            with capture(connection) as queries:
                started = time.perf_counter()
                build_report(period)
                timings.append((time.perf_counter() - started) * 1000)
        print(
            f"report of {label}: {len(queries)} queries, "
            f"best {min(timings):.0f} ms, worst {max(timings):.0f} ms"
        )


if __name__ == "__main__":
    main()
