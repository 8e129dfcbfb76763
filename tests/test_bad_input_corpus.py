"""A corpus of bad requests, as a careful attacker would send them.

Forms (public booking, desk booking, form-builder page), tokens in URLs,
query strings, methods, headers and sizes. For each request the test asserts
the status (a 4xx, never a 500; 200 where the odd text is only data, as in a
search), a French page carrying the expected message, and the row counts
before and after: nothing saved, nothing changed.

The site is built once for the module, inside a transaction rolled back at
the end; each case runs in its own savepoint.
"""

import html
import re
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page

from bookings import services
from bookings.models import Booking, Occurrence, PendingCall
from tests import factories
from tests.bookings.admin_fixtures import make_user, staff_group_from_migration
from tests.bookings.conftest import form_data, one_date_session

# Messages, as the pages show them.
CONTROL = "caractères de contrôle"
NO_LETTER = "Écrivez ce nom avec des lettres."
NAME_REQUIRED = "Indiquez votre nom."
REQUIRED = "(requis|obligatoire)"
TOO_LONG = "comporte au plus"
BAD_EMAIL = "Saisissez une adresse"  # « … de courriel valide » (Django)
INTEGER = "Saisissez un nombre entier."
BAD_REQUEST = "Demande incorrecte"
TOO_LARGE = "Envoi trop volumineux"
NOT_FOUND = "Page introuvable"
NOT_ALLOWED = "Action impossible sur cette page"
CSRF = "Formulaire expiré"

CONTROL_CHARACTERS = {
    "nul": "\x00",
    "soh": "\x01",
    "bell": "\x07",
    "backspace": "\x08",
    "vertical-tab": "\x0b",
    "form-feed": "\x0c",
    "escape": "\x1b",
    "unit-separator": "\x1f",
    "del": "\x7f",
    "c1-pad": "\x80",
    "c1-csi": "\x9b",
    "c1-apc": "\x9f",
}
INVISIBLE = {
    "zero-width-space": "\u200b",
    "three-zero-width-spaces": "\u200b\u200b\u200b",
    "byte-order-mark": "\ufeff",
    "word-joiner": "\u2060",
    "left-to-right-mark": "\u200e",
    "right-to-left-override": "\u202e",
    "soft-hyphen": "\u00ad",
    "no-break-space": "\u00a0",
    "ideographic-space": "\u3000",
    "zero-width-joiner": "\u200d",
    "mixed": " \u200b\u00a0\u2060 ",
    "spaces-and-tab": "  \t ",
}
NO_LETTERS = {"digits": "12345", "dashes": "---", "apostrophe": "'", "emoji": "🙂"}


# A well-formed address one character longer than the column.
EMAIL_255 = "a" * 64 + "@" + "b" * 62 + "." + "c" * 62 + "." + "d" * 61 + ".fr"


def case(id_, *values, marks=()):
    return pytest.param(*values, id=id_, marks=marks)


# The site --------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Pages, an open session with one booking, a form page, a coordinator."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            home = factories.home_page()
            local = factories.local_page(home, title="Local des Hauts")
            index = factories.activity_index(local)
            activity = factories.activity_page(index, title="Atelier d'écriture")
            session = one_date_session(activity, places=10, max_places_per_booking=4)
            booking = services.book(session, name="Awa Diallo", email="awa@example.org")
            form_page = factories.form_page(home)
            coordinator = make_user(
                get_user_model(), "corpus-coordinatrice", [staff_group_from_migration()]
            )
            yield SimpleNamespace(
                home=home,
                local=local,
                index=index,
                activity=activity,
                session=session,
                booking=booking,
                form_page=form_page,
                coordinator=coordinator,
            )
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            cache.clear()


@pytest.fixture(autouse=True)
def no_rate_limit(settings):
    settings.BOOKINGS_RATE_LIMIT = 10_000
    cache.clear()


def row_counts(world):
    booking = Booking.objects.get(pk=world.booking.pk)
    session = Occurrence.objects.get(pk=world.session.pk)
    return {
        "bookings": Booking.objects.count(),
        "sessions": Occurrence.objects.count(),
        "submissions": FormSubmission.objects.count(),
        "calls": PendingCall.objects.count(),
        "pages": Page.objects.count(),
        "booking": (booking.status, booking.name, booking.email, booking.note),
        "session": (session.status, session.places, session.cancellation_reason),
    }


