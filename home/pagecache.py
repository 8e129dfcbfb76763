"""A page cache for anonymous visitors that never shows stale places.

What is cached: the 200 responses to anonymous GET requests of Wagtail pages
(their routes included, such as ``ical/``) and of ``/agenda.ics``, in the
default cache (Redis in production, so every gunicorn worker shares it).
What never is: a response that sets a cookie (a CSRF token means a form: the
booking form, a form page), one marked private or no-store, any request that
carries a session cookie (staff, or a resident who just booked), the booking
and staff views (they are not Wagtail pages).

When an entry stops being true:

- every change of sessions or bookings (``bookings.signals.sessions_changed``,
  sent after commit) purges the page of the sessions, its ancestors (activity
  index, local, home page) and their iCal feeds, and ``/agenda.ics``;
- publishing, unpublishing, moving or deleting any page purges every entry:
  the header navigation and the footer show pages on every page;
- the clock: an entry lives at most ``PAGE_CACHE_SECONDS``, never past the
  next local midnight (lists of dated outings) and never past the next moment
  a session it shows opens, closes or starts. A session that closes because
  of the clock alone therefore never shows « Réserver » after its deadline.

Purging is O(1): a path's entries are keyed by a version of that path (all
its query strings at once) and by a site-wide generation; a purge writes a
new version. Stored entries carry an ``ETag`` and a ``Last-Modified``, so a
calendar application polling ``/agenda.ics`` gets a 304 until something
changes (``ConditionalGetMiddleware``).
"""

import hashlib
import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache, caches
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from bookings.signals import sessions_changed
from site_quartiers.cache import cache_recovered

CACHED_VIEWS = {"wagtail_serve", "bookings:site_calendar"}
GENERATION_KEY = "pagecache:generation"
KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Vary")
HIT_HEADER = "X-Page-Cache"


def _version_key(path):
    return "pagecache:version:" + hashlib.sha256(path.encode()).hexdigest()


def _entry_key(generation, version, full_path):
    digest = hashlib.sha256(full_path.encode()).hexdigest()
    return f"pagecache:entry:{generation}:{version}:{digest}"


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


def paths_showing(page_ids):
    """The paths whose content shows the sessions of these pages."""
    pages = Page.objects.filter(pk__in=page_ids)
    shown = Page.objects.none()
    for page in pages:
        shown |= Page.objects.ancestor_of(page, inclusive=True)
    paths = {"/agenda.ics"}
    for page in shown.exclude(depth=1):
        parts = page.get_url_parts()
        if parts:
            path = parts[2]
            paths |= {path, path + "ical/"}
    return paths


def _is_anonymous(request):
    # A session cookie may belong to staff; such a request skips the cache
    # without loading the session.
    return settings.SESSION_COOKIE_NAME not in request.COOKIES


def _sets_a_cookie(request, response):
    """Whether the response carries something of this visitor's.

    The CSRF, session and messages middleware add their cookies after this
    one has seen the response: their flags on the request tell.
    """
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return bool(
        response.cookies
        or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or (session is not None and session.modified)
        or (messages is not None and messages.added_new)
    )


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
    """Serve and store the anonymous pages; see the module's docstring."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "_page_cache_key", None):
            self._store(request, response)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.PAGE_CACHE_SECONDS or request.method != "GET":
            return None
        match = request.resolver_match
        if match is None or match.view_name not in CACHED_VIEWS:
            return None
        if not _is_anonymous(request):
            return None
        version_key = _version_key(request.path)
        found = cache.get_many([GENERATION_KEY, version_key])
        key = _entry_key(
            found.get(GENERATION_KEY, "0"),
            found.get(version_key, "0"),
            request.get_full_path(),
        )
        entry = cache.get(key)
        if entry is not None and now() < entry["expires_at"]:
            return self._rebuild(entry)
        request._page_cache_key = key
        return None

    def _store(self, request, response):
        cache_control = response.get("Cache-Control", "")
        if (
            response.status_code != 200
            or response.streaming
            or _sets_a_cookie(request, response)
            or any(word in cache_control for word in ("private", "no-store"))
        ):
            return
        if hasattr(response, "render") and not response.is_rendered:
            return
        moment = now()
        expires_at = _expires_at(response, moment)
        seconds = int((expires_at - moment).total_seconds())
        if seconds <= 0:
            return
        content = response.content
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        headers["ETag"] = f'"{hashlib.md5(content, usedforsecurity=False).hexdigest()}"'
        headers["Last-Modified"] = http_date(moment.timestamp())
        for name in ("ETag", "Last-Modified"):
            response[name] = headers[name]
        patch_cache_control(response, no_cache=True)
        response[HIT_HEADER] = "miss"
        cache.set(
            request._page_cache_key,
            {"content": content, "headers": headers, "expires_at": expires_at},
            seconds,
        )

    @staticmethod
    def _rebuild(entry):
        response = HttpResponse(entry["content"])
        for name, value in entry["headers"].items():
            response[name] = value
        patch_cache_control(response, no_cache=True)
        response[HIT_HEADER] = "hit"
        return response


# Purges ---------------------------------------------------------------------


@receiver(sessions_changed)
def purge_pages_of_sessions(sender, sessions, **kwargs):
    purge_paths(paths_showing({session.page_id for session in sessions}))


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def purge_on_page_change(sender, **kwargs):
    purge_all()


@receiver(post_delete)
def purge_on_page_delete(sender, instance, **kwargs):
    if isinstance(instance, Page):
        purge_all()
