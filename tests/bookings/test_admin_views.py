"""The staff side of bookings in the Wagtail admin: sessions, bookings taken at
the desk, cancellations, attendance, exports, calls to make, and who may see
residents' personal data."""

import csv
import io
from datetime import timedelta
from html import unescape

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.utils import timezone

from bookings.models import Booking, Occurrence, PendingCall
from tests.assertions import count_queries

from .admin_fixtures import *  # noqa: F403
from .domain import book, make_session, plain_page

pytestmark = pytest.mark.django_db


def messages_of(response):
    # Wagtail's admin messages are HTML ("d&#x27;attente").
    return [unescape(str(message)) for message in get_messages(response.wsgi_request)]


def html_of(response, status=200):
    html = response.content.decode()
    assert response.status_code == status, (response.status_code, html[:800])
    return html


def staff_booking_data(**fields):
    data = {
        "name": "Mme Diallo",
        "phone": "06 12 34 56 78",
        "email": "",
        "adults": "1",
        "children": "1",
        "note": "Vient avec sa petite-fille",
    }
    data.update(fields)
    return data


# The session page ---------------------------------------------------------------


def test_coordinator_sees_a_sessions_bookings_and_waiting_list(
    coordinator_client, admin_urls
):
    session = make_session(places=3)
    awa = book(session, "Awa", phone="0611111111", adults=2, note="Allergie noix")
    binta = book(session, "Binta", phone="0622222222", adults=1)
    chloe = book(session, "Chloé", phone="0633333333", adults=2)  # waiting
    dan = book(session, "Dan", email="dan@example.org", adults=1)  # waiting

    response = coordinator_client.get(admin_urls.session("detail", session))

    html = html_of(response)
    for booking in (awa, binta, chloe, dan):
        assert booking.name in html
        assert booking.code in html
        assert booking.token not in html
    assert "06\u00a011\u00a011\u00a011\u00a011" in html and "Allergie noix" in html
    assert [b.name for b in response.context["confirmed"]] == ["Awa", "Binta"]
    assert [b.name for b in response.context["waiting"]] == ["Chloé", "Dan"]
    assert response.context["totals"] == {
        "adults": 3,
        "children": 0,
        "taken": 3,
        "left": 0,
        "left_online": 0,
        "waiting_places": 3,
    }


def test_a_phone_booking_without_email_uses_the_held_back_places(
    coordinator_client, coordinator, admin_urls
):
    session = make_session(places=4, places_held_back=2)
    book(session, "Awa", adults=2)  # online: takes the 2 places left online
    assert book(session, "Binta", adults=1).is_waiting

    response = coordinator_client.post(
        admin_urls.session("add_booking", session), staff_booking_data()
    )

    booking = Booking.objects.get(name="Mme Diallo")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#reservation-{booking.pk}")
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.channel == Booking.Channel.STAFF
    assert (booking.adults, booking.children, booking.email) == (1, 1, "")
    assert str(booking.phone) == "+33612345678"
    assert booking.created_by == coordinator
    assert any(
        "Réservation enregistrée pour Mme Diallo" in m for m in messages_of(response)
    )
    assert Booking.objects.confirmed().filter(occurrence=session).places() == 4


def test_a_refused_staff_booking_shows_the_reason_next_to_the_field(
    coordinator_client, admin_urls
):
    session = make_session(places=4)
    book(session, "Awa", phone="0612345678")

    no_contact = coordinator_client.post(
        admin_urls.session("add_booking", session),
        staff_booking_data(name="Sans contact", phone="", email=""),
    )
    duplicate = coordinator_client.post(
        admin_urls.session("add_booking", session),
        staff_booking_data(name="Awa encore", phone="06.12.34.56.78"),
    )
    nobody = coordinator_client.post(
        admin_urls.session("add_booking", session),
        staff_booking_data(name="Personne", adults="0", children="0"),
    )

    html = html_of(no_contact, status=400)
    assert no_contact.context["booking_form"].errors["phone"] == [
        "Indiquez un numéro de téléphone ou une adresse e-mail."
    ]
    assert "Indiquez un numéro de téléphone ou une adresse e-mail." in html
    assert 'value="Sans contact"' in html  # what was typed is kept
    html_of(duplicate, status=400)
    assert (
        "déjà une réservation" in duplicate.context["booking_form"].errors["phone"][0]
    )
    html_of(nobody, status=400)
    assert nobody.context["booking_form"].errors["adults"] == [
        "Indiquez au moins une personne."
    ]
    assert list(Booking.objects.values_list("name", flat=True)) == ["Awa"]


