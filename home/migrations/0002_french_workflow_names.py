"""Wagtail's default moderation workflow and its task, named in French.

Wagtail creates them as "Moderators approval", which the page editor shows as
« Soumettre à Moderators approval ».
"""

from django.db import migrations

ENGLISH = "Moderators approval"
FRENCH = "Validation par les modérateurs"


def rename(apps, old, new):
    for model in ("wagtailcore.Workflow", "wagtailcore.Task"):
        apps.get_model(model).objects.filter(name=old).update(name=new)


def to_french(apps, schema_editor):
    rename(apps, ENGLISH, FRENCH)


def to_english(apps, schema_editor):
    rename(apps, FRENCH, ENGLISH)


class Migration(migrations.Migration):
    dependencies = [
        ("home", "0001_initial"),
        ("wagtailcore", "0048_add_default_workflows"),
    ]

    operations = [migrations.RunPython(to_french, to_english)]
