"""Public pages under gunicorn, measured with wrk: rates, latencies, queries.

Loads the demo content into a throw-away database (SQLite or PostgreSQL),
starts gunicorn (production settings, 2 workers) with the page cache off
("froid", every request rendered), with ``--brut`` also with the fragments
of pages off ("brut"), and on ("chaud"), and, with ``--baseline
REF``, the same for the site as it was at that git commit (checked out in a
temporary worktree). Then, round after round, the variants are measured in
turn on each URL (interleaved, so that the machine's load weighs on all of
them alike) with ``wrk -t2 -c8``. Prints for each page and variant:
requests per second (median of the rounds), p50 and p99 latency, the rate as
a fraction of the static file's rate in the same variant (a ratio holds on a
noisy machine where an absolute figure does not), the SQL queries of one
request, and the ratio to the baseline. Needs wrk (``apt-get install wrk``).

``--scale 1 10`` measures the demo as it is and with its locals copied ten
times over (each copy with the same activities, outings and schedules, so ten
times the pages and the coming sessions), side by side: a page whose cost is
flat shows the same figures at both scales.

    .venv/bin/python bench/pages.py [--database sqlite|postgres] [--seconds 5]
        [--rounds 3] [--connections 8] [--workers 2] [--baseline 9156882]
        [--scale 1 10] [--brut]
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
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

# The URLs to measure, found in the demo content; printed as JSON.
FIND_URLS = """
import json
from django.contrib.staticfiles.storage import staticfiles_storage
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from activities.models import ActivityIndexPage, ActivityPage, LocalPage, OutingPage
from bookings.models import Occurrence
from bookings.resources import Resource

def first(model):
    return model.objects.live().order_by("path").first()

session = (
    Occurrence.objects.bookable()
    .filter(page__in=ActivityPage.objects.live())
    .order_by("starts_at")
    .first()
)
activity = session.page
urls = {
    "accueil": "/",
    "local": first(LocalPage).url,
    "liste d'activités": first(ActivityIndexPage).url,
    "activité": activity.url,
    "sortie": first(OutingPage).url,
    "formulaire de réservation": reverse("bookings:book", args=[session.pk]),
    "planning espace partagé": reverse(
        "bookings:space_schedule",
        args=[Resource.objects.filter(public_schedule=True).order_by("pk").first().slug],
    ),
    "/agenda.ics": "/agenda.ics",
    "ical/ d'une activité": activity.url + "ical/",
    "fichier statique": staticfiles_storage.url("css/site.css"),
}
print(json.dumps(urls))
"""

# --scale N: the demo's locals N times in all, copied by load_demo's own
# loaders under their own slugs; publishing makes their sessions. The shared
# resources (the minibus, the sports space) stay with the originals. Prints
# what the site then holds.
SCALE_DEMO = """
import copy
import json
from django.db import transaction
from django.utils import timezone
from activities.models import ActivityPage, LocalPage
from bookings.models import Occurrence
from home.management.commands.load_demo import (
    Run, load_images, load_local, load_partners,
)
from home.management.demo.content import LOCALS
from home.management.demo.shared import load_shared_resources
from home.models import HomePage

run = Run(today=timezone.localdate())
with transaction.atomic():
    load_images(run)
    load_partners(run)
    run.organisations, run.resources = load_shared_resources()
    home = HomePage.objects.get()
    for number in range(2, {scale} + 1):
        for spec in LOCALS:
            clone = copy.deepcopy(spec)
            clone["slug"] = f"{{spec['slug']}}-{{number}}"
            clone["title"] = f"{{spec['title']}} {{number}}"
            clone["sport_events"] = []
            for activity in clone["activities"] + clone["outings"]:
                activity.pop("resource", None)
                for schedule in activity.get("schedules", []):
                    schedule.pop("resource", None)
            load_local(home, clone, run)
