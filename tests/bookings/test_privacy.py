"""A resident's name stays out of page titles: browsers keep titles in their
history and tabs, on computers that a local's visitors share."""

import re

from django.urls import reverse

from .conftest import form_data


def title_of(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S)[1]


def test_confirmation_and_manage_titles_hold_no_name(client, session, clear_cache):
    book_url = reverse("bookings:book", args=[session.pk])
    response = client.post(book_url, form_data(name="Awa Diallo"), follow=True)
    assert "Awa Diallo" in response.content.decode()  # the page greets her
    assert "Diallo" not in title_of(response)

    token = session.bookings.get().token
    response = client.get(reverse("bookings:manage", args=[token]))
    assert response.status_code == 200
    assert "Diallo" not in title_of(response)
