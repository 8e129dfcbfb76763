"""An outing holds the minibus from departure to return, like a schedule."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.test.utils.form_data import nested_form_data, streamfield

from activities.models import OutingPage
from bookings import services
from bookings.exceptions import BookingError
from bookings.models import Occurrence, Reservation, Resource, Schedule
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def minibus():
    ccas = factories.organisation("Local des Hauts de Saint-Aubin")
    return factories.resource(
        "Minibus du CCAS",
        owner=ccas,
        kind=Resource.Kind.VEHICLE,
        requires_approval=True,
        hours=[],
    )


def outing_form(minibus, title, departure="08:30", back="18:30"):
    day = timezone.localdate() + timedelta(days=30)
    return nested_form_data(
        {
            "title": title,
            "slug": slugify(title),
            "summary": "Une journée pour changer d'air.",
            "date": day.isoformat(),
            "departure_time": departure,
            "return_time": back,
            "departure_place": "Devant le local",
            "registration_deadline": (day - timedelta(days=5)).isoformat(),
            "resource": minibus.pk,
            "price_adult": "",
            "price_child": "",
            "places": "9",
            "max_places_per_booking": "4",
            "places_held_back": "0",
            "image": "",
            "body": streamfield([]),
            "what_to_bring": "",
            "action-publish": "publish",
        }
    )


def test_a_published_outing_holds_the_minibus_and_a_second_one_is_refused(
    admin_client, minibus
):
    index = factories.activity_index()
    add = reverse("wagtailadmin_pages:add", args=["activities", "outingpage", index.pk])
    response = admin_client.post(add, outing_form(minibus, "Journée à Pornic"))
    assert response.status_code == 302
    first = OutingPage.objects.get(title="Journée à Pornic")
    assert first.live
    held = Reservation.objects.active().get()
    assert (held.resource, held.page_id) == (minibus, first.pk)
    assert timezone.localtime(held.starts_at).strftime("%H:%M") == "08:30"
    assert timezone.localtime(held.ends_at).strftime("%H:%M") == "18:30"

    response = admin_client.post(
        add,
        outing_form(minibus, "Marché de Clisson", departure="14:00", back="20:00"),
        follow=True,
    )
    second = OutingPage.objects.get(title="Marché de Clisson")
    assert not second.live
    html = response.content.decode()
    assert "Publication refusée" in html
    assert "Ces dates sont déjà prises" in html
    assert "08:30–18:30" in html
    assert not Reservation.objects.filter(page_id=second.pk).exists()
    assert Reservation.objects.active().count() == 1


def test_moving_an_outing_to_a_free_time_moves_its_hold(admin_client, minibus):
    index = factories.activity_index()
    outing = factories.outing_page(index, resource=minibus)
    outing.sync_schedule()
    before = Reservation.objects.active().get()
    outing.date += timedelta(days=1)
    outing.registration_deadline += timedelta(days=1)
    outing.save()
    outing.sync_schedule()
    after = Reservation.objects.active().get()
    assert after.starts_at - before.starts_at == timedelta(days=1)


@pytest.fixture
def eight_seats(minibus):
    minibus.capacity = 8
    minibus.save()
    return minibus


def test_an_outing_cannot_offer_more_places_than_the_minibus_has(
    admin_client, eight_seats
):
    index = factories.activity_index()
    add = reverse("wagtailadmin_pages:add", args=["activities", "outingpage", index.pk])
    data = outing_form(eight_seats, "Journée à Pornic")
    data["places"] = "30"
    response = admin_client.post(add, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "« Minibus du CCAS » n&#x27;a que 8 places : offrez-en 8 au plus." in html
    assert not OutingPage.objects.exists()
    assert not Reservation.objects.exists()

    data["places"] = "8"
    assert admin_client.post(add, data).status_code == 302
    assert OutingPage.objects.get().live


def test_every_path_refuses_more_places_than_the_vehicle_has(eight_seats):
    """The shell, the daily command, a session's places: the same rule."""
    index = factories.activity_index()
    outing = factories.outing_page(index, resource=eight_seats, places=8)
    outing.sync_schedule()
    (session,) = Occurrence.objects.filter(page=outing)

    with pytest.raises(BookingError) as refused:
        services.set_places(session, 9)
    assert refused.value.field == "places"
    assert Occurrence.objects.get(pk=session.pk).places == 8

    outing.places = 30
    with pytest.raises(BookingError):
        outing.sync_schedule()
    assert Occurrence.objects.get(pk=session.pk).places == 8
    assert Schedule.objects.get(page=outing).places == 8

    schedule = Schedule.objects.get(page=outing)
    schedule.places = 12
    with pytest.raises(ValidationError) as invalid:
        schedule.full_clean()
    assert "n'a que 8 places" in str(invalid.value.message_dict["places"])
