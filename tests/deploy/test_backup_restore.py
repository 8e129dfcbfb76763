"""A nightly backup restored into a fresh database serves the same bookings.

The README's commands, end to end on PostgreSQL: bookings and a document are
made, ``manage.py backup_site`` writes a backup, ``manage.py restore_site``
(a separate process, as on a new server) restores it into a database made
for the test, and gunicorn started on that database serves the booking's
page and the document.
"""

import os
import subprocess
import sys
from datetime import datetime, timedelta
from urllib.request import urlopen

import psycopg
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from wagtail.models import Page

from bookings import services
from site_quartiers.backups import BACKUP_NAME, DATABASE_FILE, MEDIA_FILE, make_backup
from tests import factories
from tests.bookings.conftest import one_date_session
from tests.faults.servers import ROOT, Gunicorn

pytestmark = pytest.mark.django_db(transaction=True)

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump and pg_restore: PostgreSQL only (DATABASE_URL=postgres://...)",
)

BOOKINGS_QUERY = (
    "SELECT code, token, name, email, adults, status, occurrence_id "
    "FROM bookings_booking ORDER BY code"
)


def server_url(name):
    database = connection.settings_dict
    return (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:"
        f"{database['PORT'] or 5432}/{name}"
    )


@pytest.fixture
def fresh_database():
    """An empty database beside the test database, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restauree"
    with psycopg.connect(server_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield server_url(name)
    with psycopg.connect(server_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def restore(backup, database_url, media_root):
    return subprocess.run(
        [sys.executable, "manage.py", "restore_site", str(backup)],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "site_quartiers.settings.test",
            "DATABASE_URL": database_url,
            "MEDIA_ROOT": str(media_root),
        },
        capture_output=True,
        text=True,
    )


def fetch(port, path):
    with urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as response:
        return response.status, response.read()


@on_postgresql
def test_a_restored_backup_serves_the_same_bookings_and_media(
    site, settings, tmp_path, fresh_database
):
    settings.MEDIA_ROOT = tmp_path / "medias"
    session = one_date_session(site["activity"], places=3)
    bookings = [
        services.book(session, name=name, email=f"{name.lower()}@example.org")
        for name in ("Awa", "Bilal", "Chloé", "Denis")
    ]
    assert bookings[-1].is_waiting, "the fourth waits: the list is restored too"
    document = factories.document(content=b"Ateliers du mardi\n")
    with connection.cursor() as cursor:
        cursor.execute(BOOKINGS_QUERY)
        saved = cursor.fetchall()

    call_command("backup_site", str(tmp_path / "sauvegardes"), keep=7)
    (backup,) = (tmp_path / "sauvegardes").iterdir()
    assert BACKUP_NAME.match(backup.name)
    assert {path.name for path in backup.iterdir()} == {DATABASE_FILE, MEDIA_FILE}
    assert backup.stat().st_mode & 0o077 == 0, "personal data: owner only"

    restored_media = tmp_path / "medias-restaurees"
    result = restore(backup, fresh_database, restored_media)
    assert result.returncode == 0, result.stderr
    assert "Sauvegarde restaurée" in result.stdout

    with psycopg.connect(fresh_database) as restored:
        assert restored.execute(BOOKINGS_QUERY).fetchall() == saved
    assert len(saved) == 4
    restored_file = restored_media / document.file.name
    assert restored_file.read_text() == "Ateliers du mardi\n"

    server = Gunicorn(
        tmp_path / "gunicorn.log",
        DATABASE_URL=fresh_database,
        MEDIA_ROOT=str(restored_media),
    )
    server.start()
    try:
        status, page = fetch(server.port, f"/reservation/{bookings[0].token}/")
        assert status == 200
        assert bookings[0].code in page.decode()
        status, body = fetch(server.port, document.url)
        assert (status, body) == (200, b"Ateliers du mardi\n")
    finally:
        server.stop()


@on_postgresql
def test_a_restore_over_a_database_with_data_is_refused(site, tmp_path):
    call_command("backup_site", str(tmp_path))
    (backup,) = tmp_path.iterdir()
    pages_before = Page.objects.count()
    with pytest.raises(CommandError, match="n'est pas vide.*Rien n'a été modifié"):
        call_command("restore_site", str(backup))
    assert Page.objects.count() == pages_before


@on_postgresql
def test_rotation_keeps_the_newest_backups_and_nothing_else(db, tmp_path):
    other = tmp_path / "notes.txt"
    other.write_text("à garder")
    start = timezone.make_aware(datetime(2026, 1, 1, 2, 0))
    for night in range(4):
        make_backup(tmp_path, keep=2, now=start + timedelta(days=night))
    assert sorted(path.name for path in tmp_path.iterdir()) == [
        "2026-01-03-020000",
        "2026-01-04-020000",
        "notes.txt",
    ]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the SQLite refusal")
def test_on_sqlite_the_backup_is_refused_with_a_french_message(db, tmp_path):
    with pytest.raises(CommandError, match="PostgreSQL seulement"):
        call_command("backup_site", str(tmp_path / "sauvegardes"))
    assert not (tmp_path / "sauvegardes").exists()


def test_a_folder_that_is_not_a_backup_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="PostgreSQL seulement|il y manque"):
        call_command("restore_site", str(tmp_path))
