"""Concurrent bookings over HTTP against gunicorn on PostgreSQL.

Creates a throw-away database with the demo content, adds to one of its
activity pages (in the site's tree: a booking purges the activity, its index,
its local and the home page from the page cache, as in production) one
session with PLACES places, starts gunicorn, then CLIENTS keep-alive clients
POST the public booking form BOOKINGS times in all, one place each. Prints
bookings per second, p50/p99 latency, and the confirmed places against the
session's places (never more).

With ``--processes 2``, two gunicorn masters (two app servers, as on two
machines) share the same PostgreSQL and Redis; the clients are spread over
both. With ``--baseline REF``, the site as it was at that git commit
(checked out in a temporary worktree) is measured as well, in turn with this
one, ``--rounds`` times each (a ratio in one run holds on a noisy machine
where an absolute figure does not).

    .venv/bin/python bench/booking_race.py [--bookings 1500] [--clients 8]
        [--places 500] [--workers 3] [--processes 1] [--baseline main]
        [--rounds 1] [--database-url postgres://...] [--redis-url redis://...]
"""

import argparse
import http.client
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

from common import (
    HOST,
    ROOT,
    baseline_tree,
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
    parser.add_argument("--baseline", help="git commit to compare with")
    parser.add_argument("--rounds", type=int, default=1, help="runs of each variant")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    parser.add_argument(
        "--database-url",
        default="postgres://postgres@127.0.0.1:5432/vdq_bench",
        help="PostgreSQL database to create afresh (its data is dropped)",
    )
    args = parser.parse_args()
    numbers = (args.bookings, args.clients, args.places, args.workers, args.processes)
    if min(*numbers, args.rounds) < 1:
        parser.error("every number must be at least 1")
    if not args.database_url.startswith("postgres"):
        parser.error("--database-url must be a postgres:// URL")
    return args


# The session to book: on the demo's first activity page, one date next week.
SETUP = """
from datetime import datetime, time, timedelta
import recurrence
from django.utils import timezone
from activities.models import ActivityPage
from bookings import services
from bookings.models import Schedule
day = timezone.localdate() + timedelta(days=7)
page = ActivityPage.objects.live().order_by("path").first()
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


def race(args, root, static_root):
    """One run on a fresh database for the code in ``root``: its figures."""
    env = environment(
        args.database_url, static_root, redis_url=args.redis_url, root=root
    )
    recreate_database(args.database_url)
    flush_redis(args.redis_url)
    manage(env, "migrate", "--noinput", "-v0", root=root)
    if not Path(static_root, "staticfiles.json").exists():
        manage(env, "collectstatic", "--noinput", "-v0", root=root)
    # The demo refuses the production settings (its accounts have a known
    # password); it is loaded with the development ones into the same base.
    demo_env = {**env, "DJANGO_SETTINGS_MODULE": "site_quartiers.settings.dev"}
    manage(demo_env, "load_demo", root=root, capture_output=True)
    setup = SETUP.format(places=args.places)
    session_id = manage(
        env, "shell", "-c", setup, root=root, capture_output=True, text=True
    ).stdout.split()[-1]
    path = f"/reserver/{session_id}/"
    ports = [free_port() for _ in range(args.processes)]
    servers = [start_gunicorn(env, port, args.workers, root=root) for port in ports]
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
        root=root,
        capture_output=True,
        text=True,
    ).stdout.split()
    queued, confirmed, waiting = (int(n) for n in counts[-3:])
    latencies.sort()
    return {
        "sent": len(latencies),
        "statuses": dict(sorted(statuses.items())),
        "rate": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "queued": queued,
        "confirmed": confirmed,
        "waiting": waiting,
    }


def report(args, name, figures):
    print(f"--- {name}")
    print(
        f"bookings sent     : {figures['sent']} by {args.clients} clients, "
        f"{args.processes} gunicorn process(es) of {args.workers} workers, "
        "PostgreSQL and Redis shared"
    )
    print(f"HTTP statuses     : {figures['statuses']}")
    print(f"bookings / second : {figures['rate']:.1f}")
    print(f"latency p50       : {figures['p50']:.1f} ms")
    print(f"latency p99       : {figures['p99']:.1f} ms")
    print(f"e-mails queued    : {figures['queued']} (sent by `manage.py db_worker`)")
    print(
        f"confirmed places  : {figures['confirmed']} of {args.places} "
        f"({figures['waiting']} on the waiting list)"
    )
    overbooked = figures["confirmed"] > args.places
    print("overbooking       : " + ("YES - BUG" if overbooked else "none"))
    return overbooked


def main():
    args = parse_args()
    folder = tempfile.mkdtemp(prefix="vdq-bench-race-")
    variants = {"site": (ROOT, str(Path(folder) / "static-site"))}
    if args.baseline:
        tree = baseline_tree(args.baseline, folder)
        variants[f"baseline {args.baseline}"] = (tree, str(Path(folder) / "static-ref"))
    overbooked = False
    rates = {name: [] for name in variants}
    try:
        for round_number in range(1, args.rounds + 1):
            # Interleaved: the machine's load weighs on every variant alike.
            for name, (root, static_root) in variants.items():
                figures = race(args, root, static_root)
                overbooked |= report(args, f"{name}, round {round_number}", figures)
                rates[name].append(figures["rate"])
    finally:
        if args.baseline:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(tree)],
                cwd=ROOT,
                capture_output=True,
            )
    if args.baseline:
        site, reference = (statistics.median(rate) for rate in rates.values())
        print(
            f"--- bookings / second, median: site {site:.1f}, "
            f"baseline {reference:.1f}, ratio {site / reference:.2f}x"
        )
    return 1 if overbooked else 0


if __name__ == "__main__":
    sys.exit(main())
