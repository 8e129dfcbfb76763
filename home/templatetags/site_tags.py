"""Site chrome: the main navigation, the footer's forms, legal links and contact.

They read ``home.chrome``, kept per process until the site changes: the
header and the footer cost no query, whatever the page.
"""

from django import template

from home import chrome

register = template.Library()


def _chrome(context):
    request = context.get("request")
    if request is None:
        return chrome.Chrome(site=None)
    return chrome.for_request(request)


@register.inclusion_tag("includes/site_navigation.html", takes_context=True)
def site_navigation(context):
    """The locals under the site's home page, and pages shown in menus."""
    current_path = getattr(context.get("page"), "path", None) or ""
    site = _chrome(context)
    home_path = site.site.root_page.path if site.site else None
    return {
        "request": context.get("request"),
        "home_is_current": bool(home_path and current_path == home_path),
        "menu_items": [
            (link, current_path.startswith(link.path)) for link in site.menu
        ],
    }


@register.simple_tag(takes_context=True)
def legal_pages(context):
    """The legal standard pages of the site, in a fixed order, missing ones left out."""
    return _chrome(context).legal


@register.simple_tag(takes_context=True)
def form_pages(context):
    """The site's live forms (« Proposez un atelier », contact), in tree order.

    The footer lists them on every page and each local links to them, so a
    resident finds them without a menu entry set by hand.
    """
    return _chrome(context).forms


@register.simple_tag(takes_context=True)
def site_contact(context):
    """The site settings: the organisation's name, address, phone, e-mail."""
    return _chrome(context).contact
