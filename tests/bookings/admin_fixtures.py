"""Fixtures of the staff (Wagtail admin) tests: a coordinator who manages
bookings, an editor who does not, and the admin URLs of a session.

Import the fixtures into a test module with ``from .admin_fixtures import *``.
"""

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.urls import reverse

from bookings.permissions import can_manage_bookings

__all__ = [
    "admin_urls",
    "anonymous_client",
    "coordinator",
    "coordinator_client",
    "editor",
    "editor_client",
    "staff_group",
]

STAFF_GROUP = "Réservations"
PASSWORD = "mot-de-passe-de-test"


def staff_group_from_migration():
    """The group the bookings migration creates (again, if a transactional
    test flushed the database since)."""
    group = Group.objects.filter(name=STAFF_GROUP).first()
    if group is None:
        editor = SimpleNamespace(connection=connection)
        importlib.import_module(
            "bookings.migrations.0002_booking_staff_group"
        ).create_group(apps, editor)
        # The coordination also decides on the shared resources.
        importlib.import_module("bookings.migrations.0010_partner_group").create_groups(
            apps, editor
        )
        group = Group.objects.get(name=STAFF_GROUP)
    return group


def make_user(django_user_model, username, groups=(), **fields):
    user = django_user_model.objects.create_user(
        username=username,
        password=PASSWORD,
        email=f"{username}@ccas.example.org",
        **fields,
    )
    user.groups.set(groups)
    return user


@pytest.fixture
def staff_group(db):
    return staff_group_from_migration()


@pytest.fixture
def coordinator(django_user_model, staff_group):
    """Staff in the « Réservations » group only: no page editing."""
    user = make_user(django_user_model, "marie", [staff_group], first_name="Marie")
    assert can_manage_bookings(user)
    return user


@pytest.fixture
def editor(django_user_model, db):
    """A Wagtail editor: edits pages, must not see residents' data."""
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    user = make_user(django_user_model, "eddie", [editors], first_name="Eddie")
    assert not can_manage_bookings(user)
    return user


def logged_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def coordinator_client(client, coordinator):
    return logged_in(client, coordinator)


@pytest.fixture
def editor_client(client, editor):
    return logged_in(client, editor)


@pytest.fixture
def anonymous_client(client):
    return client


class AdminUrls:
    """The staff URLs, by name, for one session and one of its bookings."""

    def session(self, name, session, *args):
        return reverse(f"bookings_sessions:{name}", args=[session.pk, *args])

    def booking(self, name, booking):
        return reverse(
            f"bookings_sessions:{name}", args=[booking.occurrence_id, booking.pk]
        )

    sessions = property(lambda self: reverse("bookings_sessions:index"))
    bookings = property(lambda self: reverse("bookings_bookings:index"))
    calls = property(lambda self: reverse("bookings_calls:index"))
    find = property(lambda self: reverse("bookings_find:index"))

    def call_done(self, call):
        return reverse("bookings_calls:done", args=[call.pk])


@pytest.fixture
def admin_urls():
    return AdminUrls()
