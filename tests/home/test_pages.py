import re
from datetime import datetime, time, timedelta

import pytest
from django.template.loader import render_to_string
from django.utils import formats, timezone
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page

from activities.models import Category, LocalPage, Partner
from home.models import FormPage, HomePage, SiteSettings, StandardPage
from tests import factories
from tests.assertions import assert_page, count_queries

pytestmark = pytest.mark.django_db

FRENCH_DAY = (
    r"(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) (1er|\d{1,2})\xa0[a-zéû]+$"
)


class TestWhereHomePagesGo:
    def test_home_page_sits_at_the_tree_root_only(self, home):
        assert HomePage.can_create_at(Page.get_first_root_node())
        assert not HomePage.can_create_at(home)

    def test_standard_page_under_home_or_standard_page(self, home):
        local = factories.local_page(home)
        standard = factories.standard_page(home)
        assert StandardPage.can_create_at(home)
        assert StandardPage.can_create_at(standard)
        assert not StandardPage.can_create_at(local)

    def test_form_page_under_home_only(self, home):
        standard = factories.standard_page(home)
        assert FormPage.can_create_at(home)
        assert not FormPage.can_create_at(standard)
        assert not FormPage.can_create_at(factories.local_page(home))


class TestHomePage:
    def test_shows_locals_with_address_phone_hours_and_map(self, client, tree):
        html = assert_page(
            client.get("/"),
            "Local des Hauts de Saint-Aubin",
            "Local du Bourg",
            "3 rue des Tilleuls",
            "49460 Montreuil-Juigné",
            "Mardi\u00a0: 09:00 à 12:00",
            "Jeudi\u00a0: 14:00 à 17:30",
            'href="tel:+33241000000"',
            "https://www.openstreetmap.org/?mlat=47.529000&amp;mlon=-0.614000",
        )
        locals_ = html.split('id="locaux"')[1].split("</section>")[0]
        assert locals_.count('class="card card--local"') == 2
        for local in tree["locals"]:
            assert f'href="{local.url}"' in locals_
        # The opening hours' table and labels are the local page's, not the lead's.
        assert '<table class="hours">' not in html

    def test_locals_come_before_the_week_and_the_programme_text(self, client, home):
        factories.local_page(home)
        home.body = [("heading", {"text": "Nos objectifs", "level": "h2"})]
        home.save_revision().publish()
        html = assert_page(client.get("/"), "Nos objectifs")
        assert (
            html.index('id="locaux"')
            < html.index('id="cette-semaine"')
            < html.index("Nos objectifs")
        )

    def test_lists_upcoming_sessions_in_french_with_places_left(self, client, tree):
        activity = tree["activities"][0]
        day = timezone.localdate() + timedelta(days=2)
        starts = timezone.make_aware(datetime.combine(day, time(10, 30)))
        factories.session(activity, starts_at=starts, places=8)
        html = assert_page(client.get("/"), "Cette semaine", "8 places")
        iso = timezone.localtime(starts).isoformat()
        shown = re.search(
            rf'<time[^>]* datetime="{re.escape(iso)}"[^>]*>(.*?)</time>', html
        )
        assert shown, iso
        local = timezone.localtime(starts)
        day = "1er" if local.day == 1 else str(local.day)
        weekday, month = (
            formats.date_format(local, "l"),
            formats.date_format(local, "F"),
        )
        day_month = f"{weekday} {day}\u00a0{month}"
        assert shown.group(1).startswith(day_month)  # « mardi 1er décembre »
        assert re.match(FRENCH_DAY, day_month)
        assert "10:30" in shown.group(1)

    def test_drop_in_sessions_say_no_booking_needed(self, client, tree):
        drop_in = factories.activity_page(tree["index"], title="Permanence café")
        factories.session(drop_in, days_ahead=1, bookable_online=False)
        assert_page(client.get("/"), "Permanence café", "Accès libre, sans réservation")

    def test_shows_highlights_partners_and_funders_apart(self, client, tree):
        barbecue = factories.activity_page(
            tree["index"], title="Barbecue de l'été", category=Category.HIGHLIGHT
        )
        factories.session(barbecue, days_ahead=20)
        factories.partner(name="Nos quartiers à Montreuil-Juigné")
        factories.partner(name="CAF du Maine-et-Loire", role=Partner.Role.FUNDER)
        html = assert_page(
            client.get("/"),
            "Temps forts",
            "Barbecue de l&#x27;été",
            "Nos partenaires",
            "Ils financent l'action",
        )
        partners, funders = html.split("Ils financent")
        assert "Nos quartiers à Montreuil-Juigné" in partners
        assert "CAF du Maine-et-Loire" in funders
        assert "CAF du Maine-et-Loire" not in partners

    def test_header_links_to_locals_and_search(self, client, tree):
        html = assert_page(client.get("/"), "Aller au contenu", 'href="#contenu"')
        nav = html.split('aria-label="Navigation principale"')[1].split("</nav>")[0]
        for local in tree["locals"]:
            assert f'href="{local.url}"' in nav
        assert 'href="/recherche/"' in nav

    def test_footer_has_contact_and_legal_pages(self, client, home):
        site_settings = SiteSettings.for_site(home.get_site())
        site_settings.phone = "02 41 31 10 40"
        site_settings.email = "ccas@example.org"
        site_settings.address = "Place de la Mairie\n49460 Montreuil-Juigné"
        site_settings.save()
        for slug, title in [
            ("mentions-legales", "Mentions légales"),
            ("accessibilite", "Accessibilité : partiellement conforme"),
            ("confidentialite", "Données personnelles"),
        ]:
            factories.standard_page(home, slug=slug, title=title)
        factories.standard_page(home, slug="autre", title="Une autre page")
        html = assert_page(client.get("/"))
        footer = html.split('<footer class="site-footer">')[1]
        assert 'href="tel:+33241311040"' in footer
        assert 'href="mailto:ccas@example.org"' in footer
        assert "Place de la Mairie<br>49460 Montreuil-Juigné" in footer
        assert re.findall(r'href="/([a-z-]+)/"', footer) == [
            "mentions-legales",
            "accessibilite",
            "confidentialite",
        ]

    def test_query_count_does_not_grow_with_activities_and_sessions(self, client):
        tree = factories.site_tree(activities=3, sessions_per_activity=1)
        first_highlight = factories.activity_page(
            tree["index"], title="Fête du quartier", category=Category.HIGHLIGHT
        )
        factories.session(first_highlight, days_ahead=9)
        few = count_queries(client, "/")
        for number in range(12):
            page = factories.activity_page(tree["index"], title=f"Plus {number}")
            factories.session(page, days_ahead=number % 5 + 1)
            factories.session(page, days_ahead=number % 6 + 1, bookable_online=False)
            highlight = factories.activity_page(
                tree["index"], title=f"Fête {number}", category=Category.HIGHLIGHT
            )
            factories.session(highlight, days_ahead=number + 10)
        factories.local_page(tree["home"], title="Un troisième local")
        factories.partner(name="Un partenaire de plus")
        many = count_queries(client, "/")
        html = client.get("/").content.decode()
        assert html.count('class="card card--highlight"') == 3
        assert many == few, (few, many)
        assert many <= 10

    def test_partner_logos_cost_no_query_each(self, client, home, media):
        factories.partner(name="Enjeu", logo=factories.image("Logo 0"))
        few = count_queries(client, "/")
        for number in range(1, 5):
            factories.partner(name=f"Partenaire {number}", logo=factories.image())
        many = count_queries(client, "/")
        assert many == few
        assert client.get("/").content.decode().count('class="partner__logo"') == 5