def assert_answer(response, status, message):
    """The status, a French page and ``message`` (a pattern) on it."""
    body = html.unescape(response.content.decode("utf-8", errors="replace"))
    assert response.status_code == status, (response.status_code, body[:800])
    assert re.search(r'<html[^>]* lang="fr', body), body[:300]
    assert re.search(message, body), (message, body[:3000])


def check(world, send, status, message):
    before = row_counts(world)
    response = send()
    assert_answer(response, status, message)
    assert row_counts(world) == before


# Public booking form ------------------------------------------------------------

BOOKING_CASES = [
    *(
        case(f"name-{key}", {"name": f"Awa{char}Diallo"}, CONTROL)
        for key, char in CONTROL_CHARACTERS.items()
    ),
    *(
        case(f"name-only-{key}", {"name": value}, NAME_REQUIRED)
        for key, value in INVISIBLE.items()
    ),
    *(
        case(f"name-{key}", {"name": value}, NO_LETTER)
        for key, value in NO_LETTERS.items()
    ),
    case("name-121", {"name": "a" * 121}, TOO_LONG),
    case("name-121-accents", {"name": "é" * 121}, TOO_LONG),
    case("name-100000", {"name": "Awa " * 25_000}, TOO_LONG),
    case("email-255", {"email": EMAIL_255}, TOO_LONG),
    case(
        "email-320",
        {"email": "a" * 64 + "@" + ".".join(["b" * 62] * 4) + ".fr"},
        TOO_LONG,
    ),
    case("email-100000", {"email": "a" * 100_000 + "@b.fr"}, TOO_LONG),
    case("email-no-at", {"email": "awa.example.org"}, BAD_EMAIL),
    case("email-no-domain", {"email": "awa@"}, BAD_EMAIL),
    case("email-no-local-part", {"email": "@example.org"}, BAD_EMAIL),
    case("email-space", {"email": "awa diallo@example.org"}, BAD_EMAIL),
    case("email-header", {"email": "awa@example.org\nBcc: x@y.fr"}, BAD_EMAIL),
    case("email-nul", {"email": "awa\x00@example.org"}, BAD_EMAIL),
    case("email-html", {"email": "<script>@example.org"}, BAD_EMAIL),
    case("email-two-at", {"email": "awa@b@example.org"}, BAD_EMAIL),
    *(
        case(f"note-{key}", {"note": f"Allergie{char}aux noix"}, CONTROL)
        for key, char in CONTROL_CHARACTERS.items()
    ),
    case("note-1001", {"note": "n" * 1001}, TOO_LONG),
    case("note-100000", {"note": "n" * 100_000}, TOO_LONG),
    *(
        case(f"{field}-{key}", {field: value}, message)
        for field in ("adults", "children")
        for key, value, message in [
            ("letters", "abc", INTEGER),
            ("negative", "-1", "supérieure ou égale à 0"),
            ("decimal", "1.5", INTEGER),
            ("exponent", "1e3", INTEGER),
            ("huge", "9" * 30, "au plus 4 places"),
            ("hex", "0x10", INTEGER),
            ("nan", "NaN", INTEGER),
            ("infinity", "Infinity", INTEGER),
            ("nul", "\x00", INTEGER),
        ]
    ),
    case("phone-letters", {"phone": "abc", "email": ""}, "Numéro de téléphone"),
    case("phone-short", {"phone": "0612", "email": ""}, "Numéro de téléphone"),
    case("phone-26", {"phone": "0" * 26, "email": ""}, "Numéro de téléphone"),
    case("phone-nul", {"phone": "06\x0012345678", "email": ""}, "caractère nul"),
    case("no-contact", {"email": ""}, "Indiquez un numéro de téléphone"),
    case("no-consent", {"consent": None}, "Cochez cette case"),
    case("honeypot", {"site_web": "http://spam.example"}, "pas pu être enregistrée"),
    case("nobody", {"adults": "0", "children": "0"}, "au moins une personne"),
    case("too-many", {"adults": "3", "children": "2"}, "au plus 4 places"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("overrides, message", BOOKING_CASES)
def test_public_booking_form(world, client, overrides, message):
    url = reverse("bookings:book", args=[world.session.pk])
    data = form_data(**overrides)
    check(world, lambda: client.post(url, data), 400, message)


# Desk booking (staff, Wagtail admin) ----------------------------------------------

DESK_CASES = [
    *(
        case(f"name-{key}", {"name": f"Awa{char}Diallo"}, CONTROL)
        for key, char in CONTROL_CHARACTERS.items()
    ),
    *(
        case(f"name-only-{key}", {"name": value}, REQUIRED)
        for key, value in INVISIBLE.items()
    ),
    case("name-digits", {"name": "0612345678"}, NO_LETTER),
    case("name-121", {"name": "a" * 121}, TOO_LONG),
    case("name-100000", {"name": "a" * 100_000}, TOO_LONG),
    case("email-255", {"email": EMAIL_255}, TOO_LONG),
    case("email-invalid", {"email": "awa@"}, BAD_EMAIL),
    case("email-header", {"email": "a@b.fr\r\nBcc: c@d.fr"}, BAD_EMAIL),
    case("phone-25-digits", {"phone": "0" * 25}, "Numéro de téléphone invalide"),
    case("phone-26", {"phone": "0" * 26}, "Numéro de téléphone invalide"),
    *(
        case(f"note-{key}", {"note": f"Rappeler{char}demain"}, CONTROL)
        for key, char in list(CONTROL_CHARACTERS.items())[:6]
    ),
    case("note-1001", {"note": "n" * 1001}, TOO_LONG),
    case("adults-letters", {"adults": "deux"}, INTEGER),
    case("adults-huge", {"adults": "9" * 30}, "inférieure ou égale à 999"),
    case("party-huge", {"adults": "999", "children": "999"}, "au plus 999 places"),
    case("children-negative", {"children": "-3"}, "supérieure ou égale à 0"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("overrides, message", DESK_CASES)
def test_desk_booking_form(world, client, overrides, message):
    client.force_login(world.coordinator)
    url = reverse("bookings_sessions:add_booking", args=[world.session.pk])
    data = form_data(**{"phone": "02 41 00 00 01", "email": "", **overrides})
    check(world, lambda: client.post(url, data), 400, message)


# Form-builder page (« Proposez un atelier ») -------------------------------------


def form_page_data(**overrides):
    data = {
        "votre_nom": "Awa Diallo",
        "votre_e_mail": "awa@example.org",
        "votre_idee": "Un atelier de couture.",
    }
    data.update(overrides)
    return data


FORM_PAGE_CASES = [
    *(
        case(f"name-{key}", {"votre_nom": f"Awa{char}Diallo"}, CONTROL)
        for key, char in CONTROL_CHARACTERS.items()
    ),
    *(
        case(f"name-only-{key}", {"votre_nom": value}, REQUIRED)
        for key, value in INVISIBLE.items()
    ),
    case("name-256", {"votre_nom": "a" * 256}, TOO_LONG),
    *(
        case(f"idea-{key}", {"votre_idee": f"Une{char}idée"}, CONTROL)
        for key, char in list(CONTROL_CHARACTERS.items())[:6]
    ),
    case("idea-5001", {"votre_idee": "i" * 5001}, TOO_LONG),
    case("idea-100000", {"votre_idee": "Une idée. " * 10_000}, TOO_LONG),
    case("idea-invisible", {"votre_idee": "\u200b\u2060"}, REQUIRED),
    case("email-255", {"votre_e_mail": EMAIL_255}, TOO_LONG),
    case("email-invalid", {"votre_e_mail": "awa@"}, BAD_EMAIL),
    case("email-header", {"votre_e_mail": "a@b.fr\nBcc: c@d.fr"}, BAD_EMAIL),
]


@pytest.mark.django_db
@pytest.mark.parametrize("overrides, message", FORM_PAGE_CASES)
def test_form_builder_page(world, client, overrides, message):
    url = world.form_page.url
    data = form_page_data(**overrides)
    check(world, lambda: client.post(url, data), 400, message)


# Tokens in URLs -------------------------------------------------------------

# (as typed in the address, percent-encoded; the status expected)
TOKENS = [
    ("nul", "%00", 400),
    ("nul-inside", "abc%00def", 400),
    ("line-feed", "%0a", 400),
    ("crlf", "abc%0d%0aSet-Cookie:x", 400),
    ("ansi-escape", "%1b%5b31m", 400),
    ("del", "%7f", 400),
    ("c1-nel", "%c2%85", 400),
    ("c1-csi", "%c2%9b", 400),
    ("quote", "%27", 404),
    ("sql", "%27%20OR%201%3D1--", 404),
    ("semicolon", "a%3Bb", 404),
    ("html", "%3Cscript%3Ealert(1)%3C%2Fscript%3E", 404),
    ("traversal", "..%2F..%2Fetc%2Fpasswd", 404),
    ("backslash", "%5C", 404),
    ("percent", "%25", 404),
    ("space", "a%20b", 404),
    ("star", "*", 404),
    ("65-chars", "a" * 65, 404),
    ("5000-chars", "a" * 5000, 404),
    ("accents", "%C3%A9t%C3%A9", 404),
    ("invalid-utf8", "%ff%fe", 404),
    ("zero-width", "%E2%80%8B", 404),
    ("well-formed-unknown", "x" * 32, 404),
]
TOKEN_ENDPOINTS = [
    ("manage", "get", "/reservation/{}/"),
    ("cancel", "post", "/reservation/{}/annuler/"),
    ("ics", "get", "/reservation/{}/reservation.ics"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, url, status",
    [
        case(f"{endpoint}-{key}", method, template.format(token), status)
        for endpoint, method, template in TOKEN_ENDPOINTS
        for key, token, status in TOKENS
    ],
)
def test_token_in_url(world, client, method, url, status):
    message = BAD_REQUEST if status == 400 else NOT_FOUND
    check(world, lambda: getattr(client, method)(url), status, message)


# Query strings ------------------------------------------------------------------

SEARCH_TEXT = [
    ("sql-punctuation", "'\";<>%_\\"),
    ("double-quote", '"'),
    ("unbalanced-quotes", "a\"b'c"),
    ("quote-or", "' OR 1=1 --"),
    ("fts-near", "NEAR(atelier"),
    ("fts-star", "*"),
    ("fts-column", "title:atelier"),
    ("fts-caret", "^atelier"),
    ("boolean", "AND OR NOT"),
    ("minus", "-atelier"),
    ("parentheses", "(((("),
    ("percent", "%"),
    ("underscore", "_"),
    ("backslash", "\\"),
    ("html", "<script>alert(1)</script>"),
    ("tsquery", "atelier & !cuisine | (a <-> b)"),
    ("10000-chars", "atelier " * 1250),
    ("emoji", "🙂"),
    ("zero-width", "\u200b"),
    ("apostrophe", "l'atelier"),
    ("right-to-left", "\u202eriler"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("query", [case(key, value) for key, value in SEARCH_TEXT])
def test_search_text_is_data(world, client, query):
    check(world, lambda: client.get("/recherche/", {"q": query}), 200, "Rechercher")


@pytest.mark.django_db
@pytest.mark.parametrize("page", ["abc", "-1", "0", "9" * 30, "1e9", "", "1.5", "%00"])
def test_search_page_number_is_data(world, client, page):
    params = {"q": "atelier", "page": page}
    check(world, lambda: client.get("/recherche/", params), 200, "Rechercher")


QUERY_URLS = {
    "search": "/recherche/?q={}",
    "home": "/?utm_source={}",
    "calendar": "/agenda.ics?x={}",
    "book": "/reserver/{session}/?next={}",
    "activity-filter": "{index}?categorie={}",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "where, key, encoded",
    [
        case(f"{where}-{key}", where, key, encoded)
        for where in QUERY_URLS
        for key, encoded in [
            ("nul", "%00"),
            ("escape", "%1B%5B2J"),
            ("bell", "a%07"),
            ("del", "%7F"),
            ("c1", "%C2%9B"),
            ("crlf", "%0D%0ALocation:%20x"),
        ]
    ],
)
def test_control_characters_in_query_string(world, client, where, key, encoded):
    url = QUERY_URLS[where].format(
        encoded, session=world.session.pk, index=world.index.url
    )
    check(world, lambda: client.get(url), 400, BAD_REQUEST)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "categorie=inconnue",
        "public=%27%3B--",
        "jour=99",
        "jour=-1",
        "jour=abc",
        "categorie=" + "x" * 5000,
        "categorie=atelier&categorie=sport",
    ],
)
def test_activity_filters_are_data(world, client, query):
    url = f"{world.index.url}?{query}"
    check(world, lambda: client.get(url), 200, world.index.title)


# Methods ------------------------------------------------------------------------

METHOD_URLS = {
    "home": lambda world: world.home.url,
    "local": lambda world: world.local.url,
    "activity": lambda world: world.activity.url,
    "form-page": lambda world: world.form_page.url,
    "search": lambda world: "/recherche/",
    "book": lambda world: reverse("bookings:book", args=[world.session.pk]),
    "manage": lambda world: reverse("bookings:manage", args=[world.booking.token]),
    "cancel": lambda world: reverse("bookings:cancel", args=[world.booking.token]),
    "calendar": lambda world: "/agenda.ics",
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "method, where",
    [
        case(f"{method}-{where}", method, where)
        for method in ("OPTIONS", "TRACE", "PUT", "PATCH", "DELETE")
        for where in METHOD_URLS
    ],
)
def test_method_not_allowed(world, client, method, where):
    url = METHOD_URLS[where](world)
    response = None

    def send():
        nonlocal response
        response = client.generic(method, url)
        return response

    check(world, send, 405, NOT_ALLOWED)
    assert "GET" in response["Allow"]


# Headers and sizes -------------------------------------------------------------


def booking_url(world):
    return reverse("bookings:book", args=[world.session.pk])


@pytest.mark.django_db
@pytest.mark.parametrize(
    "host", ["evil.example", "ex\u00e9mple.fr", "a" * 300, "localhost:99999", "[::1"]
)
def test_host_not_allowed(world, client, settings, host):
    settings.ALLOWED_HOSTS = ["quartiers.example.fr"]
    check(world, lambda: client.get("/", HTTP_HOST=host), 400, BAD_REQUEST)


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["booking", "form-page"])
def test_too_many_fields(world, client, where, settings):
    url = booking_url(world) if where == "booking" else world.form_page.url
    data = form_data() | form_page_data()
    data.update({f"f{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS)})
    check(world, lambda: client.post(url, data), 400, BAD_REQUEST)


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["booking", "form-page"])
def test_body_too_large(world, client, where, settings):
    url = booking_url(world) if where == "booking" else world.form_page.url
    data = form_data(note="n" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    data |= form_page_data()
    check(world, lambda: client.post(url, data), 400, BAD_REQUEST)


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["booking", "form-page"])
def test_upload_of_20_mb(world, client, where):
    """Files are not counted by DATA_UPLOAD_MAX_MEMORY_SIZE: the body's size is
    (MAX_REQUEST_BODY_SIZE, nginx's limit too)."""
    url = booking_url(world) if where == "booking" else world.form_page.url
    photo = SimpleUploadedFile("photo.jpg", b"x" * (20 * 1024 * 1024))
    data = form_data() | form_page_data() | {"photo": photo}
    check(world, lambda: client.post(url, data), 413, TOO_LARGE)


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["booking", "form-page"])
@pytest.mark.parametrize(
    "content_type, body",
    [
        case("no-boundary", "multipart/form-data", b"name=Awa"),
        case(
            "empty-boundary",
            "multipart/form-data; boundary=",
            b"--\r\nname=Awa",
        ),
        case(
            "bad-boundary",
            "multipart/form-data; boundary=\x00\x01",
            b"--x\r\n",
        ),
    ],
)
def test_malformed_multipart(world, client, where, content_type, body):
    url = booking_url(world) if where == "booking" else world.form_page.url
    send = lambda: client.generic("POST", url, body, content_type=content_type)  # noqa: E731
    check(world, send, 400, BAD_REQUEST)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content_type, body, message",
    [
        case("json", "application/json", b'{"name": "Awa"}', NAME_REQUIRED),
        case("text", "text/plain", b"name=Awa", NAME_REQUIRED),
        case(
            "invalid-utf8",
            "application/x-www-form-urlencoded",
            b"name=%ff%fe&email=awa%40example.org&adults=1&consent=on",
            NO_LETTER,
        ),
        case(
            "raw-nul",
            "application/x-www-form-urlencoded",
            b"name=Awa%00&email=awa%40example.org&adults=1&consent=on",
            CONTROL,
        ),
    ],
)
def test_odd_booking_bodies(world, client, content_type, body, message):
    url = booking_url(world)
    send = lambda: client.generic("POST", url, body, content_type=content_type)  # noqa: E731
    check(world, send, 400, message)


@pytest.mark.django_db
@pytest.mark.parametrize("where", ["booking", "form-page", "cancel"])
def test_post_without_csrf_token(world, where):
    client = Client(enforce_csrf_checks=True)
    url = {
        "booking": booking_url(world),
        "form-page": world.form_page.url,
        "cancel": reverse("bookings:cancel", args=[world.booking.token]),
    }[where]
    data = form_data() | form_page_data()
    check(world, lambda: client.post(url, data), 403, CSRF)
