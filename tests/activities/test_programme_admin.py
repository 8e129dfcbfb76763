"""The printable programmes in the staff menu: each local's week and month."""

from datetime import timedelta
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from activities import programme
from tests import factories
from tests.bookings.admin_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

URL = "/admin/programmes/"


def html_of(response, status=200):
    html = unescape(response.content.decode())
    assert response.status_code == status, (response.status_code, html[:600])
    return html


@pytest.fixture
def locals_(db):
    tree = factories.site_tree()
    return tree["locals"]


def test_staff_find_each_locals_week_and_month_to_print_from_the_menu(
    coordinator_client, locals_
):
    assert reverse("bookings_programmes:index") == URL
    assert URL in html_of(coordinator_client.get("/admin/"))

    html = html_of(coordinator_client.get(URL))
    today = timezone.localdate()
    monday, _sunday = programme.period_for(programme.WEEK, today)
    first_of_month, _last = programme.period_for(programme.MONTH, today)
    for local in locals_:
        assert f'<h2 class="w-h2" id="programme-{local.pk}">{local.title}' in html
        for period, first in (
            ("semaine", monday),
            ("semaine", monday + timedelta(days=7)),
            ("mois", first_of_month),
        ):
            query = f"?periode={period}&debut={first:%Y-%m-%d}"
            assert f'href="{local.url}programme/{query}"' in html
            assert f'href="{local.url}programme/pdf/{query}"' in html


def test_a_link_opens_that_weeks_programme(coordinator_client, locals_):
    html = html_of(coordinator_client.get(URL))
    local = locals_[0]
    start = html.index(f'href="{local.url}programme/?periode=semaine')
    link = html[start + 6 : html.index('"', start + 6)]
    page = html_of(coordinator_client.get(link))
    assert "Atelier 01" in page  # a session of the coming days


def test_volunteers_and_visitors_do_not_get_it(editor_client):
    assert URL not in html_of(editor_client.get("/admin/"))
    response = editor_client.get(URL)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    response = Client().get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
