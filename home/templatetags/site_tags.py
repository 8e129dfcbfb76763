"""Site chrome: the main navigation and the footer's legal links.

Each tag runs one query per page, whatever the page, so the header and the
footer never add queries as the site grows.
"""

from django import template
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.models import Page, Site

register = template.Library()

# Slugs of the standard pages every public site must link to (French law and
# RGAA): legal notice, accessibility statement, privacy policy.
LEGAL_SLUGS = ("mentions-legales", "accessibilite", "confidentialite")


def _site_root(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    return site.root_page if site else None


@register.inclusion_tag("includes/site_navigation.html", takes_context=True)
def site_navigation(context):
    """The locals under the site's home page, and pages shown in menus."""
    from activities.models import LocalPage

    root = _site_root(context)
    items = []
    if root is not None:
        local_type = ContentType.objects.get_for_model(LocalPage)
        items = list(
            Page.objects.child_of(root)
            .live()
            .public()
            .filter(Q(show_in_menus=True) | Q(content_type=local_type))
            .order_by("path")
        )
    current = context.get("page")
    current_path = getattr(current, "path", None)
    for item in items:
        item.is_current = bool(current_path and current_path.startswith(item.path))
    return {
        "request": context.get("request"),
        "home": root,
        "home_is_current": bool(root and current_path == root.path),
        "menu_items": items,
    }


@register.simple_tag(takes_context=True)
def legal_pages(context):
    """The legal standard pages of the site, in a fixed order, missing ones left out."""
    from home.models import StandardPage

    root = _site_root(context)
    if root is None:
        return []
    found = {
        page.slug: page
        for page in StandardPage.objects.descendant_of(root)
        .live()
        .filter(slug__in=LEGAL_SLUGS)
    }
    return [found[slug] for slug in LEGAL_SLUGS if slug in found]


@register.simple_tag(takes_context=True)
def form_pages(context):
    """The site's live forms (« Proposez un atelier », contact), in tree order.

    The footer lists them on every page and each local links to them, so a
    resident finds them without a menu entry set by hand.
    """
    from home.models import FormPage

    root = _site_root(context)
    if root is None:
        return []
    return list(FormPage.objects.child_of(root).live().public().order_by("path"))
