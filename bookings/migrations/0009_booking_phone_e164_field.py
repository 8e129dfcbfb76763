# Booking.phone holds E.164 only (values normalised by 0008).

import bookings.phones
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('bookings', '0008_booking_phones_to_e164'),
    ]

    operations = [
        migrations.AlterField(
            model_name='booking',
            name='phone',
            field=models.CharField(blank=True, help_text='Au format international, par exemple +33612345678.', max_length=16, validators=[bookings.phones.validate_e164], verbose_name='téléphone'),
        ),
    ]
