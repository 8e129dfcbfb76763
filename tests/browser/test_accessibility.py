"""Every kind of page passes axe (WCAG 2.1 A and AA) on a phone and on a desktop."""

import pytest

from activities.models import Category, Partner
from home.models import SiteSettings
from tests import factories

from .axe import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE, DESKTOP = 360, 1280


def build_site():
    """A site as residents see it: locals, activities with sessions, a form, footer."""
    tree = factories.site_tree(activities=4)
    home = tree["home"]
    factories.session(tree["activities"][1], days_ahead=2, bookable_online=False)
    factories.activity_page(
        tree["index"],
        title="Barbecue de l'été",
        category=Category.HIGHLIGHT,
        price="2.50",
    )
    factories.partner(name="Association « Nos quartiers à Montreuil-Juigné »")
    factories.partner(name="CAF du Maine-et-Loire", role=Partner.Role.FUNDER)
    for slug, title in [
        ("mentions-legales", "Mentions légales"),
        ("accessibilite", "Accessibilité"),
        ("confidentialite", "Données personnelles"),
    ]:
        factories.standard_page(home, slug=slug, title=title)
    settings = SiteSettings.for_site(home.get_site())
    settings.phone = "02 41 31 10 40"
    settings.email = "ccas@example.org"
    settings.address = "Place de la Mairie\n49460 Montreuil-Juigné"
    settings.footer_text = "Vie des quartiers est un dispositif du CCAS."
    settings.save()
    tree["form"] = factories.form_page(home, show_in_menus=True)
    tree["local"] = tree["locals"][0]
    tree["activity"] = tree["activities"][0]
    tree["standard"] = home.get_children().get(slug="confidentialite")
    return tree


def open_page(page, live_server, path, width):
    page.set_viewport_size({"width": width, "height": 800})
    response = page.goto(live_server.url + path, wait_until="load")
    assert response.status < 400, response.status
    # The stylesheet must be applied, or colour contrast is checked on an
    # unstyled page: site.css sets the body text to 18 px.
    font_size = page.evaluate("getComputedStyle(document.body).fontSize")
    assert font_size == "18px", "site.css did not load"


def assert_no_horizontal_scroll(page, width):
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{scroll_width} px wide content at {width} px"


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize(
    "name",
    ["home", "local", "index", "activity", "outing", "form", "sport_event", "standard"],
)
def test_page_has_no_accessibility_violation(live_server, page, name, width):
    tree = build_site()
    path = "/" if name == "home" else tree[name].url
    open_page(page, live_server, path, width)
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)
    if width == PHONE:
        assert_no_horizontal_scroll(page, width)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_form_errors_are_accessible(live_server, page, width):
    tree = build_site()
    open_page(page, live_server, tree["form"].url, width)
    page.get_by_label("Votre nom").fill("Awa")
    page.get_by_label("Votre e-mail").fill("pas-un-email")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Envoyer").click()
    alert = page.get_by_role("alert")
    assert "Le formulaire contient 2 erreurs" in alert.inner_text()
    email = page.get_by_label("Votre e-mail")
    assert email.get_attribute("aria-invalid") == "true"
    assert "id_votre_e_mail_error" in email.get_attribute("aria-describedby")
    assert_no_axe_violations(page)
    if width == PHONE:
        assert_no_horizontal_scroll(page, width)


def test_filter_form_search_and_404_are_accessible(live_server, page):
    tree = build_site()
    open_page(page, live_server, tree["index"].url, PHONE)
    page.get_by_label("Catégorie").select_option(label="Atelier")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Filtrer").click()
    assert "category=atelier" in page.url
    assert_no_axe_violations(page)
    assert_no_horizontal_scroll(page, PHONE)

    open_page(page, live_server, "/recherche/?q=atelier", PHONE)
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(page)

    page.goto(live_server.url + "/nulle-part/", wait_until="load")
    assert page.locator("h1").inner_text() == "Page introuvable"
    assert_no_axe_violations(page)


def test_skip_link_is_the_first_stop_and_visible(live_server, page):
    build_site()
    open_page(page, live_server, "/", PHONE)
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Aller au contenu"
    box = page.locator(".skip-link").bounding_box()
    assert box and box["y"] >= 0, box
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "contenu"


def test_axe_helper_fails_on_any_violation(page):
    # The harness itself must be able to fail: a minor contrast issue counts.
    page.set_content(
        '<!DOCTYPE html><html lang="fr"><head><title>Essai</title></head>'
        '<body><main><h1>Essai</h1><p style="color:#999;background:#fff">'
        "Texte pâle</p></main></body></html>"
    )
    with pytest.raises(AssertionError) as failure:
        assert_no_axe_violations(page)
    assert "color-contrast" in str(failure.value)
    assert "Texte pâle" in str(failure.value)
