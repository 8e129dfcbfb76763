"""The « Partenaires » group and the coordination's rights on shared resources.

A partner (the maison des jeunes) reaches the admin, and nothing else by its
group: which pages it edits is given on its own section of the site (page
permissions, set with the section), and which reservations it sees follows
from the organisations it acts for (``Organisation.members``). The
« Réservations » group (the coordination) manages organisations and resources
and decides on partners' requests.
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

PARTNER_GROUP = "Partenaires"
STAFF_GROUP = "Réservations"

PARTNER_PERMISSIONS = [("wagtailadmin", "access_admin")]
STAFF_PERMISSIONS = [("bookings", "manage_reservations")] + [
    ("bookings", f"{action}_{model}")
    for model in ("organisation", "resource")
    for action in ("view", "add", "change")
]


def create_groups(apps, schema_editor):
    create_permissions(
        global_apps.get_app_config("bookings"),
        apps=apps,
        verbosity=0,
        using=schema_editor.connection.alias,
    )
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def grant(group, permissions):
        for app_label, codename in permissions:
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )

    partners, _ = Group.objects.get_or_create(name=PARTNER_GROUP)
    grant(partners, PARTNER_PERMISSIONS)
    staff, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    grant(staff, STAFF_PERMISSIONS)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=PARTNER_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0009_booking_phone_e164_field"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
