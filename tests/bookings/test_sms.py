"""Residents with a mobile and no e-mail are told by SMS; others by a call.

Messages go through django-sms's in-memory outbox (``sms_outbox``), and in
production through OVHcloud's API: its backend is tested against a local
HTTP server that answers as the API does.
"""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import ovh.client
import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from bookings import services
from bookings.models import PendingCall
from bookings.sms import GSM7, SMS_LENGTH, TEXTS, message_for

from .conftest import one_date_session
from .domain import book

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]

MOBILE = "06 12 34 56 78"
LANDLINE = "02 41 22 33 44"


@pytest.fixture
def session(site, django_capture_on_commit_callbacks):
    site["local"].phone = "02 41 00 00 00"
    site["local"].save_revision().publish()
    return one_date_session(site["activity"], places=2)


def booked(session, capture, **resident):
    with capture(execute=True):
        return book(session, **resident)


def cancel_session(session, capture):
    with capture(execute=True):
        services.cancel_session(session, reason="Animatrice malade")


def test_a_phone_only_booking_gets_its_confirmation_by_sms(
    session, sms_outbox, django_capture_on_commit_callbacks
):
    booking = booked(session, django_capture_on_commit_callbacks, phone=MOBILE)
    (message,) = sms_outbox
    assert message.recipients == ["+33612345678"]
    text = message.body
    assert booking.code in text
    assert "/r/" + booking.short_key in text
    assert "02 41 00 00 00" in text, "the local's number: nobody reads replies"
    assert "Atelier d'écriture" in text
    assert len(text) <= SMS_LENGTH and set(text) <= GSM7
    assert not PendingCall.objects.exists()


def test_every_kind_of_message_fits_one_sms_even_with_a_long_title(
    site, session, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://viedesquartiers.montreuil-juigne.fr"
    site["activity"].title = "Grande fête de fin d'année du quartier – « Cœur » " * 3
    site["activity"].save_revision().publish()
    booking = booked(session, django_capture_on_commit_callbacks, phone=MOBILE)
    capture = django_capture_on_commit_callbacks
    booked(session, capture, name="Binta", phone="07 81 23 45 67")
    waiting = booked(session, capture, name="Chloé", phone="06 98 76 54 32")
    assert waiting.is_waiting
    text = message_for(waiting, "made")
    assert "liste d'attente (rang 1)" in text and len(text) <= SMS_LENGTH
    for kind in set(TEXTS) - {"made_waiting"}:
        text = message_for(booking, kind)
        assert len(text) <= SMS_LENGTH, (kind, len(text))
        assert set(text) <= GSM7, (kind, set(text) - GSM7)
        assert booking.short_key in text and "02 41 00 00 00" in text
        if "{code}" in TEXTS[kind]:
            assert booking.code in text
    settings.SITE_URL = "https://vdq.fr"
    assert "Grande fete de" in message_for(booking, "made"), "folded to GSM-7"


def test_a_cancelled_session_texts_mobiles_and_puts_landlines_on_the_call_list(
    session, sms_outbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    by_mobile = booked(session, capture, name="Awa", phone=MOBILE)
    by_landline = booked(session, capture, name="Binta", phone=LANDLINE)
    refusing = booked(
        session, capture, name="Chloé", phone="07 81 23 45 67", wants_sms=False
    )
    by_email = booked(
        session, capture, name="Dina", email="dina@example.org", phone="06 98 76 54 32"
    )
    sms_outbox.clear()

    cancel_session(session, capture)

    assert [message.recipients for message in sms_outbox] == [["+33612345678"]]
    assert "ANNULÉ" in sms_outbox[0].body
    calls = PendingCall.objects.filter(reason=PendingCall.Reason.SESSION_CANCELLED)
    assert {call.booking for call in calls} == {by_landline, refusing}
    assert by_mobile not in {call.booking for call in calls}
    assert by_email not in {call.booking for call in calls}


def test_the_booking_form_says_an_sms_will_be_sent_and_offers_to_refuse_it(
    client, session
):
    page = client.get(reverse("bookings:book", args=[session.pk])).content.decode()
    assert "Je ne souhaite pas recevoir de SMS" in page
    assert "par SMS la confirmation" in page


class FakeOvhApi(BaseHTTPRequestHandler):
    """Answers as OVHcloud's API does: the time, and SMS jobs."""

    jobs = []
    failing = False

    def _answer(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 (http.server)
        if self.path.endswith("/auth/time"):
            import time

            self._answer(200, int(time.time()))
        else:
            self._answer(404, {"message": "not found"})

    def do_POST(self):  # noqa: N802 (http.server)
        length = int(self.headers["Content-Length"])
        job = json.loads(self.rfile.read(length))
        if self.failing:
            self._answer(503, {"message": "Service unavailable"})
            return
        assert self.headers["X-Ovh-Application"] == "app-key"
        assert self.headers["X-Ovh-Signature"].startswith("$1$")
        type(self).jobs.append((self.path, job))
        self._answer(200, {"ids": [1], "validReceivers": job["receivers"]})

    def log_message(self, *args):
        pass


@pytest.fixture
def ovh_api(settings, monkeypatch):
    FakeOvhApi.jobs, FakeOvhApi.failing = [], False
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOvhApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setitem(
        ovh.client.ENDPOINTS, "test", f"http://127.0.0.1:{server.server_port}/1.0"
    )
    settings.SMS_BACKEND = "bookings.sms_backends.OvhSmsBackend"
    settings.OVH_ENDPOINT = "test"
    settings.OVH_APPLICATION_KEY = "app-key"
    settings.OVH_APPLICATION_SECRET = "app-secret"
    settings.OVH_CONSUMER_KEY = "consumer-key"
    settings.OVH_SMS_SERVICE = "sms-ab12345-1"
    yield FakeOvhApi
    server.shutdown()


def test_the_ovh_backend_posts_one_job_per_message(
    session, ovh_api, django_capture_on_commit_callbacks
):
    booking = booked(session, django_capture_on_commit_callbacks, phone=MOBILE)
    ((path, job),) = ovh_api.jobs
    assert path == "/1.0/sms/sms-ab12345-1/jobs"
    assert job["receivers"] == ["+33612345678"]
    assert booking.code in job["message"]
    assert job["noStopClause"] is True


def test_an_sms_that_cannot_be_sent_is_retried_then_put_on_the_call_list(
    session, ovh_api, settings, django_capture_on_commit_callbacks
):
    ovh_api.failing = True
    settings.BOOKINGS_EMAIL_RETRY_DELAYS = []  # no worker here: straight to a call
    booking = booked(session, django_capture_on_commit_callbacks, phone=MOBILE)
    (call,) = PendingCall.objects.all()
    assert call.booking == booking
    assert call.reason == PendingCall.Reason.SMS_FAILED
    assert not DBTaskResult.objects.exists()