class TestStandardPage:
    def test_renders_title_introduction_and_body(self, client, home):
        page = factories.standard_page(home, title="Mentions légales")
        assert_page(
            client.get(page.url),
            "<h1>Mentions légales</h1>",
            "Qui publie ce site.",
            "Éditeur\u00a0: CCAS de Montreuil-Juigné.",
        )


class TestFormPage:
    @pytest.fixture
    def form(self, home):
        return factories.form_page(home)

    def field_ids(self, form):
        return {name: f"id_{name}" for name in form.get_form(page=form).fields}

    def test_marks_required_fields(self, client, form):
        html = assert_page(client.get(form.url), "Proposez un atelier", "Envoyer")
        assert html.count('<span class="required">(obligatoire)</span>') == 3
        assert 'aria-describedby="id_votre_e_mail_helptext"' in html

    def test_missing_fields_give_400_errors_next_to_fields_and_store_nothing(
        self, client, form
    ):
        response = client.post(form.url, {"votre_nom": "Awa"})
        html = assert_page(response, "Le formulaire contient 2 erreurs", status=400)
        assert FormSubmission.objects.count() == 0
        for name in ("votre_e_mail", "votre_idee"):
            field_id = self.field_ids(form)[name]
            assert f'<ul class="field__errors" id="{field_id}_error">' in html
            assert f'href="#{field_id}"' in html  # from the summary to the field
            widget = re.search(rf'<[^>]+ id="{field_id}"[^>]*>', html).group(0)
            assert 'aria-invalid="true"' in widget
            assert f"{field_id}_error" in widget
        assert 'id="id_votre_nom_error"' not in html
        assert 'value="Awa"' in html

    def test_invalid_email_is_refused(self, client, form):
        response = client.post(
            form.url,
            {"votre_nom": "Awa", "votre_e_mail": "pas-un-email", "votre_idee": "Jeux"},
        )
        html = assert_page(response, "Le formulaire contient une erreur", status=400)
        assert 'id="id_votre_e_mail_error"' in html
        assert (
            'aria-describedby="id_votre_e_mail_helptext id_votre_e_mail_error"' in html
        )
        assert FormSubmission.objects.count() == 0

    def test_valid_post_stores_one_submission_and_thanks(self, client, form):
        response = client.post(
            form.url,
            {
                "votre_nom": "Awa",
                "votre_e_mail": "awa@example.org",
                "votre_idee": "Un atelier couture le samedi",
            },
        )
        assert_page(response, "Merci pour votre idée\u00a0!")
        submission = FormSubmission.objects.get()
        assert submission.page_id == form.pk
        assert submission.get_data()["votre_idee"] == "Un atelier couture le samedi"


