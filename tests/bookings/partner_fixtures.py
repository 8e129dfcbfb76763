"""The maison des jeunes and its worker, the coordination, the shared space.

A small site: home > local > activity index « Maison des jeunes » (the
partner's section, where its group may add, edit and publish pages).
"""

import importlib
from datetime import time
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import connection
from wagtail.models import GroupPagePermission

from bookings.permissions import PARTNER_GROUP
from tests import factories

PASSWORD = "mot-de-passe-de-test"


def groups_from_migration():
    """The groups the bookings migrations create (again after a flush)."""
    if not Group.objects.filter(name=PARTNER_GROUP).exists():
        for name in ("0002_booking_staff_group", "0010_partner_group"):
            migration = importlib.import_module(f"bookings.migrations.{name}")
            create = getattr(migration, "create_group", None) or migration.create_groups
            create(apps, SimpleNamespace(connection=connection))
    return Group.objects.get(name=PARTNER_GROUP), Group.objects.get(name="Réservations")


def give_section(group, page):
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


@pytest.fixture
def shared(db, django_user_model):
    return space_and_partner(django_user_model)


def space_and_partner(django_user_model):
    """The site, the shared space, the maison des jeunes and the coordinator."""
    partner_group, staff_group = groups_from_migration()
    home = factories.home_page()
    local = factories.local_page(home, title="Local des Hauts de Saint-Aubin")
    workshops = factories.activity_index(local, title="Ateliers")
    section = factories.activity_index(local, title="Maison des jeunes")
    give_section(partner_group, section)
    ccas = factories.organisation("Local des Hauts de Saint-Aubin")
    space = factories.resource(
        "Espace multi-sports",
        owner=ccas,
        requires_approval=False,
        public_schedule=True,
        hours=[(day, time(9), time(21)) for day in range(7)],
    )
    worker = django_user_model.objects.create_user(
        "mdj", password=PASSWORD, email="animation@mdj.example"
    )
    worker.groups.set([partner_group])
    mdj = factories.youth_centre(members=[worker])
    coordinator = django_user_model.objects.create_user(
        "coordinatrice", password=PASSWORD, email="coord@ccas.example"
    )
    coordinator.groups.set([staff_group])
    return SimpleNamespace(
        home=home,
        local=local,
        workshops=workshops,
        section=section,
        ccas=ccas,
        space=space,
        mdj=mdj,
        worker=worker,
        coordinator=coordinator,
    )


@pytest.fixture
def partner_client(client, shared):
    client.force_login(shared.worker)
    return client


@pytest.fixture
def coordinator_client(client, shared):
    client.force_login(shared.coordinator)
    return client
