"""A resident's request about their data: access (export) and erasure."""

import csv
import io
from html import unescape

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from bookings import services
from bookings.models import Booking, PendingCall
from bookings.reports import Period, build_report

from . import report_data
from .admin_fixtures import *  # noqa: F403
from .domain import make_session

pytestmark = pytest.mark.django_db

URL = "/admin/donnees-personnelles/"


def html_of(response, status=200):
    html = unescape(response.content.decode())
    assert response.status_code == status, (response.status_code, html[:600])
    return html


@pytest.fixture
def awa():
    """Awa (06 11 11 11 11) in the report's dataset, plus a coming booking
    written the E.164 way, and Bob waiting behind her."""
    data = report_data.build()
    session = make_session(places=1, days_ahead=5)
    coming = services.book(
        session, name="Awa D.", phone="+33611111111", note="Béquilles"
    )
    bob = services.book(session, name="Bob", email="bob@example.org")
    return {"data": data, "coming": coming, "bob": bob}


def test_the_page_is_in_the_menu_and_searches_by_post(coordinator_client):
    assert reverse("bookings_person:index") == URL
    assert URL in html_of(coordinator_client.get("/admin/"))
    html = html_of(coordinator_client.get(URL))
    assert 'method="post"' in html


def test_finding_everything_kept_about_a_phone_in_any_writing(coordinator_client, awa):
    response = coordinator_client.post(URL, {"phone": "06.11.11.11.11"})
    html = html_of(response)
    assert "5 réservations gardées" in html  # S0, S1, S3, O1 and the coming one
    assert "Béquilles" in html
    assert "Bob" not in html
    # The contact was in the POST body, never in the URL.
    assert "06" not in response.wsgi_request.get_full_path()


def test_the_export_holds_the_persons_data_only(coordinator_client, awa):
    response = coordinator_client.post(URL, {"phone": "0611111111", "action": "export"})
    assert response.status_code == 200
    content = response.content.decode()
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content[1:]), delimiter=";"))
    assert rows[0][:4] == ["Activité", "Date", "Nom", "Téléphone"]
    assert {row[2] for row in rows[1:]} == {"Awa", "Awa D."}
    assert "Béquilles" in content
    assert "bob@example.org" not in content


def test_erasing_asks_for_confirmation_then_keeps_the_report(
    coordinator_client, awa, django_capture_on_commit_callbacks
):
    before = build_report(Period.year(2025), now=report_data.report_now())
    confirm = html_of(
        coordinator_client.post(URL, {"phone": "0611111111", "action": "confirm"})
    )
    assert "Effacer définitivement ?" in confirm
    assert Booking.objects.filter(name="Awa").exists()  # nothing yet
    fingerprint = confirm.split('name="fingerprint" value="')[1].split('"')[0]

    with django_capture_on_commit_callbacks(execute=True):
        html = html_of(
            coordinator_client.post(
                URL,
                {"phone": "0611111111", "fingerprint": fingerprint, "action": "erase"},
            )
        )
    assert "Données effacées : 5 réservation(s) anonymisée(s)" in html
    assert not Booking.objects.filter(name__startswith="Awa").exists()
    assert not Booking.objects.filter(phone__in=["0611111111", "+33611111111"]).exists()
    coming = Booking.objects.get(pk=awa["coming"].pk)
    assert coming.is_cancelled and coming.note == ""
    assert Booking.objects.get(pk=awa["bob"].pk).is_confirmed  # moved up
    after = build_report(Period.year(2025), now=report_data.report_now())
    assert after.totals == before.totals


def test_an_erasure_confirmed_on_a_stale_list_changes_nothing(coordinator_client, awa):
    confirm = html_of(
        coordinator_client.post(URL, {"phone": "0611111111", "action": "confirm"})
    )
    fingerprint = confirm.split('name="fingerprint" value="')[1].split('"')[0]
    services.book(make_session(days_ahead=9), name="Awa", phone="06 11 11 11 11")
    before = list(Booking.objects.values_list("pk", "name", "phone", "status"))

    html = html_of(
        coordinator_client.post(
            URL, {"phone": "0611111111", "fingerprint": fingerprint, "action": "erase"}
        ),
        status=409,
    )
    assert "ont changé depuis l'affichage de la confirmation" in html
    assert list(Booking.objects.values_list("pk", "name", "phone", "status")) == before


@pytest.mark.parametrize(
    "data, status, message",
    [
        ({"phone": "0699999999"}, 404, "Aucune réservation n'est gardée"),
        ({}, 400, "Indiquez le téléphone ou l'adresse e-mail"),
        (
            {"email": "pas-une-adresse"},
            400,
            "Saisissez une adresse e-mail valide, comme",
        ),
        (
            {"phone": "0699999999", "fingerprint": "x", "action": "erase"},
            404,
            "Aucune réservation n'est gardée",
        ),
    ],
)
def test_bad_requests_are_refused_in_french(
    coordinator_client, awa, data, status, message
):
    before = list(Booking.objects.values_list("pk", "name", "phone", "status"))
    html = html_of(coordinator_client.post(URL, data), status=status)
    assert message in html
    assert list(Booking.objects.values_list("pk", "name", "phone", "status")) == before


def test_editors_cannot_see_nor_erase(editor_client, awa):
    for data in ({"phone": "0611111111"}, {"phone": "0611111111", "action": "export"}):
        response = editor_client.post(URL, data)
        assert response.status_code == 302 and response["Location"] == "/admin/"
    assert Booking.objects.filter(name="Awa").exists()


def test_erasing_removes_their_calls_to_make(coordinator_client, awa):
    PendingCall.objects.create(
        booking=awa["coming"], reason=PendingCall.Reason.REMINDER
    )
    bookings = services.bookings_of_person(phone="0611111111")
    services.erase_person(
        phone="0611111111", fingerprint=services.person_fingerprint(bookings)
    )
    assert not PendingCall.objects.filter(booking=awa["coming"]).exists()


def test_a_data_request_is_in_the_sessions_history_without_the_persons_data(
    coordinator_client, awa
):
    coordinator_client.post(URL, {"phone": "0611111111", "action": "export"})
    confirm = html_of(
        coordinator_client.post(URL, {"phone": "0611111111", "action": "confirm"})
    )
    fingerprint = confirm.split('name="fingerprint" value="')[1].split('"')[0]
    coordinator_client.post(
        URL, {"phone": "0611111111", "fingerprint": fingerprint, "action": "erase"}
    )
    session = awa["coming"].occurrence
    entries = {
        entry.action: entry.message
        for entry in ModelLogEntry.objects.for_instance(session)
    }
    code = awa["coming"].code
    assert (
        f"Données exportées à sa demande (réservation {code})."
        == entries["bookings.person_exported"]
    )
    assert (
        f"Données effacées à sa demande (réservation {code})."
        == entries["bookings.person_erased"]
    )
    logged = " ".join(
        f"{entry.message} {entry.data}" for entry in ModelLogEntry.objects.all()
    )
    for private in ("Awa", "0611", "+336", "Béquilles"):
        assert private not in logged
