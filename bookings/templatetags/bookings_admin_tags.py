"""Template filters of the staff pages (templates/bookings/admin/)."""

import re

from django import template

register = template.Library()


@register.filter
def phone_display(value):
    """A stored French number in pairs, to read out: "06 12 34 56 78".

    Numbers are stored normalised ("0612345678"); others are left as they are.
    """
    value = value or ""
    if re.fullmatch(r"0\d{9}", value):
        return " ".join(value[i : i + 2] for i in range(0, 10, 2))
    return value
