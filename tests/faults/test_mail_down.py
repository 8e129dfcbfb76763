"""A mail server hanging, refusing, then back: no worker held, no e-mail lost
silently. E-mails go through the database queue and a worker, as in
production."""

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from bookings.models import Booking, PendingCall
from tests.bookings.conftest import form_data, one_date_session

from .conftest import free_port

# The worker closes and reopens its database connection, as in production:
# these tests commit for real.
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("clear_cache"),
]


class Inbox:
    """A real SMTP server on a free port, keeping what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd)
        self.messages.append(envelope)
        return "250 OK"


@pytest.fixture
def mail_queue(settings):
    """E-mails queued in the database and sent by `db_worker`, as in production."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_TIMEOUT = 1
    settings.BOOKINGS_EMAIL_RETRY_DELAYS = [60, 300]
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.backend.DatabaseBackend"}}
    return settings


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)


def time_passes():
    """The retries' waiting time is over."""
    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(seconds=1))


def post_booking(client, session):
    response = client.post(
        reverse("bookings:book", args=[session.pk]), form_data(email="awa@example.org")
    )
    assert response.status_code == 303
    return Booking.objects.get(email="awa@example.org")


def test_hanging_then_working_mail_server_delivers_once(
    client, site, mail_queue, hanging_server
):
    mail_queue.EMAIL_PORT = hanging_server.port
    session = one_date_session(site["activity"])

    booking = post_booking(client, session)
    assert booking.status == Booking.Status.CONFIRMED
    assert len(hanging_server.connections) == 0, "nothing sent inside the request"

    run_worker()  # the server hangs: timed out, a new try is queued
    assert len(hanging_server.connections) == 1
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.run_after > timezone.now() + timedelta(seconds=30)
    assert not PendingCall.objects.exists()

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        mail_queue.EMAIL_PORT = controller.port
        run_worker()
        assert inbox.messages == [], "the retry waits for its time"
        time_passes()
        run_worker()
        run_worker()
    finally:
        controller.stop()
    assert len(inbox.messages) == 1
    assert inbox.messages[0].rcpt_tos == ["awa@example.org"]
    assert booking.code in inbox.messages[0].content.decode()
    assert not PendingCall.objects.exists()


def test_refusing_mail_server_ends_on_the_call_list(
    client,
    site,
    mail_queue,
    coordinator_client,
):
    mail_queue.EMAIL_PORT = free_port()  # nothing listens: connection refused
    session = one_date_session(site["activity"])
    booking = post_booking(client, session)

    for _try in range(3):
        assert not PendingCall.objects.exists()
        run_worker()
        time_passes()
    run_worker()

    (call,) = PendingCall.objects.all()
    assert call.booking == booking
    assert call.reason == PendingCall.Reason.EMAIL_FAILED
    page = coordinator_client.get(reverse("bookings_calls:index"))
    assert "e-mail non envoyé" in page.content.decode()
    assert "Awa Diallo" in page.content.decode()


def test_without_a_worker_backend_a_failure_goes_straight_to_the_call_list(
    client, site, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    session = one_date_session(site["activity"])
    booking = post_booking(client, session)
    assert PendingCall.objects.get().booking == booking
