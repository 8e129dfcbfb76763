"""What the benchmarks share: a throw-away database, the production settings
on a local port, gunicorn started and stopped."""

import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"


def free_port():
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def environment(database_url, static_root, *, redis_url, root=ROOT, **extra):
    """The production settings, over plain HTTP on this machine."""
    return {
        **os.environ,
        "PYTHONPATH": str(root),
        "DJANGO_SETTINGS_MODULE": "site_quartiers.settings.production",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": "bench-only-secret-" + "x" * 40,
        "ALLOWED_HOSTS": f"{HOST},localhost",
        "SITE_URL": f"http://{HOST}:8000",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "STATIC_ROOT": static_root,
        # As in production: the request queues the e-mail, a worker sends it.
        "TASKS_BACKEND": "django_tasks_db.backend.DatabaseBackend",
        # Every booking comes from 127.0.0.1: no limit per client.
        "BOOKINGS_RATE_LIMIT": "1000000",
        "BOOKINGS_RATE_ATTEMPTS": "1000000",
        "CONN_MAX_AGE": "60",
        # One access-log line per request (gunicorn.conf.py) would drown the
        # figures.
        "GUNICORN_ACCESS_LOG": "",
        **extra,
    }


def baseline_tree(ref, folder):
    """The site at git commit ``ref``, checked out in ``folder``/baseline."""
    tree = Path(folder) / "baseline"
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(tree), ref],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return tree


def recreate_database(database_url):
    """Drop and create a PostgreSQL database, or delete a SQLite file."""
    if database_url.startswith("sqlite"):
        path = Path(urllib.parse.urlsplit(database_url).path)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    import psycopg

    url = urllib.parse.urlsplit(database_url)
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def flush_redis(redis_url):
    import redis

    redis.Redis.from_url(redis_url).flushdb()


def manage(env, *args, root=ROOT, **kwargs):
    return subprocess.run(
        [PYTHON, "manage.py", *args], cwd=root, env=env, check=True, **kwargs
    )


def start_gunicorn(env, port, workers, *, root=ROOT):
    return subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "site_quartiers.wsgi",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=root,
        env=env,
    )


def stop(server):
    server.terminate()
    server.wait(timeout=30)


def wait_for_server(port, path="/", seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", path)
            if conn.getresponse().status < 500:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn on port {port} did not answer in time")
