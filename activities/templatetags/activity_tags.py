"""Small display helpers for activity pages and listings."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from activities.models import Weekday

register = template.Library()


@register.filter
def weekday_names(value):
    """``"1,3"`` (ActivityPage.weekdays) as ``"mardi, jeudi"``."""
    labels = dict(Weekday.choices)
    days = []
    for item in str(value or "").split(","):
        item = item.strip()
        if item.isdigit() and int(item) in labels:
            days.append(str(labels[int(item)]))
    return ", ".join(days)


@register.filter
def french_list(words):
    """``["lundi", "mardi", "jeudi"]`` as ``"lundi, mardi et jeudi"``."""
    words = [str(word) for word in words]
    if len(words) < 2:
        return "".join(words)
    return _("%(first)s et %(last)s") % {
        "first": ", ".join(words[:-1]),
        "last": words[-1],
    }


@register.filter
def euros(value):
    """A price in French style: « 3 € », « 2,50 € »; « Gratuit » when empty or 0."""
    if not value:
        return _("Gratuit")
    decimals = 0 if value == int(value) else 2
    return f"{number_format(value, decimals)}\u00a0€"