def test_a_staff_booking_on_a_full_session_goes_on_the_waiting_list(
    coordinator_client, admin_urls
):
    session = make_session(places=1)
    book(session, "Awa")

    response = coordinator_client.post(
        admin_urls.session("add_booking", session), staff_booking_data(children="0")
    )

    assert response.status_code == 302
    assert Booking.objects.get(name="Mme Diallo").is_waiting
    assert any("liste d'attente" in m for m in messages_of(response))


def test_cancelling_promotes_the_waiting_list_and_a_phone_only_person_is_to_call(
    coordinator_client, admin_urls
):
    session = make_session(places=2)
    awa = book(session, "Awa", adults=2)
    binta = book(session, "Binta", phone="02 41 22 22 22", adults=2)
    assert binta.is_waiting

    confirm = coordinator_client.get(admin_urls.booking("cancel_booking", awa))
    assert "Annuler la réservation de Awa" in html_of(confirm)
    assert Booking.objects.get(pk=awa.pk).is_confirmed  # a GET changes nothing

    response = coordinator_client.post(admin_urls.booking("cancel_booking", awa))

    assert response.status_code == 302
    assert Booking.objects.get(pk=awa.pk).is_cancelled
    assert Booking.objects.get(pk=binta.pk).is_confirmed
    assert any("Binta" in m and "à appeler" in m for m in messages_of(response))
    call = PendingCall.objects.get(booking=binta)
    assert call.reason == PendingCall.Reason.PROMOTED

    calls = coordinator_client.get(admin_urls.calls)
    html = html_of(calls)
    assert list(calls.context["calls"]) == [call]
    assert "Binta" in html and "02\u00a041\u00a022\u00a022\u00a022" in html
    assert "place libérée" in html


def test_marking_a_call_done_takes_it_off_the_list(
    coordinator_client, coordinator, admin_urls
):
    session = make_session(places=1)
    awa = book(session, "Awa")
    binta = book(session, "Binta", phone="0241222222")
    coordinator_client.post(admin_urls.booking("cancel_booking", awa))
    call = PendingCall.objects.get(booking=binta)

    response = coordinator_client.post(admin_urls.call_done(call))

    assert response.status_code == 302
    call.refresh_from_db()
    assert call.done_at is not None and call.done_by == coordinator
    assert list(coordinator_client.get(admin_urls.calls).context["calls"]) == []
    assert coordinator_client.get(admin_urls.call_done(call)).status_code == 405


def test_checking_people_in(coordinator_client, admin_urls):
    session = make_session(places=4)
    awa = book(session, "Awa")
    url = admin_urls.booking("check_in", awa)

    came = coordinator_client.post(url, {"attended": "present"})
    assert came.status_code == 302
    assert Booking.objects.get(pk=awa.pk).attended is True
    coordinator_client.post(url, {"attended": "absent"})
    assert Booking.objects.get(pk=awa.pk).attended is False
    coordinator_client.post(url, {"attended": ""})
    assert Booking.objects.get(pk=awa.pk).attended is None

    assert coordinator_client.post(url, {"attended": "peut-être"}).status_code == 400
    assert coordinator_client.get(url).status_code == 405
    assert Booking.objects.get(pk=awa.pk).attended is None


def test_a_booking_of_another_session_is_not_found_under_this_one(
    coordinator_client, admin_urls
):
    session, other = make_session(), make_session()
    awa = book(other, "Awa")
    url = admin_urls.session("check_in", session, awa.pk)

    assert coordinator_client.post(url, {"attended": "present"}).status_code == 404
    assert Booking.objects.get(pk=awa.pk).attended is None


def test_changing_a_sessions_places(coordinator_client, admin_urls):
    session = make_session(places=2)
    book(session, "Awa", adults=2)
    binta = book(session, "Binta", adults=1)
    url = admin_urls.session("places", session)

    too_few = coordinator_client.post(url, {"places": "1"})

    html_of(too_few, status=400)
    assert too_few.context["places_form"].errors["places"] == [
        "Il y a déjà 2 places réservées\u00a0: impossible de descendre en dessous."
    ]
    assert Occurrence.objects.get(pk=session.pk).places == 2

    more = coordinator_client.post(url, {"places": "3"})

    assert more.status_code == 302
    assert Occurrence.objects.get(pk=session.pk).places == 3
    assert Booking.objects.get(pk=binta.pk).is_confirmed


