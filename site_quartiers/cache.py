"""A Redis cache that is an accelerator, never a point of failure.

Django's ``RedisCache`` raises when Redis is stopped and waits for the
operating system's TCP timeout when Redis hangs: one Redis fault then takes
every page down. ``ResilientRedisCache`` connects and reads with a short
timeout, logs a failure instead of raising it, answers as an empty cache
would (``get`` gives the default, ``add``/``set`` store nothing, ``incr``
gives ``None``), and leaves Redis alone for a few seconds after a failure so
that an outage costs one short timeout per process and per pause, not one per
call. Once the pause is over the next call tries Redis again: the site goes
back to caching by itself when Redis is back.

Callers that must know whether the cache answered (the booking rate limit)
check for ``None`` from ``incr``. A write lost during an outage (a page
cache purge) must not leave a stale entry behind once Redis answers again:
the first call after a failure first sends ``cache_recovered``, and
the page cache starts a new generation on it (home.pagecache).
"""

import copy
import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.dispatch import Signal

# Sent with ``cache=`` the first time a ResilientRedisCache answers after a
# failure: writes made meanwhile (purges) may have been lost.
cache_recovered = Signal()

logger = logging.getLogger(__name__)

# What an empty cache answers, per method, when Redis cannot be reached.
FALLBACKS = {
    "add": False,
    "set": None,
    "touch": False,
    "delete": False,
    "get_many": {},
    "has_key": False,
    "incr": None,
    "set_many": [],
    "delete_many": None,
    "clear": False,
}


def _redis_errors():
    import redis

    return (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)


class OneClientPerPool(RedisCacheClient):
    """Django's Redis client, keeping one ``redis.Redis`` per connection pool.

    Django builds a new ``redis.Redis`` (and its table of some 170 reply
    callbacks) for every call; a booking made five. The pool hands out the
    connections, so one client per pool serves every call of the process.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """``RedisCache`` with short timeouts, errors logged not raised, and a pause.

    OPTIONS: ``socket_timeout`` and ``socket_connect_timeout`` (seconds,
    0.5 by default) go to redis-py; ``PAUSE_AFTER_FAILURE`` (seconds, 5 by
    default) is how long Redis is left alone after a failure.
    """

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        self.pause_after_failure = float(options.pop("PAUSE_AFTER_FAILURE", 5))
        options.setdefault("socket_timeout", 0.5)
        options.setdefault("socket_connect_timeout", 0.5)
        options.setdefault("retry_on_timeout", False)
        super().__init__(server, {**params, "OPTIONS": options})
        self._class = OneClientPerPool
        self._paused_until = 0.0
        self._failed = False

    def _guarded(self, name, method, default, *args, **kwargs):
        if time.monotonic() < self._paused_until:
            return default
        if self._failed:
            # First call after a failure: let writes lost meanwhile be made
            # good (a new page generation) before this call reads anything.
            self._failed = False
            cache_recovered.send(sender=type(self), cache=self)
            if time.monotonic() < self._paused_until:  # failed again
                return default
        try:
            return method(*args, **kwargs)
        except _redis_errors() as error:
            self._failed = True
            self._paused_until = time.monotonic() + self.pause_after_failure
            logger.warning(
                "Cache Redis injoignable (%s : %s) ; pages servies sans cache "
                "pendant %s s.",
                name,
                error,
                self.pause_after_failure,
            )
            return default

    def get(self, key, default=None, version=None):
        return self._guarded("get", super().get, default, key, default, version)

    def count_in_window(self, key, timeout, version=None):
        """Add one to a counter that expires ``timeout`` seconds after its
        first count; the new count, or None when Redis cannot be reached.

        One round trip (a MULTI of SET NX and INCR), where ``add`` then
        ``incr`` take three (Django's ``incr`` first asks whether the key
        exists). ``get`` reads the counter.
        """
        return self._guarded(
            "count_in_window", self._count_in_window, None, key, timeout, version
        )

    def _count_in_window(self, key, timeout, version):
        key = self.make_and_validate_key(key, version=version)
        client = self._cache.get_client(key, write=True)
        with client.pipeline() as pipeline:
            pipeline.set(key, 0, ex=timeout, nx=True)
            pipeline.incr(key)
            return pipeline.execute()[1]


def _wrap(name, fallback):
    parent = getattr(RedisCache, name)

    @functools.wraps(parent)
    def method(self, *args, **kwargs):
        return self._guarded(
            name, functools.partial(parent, self), copy.copy(fallback), *args, **kwargs
        )

    return method


for _name, _fallback in FALLBACKS.items():
    setattr(ResilientRedisCache, _name, _wrap(_name, _fallback))
