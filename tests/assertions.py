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


def queries_of(client, url, statuses=(200,)):
    """The SQL run to render ``url``, after a first request warmed the caches
    (the chrome, the pages kept per generation)."""
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code in statuses, (url, response.status_code)
    return [query["sql"] for query in queries.captured_queries]


def count_queries(client, url):
    """How many queries render ``url``, the caches warm."""
    return len(queries_of(client, url))
