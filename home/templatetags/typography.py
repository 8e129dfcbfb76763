"""French typography for text that editors type: spaces that must not break.

Template text is written with its non-breaking spaces; what editors type (a
title, a summary, a rich text paragraph, a form label) goes through ``typo``:

    {{ page.title|typo }}   {{ value|richtext|typo }}

French puts a space before ``; : ? ! »`` and after ``«``; a line must not
break there, or a lone « : » starts the next line. A phone number written
« 02 41 31 10 40 » must not wrap either. Dates get « 1er » for the first of
the month with ``fr_date``.
"""

import re
from functools import lru_cache

from django import template
from django.utils.dateformat import format as date_format
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, mark_safe
from django.utils.translation import get_language

register = template.Library()

NBSP = "\u00a0"

# Any run of ordinary spaces (or a tab) before the high punctuation or a
# closing guillemet, not the "!=" nor the "?" of a link's query string.
_BEFORE_PUNCTUATION = re.compile(r"[ \t]+(?=[;:?!»])")
_AFTER_GUILLEMET = re.compile(r"«[ \t]*(?=\S)")
_BEFORE_GUILLEMET = re.compile(r"(?<=\S)[ \t]*»")
# French numbers as people write them: « 02 41 31 10 40 », « 06.12.34.56.78 ».
_PHONE = re.compile(r"\b0[1-9](?:[ .\u00a0]\d\d){4}\b")
_TAG = re.compile(r"(<[^>]*>)")


def french_spacing(text):
    """``text`` (plain text, no markup) with its French spaces made non-breaking."""
    text = _BEFORE_PUNCTUATION.sub(NBSP, text)
    text = _AFTER_GUILLEMET.sub("«" + NBSP, text)
    text = _BEFORE_GUILLEMET.sub(NBSP + "»", text)
    return _PHONE.sub(lambda match: re.sub(r"[ .]", NBSP, match.group()), text)


def french_spacing_html(html):
    """The same for markup: only the text between tags changes, never a tag."""
    return "".join(
        part if part.startswith("<") else french_spacing(part)
        for part in _TAG.split(html)
    )


@register.filter(is_safe=True)
def typo(value):
    """Editor text with non-breaking spaces where French needs them.

    Safe markup (rich text) keeps its tags untouched; plain text stays plain
    and is escaped as usual.
    """
    if value is None or value == "":
        return value
    if hasattr(value, "__html__"):
        return mark_safe(french_spacing_html(str(value.__html__())))
    if isinstance(value, SafeData):
        return mark_safe(french_spacing_html(str(value)))
    return french_spacing(str(value))


@register.filter(expects_localtime=True)
def fr_date(value, arg="l j F Y"):
    """Like ``date``, with « 1er » for the first day of a month.

    ``{{ session.starts_at|fr_date:"l j F Y, H:i" }}`` gives
    « lundi 1er décembre 2026, 18:00 »; day and month do not part at a line end.
    """
    if not value:
        return ""
    return _fr_date(value, arg, get_language())


@lru_cache(maxsize=4096)
def _fr_date(value, arg, language):
    # A listing shows the same dates request after request: each is written
    # once per process (in the language of the request, which names the days).
    fmt = arg.replace("j F", "j\u00a0F")
    if value.day == 1:
        fmt = fmt.replace("j", r"\1\e\r")
    return conditional_escape(date_format(value, fmt))
