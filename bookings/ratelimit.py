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
