"""Phone numbers: one field for residents and the desk, checked by the service
too, stored in E.164, shown the French way, and older values migrated."""

import importlib
from html import unescape

import pytest
from django.core import mail
from django.template import Context, Template
from django.test import Client
from django.urls import reverse

from bookings import phones, services
from bookings.exceptions import BookingError
from bookings.models import Booking

from .admin_fixtures import coordinator, coordinator_client, staff_group  # noqa: F401
from .conftest import form_data
from .domain import make_session

NBSP = "\u00a0"
INVALID = "Numéro de téléphone invalide\u00a0: écrivez-le par exemple"


def render(template, **context):
    return Template("{% load phone_tags %}" + template).render(Context(context))


# bookings.phones ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("06 12 34 56 78", "+33612345678"),
        ("06.12.34.56.78", "+33612345678"),
        ("0033 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("02 41 00 00 00", "+33241000000"),
        ("+44 20 7946 0958", "+442079460958"),
        ("+32 470 12 34 56", "+32470123456"),
    ],
)
def test_numbers_are_read_as_people_write_them_and_stored_in_e164(typed, e164):
    assert phones.to_e164(typed) == e164


@pytest.mark.parametrize(
    "typed", ["06 12 34", "16 12 34 56 78", "pas de téléphone", "0" * 500, "+999 1"]
)
def test_what_is_not_a_phone_number_is_refused(typed):
    assert phones.parse(typed) is None
    with pytest.raises(ValueError):
        phones.to_e164(typed)


def test_display_and_link():
    assert phones.display("+33612345678") == NBSP.join(["06", "12", "34", "56", "78"])
    assert phones.display("+442079460958") == f"+44{NBSP}20{NBSP}7946{NBSP}0958"
    assert phones.tel_href("+33612345678") == "tel:+33612345678"
    assert phones.tel_href("02 41 00 00 00") == "tel:+33241000000"
    assert phones.display("") == "" and phones.tel_href("") == ""


def test_legacy_values_are_shown_as_written():
    """A local's phone typed by an editor, or an old booking's, never fails."""
    assert phones.display("0241000000") == NBSP.join(["02", "41", "00", "00", "00"])
    assert phones.display("voir l'accueil") == "voir l'accueil"
    assert phones.display(None) == ""
    assert phones.tel_href("accueil 02 41") == "tel:0241"
    assert render("{{ v|phone }}", v="<b>12</b>") == "&lt;b&gt;12&lt;/b&gt;"


def test_mobile_numbers_are_told_from_landlines():
    assert phones.is_mobile("06 12 34 56 78")
    assert phones.is_mobile("+33761223344")
    assert not phones.is_mobile("02 41 00 00 00")
    assert not phones.is_mobile("n'importe quoi")
    assert not phones.is_mobile("")


def test_the_template_filter_shows_a_booking_phone(db):
    session = make_session()
    booking = services.book(session, name="Awa", phone="0612345678")
    html = render(
        '<a href="{{ b.phone|phone_href }}">{{ b.phone|phone }}</a>', b=booking
    )
    assert html == f'<a href="tel:+33612345678">06{NBSP}12{NBSP}34{NBSP}56{NBSP}78</a>'


# The service refuses, whatever the path ---------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["n'importe quoi", "06 12 34", "6" * 300])
def test_the_service_refuses_a_wrong_phone_even_with_an_email(typed):
    session = make_session()
    with pytest.raises(BookingError) as refused:
        services.book(session, name="Awa", phone=typed, email="awa@example.org")
    assert refused.value.code == "invalid_phone"
    assert refused.value.field == "phone"
    assert str(refused.value).startswith(INVALID)
    assert not Booking.objects.exists()
    assert mail.outbox == []


@pytest.mark.django_db
def test_the_model_field_checks_too():
    session = make_session()
    booking = Booking(occurrence=session, name="Awa", phone="pas un numéro")
    with pytest.raises(Exception) as refused:
        booking.full_clean()
    assert "phone" in refused.value.message_dict


# The forms --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_resident_may_give_a_foreign_number():
    session = make_session()
    response = Client().post(
        reverse("bookings:book", args=[session.pk]),
        form_data(email="", phone="+44 20 7946 0958"),
    )
    assert response.status_code == 303
    assert str(Booking.objects.get().phone) == "+442079460958"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "typed",
    [
        "pas de téléphone, passer par sa fille",
        "0612345678 0241000000 12",  # 22 digits: "value too long" on PostgreSQL
        "06 12 34 56 78 ou le 02 41 00 00 00 (demander Mme Martin) " * 8,
    ],
)
def test_the_desk_form_refuses_anything_that_is_not_a_number(
    coordinator_client,  # noqa: F811
    typed,
):
    """A long value was a 500 on PostgreSQL (value too long), a short one was
    stored as typed."""
    session = make_session()
    url = reverse("bookings_sessions:add_booking", args=[session.pk])
    response = coordinator_client.post(
        url,
        {"name": "Mme Martin", "phone": typed, "adults": "1", "children": "0"},
    )
    assert response.status_code == 400
    html = unescape(response.content.decode())
    assert INVALID in html
    assert typed.strip()[:40] in html  # what was typed is there to correct
    assert not Booking.objects.exists()


@pytest.mark.django_db
def test_the_desk_stores_a_number_in_e164_and_shows_it_the_french_way(
    coordinator_client,  # noqa: F811
):
    session = make_session()
    coordinator_client.post(
        reverse("bookings_sessions:add_booking", args=[session.pk]),
        {
            "name": "Mme Martin",
            "phone": "06.12.34.56.78",
            "adults": "1",
            "children": "0",
        },
    )
    assert str(Booking.objects.get().phone) == "+33612345678"
    page = coordinator_client.get(
        reverse("bookings_sessions:detail", args=[session.pk])
    )
    html = page.content.decode()
    assert f"06{NBSP}12{NBSP}34{NBSP}56{NBSP}78" in html
    assert 'href="tel:+33612345678"' in html


# The data migration -----------------------------------------------------------

MIGRATION = "bookings.migrations.0008_booking_phones_to_e164"


@pytest.mark.django_db
def test_existing_phones_are_migrated_and_odd_values_kept_in_the_note():
    """The migration's function on bookings holding what was stored before
    (update() writes the raw strings, as the old column held them)."""
    from django.apps import apps

    migration = importlib.import_module(MIGRATION)
    session = make_session()
    typed = {
        "Awa": ("06 12 34 56 78", ""),
        # At most 16 characters: the column's width since 0009 (PostgreSQL
        # refuses longer even in this simulated old data).
        "Binta": ("0033761223344", ""),
        "Chloé": ("+44 20 7946 0958", ""),
        "Dan": ("voir sa fille", "Vient en fauteuil"),
        "Eve": ("06 12 34", ""),
        "Fanny": ("", ""),
    }
    for name, (phone, note) in typed.items():
        booking = services.book(session, name=name, email=f"{name}@example.org")
        Booking.objects.filter(pk=booking.pk).update(phone=phone, note=note)

    migration.phones_to_e164(apps, None)

    rows = {b.name: (b.phone, b.note) for b in Booking.objects.all()}
    assert rows == {
        "Awa": ("+33612345678", ""),
        "Binta": ("+33761223344", ""),
        "Chloé": ("+442079460958", ""),
        "Dan": (
            "",
            "Vient en fauteuil\n"
            "Téléphone saisi, non reconnu comme un numéro\u00a0: voir sa fille",
        ),
        "Eve": ("", "Téléphone saisi, non reconnu comme un numéro\u00a0: 06 12 34"),
        "Fanny": ("", ""),
    }
