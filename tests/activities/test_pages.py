import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone

from activities.forms import ActivityFilterForm
from activities.models import (
    ActivityIndexPage,
    ActivityPage,
    Audience,
    Category,
    LocalPage,
    OutingPage,
    SportEventPage,
)
from bookings.models import Occurrence
from tests import factories
from tests.assertions import assert_page, count_queries

pytestmark = pytest.mark.django_db


class TestWherePagesGo:
    def test_local_under_home_only(self, tree):
        assert LocalPage.can_create_at(tree["home"])
        assert not LocalPage.can_create_at(tree["locals"][0])
        assert not LocalPage.can_create_at(factories.standard_page(tree["home"]))

    def test_activity_index_under_a_local_only(self, tree):
        assert ActivityIndexPage.can_create_at(tree["locals"][1])
        assert not ActivityIndexPage.can_create_at(tree["home"])
        assert not ActivityIndexPage.can_create_at(tree["index"])

    @pytest.mark.parametrize("model", [ActivityPage, OutingPage, SportEventPage])
    def test_activities_outings_and_events_under_an_index_only(self, tree, model):
        assert model.can_create_at(tree["index"])
        assert not model.can_create_at(tree["locals"][0])
        assert not model.can_create_at(tree["home"])
        assert not model.can_create_at(tree["activities"][0])


class TestLocalPage:
    def test_shows_address_map_contact_and_accessibility(self, client, tree):
        local = tree["locals"][0]
        assert_page(
            client.get(local.url),
            "<h1>Local des Hauts de Saint-Aubin</h1>",
            "3 rue des Tilleuls<br>49460 Montreuil-Juigné",
            # Coordinates with a dot, whatever the French number format.
            "https://www.openstreetmap.org/?mlat=47.529000&amp;mlon=-0.614000",
            'href="tel:+33241000000"',
            'href="mailto:local@example.org"',
            "Marie, coordinatrice de lien social",
            "Accessibilité du local",
            "Local de plain-pied, toilettes adaptées.",
        )

    def test_no_map_link_without_coordinates(self, client, home):
        local = factories.local_page(home, latitude=None, longitude=None)
        html = assert_page(client.get(local.url))
        assert "openstreetmap" not in html

    def test_shows_opening_hours_as_a_table(self, client, tree):
        html = assert_page(client.get(tree["locals"][0].url))
        rows = re.findall(r'<th scope="row">(\w+)</th>', html)
        assert rows == ["Mardi", "Jeudi"]
        assert "14:00 à 17:30" in html

    def test_links_its_activities_and_lists_upcoming_sessions(self, client, tree):
        local, activity = tree["locals"][0], tree["activities"][0]
        html = assert_page(
            client.get(local.url),
            f'href="{tree["index"].url}"',
            "Prochainement",
            f'href="{activity.url}"',
        )
        assert html.count('<li class="session') == 3

    def test_other_locals_sessions_are_not_listed(self, client, tree):
        html = assert_page(client.get(tree["locals"][1].url))
        assert "Pas de séance prévue pour le moment." in html
        assert tree["activities"][0].title not in html

    def test_shows_its_partners(self, client, tree):
        local = tree["locals"][0]
        local.partners.add(factories.partner(name="Maison des jeunes"))
        local.save()
        assert_page(client.get(local.url), "Partenaires", "Maison des jeunes")


class TestImages:
    def test_local_page_images_have_alt_text_and_logos_are_decorative(
        self, client, home, media
    ):
        local = factories.local_page(home, image=factories.image("Façade du local"))
        local.gallery_images.create(
            image=factories.image("Atelier couture"), caption="En mars"
        )
        local.partners.add(
            factories.partner(name="Enjeu", logo=factories.image("Logo Enjeu"))
        )
        local.body = [
            (
                "image",
                {
                    "image": factories.image("Motif"),
                    "decorative": True,
                    "alt_text": "",
                },
            )
        ]
        local.save()
        html = assert_page(client.get(local.url), "<figcaption>En mars</figcaption>")
        alts = re.findall(r'<img [^>]*alt="([^"]*)"', html)
        assert sorted(alts) == ["", "", "Atelier couture", "Façade du local"]
        assert html.count("<img ") == 4


