"""The online booking limit counts each resident, behind the proxy too, and a
resident who is held back keeps what they typed."""

import re
from html import unescape

import pytest
from django.core.checks import run_checks
from django.test import Client, RequestFactory
from django.urls import reverse

from bookings.models import Booking
from bookings.ratelimit import client_address, client_key

from .conftest import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]

PROXY = "10.0.0.2"


def request(remote, forwarded=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().post("/", **headers)


def post(client, session, **fields):
    return client.post(reverse("bookings:book", args=[session.pk]), form_data(**fields))


def through_proxy(resident):
    """A browser whose requests reach the site through the proxy."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=resident)


@pytest.fixture
def behind_proxy(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    return settings


# The client's address -----------------------------------------------------------


def test_without_a_trusted_proxy_the_header_is_not_believed(settings):
    settings.TRUSTED_PROXIES = []
    assert client_address(request("203.0.113.7", "198.51.100.1")) == "203.0.113.7"


def test_behind_a_trusted_proxy_the_client_is_read_from_the_header(behind_proxy):
    assert client_address(request(PROXY, "203.0.113.7")) == "203.0.113.7"
    # Two proxies in a row, both trusted: the client is left of them.
    assert client_address(request(PROXY, "203.0.113.7, 10.0.0.9")) == "203.0.113.7"
    # A client cannot pass for another by writing the header itself: its
    # own entry is the one the proxy added, on the right.
    assert client_address(request(PROXY, "198.51.100.1, 203.0.113.7")) == (
        "203.0.113.7"
    )
    # No header, or a broken one: the proxy is all we know.
    assert client_address(request(PROXY)) == PROXY
    assert client_address(request(PROXY, "pas une adresse")) == PROXY


def test_an_untrusted_peer_sending_the_header_is_keyed_on_itself(behind_proxy):
    assert client_address(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_ipv6_clients_are_grouped_by_their_64_block(behind_proxy):
    one = client_key(request(PROXY, "2001:db8:1:2::a"))
    same_home = client_key(request(PROXY, "2001:db8:1:2:ffff:1:2:3"))
    neighbour = client_key(request(PROXY, "2001:db8:1:3::a"))
    assert one == same_home == "2001:db8:1:2::/64"
    assert neighbour != one
    # An IPv4 client keeps its own address; written as IPv6 too.
    assert client_key(request(PROXY, "::ffff:203.0.113.7")) == "203.0.113.7"


def test_a_wrong_trusted_proxies_setting_fails_the_checks(settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1", "proxy.local"]
    errors = [error for error in run_checks() if error.id == "bookings.E002"]
    assert len(errors) == 1 and "proxy.local" in errors[0].msg


def test_admin_logins_are_keyed_on_the_same_client(behind_proxy):
    from axes.helpers import get_client_ip_address

    assert get_client_ip_address(request(PROXY, "203.0.113.7")) == "203.0.113.7"


# The limit -------------------------------------------------------------------


def test_residents_behind_the_proxy_do_not_share_one_limit(behind_proxy, session):
    """The bug: behind the proxy every request had the proxy's address, so the
    town shared one counter and the second resident was refused."""
    behind_proxy.BOOKINGS_RATE_LIMIT = 1
    awa = through_proxy("203.0.113.7")
    binta = through_proxy("198.51.100.23")
    assert post(awa, session).status_code == 303
    response = post(binta, session, name="Binta", email="binta@example.org")
    assert response.status_code == 303
    assert Booking.objects.count() == 2
    # Awa herself is now at the limit.
    assert post(awa, session, name="Awa bis", email="bis@example.org").status_code == (
        429
    )


def test_typing_mistakes_do_not_use_up_the_limit(settings, session):
    settings.BOOKINGS_RATE_LIMIT = 1
    client = Client(REMOTE_ADDR="203.0.113.7")
    for wrong in ("awa@", "awa@example", "@example.org"):
        assert post(client, session, email=wrong).status_code == 400
    assert post(client, session).status_code == 303


def test_a_script_trying_again_and_again_is_stopped(settings, session):
    settings.BOOKINGS_RATE_ATTEMPTS = 3
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _attempt in range(3):
        assert post(client, session, email="awa@").status_code == 400
    assert post(client, session).status_code == 429
    assert not Booking.objects.exists()


def test_a_resident_held_back_keeps_what_they_typed(settings, session):
    settings.BOOKINGS_RATE_LIMIT = 1
    settings.BOOKINGS_RATE_LIMIT_WINDOW = 600
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert post(client, session).status_code == 303
    response = post(
        client,
        session,
        name="Chloé Bernard",
        email="chloe@example.org",
        phone="06 12 34 56 78",
        adults="2",
        note="Fauteuil roulant",
    )
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    html = unescape(response.content.decode())
    assert "Trop de tentatives depuis votre connexion." in html
    assert "Ce que vous avez saisi est gardé" in html
    assert 'value="Chloé Bernard"' in html
    assert 'value="chloe@example.org"' in html
    assert 'value="06 12 34 56 78"' in html
    assert 'name="adults" value="2"' in html
    assert ">\nFauteuil roulant</textarea>" in html
    (consent,) = re.findall(r'<input[^>]*name="consent"[^>]*>', html)
    assert "checked" in consent
    assert Booking.objects.count() == 1
