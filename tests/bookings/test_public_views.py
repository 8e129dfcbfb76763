"""The residents' journey: session lists, the booking form, the manage link."""

import re
from datetime import timedelta
from html import unescape

import icalendar
import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from bookings import services
from bookings.display import session_state
from bookings.exceptions import BookingError
from bookings.models import Booking, Occurrence
from tests import factories
from tests.assertions import count_queries

from .conftest import form_data, one_date_session, weekly_sessions
from .domain import book

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("clear_cache")]

DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def french_date(session, *, on_page=True):
    """« mardi 1er décembre 2026, 14:00 – 16:00 », written out independently.

    On a page, « 1er » and a non-breaking space between day and month; an
    e-mail is plain text: « 1 décembre ».
    """
    start = timezone.localtime(session.starts_at)
    end = timezone.localtime(session.ends_at)
    day, space = start.day, " "
    if on_page:
        day, space = ("1er" if start.day == 1 else start.day), "\u00a0"
    return (
        f"{DAYS[start.weekday()]} {day}{space}{MONTHS[start.month - 1]} "
        f"{start.year}, {start:%H:%M} – {end:%H:%M}"
    )


def book_url(session):
    return reverse("bookings:book", args=[session.pk])


def html_of(response):
    """The page with entities decoded, to compare with French text as written."""
    return unescape(response.content.decode())


