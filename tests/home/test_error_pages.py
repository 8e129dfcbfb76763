"""The site's French error pages, and those the proxy serves for gunicorn."""

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.views import defaults

from tests.assertions import assert_page


@pytest.mark.parametrize(
    "view, status, text",
    [
        (defaults.server_error, 500, "Le site a rencontré un problème"),
        (defaults.bad_request, 400, "Demande incorrecte"),
        (defaults.permission_denied, 403, "Accès refusé"),
    ],
)
def test_error_pages_are_french_and_need_no_database(view, status, text):
    # No database fixture: a page that queried would fail here.
    request = RequestFactory().get("/")
    response = view(request) if view is defaults.server_error else view(request, None)
    assert_page(response, text, status=status)


def test_the_proxy_pages_share_the_site_error_base(tmp_path):
    call_command("write_error_pages", str(tmp_path), verbosity=0)
    pages = {path.name: path.read_text() for path in (tmp_path / "erreurs").iterdir()}
    assert "Adresse trop longue" in pages["414.html"]
    for html in pages.values():
        assert '<html lang="fr">' in html
        assert '<link rel="stylesheet" href="/static/css/site.css">' in html
        assert "<style>" not in html  # the site's CSP refuses inline styles