def test_cancelling_and_restoring_a_session(coordinator_client, admin_urls):
    session = make_session(places=4)
    book(session, "Awa", phone="0241111111")
    url = admin_urls.session("cancel", session)

    assert "Annuler cette séance" in html_of(coordinator_client.get(url))
    response = coordinator_client.post(url, {"reason": "Animatrice malade"})

    session.refresh_from_db()
    assert response.status_code == 302
    assert session.is_cancelled and session.cancellation_reason == "Animatrice malade"
    assert PendingCall.objects.get().reason == PendingCall.Reason.SESSION_CANCELLED
    assert "Animatrice malade" in html_of(
        coordinator_client.get(admin_urls.session("detail", session))
    )

    restored = coordinator_client.post(admin_urls.session("restore", session))

    session.refresh_from_db()
    assert restored.status_code == 302
    assert not session.is_cancelled
    assert any("rétablie" in m for m in messages_of(restored))


# Attendance sheet, exports, search ----------------------------------------------


def test_the_attendance_sheet_is_printable_and_lists_who_is_booked(
    coordinator_client, admin_urls
):
    session = make_session(places=4)
    book(session, "Zoé Martin", phone="0611111111", adults=1, children=2)
    book(session, "Awa Diop", phone="0622222222")
    book(session, "Binta", phone="0633333333", adults=2)  # waiting: not listed
    Booking.objects.filter(name="Binta").update(status=Booking.Status.WAITING)

    response = coordinator_client.get(admin_urls.session("sheet", session))

    html = html_of(response)
    assert '<html lang="fr">' in html
    assert "Feuille d'émargement" in html and "@media print" in html
    assert html.index("Awa Diop") < html.index("Zoé Martin")  # alphabetical
    assert "2 enfants" in html
    # Passed round for signatures: nobody reads the others' phone numbers.
    assert "Téléphone" not in html
    for number in (
        "06\u00a011\u00a011\u00a011\u00a011",
        "+33611111111",
        "06 11 11 11 11",
    ):
        assert number not in html
    assert "Binta" not in html
    assert "Signature" in html and "Présent" in html
    day = timezone.localtime(session.starts_at)
    assert session.page.title in html and f"{day:%H:%M}" in html


def test_the_attendance_sheet_names_the_local(coordinator_client, admin_urls):
    from bookings import services
    from tests import factories

    local = factories.local_page(title="Local du Bourg")
    page = factories.activity_page(factories.activity_index(local))
    session = make_session(places=4)
    Occurrence.objects.filter(pk=session.pk).update(page=page)
    book(Occurrence.objects.get(pk=session.pk), "Awa")
    assert services  # the booking went through the services

    html = html_of(coordinator_client.get(admin_urls.session("sheet", session)))

    assert "Local du Bourg" in html and page.title in html


@pytest.fixture
def three_weeks(db):
    """Bookings on sessions 3, 10 and 20 days ahead (the 10-day one is the period)."""
    sessions = {days: make_session(places=10, days_ahead=days) for days in (3, 10, 20)}
    book(sessions[3], "Avant", phone="0611111111")
    inside = [
        book(sessions[10], "Dedans Un", phone="0622222222", adults=2, children=1),
        book(sessions[10], "Dedans Deux", email="deux@example.org"),
    ]
    book(sessions[20], "Après", phone="0633333333")
    return sessions, inside


def period_query(days_from=8, days_to=15):
    today = timezone.localdate()
    return {
        "date_from": f"{today + timedelta(days=days_from):%Y-%m-%d}",
        "date_to": f"{today + timedelta(days=days_to):%Y-%m-%d}",
    }


