"""Phone numbers in templates: ``{{ number|phone }}`` to show one,
``{{ number|phone_href }}`` for its ``tel:`` link (see ``bookings.phones``).

Both take a stored E.164 number, a ``PhoneNumber`` or a number as an editor
or an older booking wrote it; what is not a number is shown as written.
"""

from django import template

from bookings import phones

register = template.Library()


@register.filter
def phone(value):
    """« 06 12 34 56 78 » with non-breaking spaces; a foreign number as
    « +44 20 7946 0958 »."""
    return phones.display(value)


@register.filter
def phone_href(value):
    """« tel:+33612345678 »."""
    return phones.tel_href(value)
