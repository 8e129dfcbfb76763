"""Backups of the site's PostgreSQL database and media, and their restore.

A backup is one directory, ``<folder>/AAAA-MM-JJ-HHMMSS/``, holding:

- ``base.dump``: ``pg_dump --format=custom`` of the site's database (every
  table: pages, bookings, history, the e-mail queue);
- ``medias.tar.gz``: everything under ``MEDIA_ROOT`` (images, documents).

Guarantees:

- a directory with its final name is complete: a backup is written under a
  temporary name (``.en-cours-...``) and renamed once both files are written;
- backups hold residents' personal data: directories are created 0700 and
  files 0600;
- rotation (``keep``) deletes the oldest complete backups beyond the number
  kept, and the leftovers of interrupted runs, only after a new backup is
  complete; nothing else in the folder is touched;
- a restore goes into an empty database only (made with ``createdb``) and is
  all or nothing (``pg_restore --single-transaction --exit-on-error``); media
  files are then extracted into ``MEDIA_ROOT`` (a file of the same name is
  replaced, other files are kept), then the cache is cleared so that no page
  of the previous database is served.

The PostgreSQL tools are taken from ``PG_BIN_DIR`` when it is set (e.g.
``/usr/lib/postgresql/15/bin``), else from the ``PATH``; ``pg_dump`` must be
at least the server's version, and it says so when it is not.
"""

import os
import re
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone

DATABASE_FILE = "base.dump"
MEDIA_FILE = "medias.tar.gz"
BACKUP_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}-\d{6}$")
UNFINISHED_PREFIX = ".en-cours-"


class BackupError(Exception):
    """A backup or a restore refused or failed; the message is in French."""


def _postgresql_settings():
    database = connection.settings_dict
    if connection.vendor != "postgresql":
        raise BackupError(
            "Sauvegarde et restauration se font sur PostgreSQL seulement "
            f"(la base configurée est {connection.vendor})\u00a0: réglez DATABASE_URL."
        )
    return database


def _tool(name):
    directory = os.environ.get("PG_BIN_DIR", "")
    path = str(Path(directory) / name) if directory else shutil.which(name) or ""
    if not path or not os.access(path, os.X_OK):
        raise BackupError(
            f"Outil PostgreSQL introuvable\u00a0: {name} (installez postgresql-client "
            "ou réglez PG_BIN_DIR, par exemple /usr/lib/postgresql/15/bin)."
        )
    return path


def _libpq_environment(database):
    """The connection as libpq variables: no password on a command line."""
    values = {
        "PGDATABASE": database["NAME"],
        "PGUSER": database.get("USER") or "",
        "PGPASSWORD": database.get("PASSWORD") or "",
        "PGHOST": database.get("HOST") or "",
        "PGPORT": str(database.get("PORT") or ""),
        "PGSSLMODE": (database.get("OPTIONS") or {}).get("sslmode", ""),
    }
    return {**os.environ, **{key: value for key, value in values.items() if value}}


def _run(command, database):
    result = subprocess.run(
        command,
        env=_libpq_environment(database),
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise BackupError(
            f"{Path(command[0]).name} a échoué ({result.returncode})\u00a0: "
            f"{result.stderr.strip()}"
        )


def _complete_backups(folder):
    return sorted(
        path
        for path in folder.iterdir()
        if path.is_dir() and BACKUP_NAME.match(path.name)
    )


def make_backup(folder, *, keep=None, now=None):
    """Write a complete backup under ``folder`` and return its directory.

    ``keep``: after the backup, keep only this many complete backups (the
    newest); None keeps them all. Raises ``BackupError`` (and leaves no
    directory with a final name) when the database is not PostgreSQL or a
    tool fails.
    """
    database = _postgresql_settings()
    if keep is not None and keep < 1:
        raise BackupError("--garder attend au moins 1 sauvegarde.")
    pg_dump = _tool("pg_dump")
    folder = Path(folder)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    name = timezone.localtime(now).strftime("%Y-%m-%d-%H%M%S")
    final = folder / name
    if final.exists():
        raise BackupError(f"Une sauvegarde {final} existe déjà.")
    work = folder / f"{UNFINISHED_PREFIX}{name}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(mode=0o700)
    old_umask = os.umask(0o077)
    try:
        _run([pg_dump, "--format=custom", f"--file={work / DATABASE_FILE}"], database)
        _archive_media(work / MEDIA_FILE)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    finally:
        os.umask(old_umask)
    work.rename(final)
    if keep is not None:
        _rotate(folder, keep)
    return final


def _archive_media(path):
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(path, "w:gz") as archive:
        if media_root.is_dir():
            for child in sorted(media_root.iterdir()):
                archive.add(child, arcname=child.name)


def _rotate(folder, keep):
    backups = _complete_backups(folder)
    for old in backups[: max(len(backups) - keep, 0)]:
        shutil.rmtree(old)
    for leftover in folder.glob(f"{UNFINISHED_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)


def restore_backup(backup):
    """Restore ``backup`` (a backup directory) into the configured database.

    Raises ``BackupError`` and changes nothing when the directory is not a
    complete backup, the database is not PostgreSQL or already holds tables.
    """
    database = _postgresql_settings()
    backup = Path(backup)
    dump, media = backup / DATABASE_FILE, backup / MEDIA_FILE
    missing = [path.name for path in (dump, media) if not path.is_file()]
    if missing:
        raise BackupError(
            f"{backup} n'est pas une sauvegarde complète\u00a0: il y manque "
            f"{', '.join(missing)}."
        )
    pg_restore = _tool("pg_restore")
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupError(
            f"La base «\u00a0{database['NAME']}\u00a0» n'est pas vide "
            f"({len(tables)} tables)\u00a0: "
            "on restaure dans une base neuve (createdb), jamais par-dessus des "
            "données. Rien n'a été modifié."
        )
    connection.close()
    _run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={database['NAME']}",
            str(dump),
        ],
        database,
    )
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(media, "r:gz") as archive:
        archive.extractall(media_root, filter="data")
    cache.clear()
