"""What one booking costs the database, as in production: the e-mail queued
in the database (django-tasks' database backend), the pages purged after the
commit. Transactional: the after-commit work runs, and is counted."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from bookings.models import Booking
from tests import factories

from .conftest import form_data, one_date_session

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}


@pytest.fixture
def session(settings):
    settings.TASKS = DATABASE_QUEUE
    tree = factories.site_tree(activities=1, sessions_per_activity=0)
    return one_date_session(tree["activities"][0], places=5)


def book(session, email):
    """A resident's browser: the form, then the booking; the booking's queries."""
    resident = Client()
    url = reverse("bookings:book", args=[session.pk])
    resident.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = resident.post(url, form_data(email=email))
    assert response.status_code == 303
    return [query["sql"] for query in queries]


def test_a_booking_reads_and_writes_only_what_it_needs(session):
    book(session, "awa@example.org")  # the first one sets up the site's caches
    queries = book(session, "binta@example.org")
    writes = [sql for sql in queries if sql.startswith(("INSERT", "UPDATE"))]
    # The booking and its e-mail in the queue; no session row, no page
    # saved (a booking moves no session's weekday).
    assert [sql.split('"')[1] for sql in writes] == [
        "bookings_booking",
        DBTaskResult._meta.db_table,
    ]
    assert not any("django_session" in sql for sql in queries)
    # The session read with its series, the household, the lock, the count,
    # the insert and the e-mail queued (and, on PostgreSQL, the lock's
    # timeout; the transaction's BEGIN and COMMIT where the driver reports
    # them). A retry of this browser is looked for only when the booking is
    # refused; the paths to purge are known for the site's generation.
    counted = [
        sql
        for sql in queries
        if not sql.startswith(("BEGIN", "COMMIT")) and "set_config" not in sql
    ]
    assert len(counted) == 6, "\n".join(counted)
    assert Booking.objects.filter(occurrence=session).count() == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite locks the whole database"
)
def test_the_session_stays_locked_for_two_queries_only(session):
    # Other bookings of the session wait from the lock to the commit: the
    # places are counted (with the same contact looked for) in one query and
    # the booking inserted in another, with no savepoint around it.
    queries = book(session, "awa@example.org")
    locked = next(i for i, sql in enumerate(queries) if "FOR UPDATE" in sql)
    committed = queries.index("COMMIT", locked)
    assert len(queries[locked + 1 : committed]) == 2, queries[locked:committed]
