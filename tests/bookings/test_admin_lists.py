"""Every staff list names the local of each session and filters by local; a
coordinator's lists open on the local she chose; exports are safe to open in a
French Excel and named after what they hold."""

import csv
import io
from datetime import datetime, time, timedelta
from html import unescape

import openpyxl
import pytest
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from bookings import services
from bookings.account import StaffPreferencePanel
from bookings.exports import neutralise_formula
from bookings.models import Booking, PendingCall, StaffPreference
from tests import factories

from .admin_fixtures import *  # noqa: F403

pytestmark = pytest.mark.django_db

HAUTS, BOURG = "Local des Hauts de Saint-Aubin", "Local du Bourg"


def at(days_ahead, hour=14):
    day = timezone.localdate() + timedelta(days=days_ahead)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def staff_book(session, name, *, phone="", email="", **fields):
    return services.book(
        session,
        name=name,
        phone=phone,
        email=email or ("" if phone else f"{name.split()[0].lower()}@example.org"),
        channel=Booking.Channel.STAFF,
        **fields,
    )


@pytest.fixture
def two_locals():
    """« Atelier couture » at both locals, as the demo has it, one session each."""
    home = factories.home_page()
    found = {}
    for days, title in ((3, HAUTS), (4, BOURG)):
        local = factories.local_page(home, title=title)
        page = factories.activity_page(
            factories.activity_index(local), title="Atelier couture"
        )
        session = factories.session(page, starts_at=at(days))
        found[title] = {"local": local, "page": page, "session": session}
    return found


def text_of(response):
    assert response.status_code == 200, response.status_code
    return unescape(response.content.decode())


def detail_url(session):
    return reverse("bookings_sessions:detail", args=[session.pk])


def rows_of(html):
    """The rows of the page's listing table."""
    table = html.split('<table class="listing')[1]
    return table.split("<tbody")[1].split("</tbody>")[0].split("<tr")[1:]


# Lists: the local column and filter ------------------------------------------


def test_the_sessions_list_names_each_sessions_local(
    coordinator_client, admin_urls, two_locals
):
    html = text_of(coordinator_client.get(admin_urls.sessions))

    rows = rows_of(html)
    assert len(rows) == 2
    by_local = {title: [row for row in rows if title in row] for title in two_locals}
    for title, found in two_locals.items():
        (row,) = by_local[title]
        assert detail_url(found["session"]) in row


def test_the_sessions_list_filters_by_local(coordinator_client, admin_urls, two_locals):
    bourg = two_locals[BOURG]

    html = text_of(
        coordinator_client.get(admin_urls.sessions, {"local": bourg["local"].pk})
    )

    assert detail_url(bourg["session"]) in html
    assert detail_url(two_locals[HAUTS]["session"]) not in html


def test_the_bookings_list_names_and_filters_the_local(
    coordinator_client, admin_urls, two_locals
):
    staff_book(two_locals[HAUTS]["session"], "Awa Diallo")
    staff_book(two_locals[BOURG]["session"], "Jean Petit")

    everything = text_of(coordinator_client.get(admin_urls.bookings))
    (awa,) = [row for row in rows_of(everything) if "Awa Diallo" in row]
    assert HAUTS in awa and BOURG not in awa
    assert 'name="local"' in everything  # the filter is offered

    bourg = text_of(
        coordinator_client.get(
            admin_urls.bookings, {"local": two_locals[BOURG]["local"].pk}
        )
    )
    assert "Jean Petit" in bourg and "Awa Diallo" not in bourg


def test_an_unknown_local_lists_nothing(coordinator_client, admin_urls, two_locals):
    staff_book(two_locals[HAUTS]["session"], "Awa Diallo")
    page = two_locals[HAUTS]["page"]  # a page, but not a local

    html = text_of(coordinator_client.get(admin_urls.bookings, {"local": page.pk}))

    assert "Awa Diallo" not in html


