"""Every public page of the demo costs at most ten queries, whatever it shows.

The site's chrome (its site, home page, navigation, footer) is read once per
change of the site (home.chrome); Wagtail finds a page in one query and its
view restrictions in one more; the rest is the page's own content, read in
one query per kind of item, never one per item.
"""

import re

import pytest
from wagtail.models import Page, PageViewRestriction

from activities.models import LocalPage
from tests import factories
from tests.assertions import queries_of
from tests.public_pages import load_demo, public_paths

BUDGET = 10


@pytest.mark.django_db
def test_no_public_page_of_the_demo_costs_more_than_ten_queries(client, media):
    load_demo()
    paths = public_paths()
    local = LocalPage.objects.live().order_by("path").first()
    paths += [
        "/agenda.ics",
        local.url + "ical/",
        "/planning/espace-multi-sports/",
    ]
    over = {}
    for path in paths:
        queries = queries_of(client, path, statuses=(200, 404))
        if len(queries) > BUDGET:
            over[path] = queries
    assert not over, {path: len(queries) for path, queries in over.items()}


@pytest.mark.django_db
def test_the_header_and_footer_cost_no_query(client, home):
    page = factories.standard_page(home, slug="mentions-legales", title="Mentions")
    queries = queries_of(client, page.url, statuses=(200, 404))
    chrome_tables = ("wagtailcore_site", "home_sitesettings", "home_formpage")
    assert not [sql for sql in queries if any(t in sql for t in chrome_tables)]
    # Finding the page, its specific fields, its view restrictions, its
    # breadcrumbs.
    assert len(queries) <= 4, queries


@pytest.mark.django_db
def test_a_new_local_shows_in_the_menu_at_once(client, home):
    factories.local_page(home, title="Local des Tilleuls")
    assert "Local des Tilleuls" in client.get("/").content.decode()
    factories.local_page(home, title="Local du Val")
    nav = client.get("/").content.decode().split('class="site-nav"')[1]
    assert "Local des Tilleuls" in nav and "Local du Val" in nav


@pytest.mark.django_db
def test_new_site_settings_show_in_the_footer_at_once(client, home):
    from wagtail.models import Site

    from home.models import SiteSettings

    client.get("/")
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.phone = "+33241000000"
    settings.save()
    footer = client.get("/").content.decode().split('class="site-footer"')[1]
    assert 'href="tel:+33241000000"' in footer


@pytest.mark.django_db
def test_a_page_made_private_leaves_the_menu_and_is_refused_at_once(client, home):
    local = factories.local_page(home, title="Local des Tilleuls")
    assert "Local des Tilleuls" in client.get("/").content.decode()
    PageViewRestriction.objects.create(
        page=Page.objects.get(pk=local.pk),
        restriction_type=PageViewRestriction.LOGIN,
    )
    home_page = client.get("/").content.decode()
    assert "Local des Tilleuls" not in home_page
    assert client.get(local.url).status_code == 302  # to the login page


@pytest.mark.django_db
def test_a_replaced_image_shows_its_new_file_at_once(client, home, media):
    from django.core.cache import caches
    from wagtail.images.tests.utils import get_test_image_file

    picture = factories.image("Le local")
    local = factories.local_page(home, title="Local des Tilleuls", image=picture)
    hero = r'<figure class="hero"><img[^>]+src="([^"]+)"'
    before = re.search(hero, client.get(local.url).content.decode()).group(1)
    # What another process would still hold: Wagtail forgets a deleted
    # rendition only in the cache of the process that deleted it.
    caches["renditions"].set("kept-by-another-process", before)
    picture.file = get_test_image_file("nouvelle-facade.png")
    picture.save()
    picture.renditions.all().delete()  # as Wagtail's image edit view does
    after = re.search(hero, client.get(local.url).content.decode()).group(1)
    assert "nouvelle-facade" in after and after != before
    assert caches["renditions"].get("kept-by-another-process") is None
