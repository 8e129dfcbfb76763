"""Concurrent bookings over HTTP against gunicorn on PostgreSQL.

Creates a throw-away database, one session with PLACES places, starts gunicorn,
then CLIENTS keep-alive clients POST the public booking form BOOKINGS times in
all, one place each. Prints bookings per second, p50/p99 latency, and the
confirmed places against the session's places (never more).

With ``--processes 2``, two gunicorn masters (two app servers, as on two
machines) share the same PostgreSQL and Redis; the clients are spread over
both.

    .venv/bin/python bench/booking_race.py [--bookings 1500] [--clients 8]
        [--places 500] [--workers 3] [--processes 1]
        [--database-url postgres://...] [--redis-url redis://...]
"""

import argparse
import http.client
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse

from common import (
    HOST,
    environment,
    flush_redis,
    free_port,
    manage,
    recreate_database,
    start_gunicorn,
    stop,
    wait_for_server,
)


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bookings", type=int, default=1500)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--places", type=int, default=500)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument(
        "--processes", type=int, default=1, help="gunicorn masters (app servers)"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/vdq_bench",
        help="PostgreSQL database to create afresh (its data is dropped)",
    )
    args = parser.parse_args()
    if min(args.bookings, args.clients, args.places, args.workers, args.processes) < 1:
        parser.error("every number must be at least 1")
    if not args.database_url.startswith("postgres"):
        parser.error("--database-url must be a postgres:// URL")
    return args


SETUP = """
from datetime import datetime, time, timedelta
import recurrence
from django.utils import timezone
from wagtail.models import Page
from bookings import services
from bookings.models import Schedule
day = timezone.localdate() + timedelta(days=7)
page = Page.get_first_root_node().add_child(
    instance=Page(title="Atelier banc d'essai", slug="banc-d-essai", live=True)
)
schedule = Schedule.objects.create(
    page=page,
    recurrences=recurrence.Recurrence(rdates=[datetime.combine(day, time.min)]),
    starts_on=day, ends_on=day, start_time=time(14), places={places},
    max_places_per_booking=1, skip_public_holidays=False,
)
(session,) = services.materialise_schedule(schedule)
print(session.pk)
"""


class Client:
    """One resident's browser: keeps its connection and its CSRF cookie."""

    def __init__(self, path, port):
        self.path = path
        self.port = port
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.conn.request("GET", path)
        response = self.conn.getresponse()
        response.read()
        cookie = response.getheader("Set-Cookie") or ""
        self.csrf = re.search(r"csrftoken=([^;]+)", cookie).group(1)

    def book(self, number):
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": self.csrf,
                "name": f"Habitant {number}",
                "email": f"habitant{number}@example.org",
                "phone": "",
                "adults": "1",
                "children": "0",
                "consent": "on",
                "scope": "one",
            }
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={self.csrf}",
            "Referer": f"http://{HOST}:{self.port}{self.path}",
        }
        started = time.perf_counter()
        self.conn.request("POST", self.path, body, headers)
        response = self.conn.getresponse()
        response.read()
        return response.status, time.perf_counter() - started


def fire(path, ports, bookings, clients):
    numbers = iter(range(bookings))
    lock = threading.Lock()
    latencies, statuses = [], {}

    def run(port):
        client = Client(path, port)
        while True:
            with lock:
                number = next(numbers, None)
            if number is None:
                return
            status, latency = client.book(number)
            with lock:
                latencies.append(latency)
                statuses[status] = statuses.get(status, 0) + 1

    threads = [
        threading.Thread(target=run, args=(ports[n % len(ports)],))
        for n in range(clients)
    ]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started, latencies, statuses


def main():
    args = parse_args()
    static_root = tempfile.mkdtemp(prefix="vdq-bench-static-")
    env = environment(args.database_url, static_root, redis_url=args.redis_url)
    recreate_database(args.database_url)
    flush_redis(args.redis_url)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "collectstatic", "--noinput", "-v0")
    setup = SETUP.format(places=args.places)
    session_id = manage(
        env, "shell", "-c", setup, capture_output=True, text=True
    ).stdout.split()[-1]
    path = f"/reserver/{session_id}/"
    ports = [free_port() for _ in range(args.processes)]
    servers = [start_gunicorn(env, port, args.workers) for port in ports]
    try:
        for port in ports:
            wait_for_server(port, path)
        elapsed, latencies, statuses = fire(path, ports, args.bookings, args.clients)
    finally:
        for server in servers:
            stop(server)
    counts = manage(
        env,
        "shell",
        "-c",
        "from bookings.models import Booking as B;"
        f"c=B.objects.filter(occurrence_id={session_id});"
        "from django_tasks_db.models import DBTaskResult as T;"
        "print(T.objects.count(), c.confirmed().places(), c.waiting().count())",
        capture_output=True,
        text=True,
    ).stdout.split()
    queued, confirmed, waiting = (int(n) for n in counts[-3:])
    latencies.sort()
    p99 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))]
    print(
        f"bookings sent     : {len(latencies)} by {args.clients} clients, "
        f"{args.processes} gunicorn process(es) of {args.workers} workers, "
        "PostgreSQL and Redis shared"
    )
    print(f"HTTP statuses     : {dict(sorted(statuses.items()))}")
    print(f"bookings / second : {len(latencies) / elapsed:.1f}")
    print(f"latency p50       : {statistics.median(latencies) * 1000:.1f} ms")
    print(f"latency p99       : {p99 * 1000:.1f} ms")
    print(f"e-mails queued    : {queued} (sent by `manage.py db_worker`)")
    print(
        f"confirmed places  : {confirmed} of {args.places} "
        f"({waiting} on the waiting list)"
    )
    overbooked = confirmed > args.places
    print("overbooking       : " + ("YES - BUG" if overbooked else "none"))
    return 1 if overbooked else 0


if __name__ == "__main__":
    sys.exit(main())
