"""Residents' names, phones and e-mails stay out of URLs (the manage token
aside), page titles, server logs, the iCal feeds and the admin's history."""

import logging
import re
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry, PageLogEntry

from bookings import services
from bookings.models import Booking

from .admin_fixtures import *  # noqa: F403
from .conftest import form_data

pytestmark = pytest.mark.django_db

NAME, PHONE, EMAIL = "Zélie Quintard", "06 98 76 54 32", "zelie.q@example.org"
SECRETS = [NAME, "Quintard", "0698765432", "98 76 54 32", "+33698765432", EMAIL]


def assert_nothing_personal(text, where):
    for secret in SECRETS:
        assert secret.lower() not in text.lower(), (secret, where)


def test_a_booking_journey_leaks_nothing(
    client,
    coordinator,
    session,
    activity,
    caplog,
    clear_cache,
    django_capture_on_commit_callbacks,
):
    visited = []
    with caplog.at_level(logging.DEBUG):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("bookings:book", args=[session.pk]),
                form_data(name=NAME, phone=PHONE, email=EMAIL),
                follow=True,
            )
        visited += [url for url, _status in response.redirect_chain]
        booking = Booking.objects.get(name=NAME)
        for url in (
            reverse("bookings:site_calendar"),
            activity.url + "ical/",
            reverse("bookings:booking_ical", args=[booking.token]),
        ):
            feed = client.get(url)
            assert feed.status_code == 200, url
            assert_nothing_personal(feed.content.decode(), url)

        client.force_login(coordinator)
        detail = client.get(reverse("bookings_sessions:detail", args=[session.pk]))
        assert NAME in detail.content.decode()  # staff see it in the page...
        title = re.search(r"<title>(.*?)</title>", detail.content.decode(), re.S)
        assert_nothing_personal(title.group(1), "admin page title")  # ...not its title
        cancel_url = reverse(
            "bookings_sessions:cancel_booking", args=[session.pk, booking.pk]
        )
        with django_capture_on_commit_callbacks(execute=True):
            client.post(cancel_url)
        person = client.post("/admin/donnees-personnelles/", {"email": EMAIL})
        assert person.status_code == 200
        visited += [cancel_url, person.wsgi_request.get_full_path()]
        services.send_reminders(day=timezone.localdate() + timedelta(days=7))
        call_command("anonymise_bookings", "--mois", "1", stdout=open("/dev/null", "w"))

    # The checks below see the real traffic: the redirects and the log lines.
    assert any("/merci/" in url for url in visited)
    assert any("anonymised" in record.getMessage() for record in caplog.records)
    for url in visited:
        assert_nothing_personal(url.replace(booking.token, ""), url)
    for record in caplog.records:
        assert_nothing_personal(record.getMessage(), f"log {record.name}")
    for entry in [*ModelLogEntry.objects.all(), *PageLogEntry.objects.all()]:
        assert_nothing_personal(f"{entry.label} {entry.data}", "admin history")
