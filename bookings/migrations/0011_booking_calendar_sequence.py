# The SEQUENCE of each booking's calendar event.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('bookings', '0010_partner_group'),
    ]

    operations = [
        migrations.AddField(
            model_name='booking',
            name='calendar_sequence',
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
    ]