class TestActivityIndexPage:
    @pytest.fixture
    def index(self, home):
        index = factories.activity_index(factories.local_page(home))
        factories.activity_page(
            index,
            title="Couture",
            category=Category.WORKSHOP,
            audience=Audience.ADULTS,
            weekdays="1",
        )
        factories.activity_page(
            index,
            title="Aide aux devoirs",
            category=Category.HOMEWORK,
            audience=Audience.CHILDREN,
            weekdays="0,3",
        )
        factories.activity_page(
            index,
            title="Soirée jeux",
            category=Category.WORKSHOP,
            audience=Audience.EVERYONE,
            weekdays="4",
        )
        return index

    def titles(self, html):
        return re.findall(r'<h3 class="card__title"><a href="[^"]+">([^<]+)</a>', html)

    def test_filter_form_works_without_javascript(self, client, index):
        html = assert_page(client.get(index.url), "3 activités.")
        form = re.search(
            r'<form class="filter" method="get"[^>]*>(.*?)</form>', html, re.S
        )
        assert form, "a GET form"
        for name in ("category", "audience", "weekday"):
            assert f'<label for="id_{name}">' in form.group(1)
            assert f'name="{name}"' in form.group(1)
        assert '<button type="submit" class="button">Filtrer</button>' in html
        assert f'href="{index.url}">Tout afficher</a>' in html
        assert "<script" not in html

    @pytest.mark.parametrize(
        "query, expected",
        [
            ({}, ["Aide aux devoirs", "Couture", "Soirée jeux"]),
            (
                {"category": "", "audience": "", "weekday": ""},
                ["Aide aux devoirs", "Couture", "Soirée jeux"],
            ),
            ({"category": Category.WORKSHOP}, ["Couture", "Soirée jeux"]),
            # Everyone's activities suit children too.
            ({"audience": Audience.CHILDREN}, ["Aide aux devoirs", "Soirée jeux"]),
            ({"weekday": "3"}, ["Aide aux devoirs"]),
            ({"weekday": "0"}, ["Aide aux devoirs"]),
            ({"category": Category.WORKSHOP, "weekday": "1"}, ["Couture"]),
            ({"weekday": "6"}, []),
        ],
    )
    def test_filters(self, client, index, query, expected):
        html = assert_page(client.get(index.url, query))
        assert self.titles(html) == expected
        if not expected:
            assert "Aucune activité ne correspond" in html

    @pytest.mark.parametrize(
        "query, expected",
        [
            ({}, ["Sortie au zoo", "Tournoi de foot"]),
            ({"category": Category.WORKSHOP}, []),
            ({"category": "sortie"}, ["Sortie au zoo"]),
            ({"category": Category.SPORT}, ["Tournoi de foot"]),
            ({"weekday": "0"}, []),  # a Monday: the Saturday outing goes
            ({"weekday": "5"}, ["Sortie au zoo"]),
            ({"weekday": "2"}, ["Tournoi de foot"]),
            ({"audience": Audience.ADULTS}, ["Sortie au zoo"]),
        ],
    )
    def test_filters_also_apply_to_outings_and_sport_events(
        self, client, index, query, expected
    ):
        today = timezone.localdate()
        saturday = today + timedelta(days=(5 - today.weekday()) % 7 + 7)
        factories.outing_page(
            index,
            title="Sortie au zoo",
            date=saturday,
            registration_deadline=saturday - timedelta(days=2),
        )
        factories.sport_event_page(
            index,
            title="Tournoi de foot",
            date=saturday + timedelta(days=4),  # a Wednesday
            audience=Audience.YOUTH,
        )
        html = assert_page(client.get(index.url, query))
        shown = [
            t for t in self.titles(html) if t in ("Sortie au zoo", "Tournoi de foot")
        ]
        assert shown == expected
        if query and "Sortie au zoo" not in expected:
            assert "Aucune sortie ne correspond à votre choix." in html

    def test_keeps_the_chosen_filter_selected(self, client, index):
        html = assert_page(client.get(index.url, {"weekday": "3"}))
        assert '<option value="3" selected>jeudi</option>' in html
        assert "1 activité correspond à votre choix." in html

    def test_unknown_filter_value_is_a_400_with_the_error_next_to_the_field(
        self, client, index
    ):
        html = assert_page(
            client.get(index.url, {"weekday": "9"}),
            'id="id_weekday_error"',
            'aria-describedby="id_weekday_error"',
            "Le formulaire contient une erreur",
            status=400,
        )
        assert self.titles(html) == ["Aide aux devoirs", "Couture", "Soirée jeux"]

    def test_lists_upcoming_outings_and_sport_events_not_past_ones(self, client, index):
        factories.outing_page(index, title="Sortie à la mer")
        yesterday = timezone.localdate() - timedelta(days=1)
        factories.outing_page(
            index,
            title="Sortie passée",
            date=yesterday,
            registration_deadline=yesterday,
        )
        factories.sport_event_page(index, title="Tournoi de foot")
        html = assert_page(
            client.get(index.url),
            "Sortie à la mer",
            "Tournoi de foot",
            "Sur l'espace multi-sports",
        )
        assert "Sortie passée" not in html

    def test_query_count_does_not_grow_with_activities(self, client, home):
        index = factories.activity_index(factories.local_page(home))
        for number in range(5):
            factories.activity_page(index, title=f"Atelier {number}", weekdays="1")
        factories.outing_page(index)
        factories.sport_event_page(index)
        five = count_queries(client, index.url)
        for number in range(5, 30):
            factories.activity_page(index, title=f"Atelier {number}", weekdays="2")
            factories.outing_page(index, title=f"Sortie {number}")
        thirty = count_queries(client, index.url)
        html = client.get(index.url).content.decode()
        assert "30 activités." in html
        per_page = index.ACTIVITIES_PER_PAGE
        assert html.count('<li class="card">') == per_page + 26 + 1
        assert thirty == five
        # The page is found in one query; the chrome (menu, footer) costs none.
        assert thirty <= 10
        # Filtering adds no query (a category that excludes outings saves one).
        filtered = count_queries(client, f"{index.url}?weekday=2&category=atelier")
        assert filtered <= five

    def test_long_lists_are_cut_in_pages_that_keep_the_filters(self, client, home):
        index = factories.activity_index(factories.local_page(home))
        for number in range(15):
            factories.activity_page(
                index, title=f"Atelier {number:02d}", category=Category.WORKSHOP
            )
        factories.activity_page(index, title="Jardinage", category=Category.DROP_IN)
        url = f"{index.url}?category=atelier"
        first = assert_page(
            client.get(url), "15 activités correspondent à votre choix."
        )
        assert "Atelier 11" in first and "Atelier 12" not in first
        assert "Page 1 sur 2" in first
        assert 'href="?category=atelier&amp;page=2" rel="next"' in first
        second = assert_page(client.get(url + "&page=2"), "Page 2 sur 2")
        assert "Atelier 12" in second and "Atelier 14" in second
        assert "Jardinage" not in second and "Atelier 00" not in second
        assert 'href="?category=atelier&amp;page=1" rel="prev"' in second
        for bad in ("3", "0", "deux"):
            response = client.get(url + "&page=" + bad)
            assert response.status_code == 404
            assert "Page introuvable" in response.content.decode()

    def test_a_deep_page_is_found_in_one_query_not_two_per_level(self, client, tree):
        # Wagtail's own routing took 8 of an activity page's 16 queries.
        activity = tree["activities"][0]

        def routing_queries():
            with CaptureQueriesContext(connection) as queries:
                client.get(activity.url)
            # Wagtail looks a child up by its slug; the site's route by url_path.
            return [
                query["sql"]
                for query in queries.captured_queries
                if re.search(r'"slug" = |"url_path" IN', query["sql"])
            ]

        assert len(routing_queries()) == 1
        # Then kept while the site is unchanged (chrome.per_generation).
        assert routing_queries() == []
        # The chrome (site, menu, footer) is read once per change of the site
        # (home.chrome), the view restrictions in one query.
        assert count_queries(client, activity.url) <= 10
        assert count_queries(client, tree["sport_event"].url) <= 10
        # A draft page is still not served, and ical/ still reaches its route.
        tree["outing"].unpublish()
        assert client.get(tree["outing"].url).status_code == 404
        assert client.get(tree["outing"].url + "ical/").status_code == 404
        assert client.get(activity.url + "ical/").status_code == 200
        assert client.get(activity.url + "nulle-part/").status_code == 404


