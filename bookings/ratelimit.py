"""A fixed-window limit on public booking attempts, per client address."""

from django.conf import settings
from django.core.cache import cache


def _key(request):
    # REMOTE_ADDR as the web server sets it: behind a reverse proxy, the
    # proxy must pass the client's address there (not only X-Forwarded-For),
    # or every resident shares one counter.
    return "bookings:attempts:" + request.META.get("REMOTE_ADDR", "")


def over_limit(request):
    """Count one attempt from this address; True once the window's limit is passed.

    Every POST of the public form counts, refused ones included, so a script
    cannot try contacts or flood the waiting list. The counter lives in the
    shared cache (Redis in production) and expires with its window.
    """
    key = _key(request)
    window = settings.BOOKINGS_RATE_LIMIT_WINDOW
    cache.add(key, 0, timeout=window)
    try:
        attempts = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        attempts = 1
    if attempts is None:
        # The cache (Redis) is down: fail open. Residents keep booking during
        # the outage; the capacity rule does not depend on the cache (the
        # session row is locked), so the worst a script can do meanwhile is
        # add waiting-list entries that staff can cancel. Failing closed
        # would refuse every resident for a fault that is ours.
        return False
    return attempts > settings.BOOKINGS_RATE_LIMIT


# Short links (bookings.views.short_link) -----------------------------------


def _short_link_keys(request):
    client = request.META.get("REMOTE_ADDR", "")
    return f"bookings:short-misses:{client}", "bookings:short-misses:all"


def short_link_refused(request):
    """True when this client, or the whole site, has missed too many short links.

    Only misses count (``count_short_link_miss``): a resident opening her own
    link is never refused. With the cache down, nothing is refused (as for
    bookings: the cache is an accelerator).
    """
    client_key, site_key = _short_link_keys(request)
    misses = cache.get_many([client_key, site_key])
    return (
        misses.get(client_key, 0) >= settings.BOOKINGS_SHORT_LINK_MISSES
        or misses.get(site_key, 0) >= settings.BOOKINGS_SHORT_LINK_SITE_MISSES
    )


def count_short_link_miss(request):
    client_key, site_key = _short_link_keys(request)
    for key, window in (
        (client_key, settings.BOOKINGS_SHORT_LINK_WINDOW),
        (site_key, 3600),
    ):
        cache.add(key, 0, timeout=window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add() and incr()
            cache.set(key, 1, timeout=window)
