"""Site chrome: the main navigation, the footer's forms, legal links and contact.

They read ``home.chrome``, kept per process until the site changes: the
header and the footer cost no query, whatever the page.
"""

from django import template
from django.core.cache.utils import make_template_fragment_key
from django.core.exceptions import DisallowedHost
from django.utils.translation import get_language

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
def current_site(context):
    """The request's site, as Wagtail's ``{% wagtail_site %}`` gives it,
    without its query (read with the chrome)."""
    return _chrome(context).site


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


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on

    def render(self, context):
        request = context.get("request")
        fragments = chrome.kept_parts()
        # A preview renders a draft: it must neither show nor leave a fragment.
        if (
            request is None
            or fragments is None
            or getattr(request, "is_preview", False)
        ):
            return self.nodelist.render(context)
        try:
            host = request.get_host()
        except DisallowedHost:
            return self.nodelist.render(context)
        key = make_template_fragment_key(
            self.name,
            [
                chrome.generation(request),
                host,
                get_language(),
                *(value.resolve(context) for value in self.vary_on),
            ],
        )
        html = fragments.get(key)
        if html is None:
            html = self.nodelist.render(context)
            fragments.set(key, html)
        return html


@register.tag
def fragment(parser, token):
    """Render a part of a page once per generation of the site, in this process.

    ``{% fragment "local-top" page.pk %}…{% endfragment %}``: Django's
    ``{% cache %}``, keyed for this site. The key holds the site's generation
    (renewed by every page saved, published, moved or deleted, every
    restriction, image, partner or settings change: ``home.pagecache``), the
    host and the language, and the values given. What is inside must depend
    on nothing else: no places, no date or time, no user, nothing a visitor
    typed (the fields of a blank form are the same for all). A session list
    or a CSRF token stays outside.

    Guarantees: a fragment is never shown under another generation than the
    one it was rendered under; a preview (a draft) neither reads nor stores
    one; nothing is shared between processes (a
    fragment costs no round trip); ``FRAGMENT_CACHE = False`` renders every
    time.
    """
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% fragment %} needs a name.")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, bits[1].strip("\"'"), [parser.compile_filter(bit) for bit in bits[2:]]
    )
