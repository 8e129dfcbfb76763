"""The partner's bad input, where the other tests did not reach it: a weekly
rule that gives no date (from the form), and a sport event whose end comes
before its start, that has no end, that lies outside the space's opening
hours, or that is reserved for an organisation the partner does not act
for. Each gets a French message next to its field and saves nothing.

(The services' refusals are in ``test_reservations``; the form's end before
start, hours and organisation, the .ics not a calendar or of 20 MB and the
.ics event without an end in ``test_reservation_admin``.)
"""

from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse

from activities.models import SportEventPage
from bookings.models import Reservation
from tests import factories

from .partner_fixtures import *  # noqa: F403
from .test_reservation_admin import ADD, add_event_url, event_form, slot_data
from .test_reservations import next_weekday


def test_a_weekly_rule_that_gives_no_date_is_refused_next_to_its_dates(
    partner_client, shared
):
    tuesday = next_weekday(1)
    next_tuesday = tuesday + timedelta(days=7)
    data = slot_data(
        shared,
        tuesday,
        weekly_until=next_tuesday.isoformat(),
        except_dates=f"{tuesday:%d/%m/%Y}, {next_tuesday:%d/%m/%Y}",
    )
    response = partner_client.post(ADD, data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["except_dates"] == ["Cette règle ne donne aucune date."]
    assert not Reservation.objects.exists()


def editor_errors(response):
    """The page editor's errors, by field (Wagtail answers 200 with them)."""
    form = response.context["form"]
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


@pytest.mark.parametrize(
    "change, field, message",
    [
        ({"end_time": "13:00"}, "end_time", "La fin doit suivre le début."),
        ({"end_time": ""}, "end_time", "Champ requis."),
    ],
    ids=["end-before-start", "no-end"],
)
def test_an_event_without_a_proper_end_is_refused(
    partner_client, shared, change, field, message
):
    data = event_form(shared, next_weekday(5), **change)
    response = partner_client.post(add_event_url(shared), data)
    assert response.status_code == 200
    assert message in editor_errors(response)[field]
    assert not SportEventPage.objects.exists()
    assert not Reservation.objects.exists()


def test_an_event_outside_the_opening_hours_is_not_published(partner_client, shared):
    data = event_form(shared, next_weekday(5), start_time="07:00", end_time="08:30")
    response = partner_client.post(add_event_url(shared), data, follow=True)
    html = unescape(response.content.decode())
    assert "Publication refusée" in html
    assert "sort des heures d'ouverture" in html
    assert not SportEventPage.objects.get().live
    assert not Reservation.objects.exists()


def test_an_event_for_an_organisation_the_partner_does_not_act_for(
    partner_client, shared
):
    other = factories.organisation("Association Enjeu", is_partner=True)
    data = event_form(shared, next_weekday(5), organisation=other.pk)
    response = partner_client.post(add_event_url(shared), data)
    assert response.status_code == 200
    assert "organisation" in editor_errors(response)
    assert not SportEventPage.objects.exists()
    assert not Reservation.objects.exists()
    # Nor by its edit form, once an event exists.
    mine = partner_client.post(
        add_event_url(shared), event_form(shared, next_weekday(5))
    )
    assert mine.status_code == 302
    event = SportEventPage.objects.get()
    edit = reverse("wagtailadmin_pages:edit", args=[event.pk])
    data = event_form(shared, event.date, organisation=other.pk)
    assert "organisation" in editor_errors(partner_client.post(edit, data))
    assert Reservation.objects.get().organisation == shared.mdj
