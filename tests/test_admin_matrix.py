"""Who sees residents' personal data in the admin: every admin URL, every role.

The URLs are not listed here: they are read from the URL resolver (Wagtail's
admin with every app's and viewset's URLs, and Django's admin), so an admin
URL added later is requested too. Each one is filled with the ids of the
objects that hold a known resident's data (a booking, its session and call,
a submission of « Proposez un atelier »), requested by each role in
``ROLES``, and the body (or the export) searched for that resident's name,
e-mail, note and phone number in every writing.

Add a role to ``ROLES`` (a partner, a new group of staff): it is checked on
every URL with the rest.
"""

import csv
import io
import itertools
import re
from dataclasses import dataclass
from html import unescape

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.admin.views.mixins import SpreadsheetExportMixin
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import GroupPagePermission, Page

from bookings.models import Booking, Occurrence, PendingCall
from bookings.permissions import can_manage_bookings
from tests import factories
from tests.bookings.admin_fixtures import staff_group_from_migration
from tests.bookings.domain import book, make_session
from tests.bookings.partner_fixtures import give_section, groups_from_migration

pytestmark = pytest.mark.django_db

ADMIN_PREFIXES = ("admin/", "django-admin/")

# The known resident, in every form their data can take on a page.
NAME = "Zélie Confidentielle"
EMAIL = "zelie.confidentielle@example.org"
NOTE = "Allergie aux noisettes, très confidentiel"
PHONE_DIGITS = "0699887766"


def secrets():
    pairs = [PHONE_DIGITS[i : i + 2] for i in range(0, 10, 2)]
    phones = [
        PHONE_DIGITS,
        " ".join(pairs),
        "\u00a0".join(pairs),
        ".".join(pairs),
        "+33" + PHONE_DIGITS[1:],
        "33699887766",
    ]
    return ["Confidentielle", "confidentiel", EMAIL, *phones]


# Roles --------------------------------------------------------------------


def editors_group():
    """Wagtail's « Editors » group, as its migrations make it (again after a
    transactional test's flush): the admin, and editing every page."""
    group, _created = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    root = Page.get_first_root_node()
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=root,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    return group


def anonymous():
    return None


def volunteer():
    """The demo's « benevole »: an editor of every page, no booking permission."""
    user = get_user_model().objects.create_user("benevole-matrice", "x@example.org")
    user.groups.add(editors_group())
    assert not can_manage_bookings(user)
    return user


def booking_staff():
    user = get_user_model().objects.create_user("marie-matrice", "m@example.org")
    user.groups.add(staff_group_from_migration())
    assert can_manage_bookings(user)
    return user


def partner():
    """The maison des jeunes' worker: the « Partenaires » group, acting for
    its organisation, editing its own section of the site."""
    partner_group, _staff = groups_from_migration()
    user = get_user_model().objects.create_user("mdj-matrice", "mdj@example.org")
    user.groups.add(partner_group)
    factories.youth_centre(members=[user])
    give_section(partner_group, Page.get_first_root_node().get_last_child())
    assert not can_manage_bookings(user)
    return user


def superuser():
    return get_user_model().objects.create_superuser(
        "admin-matrice", "admin@example.org", "x"
    )


@dataclass(frozen=True)
class Role:
    name: str
    make_user: object  # () -> user or None, called inside the test's database
    sees_residents: bool


ROLES = [
    Role("anonyme", anonymous, sees_residents=False),
    Role("bénévole", volunteer, sees_residents=False),
    Role("partenaire", partner, sees_residents=False),
    Role("réservations", booking_staff, sees_residents=True),
    Role("superutilisateur", superuser, sees_residents=True),
]

# What those who may see residents' data must find, so that the search below
# is known to work: a name in the bookings' listing, a phone in its export,
# the form's answers in Forms.
MUST_SHOW = [
    ("bookings_bookings:index", {}, {}),
    ("bookings_bookings:index", {}, {"export": "csv"}),
    ("bookings_sessions:detail", {"pk": "session"}, {}),
    ("wagtailforms:list_submissions", {"page_id": "form"}, {}),
    ("wagtailforms:list_submissions", {"page_id": "form"}, {"export": "csv"}),
]

# Patterns no request can reach by reverse(): catch-alls.
CATCH_ALL = {"admin/^.*/$", "django-admin/(?P<url>.*)$"}
# Wagtail's own view that raises on purpose, to test error reporting.
DELIBERATE_ERROR = "wagtailadmin_error_test"


# The resident's data ------------------------------------------------------


@pytest.fixture
def resident():
    home = factories.home_page()
    session = make_session(places=1)
    booking = book(session, NAME, phone=PHONE_DIGITS, email=EMAIL, note=NOTE)
    waiting = book(session, "Autre Confidentielle", phone="0655443322")
    call = PendingCall.objects.create(booking=waiting, reason="promoted")
    form = factories.form_page(home)
    submission = FormSubmission.objects.create(
        page=form,
        form_data={
            "votre_nom": NAME,
            "votre_email": EMAIL,
            "votre_idee": f"Un atelier tricot, appelez-moi au {PHONE_DIGITS}",
        },
    )
    return {
        "session": session,
        "booking": booking,
        "call": call,
        "form": form,
        "submission": submission,
        "page": Page.objects.get(pk=session.page_id),
    }


