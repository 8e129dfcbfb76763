"""The daily reminders: the day before, once, by e-mail or on the call list."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import close_old_connections, connections
from django.utils import timezone

from bookings import services
from bookings.models import Booking, PendingCall

from .domain import book, make_session

pytestmark = pytest.mark.django_db


def remind(capture, *args):
    with capture(execute=True):
        call_command("send_reminders", *args, stdout=open("/dev/null", "w"))


@pytest.fixture
def tomorrow(django_capture_on_commit_callbacks):
    """Tomorrow's session, full: Awa (e-mail) and Bob (phone only) confirmed,
    Chloé waiting, Dan cancelled; plus sessions that get no reminder."""
    session = make_session(places=2, days_ahead=1)
    people = {
        "awa": book(session, "Awa", email="awa@example.org"),
        "bob": book(session, "Bob", phone="02 41 34 56 78"),  # a landline: a call
        "chloe": book(session, "Chloé", email="chloe@example.org"),
        "dan": book(session, "Dan", email="dan@example.org", channel="staff"),
    }
    services.cancel(people["dan"], by_staff=True)
    later = make_session(days_ahead=2)
    book(later, "Eve", email="eve@example.org")
    cancelled = make_session(days_ahead=1)
    book(cancelled, "Fanny", email="fanny@example.org")
    services.cancel_session(cancelled)
    PendingCall.objects.all().delete()
    mail.outbox.clear()
    return session, people


def test_reminds_the_people_booked_tomorrow_once(
    tomorrow, django_capture_on_commit_callbacks
):
    session, people = tomorrow
    remind(django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [["awa@example.org"]]
    message = mail.outbox[0]
    start = timezone.localtime(session.starts_at)
    assert (
        message.subject == f"Rappel\u00a0: {session.page.title} demain à {start:%H:%M}"
    )
    assert "nous vous attendons demain" in message.body
    assert f"/reservation/{people['awa'].token}/" in message.body
    assert "Annulez" in message.body
    (name, content, mimetype) = message.attachments[0]
    assert (name, mimetype) == ("reservation.ics", "text/calendar")
    assert "BEGIN:VEVENT" in str(content)
    calls = PendingCall.objects.all()
    assert [(call.booking.name, call.reason) for call in calls] == [
        ("Bob", PendingCall.Reason.REMINDER)
    ]

    remind(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert PendingCall.objects.count() == 1


def test_the_call_list_shows_the_reminder(
    tomorrow, django_capture_on_commit_callbacks, client, django_user_model
):
    from .admin_fixtures import logged_in, make_user, staff_group_from_migration

    remind(django_capture_on_commit_callbacks)
    coordinator = make_user(django_user_model, "marie", [staff_group_from_migration()])
    html = logged_in(client, coordinator).get("/admin/a-appeler/").content.decode()
    assert "Bob" in html
    assert "rappel : la séance a lieu demain" in html


def test_a_session_cancelled_after_the_reminder_tells_them(
    tomorrow, django_capture_on_commit_callbacks
):
    session, people = tomorrow
    remind(django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session, reason="Animatrice malade")
    assert [message.to for message in mail.outbox] == [
        ["awa@example.org"],
        ["chloe@example.org"],
    ]
    assert "annulée" in mail.outbox[0].body
    assert "Animatrice malade" in mail.outbox[0].body
    assert PendingCall.objects.filter(
        booking=people["bob"], reason=PendingCall.Reason.SESSION_CANCELLED
    ).exists()


def test_someone_who_books_after_the_run_is_reminded_by_the_next(
    tomorrow, django_capture_on_commit_callbacks
):
    session, people = tomorrow
    remind(django_capture_on_commit_callbacks)
    services.cancel(people["awa"])  # Chloé is promoted
    mail.outbox.clear()
    remind(django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [["chloe@example.org"]]


@pytest.mark.parametrize(
    "option, message",
    [
        ("2026-02-30", "Date invalide\u00a0: «\u00a02026-02-30\u00a0»"),
        ("demain", "Écrivez-la AAAA-MM-JJ"),
        ("2020-01-01", "est passé"),
    ],
)
def test_a_bad_date_is_refused_in_french_and_changes_nothing(
    tomorrow, django_capture_on_commit_callbacks, option, message
):
    with pytest.raises(CommandError, match=message):
        remind(django_capture_on_commit_callbacks, "--date", option)
    assert mail.outbox == []
    assert not PendingCall.objects.exists()
    assert not Booking.objects.filter(reminded_at__isnull=False).exists()


def test_a_date_reminds_that_days_sessions(
    tomorrow, django_capture_on_commit_callbacks
):
    day = timezone.localdate() + timedelta(days=2)
    remind(django_capture_on_commit_callbacks, "--date", day.isoformat())
    assert [message.to for message in mail.outbox] == [["eve@example.org"]]


@pytest.mark.django_db(transaction=True)
def test_overlapping_runs_remind_nobody_twice():
    """Real threads, each with its own connection, run the reminders at once."""
    session = make_session(places=30, days_ahead=1)
    for number in range(12):
        if number % 3:
            book(session, f"Habitant {number}", email=f"h{number}@example.org")
        else:
            book(session, f"Habitant {number}", phone=f"02 41 00 00 {number:02d}")
    mail.outbox.clear()
    runs = 4
    barrier = threading.Barrier(runs)
    counts, errors = [], []

    def run():
        try:
            barrier.wait()
            counts.append(services.send_reminders())
        except Exception as error:  # pragma: no cover - reported below
            errors.append(repr(error))
        finally:
            close_old_connections()
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(counts) == [0] * (runs - 1) + [12]
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        f"h{number}@example.org" for number in range(12) if number % 3
    )
    assert PendingCall.objects.filter(reason=PendingCall.Reason.REMINDER).count() == 4
