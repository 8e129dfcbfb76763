"""What every public page shows around its content, read once per change of the site.

The site and its home page (which Wagtail looks up to route every request),
the header's navigation, the footer's forms, legal pages and contact details:
the same on every page, and changed only when an editor publishes, saves,
moves or deletes a page, restricts one, or edits the site or its settings.
Read from the database on every request they were ten of a page's queries.

Each process keeps them per *generation*: the page cache's generation
(``home.pagecache``), which every such change renews in the shared cache
(Redis in production). A page's chrome then costs the one cache read the page
cache makes anyway, and a change shows on the next request of every process.
The process's image renditions (the ``renditions`` cache, in its memory) and
the parts of pages it rendered (``fragments``, see ``{% fragment %}`` in
``site_tags``) are forgotten with the chrome, so a replaced image never shows
its old file and an edited page never its old text.

Guarantees:

- no query for the chrome while the generation is unchanged;
- after a change, the next request of any process reads the new chrome: the
  generation is renewed at once and again after the commit, so a process that
  rebuilt between the two does not keep what the transaction had not written;
- nothing shared is mutated per request: the navigation is plain data, and
  which item is current is worked out in the template tag.
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache, caches
from django.core.exceptions import DisallowedHost
from django.db.models import Q
from wagtail.models import Page, Site

from home import pagecache
from home.restrictions import without_restricted

# Slugs of the standard pages every public site must link to (French law and
# RGAA): legal notice, accessibility statement, privacy policy.
LEGAL_SLUGS = ("mentions-legales", "accessibilite", "confidentialite")

# A process keeps the chrome of a few hosts (ALLOWED_HOSTS bounds them in
# production; a development server accepting any host must not grow forever).
MAX_HOSTS = 16
# What ``shared`` keeps: a few values per page that lists others.
MAX_SHARED = 512


@dataclass(frozen=True)
class Link:
    title: str
    url: str
    path: str = ""
    slug: str = ""


@dataclass(frozen=True)
class Chrome:
    site: Site | None
    menu: list[Link] = field(default_factory=list)
    forms: list[Link] = field(default_factory=list)
    legal: list[Link] = field(default_factory=list)
    contact: object = None
    root_paths: list = field(default_factory=list)


_memo = {"generation": None, "by_host": {}, "shared": {}}


def generation(request):
    """The generation this request is served under, read once per request
    (``request`` None, outside a request: read from the cache each time).

    A process that sees a new generation first forgets what it kept for the
    old one (its chrome, renditions and fragments).
    """
    current = getattr(request, "_page_cache_generation", None)
    if current is None:
        current = cache.get(pagecache.GENERATION_KEY, "0")
        if request is not None:
            request._page_cache_generation = current
    if _memo["generation"] != current:
        forget()
        _memo["generation"] = current
    return current


def kept_parts():
    """The cache of what pages are made of (``fragments``, in this process's
    memory), or None when nothing is to be kept: ``FRAGMENT_CACHE`` off, or
    settings without it."""
    if settings.FRAGMENT_CACHE and "fragments" in settings.CACHES:
        return caches["fragments"]
    return None


def per_generation(request, key, build):
    """``build()``, kept in this process for the current generation.

    Each call gets its own copy (the ``fragments`` cache pickles what it
    keeps), so a request may change what it is given without touching the
    next request's. ``None`` is not kept.
    """
    fragments = kept_parts()
    if fragments is None:
        return build()
    full_key = (
        "per-generation:"
        + hashlib.sha256(repr((generation(request), *key)).encode()).hexdigest()
    )
    value = fragments.get(full_key)
    if value is None:
        value = build()
        if value is not None:
            fragments.set(full_key, value)
    return value


def shared(request, key, build):
    """``build()``, kept in this process for the current generation and
    shared by every request of the process, uncopied: only for what callers
    read and never change (pages to list, by id, the paths a purge clears).
    ``request`` may be None (a signal's receiver)."""
    generation(request)
    values = _memo["shared"]
    if key not in values:
        if len(values) >= MAX_SHARED:
            values.clear()
        values[key] = build()
    return values[key]


def for_request(request):
    """The chrome of this request's site, built at most once per generation."""
    if hasattr(request, "_site_chrome"):
        return request._site_chrome
    generation(request)
    try:
        host = (request.get_host(), request.get_port())
    except DisallowedHost:
        host = None
    chrome = _memo["by_host"].get(host) if host else None
    if chrome is None:
        chrome = build(request)
        if host and len(_memo["by_host"]) < MAX_HOSTS:
            _memo["by_host"][host] = chrome
    request._site_chrome = chrome
    # Wagtail reads the sites' root paths from the shared cache for each
    # request that makes a page URL; they change with the sites, as the chrome.
    if chrome.site is not None:
        request._wagtail_site = chrome.site
        request._wagtail_cached_site_root_paths = chrome.root_paths
    return chrome


def forget():
    """Drop what this process keeps: its chrome, its image renditions and its
    rendered fragments (``{% fragment %}``)."""
    _memo["generation"] = None
    _memo["by_host"] = {}
    _memo["shared"] = {}
    for name in ("renditions", "fragments"):
        if name in settings.CACHES:
            caches[name].clear()


def build(request):
    """Read the chrome from the database: a handful of queries."""
    from activities.models import LocalPage
    from home.models import FormPage, SiteSettings, StandardPage

    site = Site._find_for_request(request)
    if site is None:
        return Chrome(site=None)
    # Wagtail routes every request from the site's specific root page.
    site.root_page = site.root_page.specific
    root = site.root_page
    local_type = ContentType.objects.get_for_model(LocalPage)
    menu = (
        without_restricted(Page.objects.child_of(root).live())
        .filter(Q(show_in_menus=True) | Q(content_type=local_type))
        .order_by("path")
    )
    forms = without_restricted(FormPage.objects.child_of(root).live()).order_by("path")
    legal = {
        page.slug: page
        for page in without_restricted(
            StandardPage.objects.descendant_of(root).live()
        ).filter(slug__in=LEGAL_SLUGS)
    }
    return Chrome(
        site=site,
        menu=[_link(page, request) for page in menu],
        forms=[_link(page, request) for page in forms],
        legal=[_link(legal[slug], request) for slug in LEGAL_SLUGS if slug in legal],
        root_paths=Site.get_site_root_paths(),
        # Read, never created: a GET writes nothing (the admin creates them).
        contact=(
            SiteSettings.objects.filter(site=site).first() or SiteSettings(site=site)
        ),
    )


def _link(page, request):
    return Link(
        title=page.title, url=page.get_url(request), path=page.path, slug=page.slug
    )


class SiteChromeMiddleware:
    """Give Wagtail the request's site from the chrome, not from a query.

    Only for the pages Wagtail serves: other views (the booking form, the
    feeds, the planning) read the chrome, if at all, when they link to pages
    or render the site's header (``for_request`` then gives Wagtail the site).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if match is not None and match.view_name == "wagtail_serve":
            for_request(request)
