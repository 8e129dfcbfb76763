"""A page cache for anonymous visitors that never shows stale places.

What is cached: the 200 responses to anonymous GET requests of Wagtail pages
(their routes included, such as ``ical/``), of ``/agenda.ics`` and of the
public schedules of shared resources (``/planning/…``), in the
default cache (Redis in production, so every gunicorn worker shares it).
What never is: a response that sets a cookie (a CSRF token means a form: the
booking form, a form page), one marked private or no-store, any request that
carries a session cookie (staff), the booking and staff views (they are not
Wagtail pages).

When an entry stops being true:

- every change of sessions or bookings (``bookings.signals.sessions_changed``,
  sent after commit) purges the page of the sessions and its ancestors
  (activity index, local, home page); a change of the sessions themselves
  (not only of their bookings) purges their iCal feeds and ``/agenda.ics``
  too;
- every change of reservations, whichever way it is made
  (``bookings.resources.reservations_changed``, sent after commit, also by
  bulk updates) purges the public schedule of their resource and its feed;
- publishing, unpublishing, saving, moving or deleting any page, changing a
  view restriction, a site, its settings, a partner, an image, a document,
  a shared resource, its hours or an organisation purges every entry: the
  header navigation and the footer show pages on every page (and
  ``home.chrome`` keeps them per generation);
- the clock: an entry lives at most ``PAGE_CACHE_SECONDS``, never past the
  next local midnight (lists of dated outings) and never past the next moment
  a session it shows opens, closes or starts. A session that closes because
  of the clock alone therefore never shows « Réserver » after its deadline.

Purging is O(1): an entry is stamped with the version of its path (all its
query strings at once) and the site-wide generation it was made under; a
purge writes a new version or generation, and an entry whose stamp is not
the current one is never served. A hit costs one round trip to the cache:
the generation, the path's version and the entry are read together.
Stored entries carry an ``ETag`` and a ``Last-Modified``, so a calendar
application polling ``/agenda.ics`` gets a 304 until something
changes (``ConditionalGetMiddleware``).
"""

import hashlib
import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache, caches
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.coreutils import WAGTAIL_APPEND_SLASH
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from bookings.resources import (
    Organisation,
    Resource,
    ResourceOpeningHours,
    reservations_changed,
)
from bookings.signals import sessions_changed
from site_quartiers.cache import cache_recovered

CACHED_VIEWS = {
    "wagtail_serve",
    "bookings:site_calendar",
    "bookings:space_schedule",
    "bookings:space_schedule_ical",
    "sitemap",
}
GENERATION_KEY = "pagecache:generation"
# Headers of this response alone, never replayed from the cache.
UNSTORED_HEADERS = {"set-cookie", "date", "x-page-cache"}
HIT_HEADER = "X-Page-Cache"


def _version_key(path):
    return "pagecache:version:" + hashlib.sha256(path.encode()).hexdigest()


def _entry_key(full_url):
    return "pagecache:entry:" + hashlib.sha256(full_url.encode()).hexdigest()


def now():
    return timezone.now()


def purge_paths(paths):
    """Forget every cached entry of these paths, whatever their query string."""
    cache.set_many({_version_key(path): uuid.uuid4().hex for path in paths}, None)


def purge_all():
    cache.set(GENERATION_KEY, uuid.uuid4().hex, None)


@receiver(cache_recovered)
def purge_after_cache_outage(sender, **kwargs):
    """A purge may have been lost while the cache did not answer: start anew."""
    if kwargs["cache"] is caches["default"]:
        purge_all()


def paths_showing(page_ids, *, feeds=True):
    """The paths whose content shows the sessions of these pages: each page
    and its ancestors (activity index, local, home page); with ``feeds``,
    their iCal feeds and ``/agenda.ics`` too.

    One query, for the pages' ``url_path``: a page's ``url_path`` is its
    ancestors' slugs joined, so its ancestors' are its prefixes, and each is
    served at the path ``Page.get_url_parts`` gives (``_served_path``).
    """
    url_paths = Page.objects.filter(pk__in=page_ids).values_list("url_path", flat=True)
    site_roots = Site.get_site_root_paths()
    paths = {"/agenda.ics"} if feeds else set()
    for url_path in url_paths:
        slugs = url_path.strip("/").split("/")
        # The tree's root ("/") is no page anybody is served.
        for depth in range(1, len(slugs) + 1 if slugs != [""] else 1):
            path = _served_path("/" + "/".join(slugs[:depth]) + "/", site_roots)
            if path:
                paths |= {path, path + "ical/"} if feeds else {path}
    return paths


def _served_path(url_path, site_roots):
    """The path a page of this ``url_path`` is served at, as
    ``Page.get_url_parts`` gives it (the first site that holds it), or None
    when no site does."""
    for site_root in site_roots:
        if url_path.startswith(site_root.root_path):
            try:
                path = reverse(
                    "wagtail_serve", args=(url_path[len(site_root.root_path) :],)
                )
            except NoReverseMatch:
                return None
            if not WAGTAIL_APPEND_SLASH and path != "/":
                path = path.rstrip("/")
            return path
    return None


def _is_anonymous(request):
    # A session cookie may belong to staff; such a request skips the cache
    # without loading the session.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _next_midnight(moment):
    local = timezone.localtime(moment)
    tomorrow = local.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time.min))


def _expires_at(response, moment):
    """When the page's content may change by the clock alone."""
    limit = min(
        moment + timedelta(seconds=settings.PAGE_CACHE_SECONDS),
        _next_midnight(moment),
    )
    context = getattr(response, "context_data", None) or {}
    for session in context.get("upcoming_sessions") or ():
        for change in (
            session.booking_opens_at,
            session.booking_closes_at,
            session.starts_at,
        ):
            if change is not None and moment < change < limit:
                limit = change
    return limit