def test_the_call_list_names_the_local_and_the_reason_typed_when_cancelling(
    coordinator_client, admin_urls, two_locals
):
    session = two_locals[BOURG]["session"]
    staff_book(session, "Jean Petit", phone="0241345678")
    services.cancel_session(session, reason="Animatrice malade")
    other = two_locals[HAUTS]["session"]
    staff_book(other, "Awa Diallo", phone="0241765432")
    services.cancel_session(other, reason="Local fermé")
    assert PendingCall.objects.count() == 2

    html = text_of(coordinator_client.get(admin_urls.calls))
    (row,) = [row for row in rows_of(html) if "Jean Petit" in row]
    assert BOURG in row
    assert "séance annulée\u00a0: Animatrice malade" in row
    assert 'href="tel:+33241345678"' in row

    bourg_only = text_of(
        coordinator_client.get(
            admin_urls.calls, {"local": two_locals[BOURG]["local"].pk}
        )
    )
    assert "Jean Petit" in bourg_only and "Awa Diallo" not in bourg_only


def test_finding_a_booking_names_its_local(coordinator_client, admin_urls, two_locals):
    booking = staff_book(two_locals[BOURG]["session"], "Jean Petit")

    html = text_of(coordinator_client.get(admin_urls.find, {"q": booking.code}))

    (row,) = rows_of(html)
    assert BOURG in row and "Jean Petit" in row


# A coordinator's local -----------------------------------------------------------


def test_the_lists_open_on_the_local_the_coordinator_chose(
    coordinator_client, coordinator, admin_urls, two_locals
):
    hauts, bourg = two_locals[HAUTS], two_locals[BOURG]
    staff_book(hauts["session"], "Awa Diallo", phone="0241765432")
    staff_book(bourg["session"], "Jean Petit", phone="0241345678")
    for session in (hauts["session"], bourg["session"]):
        services.cancel_session(session, reason="Animatrice malade")
    StaffPreference.objects.create(user=coordinator, local=bourg["local"])

    sessions = text_of(coordinator_client.get(admin_urls.sessions))
    assert detail_url(bourg["session"]) in sessions
    assert detail_url(hauts["session"]) not in sessions
    bookings = text_of(coordinator_client.get(admin_urls.bookings))
    assert "Jean Petit" in bookings and "Awa Diallo" not in bookings
    calls = text_of(coordinator_client.get(admin_urls.calls))
    assert "Jean Petit" in calls and "Awa Diallo" not in calls

    # Every local, when she asks for it.
    everything = text_of(coordinator_client.get(admin_urls.sessions, {"local": "tous"}))
    assert detail_url(hauts["session"]) in everything
    # A session of the other local still lists and exports its own bookings.
    response = coordinator_client.get(
        admin_urls.bookings, {"occurrence": hauts["session"].pk}
    )
    assert "Awa Diallo" in text_of(response)


def test_a_coordinator_chooses_her_local_in_her_account(
    coordinator_client, coordinator, two_locals
):
    html = text_of(coordinator_client.get(reverse("wagtailadmin_account")))
    assert "Mon local" in html
    assert BOURG in html and "Tous les locaux" in html

    bourg = two_locals[BOURG]["local"]
    request = RequestFactory().post("/", {"bookings_local-local": bourg.pk})
    form = StaffPreferencePanel(request, coordinator, None).get_form()
    assert form.is_valid(), form.errors
    form.save()
    assert StaffPreference.local_id_for(coordinator) == bourg.pk

    page = two_locals[BOURG]["page"]  # not a local: refused
    request = RequestFactory().post("/", {"bookings_local-local": page.pk})
    form = StaffPreferencePanel(request, coordinator, None).get_form()
    assert not form.is_valid()
    assert StaffPreference.local_id_for(coordinator) == bourg.pk


def test_a_volunteer_has_no_local_to_choose(editor_client):
    html = text_of(editor_client.get(reverse("wagtailadmin_account")))
    assert "Mon local" not in html


# Exports -------------------------------------------------------------------------

# Names as a resident may type them (the services strip tabs and returns).
TYPED = [
    '=HYPERLINK("http://pirate.example/","Cliquez")',
    "+33 6 12 34 56 78",
    "-1+2",
    "@SUM(A1:A2)",
]


