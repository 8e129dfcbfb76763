"""The partner's corner and the coordination's decisions, through the admin."""

from datetime import datetime, time, timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from activities.models import SportEventPage
from bookings import services
from bookings.models import Reservation
from tests import factories

from .partner_fixtures import *  # noqa: F403
from .test_reservations import PARIS, next_weekday

INDEX = reverse("shared_reservations:index")
ADD = reverse("shared_reservations:add")
IMPORT = reverse("shared_reservations:import")


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=PARIS)


def slot_data(shared, day, start="14:00", end="16:00", **extra):
    data = {
        "resource": shared.space.pk,
        "organisation": shared.mdj.pk,
        "title": "Football 11-14 ans",
        "day": day.isoformat(),
        "starts_at": start,
        "ends_at": end,
        "weekly_until": "",
        "except_dates": "",
        "note": "",
    }
    data.update(extra)
    return data


def test_the_partner_sees_its_reservations_and_not_the_others(partner_client, shared):
    day = next_weekday(5)
    other = factories.organisation("Association Enjeu")
    services.reserve(
        resource=shared.space,
        organisation=other,
        starts_at=at(day, 10),
        ends_at=at(day, 12),
        title="Tournoi secret d'Enjeu",
    )
    services.reserve(
        resource=shared.space,
        organisation=shared.mdj,
        starts_at=at(day, 14),
        ends_at=at(day, 16),
        title="Basket MDJ",
    )
    html = partner_client.get(INDEX).content.decode()
    assert "Basket MDJ" in html
    assert "Tournoi secret" not in html


def test_a_partner_reserves_a_slot_from_the_form(partner_client, shared):
    day = next_weekday(3)
    response = partner_client.post(ADD, slot_data(shared, day))
    assert response.status_code == 302
    held = Reservation.objects.get()
    assert (held.organisation, held.starts_at) == (shared.mdj, at(day, 14))
    assert held.created_by == shared.worker


def test_a_colliding_slot_is_refused_next_to_the_field_with_who_and_when(
    partner_client, shared
):
    day = next_weekday(3)
    services.reserve(
        resource=shared.space,
        organisation=shared.ccas,
        starts_at=at(day, 15),
        ends_at=at(day, 17),
        title="Atelier vélo",
    )
    response = partner_client.post(ADD, slot_data(shared, day))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert "Local des Hauts de Saint-Aubin" in errors["starts_at"][0]
    assert "15:00–17:00" in errors["starts_at"][0]
    assert Reservation.objects.count() == 1


