"""A 500 (or a 503 of an outage) under gunicorn leaves its traceback in the log."""

import http.client

from .servers import Gunicorn


def test_an_outage_is_a_503_with_its_traceback_in_gunicorns_log(tmp_path):
    server = Gunicorn(
        tmp_path / "gunicorn.log",
        DATABASE_URL="",
        SQLITE_PATH=str(tmp_path / "no-such-folder" / "db.sqlite3"),
    )
    server.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=120)
        connection.request("GET", "/")
        response = connection.getresponse()
        page = response.read().decode()
    finally:
        server.stop()
    assert response.status == 503
    assert response.getheader("Retry-After") == "30"
    assert "momentanément indisponible" in page
    log = (tmp_path / "gunicorn.log").read_text()
    assert "Traceback (most recent call last)" in log
    assert "OperationalError" in log
    assert "unable to open database file" in log
