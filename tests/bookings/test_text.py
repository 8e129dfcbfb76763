"""Names and notes: cleaned or refused the same way by every form and service."""

import pytest
from django.core import mail

from bookings import services
from bookings.exceptions import BookingError
from bookings.models import Booking
from bookings.text import TextError, clean_text


@pytest.mark.parametrize(
    "typed, kept",
    [
        ("Chloé Lefèvre", "Chloé Lefèvre"),
        ("Jean-Noël N'Diaye", "Jean-Noël N'Diaye"),
        ("Aïcha Ben Saïd", "Aïcha Ben Saïd"),
        ("O’Connor", "O’Connor"),
        ("Ђорђе Вајферт", "Ђорђе Вајферт"),
        ("محمد العلي", "محمد العلي"),
        ("李小龍", "李小龍"),
        ("Nguyễn Thị Minh Khai", "Nguyễn Thị Minh Khai"),
        ("मीनाक्षी", "मीनाक्षी"),
        ("می\u200cخواهم", "می\u200cخواهم"),  # the non-joiner is spelling in Persian
        # Decomposed accents (as some phones send them) become composed ones.
        ("Chloe\u0301", "Chloé"),
        # Invisible characters go; spaces of any kind become one space.
        ("Awa\u200b Diallo", "Awa Diallo"),
        ("\ufeffAwa\u00a0\u00a0Diallo\u2060", "Awa Diallo"),
        ("\u202eAwa Diallo", "Awa Diallo"),
        ("  Awa \t Diallo  ", "Awa Diallo"),
        ("\u200d\u200cAwa\u200d", "Awa"),
    ],
)
def test_names_keep_what_people_read(typed, kept):
    assert clean_text(typed, letters=True) == kept


@pytest.mark.parametrize("invisible", ["\u200b", "\u200b\ufeff\u2060", "\u00ad", " "])
def test_a_name_of_invisible_characters_is_empty(invisible):
    assert clean_text(invisible, letters=True) == ""


@pytest.mark.parametrize(
    "char", ["\x00", "\x07", "\x08", "\x0b", "\x0c", "\x1b", "\x7f", "\x80", "\x9b"]
)
def test_control_characters_are_refused(char):
    with pytest.raises(TextError) as refused:
        clean_text(f"Awa{char}Diallo")
    assert "caractères de contrôle" in str(refused.value.message)


def test_a_note_keeps_its_lines_but_not_runs_of_empty_ones():
    note = "Allergie aux noix.\r\n\r\n\r\n\r\nFauteuil roulant.\u2028Merci"
    assert clean_text(note, multiline=True) == (
        "Allergie aux noix.\n\nFauteuil roulant.\nMerci"
    )


def test_a_name_without_letters_is_refused():
    with pytest.raises(TextError) as refused:
        clean_text("06 12 34 56 78", letters=True)
    assert refused.value.code == "text_no_letter"


def test_length_is_counted_once_cleaned():
    assert clean_text("a\u200b" * 10, max_length=10) == "a" * 10
    with pytest.raises(TextError) as refused:
        clean_text("a" * 11, max_length=10)
    assert "10\u00a0caractères au plus" in str(refused.value.message)


# The service refuses what the forms refuse: a shell or an import cannot
# save a name that would be printed on the attendance sheet as garbage.


@pytest.mark.parametrize(
    "name, code",
    [
        ("Awa\x1b[31mDiallo", "text_control"),
        ("Awa\x07", "text_control"),
        ("\u200b\u200b", "no_name"),
        ("12345", "text_no_letter"),
        ("a" * 121, "text_too_long"),
    ],
)
def test_the_service_refuses_bad_names(session, name, code):
    with pytest.raises(BookingError) as refused:
        services.book(session, name=name, email="awa@example.org")
    assert refused.value.code == code
    assert refused.value.field == "name"
    assert not Booking.objects.exists()
    assert not mail.outbox


@pytest.mark.parametrize(
    "email",
    [
        "a" * 64 + "@" + "b" * 62 + "." + "c" * 62 + "." + "d" * 61 + ".fr",
        "awa@example.org\nBcc: x@example.org",
        "awa.example.org",
        "awa\x00@example.org",
    ],
)
def test_the_service_refuses_an_email_the_column_or_a_header_cannot_hold(
    session, email
):
    with pytest.raises(BookingError) as refused:
        services.book(session, name="Awa", email=email)
    assert refused.value.field == "email"
    assert not Booking.objects.exists()


def test_the_service_refuses_a_note_longer_than_the_forms_allow(session):
    with pytest.raises(BookingError) as refused:
        services.book(session, name="Awa", email="awa@example.org", note="n" * 1001)
    assert refused.value.field == "note"
    assert not Booking.objects.exists()


def test_the_service_saves_the_cleaned_name_and_sends_it(
    session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.book(
            session, name="\u200bAwa\u00a0 Diallo\u200b", email="awa@example.org"
        )
    assert Booking.objects.get(pk=booking.pk).name == "Awa Diallo"
    assert "Awa Diallo" in mail.outbox[0].body


def test_the_desk_cannot_book_more_than_a_booking_holds(session):
    with pytest.raises(BookingError) as refused:
        services.book(
            session, name="Awa", phone="0612345678", adults=10**30, channel="staff"
        )
    assert refused.value.code == "too_many_places"
    assert not Booking.objects.exists()


def test_a_cancellation_reason_with_control_characters_is_refused(session):
    with pytest.raises(BookingError):
        services.cancel_session(session, reason="Animatrice\x1b malade")
    session.refresh_from_db()
    assert not session.is_cancelled