print(json.dumps({{
    "locaux": LocalPage.objects.live().count(),
    "activités": ActivityPage.objects.live().count(),
    "séances à venir": Occurrence.objects.filter(starts_at__gte=timezone.now()).count(),
}}))
"""

# Queries of one request to each URL, cache off then warm (second request).
COUNT_QUERIES = """
import json
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
urls = json.loads({urls!r})
found = {{}}
client = Client(HTTP_HOST="127.0.0.1")
for name, url in urls.items():
    counts = []
    for seconds in (0, 600):
        with override_settings(PAGE_CACHE_SECONDS=seconds):
            cache.clear()
            client.get(url)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
        counts.append(len(queries))
    found[name] = counts
print(json.dumps(found))
"""


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--seconds", type=int, default=5, help="per measurement")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--baseline", help="git commit to compare with")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/13")
    parser.add_argument(
        "--scale",
        type=int,
        nargs="+",
        default=[1],
        help="the demo's locals this many times over; several: side by side",
    )
    parser.add_argument(
        "--brut",
        action="store_true",
        help="also measure « brut »: page cache and page fragments off",
    )
    args = parser.parse_args()
    if min(args.seconds, args.rounds, args.connections, args.workers, *args.scale) < 1:
        parser.error("every number must be at least 1")
    if not shutil.which("wrk"):
        parser.error("wrk est introuvable : apt-get install wrk")
    return args


def database_url(kind, name, folder):
    if kind == "sqlite":
        return f"sqlite:///{folder}/{name}.sqlite3"
    return f"postgres://postgres@127.0.0.1:5432/vdq_bench_{name}"


def prepare(root, name, args, folder, scale=1, **extra):
    """A database with the demo content for the code in ``root``, ``scale``
    times over; returns its environment and what the site holds."""
    url = database_url(args.database, name, folder)
    # One set of static files per code tree; one cache key prefix per
    # database, so that two databases never share a cached page.
    static_root = Path(folder) / ("static-site" if root == ROOT else "static-baseline")
    env = environment(
        url,
        str(static_root),
        redis_url=args.redis_url,
        root=root,
        CACHE_KEY_PREFIX=f"bench-{name}",
        **extra,
    )
    recreate_database(url)
    manage(env, "migrate", "--noinput", "-v0", root=root)
    if not static_root.exists():
        manage(env, "collectstatic", "--noinput", "-v0", root=root)
    # The demo refuses the production settings (its accounts have a known
    # password); it is loaded with the development ones into the same base.
    demo_env = {**env, "DJANGO_SETTINGS_MODULE": "site_quartiers.settings.dev"}
    manage(demo_env, "load_demo", root=root, capture_output=True)
    holds = shell(demo_env, SCALE_DEMO.format(scale=scale), root)
    return env, holds


def shell(env, code, root):
    try:
        output = manage(
            env, "shell", "-c", code, root=root, capture_output=True, text=True
        )
    except subprocess.CalledProcessError as error:
        raise SystemExit(error.stderr) from error
    return json.loads(output.stdout.strip().splitlines()[-1])


def wrk(port, path, args):
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{args.connections}",
            f"-d{args.seconds}s",
            "--latency",
            # wrk gives up on a request after 2 s by default and does not
            # count it: a slow page would show no rate at all.
            "--timeout",
            "60s",
            f"http://{HOST}:{port}{path}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"Socket errors:.*timeout (\d+)", output)
    return {
        "rate": rate,
        "p50": latency(output, "50%"),
        "p99": latency(output, "99%"),
        "errors": (int(errors.group(1)) if errors else 0)
        + (int(timeouts.group(1)) if timeouts else 0),
    }


def latency(output, percentile):
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]


def main():
    args = parse_args()
    folder = tempfile.mkdtemp(prefix="vdq-bench-pages-")
    tree = baseline_tree(args.baseline, folder) if args.baseline else None
    try:
        urls, results, queries, holds = measure(args, folder, tree)
    finally:
        if tree:
            subprocess.run(
                ["git", "worktree", "remove", "--force", str(tree)],
                cwd=ROOT,
                capture_output=True,
            )
    report(args, results, queries, holds)
    return 0


def measure(args, folder, tree):
    flush_redis(args.redis_url)
    variants = {}  # name: (root, env)
    holds = {}  # scale: what the site holds
    for scale in args.scale:
        suffix = f" ×{scale}" if len(args.scale) > 1 else ""
        env, holds[scale] = prepare(ROOT, f"site{scale}", args, folder, scale)
        variants["froid" + suffix] = (ROOT, {**env, "PAGE_CACHE_SECONDS": "0"})
        variants["chaud" + suffix] = (ROOT, {**env, "PAGE_CACHE_SECONDS": "600"})
        if args.brut:
            variants["brut" + suffix] = (
                ROOT,
                {**env, "PAGE_CACHE_SECONDS": "0", "FRAGMENT_CACHE": "0"},
            )
        if tree:
            env, _ = prepare(tree, f"baseline{scale}", args, folder, scale)
            variants["référence" + suffix] = (tree, env)
    urls = {name: shell(env, FIND_URLS, root) for name, (root, env) in variants.items()}
    queries = {
        name: shell(env, COUNT_QUERIES.format(urls=json.dumps(urls[name])), root)
        for name, (root, env) in variants.items()
        if not name.startswith("chaud")
    }
    ports = {name: free_port() for name in variants}
    servers = [
        start_gunicorn(env, ports[name], args.workers, root=root)
        for name, (root, env) in variants.items()
    ]
    results = {name: {page: [] for page in urls[name]} for name in variants}
    try:
        for name in variants:
            wait_for_server(ports[name])
        for _ in range(args.rounds):
            for page in next(iter(urls.values())):
                for name in variants:
                    found = wrk(ports[name], urls[name][page], args)
                    results[name][page].append(found)
    finally:
        for server in servers:
            stop(server)
    return urls, results, queries, holds


def median(runs, key):
    return statistics.median(run[key] for run in runs)


def report(args, results, queries, holds):
    load = os.getloadavg()
    print(
        f"gunicorn {args.workers} workers, {args.database}, wrk -t2 "
        f"-c{args.connections} -d{args.seconds}s, {args.rounds} rounds interleaved; "
        f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}"
    )
    print(
        "froid: page cache off (every request rendered, the parts of pages "
        "that show no places nor dates kept per generation: {% fragment %}); "
        "brut: page cache and fragments off; chaud: page cache on; "
        "référence: the baseline commit"
    )
    for scale, held in holds.items():
        print(f"×{scale}: " + ", ".join(f"{n} {what}" for what, n in held.items()))
    header = (
        f"{'page':28} {'variant':13} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'/static':>8} {'queries':>8} {'/réf.':>6}"
    )
    print(header)
    print("-" * len(header))
    static = {
        name: median(pages["fichier statique"], "rate")
        for name, pages in results.items()
    }
    for page in next(iter(results.values())):
        for name, pages in results.items():
            runs = pages[page]
            rate = median(runs, "rate")
            kind, _, suffix = name.partition(" ")
            suffix = f" {suffix}" if suffix else ""
            if kind == "chaud":
                count = queries["froid" + suffix][page][1]
            else:
                count = queries[name][page][0]
            versus = ""
            baseline = results.get("référence" + suffix)
            if baseline and kind != "référence":
                versus = f"{rate / median(baseline[page], 'rate'):.2f}x"
            errors = sum(run["errors"] for run in runs)
            print(
                f"{page:28} {name:13} {rate:8.1f} {median(runs, 'p50'):8.1f} "
                f"{median(runs, 'p99'):8.1f} {rate / static[name]:8.1%} "
                f"{count:8d} {versus:>6}"
                + (f"  ({errors} non-2xx or timeouts)" if errors else "")
                + ("  (no answer: raise --seconds)" if not rate else "")
            )


if __name__ == "__main__":
    sys.exit(main())