@pytest.mark.parametrize(
    "change, field",
    [
        ({"ends_at": "13:00"}, "ends_at"),
        ({"starts_at": "07:00"}, "starts_at"),  # the space opens at 9:00
        ({"day": "pas une date"}, "day"),
        ({"except_dates": "31/02/2027"}, "except_dates"),
    ],
)
def test_bad_input_gets_a_french_message_and_saves_nothing(
    partner_client, shared, change, field
):
    data = slot_data(shared, next_weekday(3))
    data.update(change)
    response = partner_client.post(ADD, data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Reservation.objects.exists()


def test_a_partner_cannot_reserve_for_another_organisation(partner_client, shared):
    other = factories.organisation("Association Enjeu")
    response = partner_client.post(
        ADD, slot_data(shared, next_weekday(3), organisation=other.pk)
    )
    assert response.status_code == 400
    assert "organisation" in response.context["form"].errors
    assert not Reservation.objects.exists()


def test_a_weekly_slot_with_an_exception(partner_client, shared):
    tuesday = next_weekday(1)
    skipped = tuesday + timedelta(days=7)
    response = partner_client.post(
        ADD,
        slot_data(
            shared,
            tuesday,
            weekly_until=(tuesday + timedelta(days=21)).isoformat(),
            except_dates=skipped.strftime("%d/%m/%Y"),
        ),
    )
    assert response.status_code == 302
    days = [timezone.localtime(r.starts_at).date() for r in Reservation.objects.all()]
    assert days == [tuesday, tuesday + timedelta(14), tuesday + timedelta(21)]


def test_coordination_approves_with_a_count_on_the_menu_and_the_partner_is_told(
    client, shared, django_capture_on_commit_callbacks
):
    shared.space.requires_approval = True
    shared.space.save()
    client.force_login(shared.worker)
    client.post(ADD, slot_data(shared, next_weekday(5)))
    request = Reservation.objects.get()
    assert request.is_pending
    # The partner cannot approve its own request.
    approve = reverse("shared_reservations:approve", args=[request.pk])
    # Wagtail turns a PermissionDenied into a redirect to the dashboard.
    assert client.post(approve).status_code in (302, 403)
    assert Reservation.objects.get().is_pending

    client.force_login(shared.coordinator)
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Planning et demandes (1 \\u00e0 valider)" in home  # sidebar JSON
    assert "1 demande de réservation attend votre réponse" in home
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(approve).status_code == 302
    request.refresh_from_db()
    assert request.status == "confirmed"
    assert mail.outbox[0].to == ["animation@mdj.example", "mdj@ex.org"]


def test_refusing_needs_a_reason(client, shared, django_capture_on_commit_callbacks):
    shared.space.requires_approval = True
    shared.space.save()
    request = services.reserve(
        resource=shared.space,
        organisation=shared.mdj,
        starts_at=at(next_weekday(5), 14),
        ends_at=at(next_weekday(5), 16),
        title="Tournoi",
        user=shared.worker,
    )
    client.force_login(shared.coordinator)
    refuse = reverse("shared_reservations:refuse", args=[request.pk])
    assert client.get(refuse).status_code == 200
    response = client.post(refuse, {"reason": ""})
    assert response.status_code == 400
    assert Reservation.objects.get().is_pending
    with django_capture_on_commit_callbacks(execute=True):
        client.post(refuse, {"reason": "Gymnase réservé par la ville"})
    assert Reservation.objects.get().status == "refused"
    assert "Gymnase réservé par la ville" in mail.outbox[0].body


def test_someone_of_no_organisation_is_refused(client, shared, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", password="x")
    client.force_login(nobody)
    assert client.get(INDEX).status_code in (302, 403)
    assert client.post(ADD, slot_data(shared, next_weekday(3))).status_code in (
        302,
        403,
    )
    assert not Reservation.objects.exists()


# Importing the partner's calendar -----------------------------------------

ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//MDJ//Agenda//FR
BEGIN:VEVENT
UID:foot@mdj
DTSTART;TZID=Europe/Paris:{first}T180000
DTEND;TZID=Europe/Paris:{first}T193000
RRULE:FREQ=WEEKLY;COUNT=3
SUMMARY:Football
END:VEVENT
BEGIN:VEVENT
UID:tournoi@mdj
DTSTART;TZID=Europe/Paris:{clash}T150000
DTEND;TZID=Europe/Paris:{clash}T170000
SUMMARY:Tournoi de basket
END:VEVENT
BEGIN:VEVENT
UID:sans-fin@mdj
DTSTART;TZID=Europe/Paris:{first}T100000
SUMMARY:Réunion sans fin
END:VEVENT
END:VCALENDAR
"""


def upload(content, name="agenda.ics"):
    return SimpleUploadedFile(name, content, content_type="text/calendar")


def test_importing_an_ics_lists_collisions_and_twice_creates_nothing_twice(
    partner_client, shared
):
    first = next_weekday(2)
    clash = next_weekday(5)
    services.reserve(
        resource=shared.space,
        organisation=shared.ccas,
        starts_at=at(clash, 16),
        ends_at=at(clash, 18),
        title="Atelier vélo",
    )
    ics = ICS.format(first=first.strftime("%Y%m%d"), clash=clash.strftime("%Y%m%d"))
    data = {"organisation": shared.mdj.pk, "resource": shared.space.pk}
    response = partner_client.post(IMPORT, {**data, "file": upload(ics.encode())})
    assert response.status_code == 200
    report = response.context["report"]
    assert len(report["created"]) == 3
    refused = {title: message for title, _, message in report["refused"]}
    assert "Local des Hauts de Saint-Aubin" in refused["Tournoi de basket"]
    assert "pas d'heure de fin" in refused["Réunion sans fin"]
    html = response.content.decode()
    assert "Tournoi de basket" in html
    assert Reservation.objects.filter(organisation=shared.mdj).count() == 3

    again = partner_client.post(IMPORT, {**data, "file": upload(ics.encode())})
    assert len(again.context["report"]["already"]) == 3
    assert Reservation.objects.filter(organisation=shared.mdj).count() == 3


@pytest.mark.parametrize(
    "content",
    [b"ceci n'est pas un agenda", b"BEGIN:VEVENT\r\nEND:VEVENT\r\n", b"\x00\xff"],
)
def test_a_file_that_is_not_a_calendar_is_refused(partner_client, shared, content):
    data = {"organisation": shared.mdj.pk, "resource": shared.space.pk}
    response = partner_client.post(IMPORT, {**data, "file": upload(content)})
    assert response.status_code == 400
    assert "iCalendar" in response.context["form"].errors["file"][0]
    assert not Reservation.objects.exists()


def test_a_file_over_2_mb_is_refused(partner_client, shared):
    data = {"organisation": shared.mdj.pk, "resource": shared.space.pk}
    big = upload(b"BEGIN:VCALENDAR\r\n" + b"X" * (3 * 1024 * 1024))
    response = partner_client.post(IMPORT, {**data, "file": big})
    assert response.status_code == 400
    assert "trop gros" in response.context["form"].errors["file"][0]
    assert not Reservation.objects.exists()


def test_a_20_mb_file_gets_the_413_page(partner_client, shared):
    """Over MAX_REQUEST_BODY_SIZE (nginx's limit too), before the form reads it."""
    data = {"organisation": shared.mdj.pk, "resource": shared.space.pk}
    big = upload(b"BEGIN:VCALENDAR\r\n" + b"X" * (20 * 1024 * 1024))
    response = partner_client.post(IMPORT, {**data, "file": big})
    assert response.status_code == 413
    assert "Envoi trop volumineux" in response.content.decode()
    assert not Reservation.objects.exists()


# Sport events -------------------------------------------------------------


def event_form(shared, day, title="Tournoi de foot", **extra):
    from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

    data = {
        "title": title,
        "slug": slugify(title),
        "summary": "Un tournoi ouvert à tous.",
        "date": day.isoformat(),
        "start_time": "14:00",
        "end_time": "17:00",
        "location": "Espace multi-sports",
        "resource": shared.space.pk,
        "organisation": shared.mdj.pk,
        "organiser": "",
        "audience": "jeunes",
        "places": "20",
        "max_places_per_booking": "4",
        "image": "",
        "body": streamfield([]),
        "action-publish": "publish",
    }
    data.update(extra)
    del rich_text
    return nested_form_data(data)


def add_event_url(shared):
    return reverse(
        "wagtailadmin_pages:add",
        args=["activities", "sporteventpage", shared.section.pk],
    )


def test_publishing_a_sport_event_reserves_its_slot_or_is_refused(
    partner_client, shared
):
    day = next_weekday(5)
    response = partner_client.post(add_event_url(shared), event_form(shared, day))
    assert response.status_code == 302
    event = SportEventPage.objects.get(title="Tournoi de foot")
    assert event.live
    held = Reservation.objects.get(page=event)
    assert (held.status, held.source) == ("confirmed", "sport_event")
    assert held.starts_at == at(day, 14)

    response = partner_client.post(
        add_event_url(shared),
        event_form(shared, day, title="Match de basket", start_time="16:00"),
        follow=True,
    )
    second = SportEventPage.objects.get(title="Match de basket")
    assert not second.live
    html = response.content.decode()
    assert "Publication refusée" in html
    assert "Maison des jeunes" in html and "14:00–17:00" in html
    assert Reservation.objects.active().count() == 1


def test_unpublishing_an_event_frees_its_slot(partner_client, shared):
    day = next_weekday(5)
    partner_client.post(add_event_url(shared), event_form(shared, day))
    event = SportEventPage.objects.get()
    event.unpublish()
    assert not Reservation.objects.active().exists()


def test_a_partner_creates_no_other_page_type(partner_client, shared):
    url = reverse(
        "wagtailadmin_pages:add",
        args=["activities", "activitypage", shared.section.pk],
    )
    assert partner_client.get(url).status_code in (302, 403)