def test_csv_export_of_a_period_holds_its_bookings_only(
    coordinator_client, admin_urls, three_weeks
):
    sessions, inside = three_weeks

    response = coordinator_client.get(
        admin_urls.bookings, {**period_query(), "export": "csv"}
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert sorted(row["Nom"] for row in rows) == ["Dedans Deux", "Dedans Un"]
    one = next(row for row in rows if row["Nom"] == "Dedans Un")
    start = timezone.localtime(sessions[10].starts_at)
    assert one["Date"] == f"{start:%Y-%m-%d}" and one["Heure"] == f"{start:%H:%M}"
    assert (one["Adultes"], one["Enfants"]) == ("2", "1")
    assert one["Téléphone"] == "06 22 22 22 22" and one["État"] == "confirmée"
    assert one["Code"] == inside[0].code
    for booking in inside:
        assert booking.token not in text


def test_xlsx_export_of_a_period_holds_its_bookings_only(
    coordinator_client, admin_urls, three_weeks
):
    sessions, inside = three_weeks

    response = coordinator_client.get(
        admin_urls.bookings, {**period_query(), "export": "xlsx"}
    )

    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header, *rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert header[:6] == ["Local", "Activité", "Date", "Heure", "Séance", "Nom"]
    names = sorted(row[header.index("Nom")] for row in rows)
    assert names == ["Dedans Deux", "Dedans Un"]
    created = rows[0][header.index("Réservée le")]
    # Paris wall-clock time, not UTC
    assert abs(created - timezone.localtime().replace(tzinfo=None)) < timedelta(
        minutes=5
    )
    assert all(booking.token not in str(rows) for booking in inside)


def test_export_of_one_sessions_bookings(coordinator_client, admin_urls, three_weeks):
    sessions, _ = three_weeks

    response = coordinator_client.get(
        admin_urls.bookings, {"occurrence": sessions[3].pk, "export": "csv"}
    )

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = csv.DictReader(io.StringIO(text), delimiter=";")
    assert [row["Nom"] for row in rows] == ["Avant"]
    detail = html_of(coordinator_client.get(admin_urls.session("detail", sessions[3])))
    assert f"occurrence={sessions[3].pk}&amp;export=csv" in detail


def test_a_mistyped_period_exports_nothing_rather_than_everything(
    coordinator_client, admin_urls, three_weeks
):
    response = coordinator_client.get(
        admin_urls.bookings, {"date_from": "32/13/2026", "export": "csv"}
    )

    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert list(csv.DictReader(io.StringIO(text), delimiter=";")) == []


def test_the_bookings_listing_filters_by_session(
    coordinator_client, admin_urls, three_weeks
):
    sessions, inside = three_weeks

    response = coordinator_client.get(
        admin_urls.bookings, {"occurrence": sessions[10].pk}
    )

    html = html_of(response)
    assert "Dedans Un" in html and "Avant" not in html and "Après" not in html
    assert all(booking.token not in html for booking in inside)


@pytest.mark.parametrize(
    "typed", ["{code}", "{lower}", "{spaced}", "06 22 22 22 22", "+33 6 22 22 22 22"]
)
def test_finding_a_booking_by_code_or_phone(
    coordinator_client, admin_urls, three_weeks, typed
):
    sessions, inside = three_weeks
    wanted = inside[0]
    code = wanted.code
    query = typed.format(
        code=code, lower=code.lower(), spaced=f" {code[:3].lower()} {code[3:]} "
    )

    response = coordinator_client.get(admin_urls.find, {"q": query})

    html = html_of(response)
    assert response.context["results"] == [wanted]
    assert (
        f"{admin_urls.session('detail', sessions[10])}#reservation-{wanted.pk}" in html
    )


def test_finding_nothing_says_so(coordinator_client, admin_urls, three_weeks):
    response = coordinator_client.get(admin_urls.find, {"q": "ZZZZZZ"})

    assert response.context["results"] == []
    assert "Aucune réservation" in html_of(response)


# Listings and their cost --------------------------------------------------------


def test_the_sessions_listing_shows_upcoming_sessions_with_their_counts(
    coordinator_client, admin_urls
):
    soon = make_session(places=5, days_ahead=2)
    book(soon, "Awa", adults=2, children=1)
    Occurrence.objects.create(
        page=plain_page("Atelier passé"),
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3, hours=-2),
        places=5,
        booking_closes_at=timezone.now() - timedelta(days=3),
    )

    response = coordinator_client.get(admin_urls.sessions)

    html = html_of(response)
    (row,) = response.context["object_list"]
    assert row.pk == soon.pk
    assert (row.places, row.places_taken, row.places_waiting) == (5, 3, 0)
    assert admin_urls.session("detail", soon) in html
    everything = coordinator_client.get(admin_urls.sessions, {"when": "all"})
    assert len(everything.context["object_list"]) == 2
    past = coordinator_client.get(admin_urls.sessions, {"when": "past"})
    assert [s.page.title for s in past.context["object_list"]] == ["Atelier passé"]


