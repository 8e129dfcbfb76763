"""An outing holds the minibus from departure to return, like a schedule."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from wagtail.test.utils.form_data import nested_form_data, streamfield

from activities.models import OutingPage
from bookings.models import Reservation, Resource
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
