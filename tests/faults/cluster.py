"""A PostgreSQL cluster of the test's own, that it can restart at will."""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from .conftest import free_port


def postgres_bin():
    for version in sorted(Path("/usr/lib/postgresql").glob("*"), reverse=True):
        if (version / "bin" / "initdb").exists():
            return version / "bin"
    return None


class Cluster:
    def __init__(self):
        self.bin = postgres_bin()
        self.port = free_port()
        # Under /tmp, readable by the postgres user when the tests run as root.
        self.directory = Path(tempfile.mkdtemp(prefix="vdq-pg-"))
        self.data = self.directory / "data"

    def url(self, name):
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def _run(self, *command):
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run(
            [*prefix, *map(str, command)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def start(self):
        if os.geteuid() == 0:
            shutil.chown(self.directory, "postgres", "postgres")
        self._run(
            self.bin / "initdb", "-D", self.data, "-U", "postgres", "--auth=trust",
            "-E", "UTF8", "--no-sync",
        )  # fmt: skip
        self.pg_ctl("start")

    def pg_ctl(self, action, *options):
        self._run(
            self.bin / "pg_ctl", action, "-D", self.data, "-w", "-t", "60",
            "-l", self.directory / "postgres.log", *options,
            "-o", f"-p {self.port} -k {self.directory} -c listen_addresses=127.0.0.1"
            " -c fsync=off",
        )  # fmt: skip

    def restart(self):
        self.pg_ctl("restart", "-m", "fast")

    @property
    def server_pid(self):
        """The postmaster's process id: a new one after each restart."""
        return int((self.data / "postmaster.pid").read_text().split()[0])

    def create_database(self, name):
        self._run(
            self.bin / "createdb", "-h", "127.0.0.1", "-p", self.port,
            "-U", "postgres", name,
        )  # fmt: skip

    def stop(self):
        try:
            self._run(self.bin / "pg_ctl", "stop", "-D", self.data, "-m", "immediate")
        finally:
            shutil.rmtree(self.directory, ignore_errors=True)
