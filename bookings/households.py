"""A household: the people who book with the same phone number or e-mail.

The yearly report counts households, and must go on counting them after the
bookings are anonymised. So each booking keeps a household key: a keyed hash
(HMAC-SHA256 with ``BOOKINGS_HOUSEHOLD_SECRET``, by default the
SECRET_KEY) of its normalised phone, or
of its e-mail when it has no phone. Without the secret the key cannot be
turned back into a phone number or an address, and it is never shown.
"""

import re

from django.conf import settings
from django.db.models import Q
from django.utils.crypto import salted_hmac

from .prepared import CompiledPerForm

KEY_SALT = "bookings.households"


def canonical_phone(phone):
    """One writing of a phone number, whatever the one given.

    French numbers in the national ("06 12 34 56 78", "06.12.34.56.78") and
    international forms ("+33 6 12 34 56 78", "+33 (0)6...", "0033 6...")
    all become "+33612345678"; other international numbers keep their "+"
    and digits. Returns "" when there are no digits.
    """
    value = re.sub(r"[^\d+]", "", phone or "")
    value = value[:1] + value[1:].replace("+", "")
    if value.startswith("00"):
        value = "+" + value[2:]
    if value.startswith("+33"):
        return "+33" + value[3:].lstrip("0")
    if value.startswith("0") and len(value) == 10:
        return "+33" + value[1:]
    return value


def _key(kind, value):
    if not value:
        return ""
    return salted_hmac(
        KEY_SALT,
        f"{kind}:{value}",
        secret=settings.BOOKINGS_HOUSEHOLD_SECRET or settings.SECRET_KEY,
        algorithm="sha256",
    ).hexdigest()[:40]


def contact_keys(phone="", email=""):
    """The keys a phone number and an e-mail give, phone first, empty ones left out."""
    keys = [
        _key("tel", canonical_phone(phone)),
        _key("mail", (email or "").strip().lower()),
    ]
    return [key for key in keys if key]


def household_key(phone="", email=""):
    """The household of a new booking with this phone and/or e-mail.

    The key of an earlier booking that shares the phone or the e-mail (also an
    anonymised one, through its key), else the key of the phone, else that of
    the e-mail. One query, through the indexes of the household, the phone
    and the e-mail: the household's bookings are read, not every booking.
    Its SQL is compiled once per process (``bookings.prepared``).
    """
    keys = contact_keys(phone, email)
    if not keys:
        return ""
    earlier = min(
        (
            (booking.created_at, booking.pk, booking.household)
            for booking in _HOUSEHOLD_BOOKINGS.given(keys, phone=phone, email=email)
        ),
        default=None,
    )
    return earlier[2] if earlier else keys[0]


def _household_bookings(names, keys, *given):
    from .models import Booking

    contact = dict(zip(names, given, strict=True))
    same = Q(household__in=keys)
    if "phone" in contact:
        same |= Q(phone=contact["phone"])
    if "email" in contact:
        same |= Q(email__iexact=contact["email"])
    # Not ORDER BY ... LIMIT 1 in SQL: PostgreSQL would then walk every
    # booking in date order, looking for the first that matches.
    return (
        Booking.objects.filter(same)
        .exclude(household="")
        .only("created_at", "household")
        .order_by()
    )


# The bookings of a household, one query per form (a phone, an e-mail given).
_HOUSEHOLD_BOOKINGS = CompiledPerForm(_household_bookings)
