"""Short manage links, the SMS choice and the « SMS non envoyé » call reason.

Existing bookings get a short key each (a unique field cannot take one
callable default for every row), then the column becomes unique.
"""

from django.db import migrations, models

import bookings.models


def give_short_keys(apps, schema_editor):
    Booking = apps.get_model("bookings", "Booking")
    taken = set()
    for booking in Booking.objects.only("pk").iterator():
        key = bookings.models.new_short_key()
        while key in taken:
            key = bookings.models.new_short_key()
        taken.add(key)
        Booking.objects.filter(pk=booking.pk).update(short_key=key)


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0011_booking_calendar_sequence"),
    ]

    operations = [
        migrations.AddField(
            model_name="booking",
            name="short_key",
            field=models.CharField(editable=False, max_length=10, null=True),
        ),
        migrations.RunPython(give_short_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="booking",
            name="short_key",
            field=models.CharField(
                default=bookings.models.new_short_key,
                editable=False,
                max_length=10,
                unique=True,
            ),
        ),
        migrations.AddField(
            model_name="booking",
            name="wants_sms",
            field=models.BooleanField(
                default=True,
                help_text=(
                    "Sans e-mail, la confirmation et les nouvelles de la séance "
                    "partent par SMS vers un portable, sauf si la personne a refusé."
                ),
                verbose_name="accepte les SMS",
            ),
        ),
        migrations.AlterField(
            model_name='pendingcall',
            name='reason',
            field=models.CharField(choices=[('promoted', 'place libérée : réservation confirmée'), ('session_cancelled', 'séance annulée'), ('session_restored', 'séance rétablie'), ('reminder', 'rappel : la séance a lieu demain'), ('email_failed', 'e-mail non envoyé'), ('sms_failed', 'SMS non envoyé')], max_length=32, verbose_name='motif'),
        ),
    ]