def test_a_text_excel_would_run_is_made_plain_text():
    for typed in [*TYPED, "\tTabulation", "\rRetour"]:
        assert neutralise_formula(typed) == "'" + typed
    for kept in ["Awa Diallo", "06 12 34 56 78", "a=b", 3, -2, None]:
        assert neutralise_formula(kept) == kept


@pytest.fixture
def dangerous_names(two_locals):
    session = two_locals[BOURG]["session"]
    session.places = 20
    session.save(update_fields=["places"])
    for number, name in enumerate(TYPED):
        booking = staff_book(session, f"Personne {number}", email=f"p{number}@ex.org")
        # The services refuse a name without letters ("-1+2"); rows saved
        # before that rule, or by hand in the database, are exported all the same.
        Booking.objects.filter(pk=booking.pk).update(name=name)
    return session


def csv_rows(response):
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 BOM, for Excel
    text = content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Local;Activité;Date")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def test_no_csv_cell_runs_as_a_formula(coordinator_client, admin_urls, dangerous_names):
    response = coordinator_client.get(
        admin_urls.bookings, {"occurrence": dangerous_names.pk, "export": "csv"}
    )

    names = sorted(row["Nom"] for row in csv_rows(response))
    assert names == sorted("'" + name for name in TYPED)


def test_no_xlsx_cell_runs_as_a_formula(
    coordinator_client, admin_urls, dangerous_names
):
    response = coordinator_client.get(
        admin_urls.bookings, {"occurrence": dangerous_names.pk, "export": "xlsx"}
    )

    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content))
    ).active
    header = [cell.value for cell in sheet[1]]
    names = [row[header.index("Nom")] for row in sheet.iter_rows(min_row=2)]
    assert all(cell.data_type == "s" for cell in names)
    assert sorted(cell.value for cell in names) == sorted(TYPED)


def test_a_sessions_export_is_named_after_the_session(
    coordinator_client, admin_urls, two_locals
):
    session = two_locals[BOURG]["session"]
    staff_book(session, "Jean Petit", phone="0612345678")
    day = f"{timezone.localtime(session.starts_at):%d-%m-%Y}"
    query = {"occurrence": session.pk}

    csv_response = coordinator_client.get(
        admin_urls.bookings, {**query, "export": "csv"}
    )
    assert (
        f'filename="reservations-atelier-couture-{day}.csv"'
        in (csv_response["Content-Disposition"])
    )
    (row,) = csv_rows(csv_response)
    assert row["Local"] == BOURG
    assert row["Téléphone"] == "06 12 34 56 78"  # text: Excel keeps the 0

    xlsx_response = coordinator_client.get(
        admin_urls.bookings, {**query, "export": "xlsx"}
    )
    assert (
        f"reservations-atelier-couture-{day}.xlsx"
        in (xlsx_response["Content-Disposition"])
    )
    workbook = openpyxl.load_workbook(
        io.BytesIO(b"".join(xlsx_response.streaming_content))
    )
    assert workbook.sheetnames == [f"Atelier couture {day}"]


def test_a_periods_export_is_named_after_the_period(coordinator_client, admin_urls):
    today = timezone.localdate()
    period = {
        "date_from": f"{today:%Y-%m-%d}",
        "date_to": f"{today + timedelta(days=30):%Y-%m-%d}",
    }

    response = coordinator_client.get(admin_urls.bookings, {**period, "export": "xlsx"})

    first, last = f"{today:%d-%m-%Y}", f"{today + timedelta(days=30):%d-%m-%Y}"
    assert f"reservations-{first}-au-{last}.xlsx" in response["Content-Disposition"]
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == [f"{first} au {last}"]


def test_the_export_buttons_are_in_plain_sight(coordinator_client, admin_urls):
    html = text_of(coordinator_client.get(admin_urls.bookings, {"local": "tous"}))

    header = html.split("<header")[1].split("</header>")[0]
    more_menu = header.split("w-dropdown")[1:] if "w-dropdown" in header else []
    for label in ("Exporter (Excel)", "Exporter (CSV)"):
        assert label in header
        assert not any(label in part for part in more_menu)