class PageCacheMiddleware:
    """Serve and store the anonymous pages; see the module's docstring.

    It sits near the top of the middleware stack, so that a hit skips the
    session, CSRF, authentication and CSP layers altogether: the headers
    those add to a page (its Content-Security-Policy, X-Frame-Options, Vary)
    are stored with the entry. Only what comes back from one of
    ``CACHED_VIEWS`` is stored, so a hit is always such a page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lookup = self._lookup(request)
        if lookup is not None:
            key, stamp, entry = lookup
            if (
                entry is not None
                and entry["stamp"] == stamp
                and now() < entry["expires_at"]
            ):
                return self._rebuild(entry)
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if lookup is not None and match is not None and match.view_name in CACHED_VIEWS:
            self._store(key, stamp, request, response)
        return response

    @staticmethod
    def _lookup(request):
        """The entry's key, the current stamp and the stored entry, or None
        when the request is not one the cache answers."""
        if not settings.PAGE_CACHE_SECONDS or request.method != "GET":
            return None
        if request.path.startswith(tuple(settings.PAGE_CACHE_SKIPPED_PREFIXES)):
            return None
        if not _is_anonymous(request):
            return None
        try:
            host = request.get_host()
        except DisallowedHost:
            return None  # CommonMiddleware answers it
        version_key = _version_key(request.path)
        key = _entry_key(host + request.get_full_path())
        found = cache.get_many([GENERATION_KEY, version_key, key])
        generation = found.get(GENERATION_KEY, "0")
        # home.chrome keys the site's header and footer on the same generation.
        request._page_cache_generation = generation
        return key, (generation, found.get(version_key, "0")), found.get(key)

    def _store(self, key, stamp, request, response):
        cache_control = response.get("Cache-Control", "")
        if (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or any(word in cache_control for word in ("private", "no-store"))
        ):
            return
        moment = now()
        expires_at = _expires_at(response, moment)
        seconds = int((expires_at - moment).total_seconds())
        if seconds <= 0:
            return
        content = response.content
        digest = hashlib.md5(content, usedforsecurity=False).hexdigest()
        response["ETag"] = f'"{digest}"'
        response["Last-Modified"] = http_date(moment.timestamp())
        patch_cache_control(response, no_cache=True)
        headers = {
            name: value
            for name, value in response.items()
            if name.lower() not in UNSTORED_HEADERS
        }
        response[HIT_HEADER] = "miss"
        cache.set(
            key,
            {
                "content": content,
                "headers": headers,
                "expires_at": expires_at,
                "stamp": stamp,
            },
            seconds,
        )

    @staticmethod
    def _rebuild(entry):
        response = HttpResponse(entry["content"])
        for name, value in entry["headers"].items():
            response[name] = value
        response[HIT_HEADER] = "hit"
        return response


# Purges ---------------------------------------------------------------------


@receiver(sessions_changed)
def purge_pages_of_sessions(sender, sessions, places_only=False, **kwargs):
    """A booking changes the places pages show, never the feeds (no places
    in them): a calendar polling ``/agenda.ics`` keeps getting 304s."""
    from home import chrome  # chrome reads this module's generation key

    page_ids = frozenset(session.page_id for session in sessions)
    feeds = not places_only
    # Kept per generation of the site: a page's path changes only with a
    # change that renews it (a page saved, moved or deleted, a site changed).
    purge_paths(
        chrome.shared(
            None,
            ("paths-showing", page_ids, feeds),
            lambda: paths_showing(page_ids, feeds=feeds),
        )
    )


@receiver(reservations_changed)
def purge_schedules_of_resources(sender, resource_ids, **kwargs):
    """A reservation made, moved, decided or cancelled: the public schedule
    of its resource and the schedule's feed."""
    slugs = Resource.objects.filter(
        pk__in=resource_ids, public_schedule=True
    ).values_list("slug", flat=True)
    purge_paths(
        {
            reverse(view, args=[slug])
            for slug in slugs
            for view in ("bookings:space_schedule", "bookings:space_schedule_ical")
        }
    )


def _shown_on_pages(instance):
    """Whether this row shows on public pages beyond its own sessions.

    Pages (every save, not only publishing: a page created from the shell is
    live at once), their view restrictions (a page made private must leave
    the cache at once), the sites and their settings (the footer), the
    partners (the home page's logos), the images and documents, and what
    the public schedules of shared resources show: the resources, their
    hours and the organisations that reserve them.
    """
    from activities.models import Partner

    return isinstance(
        instance,
        (
            Page,
            PageViewRestriction,
            Site,
            BaseSiteSetting,
            Partner,
            AbstractImage,
            AbstractDocument,
            # The public schedules: a resource, its hours, who reserves it.
            Resource,
            ResourceOpeningHours,
            Organisation,
        ),
    )


def purge_all_now_and_after_commit():
    """Renew the generation at once, and again once the change is committed.

    The second renewal is for a process that rebuilt a page (or the site's
    chrome) between the two, from what the transaction had not yet written.
    """
    purge_all()
    transaction.on_commit(purge_all)


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def purge_on_page_change(sender, **kwargs):
    purge_all_now_and_after_commit()


@receiver(post_save)
@receiver(post_delete)
def purge_on_site_change(sender, instance, **kwargs):
    if _shown_on_pages(instance):
        purge_all_now_and_after_commit()
