"""Booking phones in E.164, as the phone field now stores them.

Phones were stored as typed ("06 12 34 56 78", "0612345678", "+33 6...") or
as anything staff typed at the desk. A number that reads as a phone number
(France unless it has a country code) is rewritten in E.164 ("+33612345678");
anything else is moved into the booking's note, word for word, so the staff
still see it and nothing typed is lost, and the phone is left empty.
"""

import phonenumbers
from django.db import migrations

REGION = "FR"
KEPT_IN_NOTE = "Téléphone saisi, non reconnu comme un numéro\u00a0: {}"


def e164(value):
    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def phones_to_e164(apps, schema_editor):
    Booking = apps.get_model("bookings", "Booking")
    rows = Booking.objects.exclude(phone="").values_list("pk", "phone", "note")
    for pk, phone, note in rows.iterator():
        number = e164(phone.strip())
        if number is not None:
            if number != phone:
                Booking.objects.filter(pk=pk).update(phone=number)
            continue
        kept = KEPT_IN_NOTE.format(phone)
        Booking.objects.filter(pk=pk).update(
            phone="", note=f"{note}\n{kept}" if note else kept
        )


class Migration(migrations.Migration):
    dependencies = [
        ("bookings", "0007_staff_preference"),
    ]

    operations = [
        migrations.RunPython(phones_to_e164, migrations.RunPython.noop, elidable=False),
    ]