def add_booked_sessions(number):
    for _ in range(number):
        session = make_session(places=3)
        book(session, "Awa", adults=2)
        book(session, "Binta", adults=2)  # waiting


@pytest.mark.parametrize("listing", ["sessions", "bookings"])
def test_listing_queries_do_not_grow_with_the_number_of_sessions(
    coordinator_client, admin_urls, listing
):
    url = getattr(admin_urls, listing)
    add_booked_sessions(2)
    few = count_queries(coordinator_client, url)

    add_booked_sessions(10)
    many = count_queries(coordinator_client, url)

    assert many == few


# Who may see residents' data ----------------------------------------------------


@pytest.fixture
def residents(db):
    """A session with a confirmed booking, a waiting one and a call to make."""
    session = make_session(places=1)
    awa = book(session, "Awa Secrète", phone="0699887766")
    binta = book(session, "Binta Secrète", phone="0655443322")
    call = PendingCall.objects.create(booking=binta, reason="promoted")
    return session, awa, call


def staff_requests(admin_urls, session, booking, call):
    """Every staff URL, with the method and data a coordinator would use."""
    detail = admin_urls.session
    return [
        ("get", admin_urls.sessions, {}),
        ("get", admin_urls.sessions + "results/", {}),
        ("get", admin_urls.bookings, {}),
        ("get", admin_urls.bookings, {"export": "csv"}),
        ("get", admin_urls.bookings, {"export": "xlsx"}),
        ("get", admin_urls.bookings, {"occurrence": session.pk, "export": "csv"}),
        ("get", detail("detail", session), {}),
        ("get", detail("sheet", session), {}),
        ("get", detail("cancel", session), {}),
        ("get", admin_urls.booking("cancel_booking", booking), {}),
        ("get", admin_urls.calls, {}),
        ("get", admin_urls.find, {"q": booking.code}),
        ("get", admin_urls.find, {"q": str(booking.phone)}),
        ("post", detail("add_booking", session), staff_booking_data()),
        ("post", admin_urls.booking("cancel_booking", booking), {}),
        ("post", admin_urls.booking("check_in", booking), {"attended": "present"}),
        ("post", detail("places", session), {"places": "5"}),
        ("post", detail("cancel", session), {"reason": "test"}),
        ("post", detail("restore", session), {}),
        ("post", admin_urls.call_done(call), {}),
    ]


def assert_nothing_personal(response, where):
    content = b"".join(getattr(response, "streaming_content", [response.content]))
    secrets = ["Secr"]
    for digits in ("0699887766", "0655443322"):
        pairs = [digits[i : i + 2] for i in range(0, 10, 2)]
        secrets += [digits, " ".join(pairs), "\u00a0".join(pairs), "+33" + digits[1:]]
    for secret in secrets:
        secret = secret.encode()
        assert secret not in content, where


def test_an_editor_without_the_permission_is_refused_everywhere(
    editor_client, admin_urls, residents
):
    """Wagtail answers a refusal with its dashboard and an error message, or
    with a 403 to a script (XMLHttpRequest); nothing is shown nor changed."""
    session, awa, call = residents
    before = list(Booking.objects.values_list("pk", "status", "attended"))

    for method, url, data in staff_requests(admin_urls, session, awa, call):
        send = getattr(editor_client, method)
        response = send(url, data)
        assert response.status_code == 302, (method, url, response.status_code)
        assert response["Location"] == "/admin/", (method, url)
        assert any("autorisations" in m for m in messages_of(response)), (method, url)
        assert_nothing_personal(response, (method, url))
        from_script = send(url, data, headers={"x-requested-with": "XMLHttpRequest"})
        assert from_script.status_code == 403, (method, url)
        assert_nothing_personal(from_script, (method, url))

    assert list(Booking.objects.values_list("pk", "status", "attended")) == before
    assert Occurrence.objects.get(pk=session.pk).places == 1
    assert not Occurrence.objects.get(pk=session.pk).is_cancelled
    assert PendingCall.objects.get().done_at is None
    assert Booking.objects.count() == 2


