"""Assertions that make page tests read like their intent."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext


def assert_page(response, *texts, status=200):
    """A site page: the status, French, one h1, and each text in the HTML."""
    html = response.content.decode()
    assert response.status_code == status, (response.status_code, html[:500])
    assert '<html lang="fr"' in html
    h1s = re.findall(r"<h1[\s>]", html)
    assert len(h1s) == 1, re.findall(r"<h1.*?</h1>", html, re.S)
    for text in texts:
        assert text in html, text
    return html


def count_queries(client, url):
    """Queries run to render ``url``, after a first request warmed the caches."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)