def assert_field_error(response, field, message):
    """The message sits next to the field, which points at it, and on top."""
    html = html_of(response)
    errors = re.search(
        rf'<ul class="field__errors" id="id_{field}_error">(.*?)</ul>', html, re.S
    )
    assert errors, f"no error list next to {field}"
    assert message in errors.group(1), errors.group(1)
    widget = re.search(rf'<[^>]*\bname="{field}"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in widget, widget
    assert f"id_{field}_error" in widget, widget
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert message in summary


def post(client, session, **overrides):
    return client.post(book_url(session), form_data(**overrides))


# Session lists ----------------------------------------------------------------


class TestSessionList:
    def test_each_session_says_its_state_and_open_ones_link_to_booking(self, activity):
        open_ = one_date_session(activity, days_ahead=2, places=3)
        one_left = one_date_session(activity, days_ahead=3, places=2)
        book(one_left, "Awa")
        full = one_date_session(activity, days_ahead=4, places=1)
        book(full, "Awa")
        closed = one_date_session(activity, days_ahead=5)
        Occurrence.objects.filter(pk=closed.pk).update(
            booking_closes_at=timezone.now() - timedelta(minutes=1)
        )
        cancelled = one_date_session(activity, days_ahead=6)
        services.cancel_session(cancelled, reason="Animatrice malade")
        drop_in = one_date_session(activity, days_ahead=8, bookable_online=False)

        html = html_of(Client().get(activity.url))

        items = {}
        for item in re.findall(r'<li class="session.*?</li>', html, re.S):
            items[int(re.search(r'id="seance-(\d+)"', item).group(1))] = item
        assert french_date(open_) in items[open_.pk]
        assert "3 places" in items[open_.pk]
        assert "1 place" in items[one_left.pk]
        assert "Complet – liste d'attente" in items[full.pk]
        assert "Réservations fermées" in items[closed.pk]
        assert "Séance annulée" in items[cancelled.pk]
        assert "Animatrice malade" in items[cancelled.pk]
        assert "<del>" in items[cancelled.pk]
        assert "Accès libre, sans réservation" in items[drop_in.pk]
        for session in (open_, one_left, full):
            assert f'href="{book_url(session)}"' in items[session.pk]
        for session in (closed, cancelled, drop_in):
            assert book_url(session) not in items[session.pk]
        assert f'href="{activity.url}ical/"' in html
        assert "S'abonner à l'agenda (iCal)" in html

    def test_state_of_a_session_without_counts(self, activity):
        session = one_date_session(activity, places=1)
        assert session_state(Occurrence.objects.get(pk=session.pk)) == "open"
        book(session, "Awa")
        assert session_state(Occurrence.objects.get(pk=session.pk)) == "full"

    def test_no_query_per_session(self, site, django_assert_max_num_queries):
        few = factories.activity_page(site["index"], title="Peu de séances")
        weekly_sessions(few, horizon_days=20)  # 3 Tuesdays
        many = factories.activity_page(site["index"], title="Beaucoup de séances")
        weekly_sessions(many, horizon_days=200)
        assert Occurrence.objects.filter(page=few).count() == 3
        assert Occurrence.objects.filter(page=many).count() >= 20
        client = Client()
        with_few = count_queries(client, few.url)
        with_many = count_queries(client, many.url)
        assert with_many == with_few
        with django_assert_max_num_queries(with_few):
            assert client.get(many.url).status_code == 200


# The booking form -------------------------------------------------------------


class TestBookingForm:
    def test_shows_what_is_booked_and_a_short_form(self, site, session):
        factories.standard_page(
            site["home"], title="Confidentialité", slug="confidentialite"
        )
        response = Client().get(book_url(session))
        html = html_of(response)
        assert response.status_code == 200
        assert "Atelier d'écriture" in html
        assert french_date(session)[1:] in html  # capitalised on this page
        assert "3 rue des Tilleuls" in html
        assert "Un cahier et un stylo." in html
        assert "Il reste 10 places." in html
        for name in ("name", "phone", "email", "adults", "children", "note"):
            assert f'name="{name}"' in html
        assert "J'accepte que ces informations soient gardées" in html
        assert 'href="/confidentialite/"' in html
        assert 'name="scope"' not in html  # a one-date schedule
        honeypot = re.search(
            r'<div class="booking-form__hp"[^>]*>.*?</div>', html, re.S
        )
        assert 'aria-hidden="true"' in honeypot.group(0)
        assert 'tabindex="-1"' in honeypot.group(0)
        assert 'autocomplete="off"' in honeypot.group(0)
        assert "Ne pas remplir" in honeypot.group(0)

    def test_weekly_session_offers_the_series(self, activity):
        sessions = weekly_sessions(activity, horizon_days=30)
        html = html_of(Client().get(book_url(sessions[0])))
        assert "Réserver seulement cette séance" in html
        assert "Réserver toutes les séances à partir de cette date" in html
        # the last session of the horizon has no series to offer
        assert 'name="scope"' not in html_of(Client().get(book_url(sessions[-1])))

    def test_booking_is_confirmed_mailed_and_shown_with_its_code(
        self, session, django_capture_on_commit_callbacks
    ):
        client = Client()
        with django_capture_on_commit_callbacks(execute=True):
            response = post(client, session, phone="06 12 34 56 78", adults="2")
        assert response.status_code == 303
        assert response["Location"] == reverse("bookings:booked", args=[session.pk])
        booking = Booking.objects.get()
        assert booking.status == Booking.Status.CONFIRMED
        assert booking.channel == Booking.Channel.ONLINE
        assert (booking.adults, str(booking.phone)) == (2, "+33612345678")
        assert booking.consent_at is not None

        html = html_of(client.get(response["Location"]))
        assert "Votre réservation est confirmée" in html
        assert f'<strong class="booking-code__value">{booking.code}</strong>' in html
        assert "Donnez ce code à l'accueil ou au téléphone" in html
        manage = f"http://testserver/reservation/{booking.token}/"
        short = f"http://testserver/r/{booking.short_key}"
        assert f'href="{short}"' in html, "the short link, to note by hand"
        assert f"testserver/r/{booking.short_key}<" in html
        assert reverse("bookings:booking_ical", args=[booking.token]) in html
        assert "Ajouter à mon agenda" in html
        assert french_date(session)[1:] in html
        assert "3 rue des Tilleuls" in html
        assert "Un cahier et un stylo." in html

        (message,) = mail.outbox
        assert message.to == ["awa@example.org"]
        assert message.subject == "Réservation confirmée – Atelier d'écriture"
        assert booking.code in message.body
        assert manage in message.body
        assert french_date(session, on_page=False) in message.body
        assert "3 rue des Tilleuls, 49460 Montreuil-Juigné" in message.body
        assert "À apporter : Un cahier et un stylo." in message.body
        assert "&#x27;" not in message.body + message.subject  # plain text
        (name, content, mimetype) = message.attachments[0]
        assert mimetype == "text/calendar"
        (event,) = icalendar.Calendar.from_ical(content).walk("VEVENT")
        assert event.decoded("dtstart") == session.starts_at

    def test_full_session_puts_on_the_waiting_list_with_rank(self, activity):
        session = one_date_session(activity, places=1)
        book(session, "Bernard")
        client = Client()
        response = post(client, session)
        html = html_of(client.get(response["Location"]))
        assert "Vous êtes sur la liste d'attente, en position 1." in html
        assert Booking.objects.get(name="Awa Diallo").is_waiting

        other = Client()
        html = html_of(other.get(book_url(session)))
        assert "Cette séance est complète" in html
        response = post(other, session, name="Chloé", email="chloe@example.org")
        html = html_of(other.get(response["Location"]))
        assert "en position 2" in html

    def test_series_books_every_session_from_this_date(
        self, activity, django_capture_on_commit_callbacks
    ):
        sessions = weekly_sessions(activity, horizon_days=30, places=1)
        book(sessions[2], "Bernard")  # the third Tuesday is full
        client = Client()
        with django_capture_on_commit_callbacks(execute=True):
            response = post(client, sessions[1], scope="series")
        assert response.status_code == 303
        bookings = list(Booking.objects.filter(name="Awa Diallo"))
        assert [b.occurrence_id for b in bookings] == [s.pk for s in sessions[1:]]
        assert len({b.series for b in bookings}) == 1
        html = html_of(client.get(response["Location"]))
        assert "Vos réservations sont enregistrées" in html
        for booking in bookings:
            assert booking.code in html
            assert f"/reservation/{booking.token}/" in html
        assert html.count("Confirmée") == len(bookings) - 1
        assert "Vous êtes sur la liste d'attente, en position 1" in html
        assert len(mail.outbox) == 1

    def test_confirmation_page_needs_the_browser_that_booked(self, session):
        post(Client(), session)
        response = Client().get(reverse("bookings:booked", args=[session.pk]))
        assert response.status_code == 302
        assert response["Location"] == book_url(session)

    def test_a_booking_writes_no_session_and_shows_only_to_its_browser(self, session):
        from django.contrib.sessions.models import Session

        resident = Client()
        response = post(resident, session)
        assert response.status_code == 303
        assert "sessionid" not in response.cookies
        assert not Session.objects.exists()
        kept = response.cookies["reservations"]
        assert kept["path"] == book_url(session) and kept["httponly"]
        html = resident.get(response["Location"]).content.decode()
        assert Booking.objects.get().code in html
        # A forged or altered cookie shows nothing.
        forger = Client()
        forger.cookies["reservations"] = Booking.objects.get().token
        assert forger.get(response["Location"]).status_code == 302

    def test_the_form_shown_again_keeps_its_privacy_link(self, site, session):
        factories.standard_page(
            site["home"], title="Confidentialité", slug="confidentialite"
        )
        response = post(Client(), session, name="")
        assert response.status_code == 400
        form = html_of(response).split('<form method="post"')[1].split("</form>")[0]
        assert '<a href="/confidentialite/">' in form
        assert "effacées" in form

    @pytest.mark.parametrize(
        ("limit", "said", "refused"),
        [
            (1, "Au plus 1 personne en tout", "au plus 1 place."),
            (4, "Au plus 4 personnes en tout", "au plus 4 places."),
        ],
    )
    def test_the_limit_per_booking_is_singular_for_one(
        self, activity, limit, said, refused
    ):
        session = one_date_session(activity, places=10, max_places_per_booking=limit)
        assert said + " par réservation." in html_of(Client().get(book_url(session)))
        response = post(Client(), session, adults=str(limit + 1))
        assert response.status_code == 400
        assert_field_error(
            response, "adults", "Une réservation peut prendre " + refused
        )
        assert not session.bookings.exists()
        # The service says it the same way to any other path (desk, shell).
        with pytest.raises(BookingError) as refusal:
            services.book(session, name="Awa", phone="06 12 34 56 78", adults=limit + 1)
        assert str(refusal.value).endswith(refused)


# Refused inputs: a French message next to the field, a 4xx, nothing saved ------


REFUSED = [
    ({"name": ""}, "name", "Indiquez votre nom."),
    ({"adults": "0", "children": "0"}, "adults", "Indiquez au moins une personne."),
    ({"adults": "", "children": ""}, "adults", "Indiquez au moins une personne."),
    ({"adults": "5"}, "adults", "Une réservation peut prendre au plus 4 places."),
    (
        {"adults": "3", "children": "2"},
        "adults",
        "Une réservation peut prendre au plus 4 places.",
    ),
    ({"adults": "-1"}, "adults", "supérieure ou égale à 0"),
    ({"adults": "deux"}, "adults", "Saisissez un nombre entier."),
    (
        {"email": "", "phone": ""},
        "phone",
        "Indiquez un numéro de téléphone ou une adresse e-mail.",
    ),
    ({"email": "awa@"}, "email", "Saisissez une adresse de courriel valide."),
    (
        {"phone": "06 12 34"},
        "phone",
        "Numéro de téléphone invalide\u00a0: écrivez-le par exemple 06 12 34 56 78",
    ),
    (
        {"phone": "16 12 34 56 78"},
        "phone",
        "Numéro de téléphone invalide\u00a0: écrivez-le par exemple 06 12 34 56 78",
    ),
    ({"consent": None}, "consent", "Cochez cette case pour réserver"),
]


class TestRefusedInputs:
    @pytest.mark.parametrize(("data", "field", "message"), REFUSED)
    def test_bad_input(self, session, data, field, message):
        response = post(Client(), session, **data)
        assert response.status_code == 400
        assert_field_error(response, field, message)
        assert not Booking.objects.exists()
        assert mail.outbox == []

    @pytest.mark.parametrize(
        "phone", ["06 12 34 56 78", "06.12.34.56.78", "0612345678", "+33 6 12 34 56 78"]
    )
    def test_french_phone_numbers_are_accepted(self, session, phone):
        response = post(Client(), session, email="", phone=phone)
        assert response.status_code == 303
        assert str(Booking.objects.get().phone) == "+33612345678"

    def test_same_contact_twice(self, session):
        assert post(Client(), session).status_code == 303
        response = post(Client(), session, email="AWA@example.org")
        assert response.status_code == 400
        assert_field_error(  # next to the contact given twice
            response,
            "email",
            "Vous avez déjà une réservation pour cette séance avec ces coordonnées.",
        )
        assert Booking.objects.count() == 1

    def test_outing_without_an_adult(self, outing_session):
        response = post(Client(), outing_session, adults="0", children="2")
        assert response.status_code == 400
        assert_field_error(
            response, "adults", "Une sortie se réserve avec au moins un adulte."
        )
        assert not Booking.objects.exists()

    def test_outing_with_an_adult(self, outing_session):
        response = post(Client(), outing_session, adults="1", children="2")
        assert response.status_code == 303
        assert Booking.objects.get().places == 3

    def test_honeypot(self, session):
        response = post(Client(), session, site_web="http://spam.example")
        assert response.status_code == 400
        assert "Votre demande n'a pas pu être enregistrée." in html_of(response)
        assert "spam.example" not in html_of(response)
        assert not Booking.objects.exists()
        assert mail.outbox == []

    def test_unknown_session(self, session):
        response = Client().get(reverse("bookings:book", args=[session.pk + 1000]))
        assert response.status_code == 404
        assert "Page introuvable" in html_of(response)
        response = Client().post(
            reverse("bookings:book", args=[session.pk + 1000]), form_data()
        )
        assert response.status_code == 404

    def test_session_of_an_unpublished_page(self, activity, session):
        activity.unpublish()
        assert Client().get(book_url(session)).status_code == 404

    @pytest.mark.parametrize("how", ["closed", "past", "cancelled"])
    def test_session_no_longer_bookable_is_gone(self, session, how):
        now = timezone.now()
        if how == "closed":
            Occurrence.objects.filter(pk=session.pk).update(
                booking_closes_at=now - timedelta(minutes=1)
            )
            reason = "Les réservations pour cette séance sont fermées."
        elif how == "past":
            Occurrence.objects.filter(pk=session.pk).update(
                starts_at=now - timedelta(hours=1),
                ends_at=now + timedelta(hours=1),
                booking_closes_at=now - timedelta(hours=1),
            )
            reason = "Cette séance est passée."
        else:
            services.cancel_session(session)
            reason = "Cette séance est annulée."
        response = Client().get(book_url(session))
        assert response.status_code == 410
        assert reason in html_of(response)
        assert "<form" not in html_of(response).split("<main")[1]
        response = post(Client(), session)
        assert response.status_code == 410
        assert reason in html_of(response)
        assert not Booking.objects.exists()

    def test_booking_not_open_yet(self, session):
        opens = timezone.now() + timedelta(days=2)
        Occurrence.objects.filter(pk=session.pk).update(booking_opens_at=opens)
        response = Client().get(book_url(session))
        assert response.status_code == 200
        assert "ne sont pas encore ouvertes" in html_of(response)
        assert 'name="name"' not in html_of(response)
        assert post(Client(), session).status_code == 400
        assert not Booking.objects.exists()

    def test_drop_in_session(self, activity):
        session = one_date_session(activity, bookable_online=False)
        response = Client().get(book_url(session))
        assert response.status_code == 200
        assert "accès libre" in html_of(response)
        assert post(Client(), session).status_code == 400
        assert not Booking.objects.exists()

    def test_closing_between_form_and_submit(self, session):
        client = Client()
        client.get(book_url(session))
        Occurrence.objects.filter(pk=session.pk).update(
            booking_closes_at=timezone.now()
        )
        response = post(client, session)
        assert response.status_code == 410
        assert not Booking.objects.exists()

    def test_rate_limit_refuses_the_public_form_not_the_desk(self, session, settings):
        settings.BOOKINGS_RATE_LIMIT = 1  # bookings made; a refused try is not one
        client = Client(REMOTE_ADDR="203.0.113.7")
        assert post(client, session, email="bad").status_code == 400
        assert post(client, session).status_code == 303
        response = post(client, session, name="Chloé", email="chloe@example.org")
        assert response.status_code == 429
        assert "Trop de tentatives" in html_of(response)
        assert "02\u00a041\u00a000\u00a000\u00a000" in html_of(response)
        assert Booking.objects.count() == 1
        # another address is not held back by this one
        other = Client(REMOTE_ADDR="203.0.113.8")
        assert (
            post(other, session, name="Chloé", email="chloe@example.org").status_code
            == 303
        )
        # the desk books through the service, never limited
        staff = services.book(
            session, name="Denise", phone="0612345678", channel=Booking.Channel.STAFF
        )
        assert staff.is_confirmed
        # reading the page is not an attempt
        assert client.get(book_url(session)).status_code == 200

    def test_missing_csrf_token(self, session):
        client = Client(enforce_csrf_checks=True)
        response = client.post(book_url(session), form_data())
        assert response.status_code == 403
        html = html_of(response)
        assert '<html lang="fr"' in html
        assert "Formulaire expiré" in html
        assert "Rien n'a été enregistré" in html
        assert not Booking.objects.exists()

    def test_with_the_csrf_token(self, session):
        client = Client(enforce_csrf_checks=True)
        html = html_of(client.get(book_url(session)))
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        response = client.post(book_url(session), form_data(csrfmiddlewaretoken=token))
        assert response.status_code == 303


# The manage link ---------------------------------------------------------------


def manage_url(booking):
    return reverse("bookings:manage", args=[booking.token])


def cancel_url(booking):
    return reverse("bookings:cancel", args=[booking.token])


class TestManage:
    def test_shows_the_booking(self, session):
        booking = book(session, "Awa", adults=2, children=1)
        html = html_of(Client().get(manage_url(booking)))
        assert "Atelier d'écriture" in html
        assert french_date(session)[1:] in html
        assert "3 rue des Tilleuls" in html
        assert "2 adultes" in html and "1 enfant" in html
        assert "Confirmée" in html
        assert booking.code in html
        assert reverse("bookings:booking_ical", args=[booking.token]) in html
        assert f'action="{cancel_url(booking)}"' in html
        assert "Annuler ma réservation" in html
        assert "Voulez-vous vraiment annuler\u00a0?" in html

    def test_waiting_booking_shows_its_rank_and_can_leave(self, activity):
        session = one_date_session(activity, places=1)
        book(session, "Bernard")
        book(session, "Chloé")
        booking = book(session, "Awa")
        html = html_of(Client().get(manage_url(booking)))
        assert "Vous êtes sur la liste d'attente, en position 2" in html
        assert "Quitter la liste d'attente" in html

    def test_cancel_tells_the_resident_and_promotes_the_waiting_list(
        self, activity, django_capture_on_commit_callbacks
    ):
        session = one_date_session(activity, places=1)
        booking = book(session, "Awa", email="awa@example.org")
        waiting = book(session, "Bernard", email="bernard@example.org")
        client = Client()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(cancel_url(booking))
        assert response.status_code == 303
        assert response["Location"] == manage_url(booking)
        booking.refresh_from_db()
        waiting.refresh_from_db()
        assert booking.is_cancelled
        assert waiting.is_confirmed
        sent = {message.to[0]: message for message in mail.outbox}
        assert len(mail.outbox) == 2
        assert sent["awa@example.org"].subject.startswith("Réservation annulée")
        assert sent["bernard@example.org"].subject.startswith("Une place s'est libérée")
        assert f"/reservation/{waiting.token}/" in sent["bernard@example.org"].body
        html = html_of(client.get(response["Location"]))
        assert "Votre réservation est annulée. Merci\u00a0!" in html
        assert "Annulée" in html
        assert f'action="{cancel_url(booking)}"' not in html

    def test_cancelling_twice_sends_one_email(
        self, session, django_capture_on_commit_callbacks
    ):
        booking = book(session, "Awa", email="awa@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            assert Client().post(cancel_url(booking)).status_code == 303
            assert Client().post(cancel_url(booking)).status_code == 303
        assert len(mail.outbox) == 1
        assert Booking.objects.get().is_cancelled

    def test_leaving_the_waiting_list(self, activity):
        session = one_date_session(activity, places=1)
        book(session, "Bernard")
        booking = book(session, "Awa")
        client = Client()
        response = client.post(cancel_url(booking))
        assert response.status_code == 303
        assert "Vous avez quitté la liste d'attente." in html_of(
            client.get(manage_url(booking))
        )
        booking.refresh_from_db()
        assert booking.is_cancelled

    def test_too_late_to_cancel_online(self, session):
        booking = book(session, "Awa")
        Occurrence.objects.filter(pk=session.pk).update(
            booking_closes_at=timezone.now() - timedelta(minutes=1)
        )
        html = html_of(Client().get(manage_url(booking)))
        assert "Trop tard pour annuler en ligne\u00a0: appelez le local" in html
        assert 'href="tel:+33241000000"' in html
        assert cancel_url(booking) not in html
        response = Client().post(cancel_url(booking))
        assert response.status_code == 400
        assert "Il est trop tard pour annuler en ligne" in html_of(response)
        booking.refresh_from_db()
        assert booking.is_confirmed

    @pytest.mark.parametrize("method", ["get", "post"])
    def test_unknown_or_forged_token(self, session, method):
        booking = book(session, "Awa")
        forged = booking.token[:-1] + ("A" if booking.token[-1] != "A" else "B")
        for token in (forged, str(booking.pk), "x"):
            for name in ("bookings:manage", "bookings:cancel", "bookings:booking_ical"):
                url = reverse(name, args=[token])
                response = getattr(Client(), method)(url)
                if method == "post" and name != "bookings:cancel":
                    assert response.status_code in {404, 405}
                    continue
                assert response.status_code == 404, (name, token)
                assert "Page introuvable" in html_of(response)
        booking.refresh_from_db()
        assert booking.is_confirmed

    def test_booking_ical(self, session):
        booking = book(session, "Awa")
        response = Client().get(reverse("bookings:booking_ical", args=[booking.token]))
        assert response.status_code == 200
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Disposition"].startswith("attachment;")
        (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
        assert event.decoded("dtstart") == session.starts_at
        assert str(event["summary"]) == "Atelier d'écriture"
        assert str(event["url"]) == session.page.full_url
        assert manage_url(booking) in str(event["description"])
