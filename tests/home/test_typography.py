"""French typography: spaces that must not break, « 1er », numbers that stay whole."""

import re
from datetime import date, datetime
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.utils.safestring import mark_safe

from home.templatetags.typography import fr_date, typo
from tests.public_pages import load_demo, public_paths

NBSP = "\u00a0"

# A breakable space before ; : ? ! » or after «.
BREAKABLE = re.compile(r"[ \t\n]+[;:?!»]|«[ \t\n]+")
CHECKED_ATTRIBUTES = {"alt", "title", "aria-label", "content", "placeholder", "value"}


class TextCollector(HTMLParser):
    """The text a person reads or hears: text nodes and readable attributes."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in CHECKED_ATTRIBUTES and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.texts.append(data)


def breakable_spaces(html):
    """Each place in ``html``'s text where a line could break before : ; ? ! »."""
    collector = TextCollector()
    collector.feed(html)
    found = []
    for text in collector.texts:
        for match in BREAKABLE.finditer(text):
            start = max(0, match.start() - 30)
            found.append(text[start : match.end() + 10].strip())
    return found


def test_typo_binds_french_punctuation_and_guillemets():
    assert typo("Horaires : lundi ; mardi ? Oui ! « Atelier »") == (
        f"Horaires{NBSP}: lundi{NBSP}; mardi{NBSP}? Oui{NBSP}! «{NBSP}Atelier{NBSP}»"
    )
    # Guillemets typed without spaces get them; nothing is doubled.
    assert typo("«Atelier»") == f"«{NBSP}Atelier{NBSP}»"
    assert typo(f"Oui{NBSP}!") == f"Oui{NBSP}!"


def test_typo_keeps_phone_numbers_whole_and_leaves_other_text():
    assert typo("Appelez le 02 41 31 10 40.") == (
        f"Appelez le 02{NBSP}41{NBSP}31{NBSP}10{NBSP}40."
    )
    assert (
        typo("http://example.org/?q=1 et 3 < 4") == "http://example.org/?q=1 et 3 < 4"
    )


def test_typo_changes_the_text_of_markup_never_its_tags():
    html = mark_safe('<p title="a : b">Venez : <a href="/x/?q=1">ici</a> !</p>')
    assert typo(html) == (
        f'<p title="a : b">Venez{NBSP}: <a href="/x/?q=1">ici</a>{NBSP}!</p>'
    )


def test_typo_output_is_escaped_like_any_text():
    rendered = Template("{% load typography %}{{ v|typo }}").render(
        Context({"v": "<b>Oui</b> !"})
    )
    assert rendered == f"&lt;b&gt;Oui&lt;/b&gt;{NBSP}!"


def test_fr_date_says_premier_for_the_first_of_the_month():
    assert fr_date(date(2026, 12, 1), "l j F Y") == f"mardi 1er{NBSP}décembre 2026"
    assert fr_date(date(2026, 12, 2), "j F") == f"2{NBSP}décembre"
    assert fr_date(datetime(2026, 12, 1, 18, 0), "j F, H:i") == (
        f"1er{NBSP}décembre, 18:00"
    )


def test_the_scanner_finds_breakable_spaces():
    # The check below must be able to fail.
    html = '<p>Horaires : lundi</p><img alt="« Photo"><script>a ? b : c</script>'
    assert breakable_spaces(html) == ["Horaires : lundi", "« Photo"]


@pytest.mark.django_db
def test_no_public_page_of_the_demo_breaks_a_line_before_french_punctuation(
    client, media
):
    load_demo()
    problems = {}
    for path in public_paths():
        response = client.get(path)
        assert response.status_code in (200, 404), (path, response.status_code)
        found = breakable_spaces(response.content.decode())
        if found:
            problems[path] = found
    assert not problems, problems
