"""Slow clients and the proxy's own answers: nginx in front of gunicorn.

Two connections sending a body slowly stall a 2-worker gunicorn (the control
test shows it); behind the repository's nginx configuration they stall
nothing. The answers nginx gives itself are the site's French pages.
"""

import html
import http.client
import socket

import pytest

from .servers import Gunicorn, Nginx, nginx_binary

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(nginx_binary() is None, reason="nginx is not installed"),
]


@pytest.fixture
def gunicorn(tmp_path, site):
    server = Gunicorn(tmp_path / "gunicorn.log")
    server.start()
    for _worker in range(2):  # both workers have loaded the site
        assert get(server.port, timeout=120)[0] == 200
    yield server
    server.stop()


@pytest.fixture
def nginx(tmp_path, gunicorn):
    server = Nginx(tmp_path / "nginx", gunicorn.port)
    server.directory.mkdir()
    server.start()
    yield server
    server.stop()


def slow_bodies(port, count=2):
    """Connections that announce a body and send one byte of it.

    With a CSRF cookie, Django reads the body to find the form's token: a
    worker that takes the request waits for the rest of the body.
    """
    connections = []
    for _ in range(count):
        connection = socket.create_connection(("127.0.0.1", port))
        connection.sendall(
            b"POST /reserver/1/ HTTP/1.1\r\nHost: localhost\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Cookie: csrftoken=" + b"a" * 32 + b"\r\n"
            b"Content-Length: 100000\r\n\r\na"
        )
        connections.append(connection)
    return connections


def get(port, path="/", timeout=10, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    connection.request("GET", path, headers=headers or {})
    response = connection.getresponse()
    return response.status, response.read().decode("utf-8", "replace")


def test_control_slow_bodies_stall_gunicorn_alone(gunicorn):
    held = slow_bodies(gunicorn.port)
    try:
        with pytest.raises(TimeoutError):
            get(gunicorn.port, timeout=8)
    finally:
        for connection in held:
            connection.close()


def test_behind_nginx_slow_bodies_stall_nothing(nginx, site):
    held = slow_bodies(nginx.port, count=10)
    try:
        for _ in range(5):
            status, page = get(nginx.port, site["activity"].url, timeout=20)
            assert status == 200
            assert site["activity"].title in html.unescape(page)
    finally:
        for connection in held:
            connection.close()


def test_nginx_answers_its_own_refusals_in_french(nginx):
    status, page = get(nginx.port, "/" + "a" * 40_000)
    assert status == 414
    assert "Adresse trop longue" in page

    status, page = get(nginx.port, headers={"X-Trop": "b" * 20_000})
    assert status == 431
    assert "Demande trop volumineuse" in page

    connection = http.client.HTTPConnection("127.0.0.1", nginx.port, timeout=10)
    connection.request("POST", "/", body=b"x" * (7 * 1024 * 1024))
    response = connection.getresponse()
    assert response.status == 413
    assert "Envoi trop volumineux" in response.read().decode()


def test_nginx_says_in_french_when_gunicorn_is_down(nginx, gunicorn):
    gunicorn.stop()
    status, page = get(nginx.port)
    assert status == 502
    assert "momentanément indisponible" in page
    assert '<html lang="fr">' in page