def test_anonymous_visitors_are_sent_to_the_login_page(
    anonymous_client, admin_urls, residents
):
    session, awa, call = residents

    for method, url, data in staff_requests(admin_urls, session, awa, call):
        response = getattr(anonymous_client, method)(url, data)
        assert response.status_code == 302, (method, url)
        assert "/admin/login/" in response["Location"]
        assert b"Secr" not in response.content


def test_the_menu_shows_reservations_only_to_those_who_manage_them(
    editor_client, coordinator, admin_urls, residents
):
    editor_home = html_of(editor_client.get("/admin/"))
    assert admin_urls.sessions not in editor_home
    assert admin_urls.calls not in editor_home

    editor_client.force_login(coordinator)
    coordinator_home = html_of(editor_client.get("/admin/"))
    for url in (admin_urls.sessions, admin_urls.bookings, admin_urls.calls):
        assert url in coordinator_home


def test_the_staff_group_has_the_booking_permissions(staff_group):
    assert set(
        staff_group.permissions.values_list("content_type__app_label", "codename")
    ) == {
        ("bookings", "manage_bookings"),
        ("wagtailadmin", "access_admin"),
        ("bookings", "view_booking"),
        ("bookings", "add_booking"),
        ("bookings", "change_booking"),
        ("bookings", "view_occurrence"),
        ("bookings", "add_occurrence"),
        ("bookings", "change_occurrence"),
        ("bookings", "view_pendingcall"),
        ("bookings", "add_pendingcall"),
        ("bookings", "change_pendingcall"),
        # The shared resources: organisations, resources, partners' requests.
        ("bookings", "manage_reservations"),
        ("bookings", "view_organisation"),
        ("bookings", "add_organisation"),
        ("bookings", "change_organisation"),
        ("bookings", "view_resource"),
        ("bookings", "add_resource"),
        ("bookings", "change_resource"),
    }
    assert Group.objects.filter(name="Réservations").count() == 1


def test_a_superuser_manages_bookings(client, django_user_model, admin_urls, residents):
    session, awa, call = residents
    client.force_login(
        django_user_model.objects.create_superuser("root", "root@example.org", "x")
    )

    assert "Awa Secrète" in html_of(client.get(admin_urls.session("detail", session)))


def test_the_bookings_listing_search_finds_names_codes_and_phones(
    coordinator_client, admin_urls, three_weeks
):
    sessions, inside = three_weeks
    results = admin_urls.bookings + "results/"

    def names(query):
        response = coordinator_client.get(results, {"q": query})
        return sorted(booking.name for booking in response.context["object_list"])

    assert names("dedans") == ["Dedans Deux", "Dedans Un"]
    assert names(inside[0].code.lower()) == ["Dedans Un"]
    assert names("06 22 22 22 22") == ["Dedans Un"]
    assert coordinator_client.get(admin_urls.sessions + "results/").status_code == 200


def test_the_group_editor_offers_the_manage_bookings_permission(
    client, django_user_model, staff_group
):
    client.force_login(
        django_user_model.objects.create_superuser("root", "root@example.org", "x")
    )

    html = html_of(client.get(f"/admin/groups/edit/{staff_group.pk}/"))

    assert "Gérer les réservations et voir les coordonnées des habitants" in html


def test_schedules_are_edited_on_activities_not_on_outings():
    from activities.models import ActivityPage, OutingPage

    def formsets(page_type):
        return page_type.get_edit_handler().get_form_class().formsets

    assert "schedules" in formsets(ActivityPage)
    # An outing's one session follows its date and places fields.
    assert "schedules" not in formsets(OutingPage)


def test_the_recurrence_widget_loads_its_catalog_first_and_no_django_jquery():
    from bookings.models import Schedule
    from bookings.widgets import RecurrenceWidget

    form = Schedule.panels[1].bind_to_model(Schedule).get_form_options()
    assert form["widgets"]["recurrences"] is RecurrenceWidget
    scripts = [str(path) for path in RecurrenceWidget().media._js]
    assert scripts[0] == "/jsi18n/"
    assert scripts.index("/jsi18n/") < scripts.index("recurrence/js/recurrence.js")
    assert scripts[-1] == "bookings/js/recurrence-wagtail.js"
    # jquery.init.js would replace window.django and Wagtail's translations.
    assert not any("jquery" in path for path in scripts)