class TestErrorPages:
    def test_unknown_url_gives_the_french_404(self, client, home):
        html = assert_page(
            client.get("/cette-page-n-existe-pas/"),
            "Page introuvable",
            'href="/"',
            'action="/recherche/"',
            status=404,
        )
        assert 'name="q"' in html

    def test_500_renders_without_context(self):
        html = render_to_string("500.html")
        assert '<html lang="fr">' in html
        assert len(re.findall(r"<h1[\s>]", html)) == 1
        # The style sheet by its plain address, never through the manifest.
        assert re.findall(r'"(/static/[^"]*)"', html) == ["/static/css/site.css"]


class TestProposeAWorkshop:
    def test_the_form_is_linked_from_every_footer_and_from_each_local(
        self, client, tree
    ):
        form = factories.form_page(tree["home"], show_in_menus=False)
        link = f'<a href="{form.url}">Proposez un atelier</a>'
        for page in [tree["home"], tree["index"], *tree["locals"]]:
            footer = client.get(page.url).content.decode().split("<footer", 1)[1]
            assert link in footer, page.url
        for local in tree["locals"]:
            html = assert_page(client.get(local.url), "Participer")
            main = html.split("<main", 1)[1].split("</main>", 1)[0]
            assert link in main, local.url

    def test_an_unpublished_form_is_not_linked(self, client, tree):
        form = factories.form_page(tree["home"])
        form.unpublish()
        html = assert_page(client.get(tree["locals"][0].url))
        assert form.url not in html
        assert "Participer" not in html


class TestSearch:
    def test_finds_a_page_by_its_title(self, client, tree):
        local = tree["locals"][1]
        html = assert_page(client.get("/recherche/", {"q": "Bourg"}), "Rechercher")
        assert f'<a href="{local.url}">Local du Bourg</a>' in html
        assert "1 résultat pour «\u00a0Bourg\u00a0»" in html

    def test_each_result_says_what_it_is_and_at_which_local(self, client, tree):
        first, second = tree["locals"]
        for local in (first, second):
            index = factories.activity_index(local)
            factories.activity_page(index, title="Atelier couture")
        html = assert_page(client.get("/recherche/", {"q": "couture"}))
        results = re.findall(
            r'<a href="[^"]+">Atelier couture</a>\s*'
            r'<p class="search-results__meta">(.*?)</p>',
            html,
        )
        assert sorted(results) == [
            f"Activité – {first.title}",
            f"Activité – {second.title}",
        ]

    def test_results_add_no_query_per_result(self, client, tree):
        index = factories.activity_index(tree["locals"][0])
        factories.activity_page(index, title="Atelier couture")
        few = count_queries(client, "/recherche/?q=couture")
        for number in range(8):
            factories.activity_page(index, title=f"Atelier couture {number}")
        assert count_queries(client, "/recherche/?q=couture") == few

    def test_unpublished_pages_are_not_found(self, client, tree):
        LocalPage.objects.filter(pk=tree["locals"][1].pk).update(live=False)
        html = assert_page(client.get("/recherche/", {"q": "Bourg"}))
        assert "Local du Bourg" not in html.split("</nav>", 1)[1]

    def test_empty_query_shows_the_form(self, client, home):
        assert_page(client.get("/recherche/"), 'name="q"')


class TestSitemap:
    def test_lists_live_pages(self, client, tree):
        response = client.get("/sitemap.xml")
        assert response.status_code == 200
        xml = response.content.decode()
        for page in [tree["home"], *tree["locals"], tree["index"], tree["outing"]]:
            assert f"{page.url}</loc>" in xml
