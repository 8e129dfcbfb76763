"""Text that people type: one way to clean it, for every form and service.

A resident's name is printed on the attendance sheet and sent in e-mails, a
form answer is read by the team: what is kept must be text a person can read.
``clean_text`` keeps every letter of every script, accents, apostrophes,
hyphens and emoji; it removes what nobody can see (zero-width spaces,
direction overrides, soft hyphens), turns any kind of space into one plain
space, and refuses control characters (bell, escape, backspace, form feed,
DEL, C1 controls, NUL) with a French message rather than guessing what was
meant. ``CleanTextField`` is the form field that applies it; the booking
services apply it again, so a shell or a bulk action cannot save what a form
refuses.
"""

import re
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Zero-width joiner and non-joiner are part of how words are spelt in Persian,
# Indic scripts and emoji sequences: kept inside text, dropped at its ends.
JOINERS = "\u200c\u200d"
LINE_BREAKS = re.compile(r"\r\n|\r|[\u2028\u2029\x85]")

MESSAGES = {
    "text_control": _(
        "Ce texte contient des caractères de contrôle invisibles : "
        "retapez-le au clavier, sans copier-coller."
    ),
    "text_no_letter": _("Écrivez ce nom avec des lettres."),
    "text_too_long": _("Ce texte est trop long : %(max)s caractères au plus."),
}


class TextError(ValueError):
    """Text refused by ``clean_text``; ``message`` says why, in French."""

    def __init__(self, code, **params):
        self.code = code
        self.params = params
        super().__init__(code)

    @property
    def message(self):
        return MESSAGES[self.code] % self.params if self.params else MESSAGES[self.code]


def _is_control(char):
    # Cc: C0 controls, DEL and C1 controls; Cs: a lone surrogate half.
    return unicodedata.category(char) in {"Cc", "Cs"}


def _clean_line(line):
    kept = []
    for char in line:
        category = unicodedata.category(char)
        if char.isspace() or category in {"Zs", "Zl", "Zp"}:
            kept.append(" ")
        elif category == "Cf" and char not in JOINERS:
            continue  # invisible formatting: zero-width space, BOM, bidi...
        else:
            kept.append(char)
    return " ".join("".join(kept).split()).strip(JOINERS + " ")


def clean_text(value, *, multiline=False, letters=False, max_length=None):
    """``value`` as readable text, or ``TextError``.

    Returns NFC-normalised text without invisible formatting characters, with
    runs of spaces (of any kind) made one space and the ends trimmed; with
    ``multiline``, line breaks are kept (at most one empty line in a row).
    Returns "" for text with nothing visible in it. Raises ``TextError`` for
    control characters (tab and line breaks excepted), for text without a
    letter when ``letters`` is asked (a name), and for text longer than
    ``max_length`` once cleaned.
    """
    text = unicodedata.normalize("NFC", str(value or ""))
    text = LINE_BREAKS.sub("\n", text).replace("\t", " ")
    if multiline:
        if any(_is_control(char) for char in text if char != "\n"):
            raise TextError("text_control")
        lines = [_clean_line(line) for line in text.split("\n")]
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    else:
        if any(_is_control(char) for char in text.replace("\n", " ")):
            raise TextError("text_control")
        text = _clean_line(text.replace("\n", " "))
    if text and letters and not any(unicodedata.category(c)[0] == "L" for c in text):
        raise TextError("text_no_letter")
    if max_length is not None and len(text) > max_length:
        raise TextError("text_too_long", max=max_length)
    return text


class CleanTextField(forms.CharField):
    """A ``CharField`` whose value goes through ``clean_text``.

    ``max_length`` is checked on the cleaned text (and given to the browser);
    ``letters`` asks for at least one letter (names); ``multiline`` keeps
    line breaks and shows a text area.
    """

    def __init__(self, *, multiline=False, letters=False, **kwargs):
        self.multiline = multiline
        self.letters = letters
        if multiline:
            kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        super().__init__(**kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        try:
            return clean_text(value, multiline=self.multiline, letters=self.letters)
        except TextError as error:
            raise ValidationError(error.message, code=error.code) from error
