"""The site served for real in a fault test: gunicorn, and nginx in front.

Both run as child processes against the test database (committed data:
use them from transactional tests) and are stopped by the fixture that
started them.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from .conftest import free_port, wait_for_port

ROOT = Path(settings.BASE_DIR)
NGINX_SNIPPET = ROOT / "deploy" / "nginx" / "vie-des-quartiers-proxy.conf"


def database_environment():
    """The environment that points a child process at the test database."""
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        return {"SQLITE_PATH": str(database["NAME"]), "DATABASE_URL": ""}
    return {
        "DATABASE_URL": (
            f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{database['NAME']}"
        )
    }


class Gunicorn:
    """gunicorn with 2 sync workers, as the production Procfile runs it."""

    def __init__(self, log_path, **environment):
        self.port = free_port()
        self.log_path = log_path
        self.environment = environment
        self.process = None

    def start(self):
        environment = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "site_quartiers.settings.test",
            **database_environment(),
            **self.environment,
        }
        self.log = open(self.log_path, "ab")  # noqa: SIM115 (closed in stop)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "site_quartiers.wsgi",
                "--workers=2",
                f"--bind=127.0.0.1:{self.port}",
                "--timeout=30",
            ],
            cwd=ROOT,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for_port(self.port, timeout=60)

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(30)
            self.process = None
            self.log.close()


class Nginx:
    """nginx with the repository's proxy snippet, in front of ``upstream_port``."""

    def __init__(self, directory, upstream_port):
        self.directory = Path(directory)
        self.port = free_port()
        self.upstream_port = upstream_port
        self.process = None

    def write_configuration(self):
        call_command("write_error_pages", str(self.directory), verbosity=0)
        user = "user root root;" if os.geteuid() == 0 else ""
        (self.directory / "nginx.conf").write_text(
            f"""
{user}
worker_processes 1;
pid {self.directory}/nginx.pid;
error_log {self.directory}/error.log warn;
events {{ worker_connections 256; }}
http {{
    # As Debian's /etc/nginx/nginx.conf does, around the site's server block.
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {self.directory}/body;
    proxy_temp_path {self.directory}/proxy;
    fastcgi_temp_path {self.directory}/fastcgi;
    uwsgi_temp_path {self.directory}/uwsgi;
    scgi_temp_path {self.directory}/scgi;
    upstream vie_des_quartiers {{ server 127.0.0.1:{self.upstream_port}; }}
    server {{
        listen 127.0.0.1:{self.port};
        set $vdq_root {self.directory};
        include {NGINX_SNIPPET};
    }}
}}
"""
        )

    def start(self):
        self.write_configuration()
        self.process = subprocess.Popen(
            [
                shutil.which("nginx") or "/usr/sbin/nginx",
                "-p",
                str(self.directory),
                "-c",
                str(self.directory / "nginx.conf"),
                "-g",
                "daemon off;",
            ]
        )
        wait_for_port(self.port)

    def stop(self):
        if self.process:
            self.process.terminate()
            self.process.wait(10)
            self.process = None


def nginx_binary():
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def build_restart_site():
    """A local with one session of many places; prints the booking form's path.

    Run in a child process against the throwaway cluster (``manage.py shell``).
    """
    from tests import factories
    from tests.bookings.conftest import one_date_session

    home = factories.home_page()
    local = factories.local_page(home, title="Local du Bourg")
    activity = factories.activity_page(factories.activity_index(local))
    session = one_date_session(activity, places=5000)
    print(f"/reserver/{session.pk}/")  # noqa: T201 (read by the parent)
