"""French plurals: 0 and 1 take the singular (« 0 activité », « 1 adulte »)."""

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import ngettext

COUNT = Template(
    "{% load i18n %}{% blocktranslate count counter=n trimmed %}"
    "{{ counter }} activité.{% plural %}{{ counter }} activités."
    "{% endblocktranslate %}"
)


@pytest.mark.parametrize(
    "n, said", [(0, "0 activité."), (1, "1 activité."), (2, "2 activités.")]
)
def test_the_activity_count_is_singular_for_0_and_1(n, said):
    with translation.override("fr"):
        assert COUNT.render(Context({"n": n})) == said


def test_the_services_plurals_follow_the_french_rule():
    with translation.override("fr"):
        assert ngettext("%(n)s adulte", "%(n)s adultes", 0) % {"n": 0} == "0 adulte"
        assert ngettext("%(n)s enfant", "%(n)s enfants", 2) % {"n": 2} == "2 enfants"
