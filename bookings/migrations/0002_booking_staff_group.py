"""The « Réservations » group: the coordination staff who manage bookings.

Its members reach the Wagtail admin and its « Réservations » menu, where they
see residents' names and phone numbers. Editing pages is another matter,
given by Wagtail's own groups (Editors, Moderators).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Réservations"

PERMISSIONS = [
    ("bookings", "manage_bookings"),
    ("wagtailadmin", "access_admin"),
] + [
    ("bookings", f"{action}_{model}")
    for model in ("booking", "occurrence", "pendingcall")
    for action in ("view", "add", "change")
]


def create_group(apps, schema_editor):
    # On a new database Django creates permissions only after the last
    # migration has run: create this app's now, so the group can have them.
    create_permissions(
        global_apps.get_app_config("bookings"),
        apps=apps,
        verbosity=0,
        using=schema_editor.connection.alias,
    )
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP_NAME)
    for app_label, codename in PERMISSIONS:
        group.permissions.add(
            Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
        )


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        # These give "choose" permissions to every group that then has admin
        # access: run them first so that the group gets only its own.
        ("wagtaildocs", "0011_add_choose_permissions"),
        ("wagtailimages", "0023_add_choose_permissions"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