class TestActivityFilterForm:
    def test_empty_values_mean_no_filter(self, tree):
        form = ActivityFilterForm({"category": "", "audience": "", "weekday": ""})
        assert form.is_valid()
        assert form.cleaned_data == {"category": "", "audience": "", "weekday": None}
        assert not form.is_filtered()
        index = tree["index"]
        assert list(index.get_activities(**form.cleaned_data)) == list(
            index.get_activities()
        )

    def test_weekday_is_an_int(self):
        form = ActivityFilterForm({"weekday": "0"})
        assert form.is_valid()
        assert form.cleaned_data["weekday"] == 0
        assert form.is_filtered()


class TestActivityPage:
    def test_shows_practical_information(self, client, tree):
        activity = factories.activity_page(
            tree["index"],
            title="Pâte à sel",
            category=Category.WORKSHOP,
            audience=Audience.FAMILIES,
            price="3.50",
            price_note="par famille",
            what_to_bring="Une boîte pour rapporter vos créations.",
            weekdays="2",
        )
        assert_page(
            client.get(activity.url),
            "<h1>Pâte à sel</h1>",
            "Atelier",
            "Familles",
            "3,50\u00a0€ (par famille)",
            "Une boîte pour rapporter vos créations.",
            "Mercredi",
        )

    def test_free_when_no_price(self, client, tree):
        assert_page(client.get(tree["activities"][0].url), "Gratuit")

    def test_lists_its_upcoming_sessions_only(self, client, tree):
        activity, other = tree["activities"][:2]
        factories.session(activity, days_ahead=8, places=5)
        html = assert_page(client.get(activity.url), "Prochaines séances", "5 places")
        assert html.count('<li class="session') == 2
        assert other.title not in html.split("<main", 1)[1]

    def test_past_and_cancelled_sessions(self, client, tree):
        activity = factories.activity_page(tree["index"], title="Couture")
        factories.session(activity, starts_at=timezone.now() - timedelta(days=1))
        factories.session(
            activity,
            days_ahead=4,
            status=Occurrence.Status.CANCELLED,
            cancellation_reason="coordinatrice absente",
        )
        html = assert_page(client.get(activity.url), "coordinatrice absente")
        assert html.count('<li class="session') == 1

    def test_full_session_offers_the_waiting_list(self, client, tree):
        activity = factories.activity_page(tree["index"], title="Cuisine")
        session = factories.session(activity, places=1)
        session.bookings.create(name="Awa", phone="0600000000", adults=1)
        assert_page(client.get(activity.url), "Complet")


