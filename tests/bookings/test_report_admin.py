"""The report page in the Wagtail admin, its charts and its exports."""

import csv
import io
from html import unescape

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.models import Booking, Occurrence

from . import report_data
from .admin_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

URL = "/admin/bilan/"


@pytest.fixture
def data():
    return report_data.build()


def html_of(response, status=200):
    html = unescape(response.content.decode())
    assert response.status_code == status, (response.status_code, html[:600])
    return html


def test_the_report_is_in_the_reservations_menu(coordinator_client):
    assert reverse("bookings_report:index") == URL
    html = html_of(coordinator_client.get("/admin/"))
    assert URL in html


def test_only_staff_who_manage_bookings_see_it(editor_client, data):
    """Wagtail answers an editor with its dashboard and an error message."""
    assert URL not in html_of(editor_client.get("/admin/"))
    for query in ({"year": 2025}, {"year": 2025, "format": "csv"}):
        response = editor_client.get(URL, query)
        assert response.status_code == 302 and response["Location"] == "/admin/"


def test_anonymous_people_are_sent_to_log_in(anonymous_client, data):
    response = anonymous_client.get(URL, {"year": 2025})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_page_shows_the_figures_a_chart_and_its_table(coordinator_client, data):
    html = html_of(coordinator_client.get(URL, {"year": 2025}))
    assert "Bilan 2025 – tous les locaux" in html
    assert '<th scope="row">Foyers touchés</th><td>5</td>' in html
    assert '<th scope="row">Taux d\'absence</th><td>22,2\u202f%</td>' in html
    assert '<th scope="row" role="rowheader">Sortie à la mer</th>' in html
    # Charts are SVG drawn here, with a text alternative pointing at the table.
    assert html.count('role="img"') == 2
    assert '<title id="chart-months-title">Personnes venues par mois</title>' in html
    assert "Les chiffres sont dans le tableau « Par mois »." in html
    assert 'x="190.0"' in html  # coordinates with a dot, not a French comma
    assert "<script" not in html.split('id="report-title"')[1]
    # No resident's name or contact on the report.
    for booking in Booking.objects.all():
        assert booking.name not in html
        assert not booking.phone or booking.phone not in html
        assert not booking.email or booking.email not in html


def test_one_local(coordinator_client, data):
    html = html_of(
        coordinator_client.get(URL, {"year": 2025, "local": data["bourg"].pk})
    )
    assert "Bilan 2025 – Local du Bourg" in html
    assert '<th scope="row">Séances tenues</th><td>1</td>' in html


def test_any_two_dates(coordinator_client, data):
    html = html_of(
        coordinator_client.get(URL, {"start": "2025-03-01", "end": "2025-07-31"})
    )
    assert "Bilan du 1er mars 2025 au 31 juillet 2025" in html
    assert '<th scope="row">Séances tenues</th><td>3</td>' in html


def test_the_page_costs_the_same_queries_whatever_the_data(coordinator_client, data):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            html_of(coordinator_client.get(URL, {"year": 2025}))
        return len(captured)

    before = queries()
    for session in Occurrence.objects.filter(starts_at__year=2025)[:3]:
        for number in range(3):
            report_data.book(
                session,
                {"name": f"Nouveau {number}", "email": f"n{number}@example.org"},
                channel=Booking.Channel.STAFF,
                attended=True,
            )
    assert queries() == before


def test_csv_for_a_french_excel(coordinator_client, data):
    response = coordinator_client.get(URL, {"year": 2025, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        'filename="bilan-2025-01-01_2025-12-31.csv"' in response["Content-Disposition"]
    )
    content = response.content.decode("utf-8")
    assert content.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(content[1:]), delimiter=";"))
    totals = {row[0]: row[1] for row in rows if len(row) == 2}
    assert totals["Foyers touchés"] == "5"
    assert totals["Foyers nouveaux"] == "4"
    assert totals["Taux d'absence (%)"] == "22,2"
    assert totals["Places réservées"] == "18"
    assert ["Sortie à la mer", "1", "0", "30", "3", "8", "26,7", "3", "4", "7"] == [
        row for row in rows if row and row[0] == "Sortie à la mer"
    ][0][:10]


def test_xlsx_has_the_same_figures(coordinator_client, data):
    response = coordinator_client.get(URL, {"year": 2025, "format": "xlsx"})
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames[:3] == ["Totaux", "Par mois", "Par catégorie"]
    totals = {row[0]: row[1] for row in workbook["Totaux"].iter_rows(values_only=True)}
    assert totals["Foyers touchés"] == 5
    assert totals["Taux d'absence (%)"] == 22.2
    assert totals["Places réservées"] == 18
    outing = [
        row
        for row in workbook["Sorties"].iter_rows(values_only=True)
        if row[0] == "Sortie à la mer"
    ][0]
    assert outing[:7] == ("Sortie à la mer", 1, 0, 30, 3, 8, 26.7)


def test_a_title_that_looks_like_a_formula_stays_text(coordinator_client, data):
    outing = data["outing"]
    outing.title = '=HYPERLINK("http://evil.example","clic")'
    outing.save()
    content = coordinator_client.get(URL, {"year": 2025, "format": "csv"}).content
    rows = list(csv.reader(io.StringIO(content.decode()[1:]), delimiter=";"))
    assert ["'" + outing.title] in [row[:1] for row in rows]
    assert [outing.title] not in [row[:1] for row in rows]

    response = coordinator_client.get(URL, {"year": 2025, "format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Sorties"]
    cell = next(row[0] for row in sheet.iter_rows() if row[0].value == outing.title)
    assert cell.data_type == "s"


@pytest.mark.parametrize(
    "query, field, message",
    [
        (
            {"start": "2025-07-01", "end": "2025-03-01"},
            "end",
            "La fin de la période est avant son début.",
        ),
        ({"start": "2025-02-30", "end": "2025-03-01"}, "start", "date valide"),
        ({"start": "demain", "end": "2025-03-01"}, "start", "date valide"),
        ({"start": "2025-03-01"}, None, "Indiquez les deux dates de la période"),
        ({"year": "2019"}, "year", "Aucune séance avant 2024"),
        ({"year": "deux mille"}, "year", "Saisissez un nombre entier."),
        ({"local": "999999"}, "local", "Sélectionnez un choix valide"),
    ],
)
def test_bad_input_is_refused_in_french(
    coordinator_client, data, query, field, message
):
    before = list(Booking.objects.values_list("pk", "status", "name"))
    html = html_of(coordinator_client.get(URL, query), status=400)
    assert message in html
    assert 'id="report-title"' not in html
    csv_response = coordinator_client.get(URL, {**query, "format": "csv"})
    assert csv_response.status_code == 400
    assert "text/csv" not in csv_response["Content-Type"]
    assert list(Booking.objects.values_list("pk", "status", "name")) == before