# The admin URLs -------------------------------------------------------------


@dataclass
class Route:
    route: str
    name: str | None
    pattern: URLPattern

    @property
    def params(self):
        return list(self.pattern.pattern.regex.groupindex)

    @property
    def view_class(self):
        return getattr(self.pattern.callback, "view_class", None)

    @property
    def model(self):
        initkwargs = getattr(self.pattern.callback, "view_initkwargs", {}) or {}
        model = initkwargs.get("model") or getattr(self.view_class, "model", None)
        if isinstance(model, str):
            model = apps.get_model(model)
        return model if isinstance(model, type) else None

    @property
    def exports(self):
        view = self.view_class
        return isinstance(view, type) and issubclass(view, SpreadsheetExportMixin)


def admin_routes():
    """Every URL pattern under the admin prefixes, with its namespaced name."""

    def walk(patterns, prefix, namespaces):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(
                    pattern.url_patterns,
                    prefix + str(pattern.pattern),
                    namespaces + ([pattern.namespace] if pattern.namespace else []),
                )
            else:
                name = ":".join(namespaces + [pattern.name]) if pattern.name else None
                yield Route(prefix + str(pattern.pattern), name, pattern)

    return [
        route
        for route in walk(get_resolver().url_patterns, "", [])
        if route.route.startswith(ADMIN_PREFIXES)
    ]


def is_id(param):
    return param in {"pk", "id"} or param.endswith(("_id", "_pk", "id_a", "id_b"))


def candidates(route, param, data):
    """Values to try for one URL parameter: the ids of the objects that hold
    the resident's data, narrowed to the view's model when it has one."""
    if param == "booking_pk":
        return [data["booking"].pk]
    if is_id(param):
        by_model = {
            Booking: [data["booking"].pk],
            Occurrence: [data["session"].pk],
            PendingCall: [data["call"].pk],
            FormSubmission: [data["submission"].pk],
        }
        model = route.model
        if param.endswith("page_id") or (model and issubclass(model, Page)):
            return [data["form"].pk, data["page"].pk]
        if model in by_model:
            return by_model[model]
        ids = {
            data[key].pk
            for key in ("session", "booking", "call", "submission", "form", "page")
        }
        return sorted(ids)
    if param in {"app_label", "app_name", "content_type_app_name"}:
        return ["bookings", "home", "auth"]
    if param in {"model_name", "content_type_model_name"}:
        return ["booking", "formpage"]
    if param == "filter_spec":
        return ["original"]
    return ["x"]


def urls_of(route, data):
    params = route.params
    choices = [candidates(route, param, data) for param in params]
    for values in itertools.product(*choices):
        kwargs = dict(zip(params, (str(value) for value in values), strict=True))
        url = build(route, kwargs)
        if url:
            yield url


def build(route, kwargs):
    if route.name:
        try:
            return reverse(route.name, kwargs=kwargs)
        except Exception:  # noqa: BLE001 - a name shared by several patterns
            pass
    path = route.route
    for param, value in kwargs.items():
        path = re.sub(rf"<(?:\w+:)?{param}>", value, path)
    if "<" in path or "^" in path or "(?P" in path:
        return None
    return "/" + path


# Reading what a response shows ------------------------------------------------


def shown(response):
    if response.streaming:
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    text = body.decode("utf-8", errors="replace")
    if "csv" in response.get("Content-Type", ""):
        rows = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
        text += "\n".join(";".join(row) for row in rows)
    return unescape(text)


def leaks(text):
    return [secret for secret in secrets() if secret in text]


# The matrix -----------------------------------------------------------------


def every_request(data):
    """(route, url) for every admin URL, with its CSV export when it has one."""
    for route in admin_routes():
        if route.route in CATCH_ALL:
            continue
        for url in urls_of(route, data):
            yield route, url
            if route.exports:
                yield route, url + "?export=csv"


def test_every_admin_pattern_is_requested(resident):
    """No admin URL is left out because its parameters could not be filled."""
    routes = [r for r in admin_routes() if r.route not in CATCH_ALL]
    missing = [r.route for r in routes if not list(urls_of(r, resident))]
    assert missing == []
    assert len(routes) > 150  # Wagtail's own admin, the apps' and the viewsets'


@pytest.mark.parametrize("role", ROLES, ids=[role.name for role in ROLES])
def test_residents_data_is_shown_only_to_those_who_need_it(role, resident):
    user = role.make_user()
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)

    seen, errors, outside = {}, [], []
    for _route, url in every_request(resident):
        response = client.get(url)
        if response.status_code >= 500 and url != reverse(DELIBERATE_ERROR):
            errors.append(url)
        text = shown(response)
        found = leaks(text)
        if found:
            seen[url] = found
        if "gravatar.com" in text:  # staff e-mails' hashes sent to another site
            outside.append(url)

    if role.sees_residents:
        for name, kwargs, query in MUST_SHOW:
            url = reverse(name, kwargs={k: resident[v].pk for k, v in kwargs.items()})
            if query:
                url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
            response = client.get(url)
            assert response.status_code == 200, url
            assert leaks(shown(response)), url
        assert seen
    else:
        assert seen == {}, f"{role.name} voit des données d'habitants : {seen}"
    assert errors == [], errors
    assert outside == [], outside