class TestOutingPage:
    def test_shows_date_departure_return_prices_and_deadline(self, client, tree):
        outing = tree["outing"]
        html = assert_page(
            client.get(outing.url),
            "<h1>Sortie à la mer</h1>",
            "08:00, Parking du local",
            "vers 19:00",
            "Adulte\u00a0: 5\u00a0€\u00a0; enfant\u00a0: 2,50\u00a0€",
            "Inscriptions",
        )
        assert f'datetime="{outing.date:%Y-%m-%d}"' in html
        deadline = formats.date_format(outing.registration_deadline, "l j\u00a0F")
        if outing.registration_deadline.day == 1:
            deadline = deadline.replace(" 1\u00a0", " 1er\u00a0")
        assert f"jusqu'au {deadline}" in html

    def test_free_outing(self, client, tree):
        outing = factories.outing_page(
            tree["index"], title="Pique-nique", price_adult=None, price_child=None
        )
        html = assert_page(client.get(outing.url), "Gratuit")
        assert "Adulte :" not in html

    def test_includes_its_session(self, client, tree):
        outing = tree["outing"]
        factories.session(outing, days_ahead=30, places=30)
        assert_page(client.get(outing.url), "30 places")


class TestSportEventPage:
    def test_shows_date_times_place_and_organiser(self, client, tree):
        organiser = factories.partner(
            name="Maison des jeunes", url="https://mdj.example.org"
        )
        event = factories.sport_event_page(
            tree["index"], title="Tournoi de basket", organiser=organiser
        )
        assert_page(
            client.get(event.url),
            "<h1>Tournoi de basket</h1>",
            "de 14:00 à 17:00",
            "Espace multi-sports",
            '<a href="https://mdj.example.org">Maison des jeunes</a>',
            "Jeunes",
        )
