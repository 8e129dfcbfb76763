"""The demo loader: what it creates, and that running it again changes nothing."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from wagtail.images.models import Image
from wagtail.models import Page, Revision, Site

from activities.models import (
    ActivityPage,
    Category,
    LocalPage,
    OpeningHours,
    OutingPage,
    Partner,
    SportEventPage,
)
from bookings.models import Occurrence, Schedule
from home.models import FormField, FormPage, HomePage, SiteSettings, StandardPage

pytestmark = pytest.mark.django_db

WELCOME_TITLE = "Welcome to your new Wagtail site!"


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "partners": Partner.objects.count(),
        "images": Image.objects.count(),
        "schedules": Schedule.objects.count(),
        "sessions": Occurrence.objects.count(),
        "opening hours": OpeningHours.objects.count(),
        "form fields": FormField.objects.count(),
        "users": get_user_model().objects.count(),
    }


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def demo(media):
    return load_demo()


def home_page():
    return Site.objects.get(is_default_site=True).root_page.specific


class TestRunningTwice:
    def test_second_run_creates_and_publishes_nothing(self, demo):
        first = counts()
        load_demo()
        assert counts() == first
        assert first["pages"] >= 25
        assert first["schedules"] >= 15

    def test_second_run_puts_edited_content_back_in_place(self, demo):
        local = LocalPage.objects.get(slug="local-des-tilleuls")
        local.phone = "06 99 99 99 99"
        local.save()
        cooking = ActivityPage.objects.get(slug="atelier-cuisine")
        Schedule.objects.filter(page=cooking).update(places=3)
        Partner.objects.filter(name="CAF de Maine-et-Loire").update(description="")
        before = counts()

        load_demo()

        local.refresh_from_db()
        assert local.phone == "02 41 00 00 01"
        assert Schedule.objects.get(page=cooking).places == 10
        assert Partner.objects.get(name="CAF de Maine-et-Loire").description
        after = counts()
        # The two changed pages get a new revision each; nothing else moves.
        assert after.pop("revisions") == before.pop("revisions") + 2
        assert after == before


class TestSite:
    def test_home_page_replaces_the_welcome_page_as_site_root(self, demo):
        site = Site.objects.get(is_default_site=True)
        home = home_page()
        assert isinstance(home, HomePage)
        assert home.title == "Vie des quartiers"
        assert "lieu d'accueil, d'informations et d'activités" in home.introduction
        assert (site.hostname, site.port) == ("127.0.0.1", 8000)
        assert not Page.objects.filter(title=WELCOME_TITLE).exists()

    def test_home_page_lists_two_locals_each_with_its_activities(self, demo):
        home = home_page()
        locals_ = list(home.get_locals())
        assert len(locals_) == 2
        for local in locals_:
            assert local.postcode == "49460"
            assert local.opening_hours.exists()
            assert local.activity_index is not None
            assert ActivityPage.objects.child_of(local.activity_index).live().exists()

    def test_legal_accessibility_and_privacy_pages_are_live(self, demo):
        home = home_page()
        for slug in ("mentions-legales", "accessibilite", "confidentialite"):
            page = StandardPage.objects.child_of(home).get(slug=slug)
            assert page.live
            assert not page.has_unpublished_changes
            assert [block.block_type for block in page.body].count("heading") >= 3

    def test_site_settings_name_the_ccas(self, demo):
        settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        assert settings.organisation_name == "CCAS de Montreuil-Juigné"
        assert settings.email.endswith(".example")

    def test_workshop_form_offers_both_locals(self, demo):
        form = FormPage.objects.get(slug="proposez-un-atelier")
        assert form.live and form.to_address
        local_field = form.form_fields.get(field_type="dropdown")
        for local in LocalPage.objects.all():
            assert local.title in local_field.choices.splitlines()


class TestProgramme:
    def test_commune_is_both_partner_and_funder(self, demo):
        roles = set(
            Partner.objects.filter(name="Commune de Montreuil-Juigné").values_list(
                "role", flat=True
            )
        )
        assert roles == {Partner.Role.OPERATIONAL, Partner.Role.FUNDER}
        assert not Partner.objects.filter(logo__isnull=True).exists()

    def test_drop_ins_are_not_bookable_online(self, demo):
        drop_ins = ActivityPage.objects.filter(category=Category.DROP_IN)
        assert drop_ins.count() == 2
        schedules = Schedule.objects.filter(page__in=drop_ins)
        assert schedules.exists()
        assert not schedules.filter(bookable_online=True).exists()

    def test_homework_help_is_one_child_per_session_outside_school_holidays(self, demo):
        schedules = Schedule.objects.filter(page__slug="accompagnement-scolaire")
        assert schedules.count() == 4  # two per local
        for schedule in schedules:
            assert schedule.max_places_per_booking == 1
            assert 45 <= schedule.duration_minutes <= 60
            assert schedule.skip_school_holidays

    def test_outings_and_sport_events_are_to_come(self, demo):
        assert OutingPage.objects.live().count() == 2
        assert SportEventPage.objects.live().count() == 2
        for outing in OutingPage.objects.all():
            assert outing.registration_deadline < outing.date
            # No more places than the vehicle it holds has seats.
            if outing.resource:
                assert outing.places <= outing.resource.capacity
        minibus = OutingPage.objects.get(resource__slug="minibus")
        assert "minibus" in str(minibus.body) and " car" not in str(minibus.body)
        organisers = {event.organiser.name for event in SportEventPage.objects.all()}
        assert organisers == {"Maison des jeunes de Montreuil-Juigné"}
        # The partner shown on the site is the organisation that reserves.
        for event in SportEventPage.objects.all():
            assert event.organiser.organisation == event.organisation
        # The basketball initiation takes residents' bookings; the youth
        # centre is the one to see them.
        basket = SportEventPage.objects.get(slug="initiation-basket")
        assert basket.takes_bookings
        (session,) = Occurrence.objects.filter(page=basket)
        assert (session.places, session.organisation) == (16, basket.organisation)
        # Outing sessions come from the page's own fields, never from the loader.
        assert not Schedule.objects.filter(
            page__in=OutingPage.objects.all(), label__gt=""
        ).exists()


class TestAccountsAndFiles:
    def test_admin_and_volunteer_accounts(self, media, monkeypatch):
        monkeypatch.setenv("ADMIN_PASSWORD", "un-autre-secret")
        output = load_demo()
        admin = get_user_model().objects.get(username="admin")
        volunteer = get_user_model().objects.get(username="benevole")
        assert admin.is_superuser and admin.check_password("un-autre-secret")
        assert not volunteer.is_superuser
        assert volunteer.check_password("un-autre-secret")
        assert volunteer.groups.filter(name="Editors").exists()
        assert "http://127.0.0.1:8000/admin/" in output
        assert "benevole" in output

    def test_images_are_written_under_media_root(self, demo, media):
        files = list(media.rglob("*.png"))
        assert len(files) == Image.objects.count()
        assert all(image.width and image.file_hash for image in Image.objects.all())


def test_the_demo_refuses_production_settings(settings, monkeypatch):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="la démo n'est pas chargée"):
        load_demo()
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="mot de passe public de la démo"):
        call_command("load_demo", "--meme-en-production", stdout=StringIO())
    assert not get_user_model().objects.filter(username="admin").exists()
    assert not HomePage.objects.exists()


def test_the_demo_runs_in_production_when_asked_with_a_password(settings, monkeypatch):
    settings.PRODUCTION = True
    monkeypatch.setenv("ADMIN_PASSWORD", "un-mot-de-passe-choisi-2026")
    call_command("load_demo", "--meme-en-production", stdout=StringIO())
    admin = get_user_model().objects.get(username="admin")
    assert admin.check_password("un-mot-de-passe-choisi-2026")
