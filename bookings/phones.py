"""Phone numbers: one way to read, store and show them.

A number is read as people write it ("06 12 34 56 78", "06.12.34.56.78",
"+33 6 12 34 56 78", "0033612345678"), in the default region (France,
``PHONENUMBER_DEFAULT_REGION``) unless it starts with a country code, so
foreign numbers are accepted too. It is stored in E.164 ("+33612345678") and
shown the French way ("06 12 34 56 78", non-breaking spaces, so it never
breaks across lines); a foreign number is shown in its international form.

Values stored before numbers were checked, and numbers editors type on pages
(a local's phone), may be anything: showing them never fails, it gives back
what was written.
"""

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from .exceptions import MESSAGES

NBSP = "\u00a0"
# Longer than any phone number however written; beyond, it is not one.
MAX_INPUT_LENGTH = 32

INVALID_MESSAGE = MESSAGES["invalid_phone"]

# Types that can receive an SMS. FIXED_LINE_OR_MOBILE is what phonenumbers
# says in countries where the number itself does not tell (the United States).
MOBILE_TYPES = frozenset(
    {
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    }
)


def region():
    return settings.PHONENUMBER_DEFAULT_REGION


def parse(value):
    """The valid phone number ``value`` holds, or None (empty, or not a number).

    ``value``: a string as written or stored, or a ``PhoneNumber``.
    """
    if isinstance(value, phonenumbers.PhoneNumber):
        number = value
    else:
        text = str(value or "").strip()
        if not text or len(text) > MAX_INPUT_LENGTH:
            return None
        try:
            number = phonenumbers.parse(text, region())
        except phonenumbers.NumberParseException:
            return None
    return number if phonenumbers.is_valid_number(number) else None


def to_e164(value):
    """The number in E.164 ("+33612345678"), "" when empty.

    Raises ``ValueError`` when ``value`` is not a valid phone number.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    number = parse(value)
    if number is None:
        raise ValueError(f"not a phone number: {value!r}")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def validate_e164(value):
    """The model's check: a stored phone is a valid number written in E.164."""
    try:
        valid = to_e164(value) == value
    except ValueError:
        valid = False
    if not valid:
        raise ValidationError(INVALID_MESSAGE, code="invalid")


def display(value, *, space=NBSP):
    """A number to read: "06 12 34 56 78" for a French one, "+44 20 7946 0958"
    for a foreign one, with non-breaking spaces (or ``space``); anything else
    as written."""
    number = parse(value)
    if number is None:
        return str(value or "").strip()
    if phonenumbers.region_code_for_number(number) == region():
        style = phonenumbers.PhoneNumberFormat.NATIONAL
    else:
        style = phonenumbers.PhoneNumberFormat.INTERNATIONAL
    return phonenumbers.format_number(number, style).replace(" ", space)


def tel_href(value):
    """A ``tel:`` link to call the number ("tel:+33612345678"); "" when there is
    no number. A value that is not a valid number keeps its digits and +."""
    number = parse(value)
    if number is not None:
        return "tel:" + phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.E164
        )
    digits = "".join(ch for ch in str(value or "") if ch.isdigit() or ch == "+")
    return f"tel:{digits}" if digits else ""


def is_mobile(value):
    """Whether the number can receive an SMS (a mobile number)."""
    number = parse(value)
    return number is not None and phonenumbers.number_type(number) in MOBILE_TYPES


class PhoneField(PhoneNumberField):
    """The phone field of every booking form (residents' and the desk's).

    Reads the number in the default region, accepts foreign numbers written
    with their country code, and cleans to a ``PhoneNumber`` (E.164 when
    stored) or "" when left empty; a wrong number gets a French message.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Téléphone"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", MAX_INPUT_LENGTH)
        kwargs.setdefault("error_messages", {})
        kwargs["error_messages"].setdefault("invalid", INVALID_MESSAGE)
        super().__init__(region=region(), **kwargs)
        self.widget.attrs.setdefault("autocomplete", "tel")

    def to_python(self, value):
        # A long value is no phone number: one message, the same as for any
        # other wrong number, and the parser never sees it.
        if isinstance(value, str) and len(value.strip()) > MAX_INPUT_LENGTH:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)
