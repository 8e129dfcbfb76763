"""Every rule holds on every path: private pages, a lock held too long, two
bookings drawing the same code, the weekday filter, the waiting list's ranks."""

import threading
from io import StringIO

import pytest
import recurrence
from django.core import signing
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import PageViewRestriction

from bookings import services
from bookings.models import Booking, Occurrence
from bookings.notifications import send_booking_email
from bookings.views import BOOKED_COOKIE, BOOKED_SALT
from tests import factories

from .conftest import form_data, one_date_session, weekly_sessions
from .domain import book, make_schedule

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks and concurrent inserts: PostgreSQL (SQLite queues writers)",
)


class TestPrivatePages:
    @pytest.fixture
    def private(self, site):
        """An activity under a local that only logged-in people may see."""
        PageViewRestriction.objects.create(
            page=site["local"], restriction_type=PageViewRestriction.LOGIN
        )
        # This week: the home page lists this week's sessions.
        return one_date_session(site["activity"], days_ahead=2)

    def test_sessions_of_a_private_page_are_not_listed(self, client, site, private):
        for url in (site["home"].url, site["local"].url):
            response = client.get(url, follow=True)
            assert "écriture" not in response.content.decode()
        feed = client.get(reverse("bookings:site_calendar")).content.decode()
        assert f"seance-{private.pk}@" not in feed
        assert not Occurrence.objects.live().filter(pk=private.pk).exists()

    def test_nor_bookable(self, client, private, clear_cache):
        url = reverse("bookings:book", args=[private.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, form_data()).status_code == 404
        assert not Booking.objects.exists()

    def test_a_public_page_still_is(self, client, site, clear_cache):
        session = one_date_session(site["activity"], days_ahead=2)
        for url in (site["home"].url, site["local"].url):
            response = client.get(url, follow=True)
            assert "écriture" in response.content.decode(), url
        response = client.post(reverse("bookings:book", args=[session.pk]), form_data())
        assert response.status_code == 303


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_lock_held_too_long_answers_a_french_503(client, site, settings, clear_cache):
    settings.BOOKINGS_LOCK_TIMEOUT = 0.3
    session = one_date_session(site["activity"])
    locked, release = threading.Event(), threading.Event()

    def hold_the_lock():
        try:
            with transaction.atomic():
                services.lock_session(session.pk)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    try:
        assert locked.wait(10)
        response = client.post(reverse("bookings:book", args=[session.pk]), form_data())
    finally:
        release.set()
        holder.join()
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Réessayez" in response.content.decode()
    assert not Booking.objects.exists()
    # Once the lock is free, the same booking goes through.
    response = client.post(reverse("bookings:book", args=[session.pk]), form_data())
    assert response.status_code == 303


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_bookings_drawing_the_same_code_both_succeed(monkeypatch):
    """Two residents book two sessions (two locks) at the same moment and
    draw the same code: the second insert meets the unique index and draws
    again, instead of failing with a server error."""
    first, second = make_schedule(), make_schedule()
    sessions = [
        services.materialise_schedule(schedule, horizon_days=7)[0]
        for schedule in (first, second)
    ]
    drawn = threading.Barrier(2, timeout=10)
    inserted = threading.Barrier(2, timeout=2)
    local = threading.local()
    real_code = services.new_booking_code

    def same_first_code():
        if getattr(local, "drew", False):
            return real_code()
        local.drew = True
        drawn.wait()  # both have drawn before either inserts
        return "ACDEFG"

    def hold_after_insert(sender, instance, created, **kwargs):
        # Keep the first insert uncommitted until the second one has had
        # its chance to see the code as free (it then waits on the index).
        if created:
            try:
                inserted.wait()
            except threading.BrokenBarrierError:
                pass

    monkeypatch.setattr(services, "new_booking_code", same_first_code)
    post_save.connect(hold_after_insert, sender=Booking)
    errors = []

    def book_one(number, session):
        try:
            book(session, f"Habitant {number}", email=f"habitant{number}@example.org")
        except Exception as error:  # reported below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=book_one, args=(n, s)) for n, s in enumerate(sessions)
    ]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        post_save.disconnect(hold_after_insert, sender=Booking)
    assert errors == []
    codes = set(Booking.objects.values_list("code", flat=True))
    assert len(codes) == 2 and "ACDEFG" in codes


@pytest.mark.django_db
class TestWeekdayFilter:
    def test_cancelling_the_only_tuesday_takes_tuesday_off_the_filter(
        self, activity, django_capture_on_commit_callbacks
    ):
        session = one_date_session(activity, days_ahead=7)
        activity.update_weekdays()
        weekday = str(timezone.localtime(session.starts_at).weekday())
        assert activity.weekdays == weekday
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel_session(session, reason="Local fermé")
        activity.refresh_from_db()
        assert activity.weekdays == ""
        with django_capture_on_commit_callbacks(execute=True):
            services.restore_session(session)
        activity.refresh_from_db()
        assert activity.weekdays == weekday

    def test_the_daily_command_refreshes_it(
        self, activity, django_capture_on_commit_callbacks
    ):
        make_schedule(page=activity, recurrences=weekly_tuesday())
        assert activity.weekdays == ""
        with django_capture_on_commit_callbacks(execute=True):
            call_command("materialise_sessions", "--horizon", "14", stdout=StringIO())
        activity.refresh_from_db()
        assert activity.weekdays == "1"


def weekly_tuesday():
    return recurrence.Recurrence(
        rrules=[recurrence.Rule(recurrence.WEEKLY, byday=[recurrence.TU])]
    )


def waiting_series(activity, count):
    """``count`` weekly sessions, each full, and Awa waiting on every one."""
    sessions = weekly_sessions(activity, places=1, horizon_days=7 * count)[:count]
    for session in sessions:
        book(session, "Bernard")
    bookings = services.book_series(
        sessions[0].schedule,
        from_date=timezone.localdate(sessions[0].starts_at),
        name="Awa",
        email="awa@example.org",
    )
    assert [b.waiting_rank() for b in bookings] == [1] * count
    return sessions, bookings


@pytest.mark.django_db
class TestWaitingRanksInOneQuery:
    def confirmation_queries(self, client, activity, count):
        sessions, bookings = waiting_series(activity, count)
        # The cookie the booking form leaves for its confirmation page.
        signer = signing.get_cookie_signer(salt=BOOKED_COOKIE + BOOKED_SALT)
        client.cookies[BOOKED_COOKIE] = signer.sign(" ".join(b.token for b in bookings))
        url = reverse("bookings:booked", args=[sessions[0].pk])
        client.get(url)  # the first request also sets up the site's settings
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert response.content.decode().count("position 1") >= 1
        return len(queries)

    def test_the_confirmation_page(self, client, site):
        few = self.confirmation_queries(client, site["activity"], 2)
        other = factories.activity_page(site["index"], title="Atelier couture")
        many = self.confirmation_queries(client, other, 6)
        assert many == few

    def email_queries(self, activity, count):
        _, bookings = waiting_series(activity, count)
        send_booking_email.call([b.pk for b in bookings], "made")  # warm caches
        with CaptureQueriesContext(connection) as queries:
            send_booking_email.call([b.pk for b in bookings], "made")
        return len(queries)

    def test_the_emails(self, site, mailoutbox):
        few = self.email_queries(site["activity"], 2)
        other = factories.activity_page(site["index"], title="Atelier couture")
        many = self.email_queries(other, 6)
        assert many == few
        assert "liste d'attente, position 1" in mailoutbox[-1].body
