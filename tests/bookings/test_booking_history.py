"""Booking history is never destroyed nor silently changed, whatever the path:
page delete (one page, Wagtail's bulk delete, the shell), unpublishing, a
schedule edit, cancelling or restoring a session that has begun."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from bookings import services
from bookings.models import Booking, Occurrence
from tests import factories

from .domain import book, make_schedule, make_session, refused

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "a@ex.org", "pw")
    client.force_login(user)
    return client


def past_session_with_attendance(page):
    """A session that took place two days ago, one resident booked and came."""
    starts_at = timezone.now() - timedelta(days=2)
    session = factories.session(page, starts_at=starts_at)
    booking = services.book(
        session,
        name="Awa",
        email="awa@example.org",
        now=starts_at - timedelta(days=1),
    )
    services.check_in(booking, attended=True)
    return session


def last_message(response):
    return str(list(response.wsgi_request._messages)[-1])


class TestPageDeletion:
    def test_the_shell_cannot_delete_a_page_with_past_bookings(self):
        page = factories.activity_page()
        session = past_session_with_attendance(page)
        with pytest.raises(ProtectedError):
            Page.objects.get(pk=page.pk).delete()
        local = page.get_parent().get_parent()
        with pytest.raises(ProtectedError):
            Page.objects.get(pk=local.pk).delete()
        assert Page.objects.filter(pk=page.pk).exists()
        assert Booking.objects.get(occurrence=session).attended is True

    def test_a_page_nobody_booked_is_deleted_with_its_sessions(self):
        page = factories.activity_page()
        session = factories.session(page)
        Page.objects.get(pk=page.pk).delete()
        assert not Occurrence.objects.filter(pk=session.pk).exists()

    def test_the_editor_is_told_why_a_page_with_past_bookings_stays(self, admin_client):
        page = factories.activity_page()
        past_session_with_attendance(page)
        url = reverse("wagtailadmin_pages:delete", args=[page.pk])
        response = admin_client.post(url)
        assert response.status_code == 302
        assert response.url == reverse("wagtailadmin_pages:edit", args=[page.pk])
        assert "1 séance a des réservations, à venir ou passées" in last_message(
            response
        )
        assert Page.objects.filter(pk=page.pk).exists()

    def test_cancelled_bookings_are_history_too(self, admin_client):
        page = factories.activity_page()
        session = factories.session(page)
        services.cancel(services.book(session, name="Awa", email="awa@example.org"))
        admin_client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
        assert Page.objects.filter(pk=page.pk).exists()
        assert Booking.objects.filter(occurrence=session).exists()

    def test_bulk_delete_refuses_in_french_and_deletes_nothing(self, admin_client):
        page = factories.activity_page()
        past_session_with_attendance(page)
        unbooked = factories.activity_page(page.get_parent())
        parent = page.get_parent()
        url = (
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
            + f"?id={unbooked.pk}&id={page.pk}&next=/admin/pages/{parent.pk}/"
        )
        response = admin_client.post(url)
        assert response.status_code == 302
        assert "Impossible de supprimer « Atelier cuisine »" in last_message(response)
        assert Page.objects.filter(pk__in=[page.pk, unbooked.pk]).count() == 2
        assert Booking.objects.count() == 1


class TestUnpublishing:
    def test_the_admin_refuses_to_unpublish_a_page_with_booked_coming_sessions(
        self, admin_client
    ):
        page = factories.activity_page()
        session = factories.session(page)
        book(session, "Awa")
        response = admin_client.post(
            reverse("wagtailadmin_pages:unpublish", args=[page.pk])
        )
        assert response.status_code == 302
        assert "Impossible de dépublier « Atelier cuisine »" in last_message(response)
        page.refresh_from_db()
        assert page.live

    def test_bulk_unpublish_is_refused_too(self, admin_client):
        page = factories.activity_page()
        book(factories.session(page), "Awa")
        url = (
            reverse("wagtail_bulk_action", args=["wagtailcore", "page", "unpublish"])
            + f"?id={page.pk}&next=/admin/"
        )
        response = admin_client.post(url)
        assert "Impossible de dépublier" in last_message(response)
        page.refresh_from_db()
        assert page.live

    def test_a_page_with_only_past_bookings_can_be_unpublished(self, admin_client):
        page = factories.activity_page()
        past_session_with_attendance(page)
        admin_client.post(reverse("wagtailadmin_pages:unpublish", args=[page.pk]))
        page.refresh_from_db()
        assert not page.live

    def test_unpublished_another_way_its_sessions_are_cancelled_and_people_told(
        self, django_capture_on_commit_callbacks
    ):
        page = factories.activity_page()
        session = factories.session(page)
        past = past_session_with_attendance(page)
        book(session, "Awa")
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            Page.objects.get(pk=page.pk).specific.unpublish()
        session.refresh_from_db()
        assert session.is_cancelled
        assert [message.to for message in mail.outbox] == [["awa@example.org"]]
        assert "annulée" in mail.outbox[0].subject
        past.refresh_from_db()
        assert not past.is_cancelled  # history is not rewritten


class TestSchedules:
    def test_a_session_whose_bookings_were_all_cancelled_is_kept(self):
        schedule = make_schedule()
        session = services.materialise_schedule(schedule, horizon_days=14)[0]
        services.cancel(book(session, "Awa"))
        schedule.start_time = schedule.start_time.replace(hour=16)
        schedule.save()
        services.materialise_schedule(schedule, horizon_days=14)
        session.refresh_from_db()
        assert session.is_cancelled and session.detached
        assert session.bookings.get().name == "Awa"


class TestStartedSessions:
    def test_a_started_session_cannot_be_cancelled_nor_restored(
        self, django_capture_on_commit_callbacks
    ):
        session = make_session()
        book(session, "Awa")
        mail.outbox.clear()
        later = session.starts_at + timedelta(minutes=5)
        with refused("session_started"):
            services.cancel_session(session, reason="Pluie", now=later)
        session.refresh_from_db()
        assert not session.is_cancelled
        with django_capture_on_commit_callbacks(execute=True):
            services.cancel_session(session, reason="Pluie")
        with refused("session_started"):
            services.restore_session(session, now=later)
        session.refresh_from_db()
        assert session.is_cancelled
        assert len(mail.outbox) == 1  # the one real cancellation

    def test_the_admin_shows_the_refusal(self, admin_client):
        page = factories.activity_page()
        session = past_session_with_attendance(page)
        url = reverse("bookings_sessions:cancel", args=[session.pk])
        response = admin_client.post(url, {"reason": "Pluie"}, follow=True)
        assert "déjà commencé" in response.content.decode()
        session.refresh_from_db()
        assert not session.is_cancelled
