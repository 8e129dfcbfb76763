"""A limit on public bookings, per client: behind the proxy too.

The client is read from ``X-Forwarded-For`` only when the request comes from
one of ``TRUSTED_PROXIES`` (addresses or networks, from the environment):
anybody can send that header, so a direct request is keyed on its own
address. IPv6 clients are grouped by /64, the block one home or one phone
gets, so a client cannot pass the limit by changing its address inside it.

Two counters per client and window, in the shared cache (Redis in
production): bookings made (``BOOKINGS_RATE_LIMIT``, a family may book a few
sessions, a script cannot fill them) and attempts of any outcome
(``BOOKINGS_RATE_ATTEMPTS``, much higher: a resident who mistypes a few times
is not refused, a script trying contacts is).
"""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache

IPV6_PREFIX = 64


@lru_cache(maxsize=8)
def _networks(proxies):
    networks = []
    for proxy in proxies:
        networks.append(ipaddress.ip_network(proxy.strip(), strict=False))
    return tuple(networks)


def trusted_networks():
    return _networks(tuple(settings.TRUSTED_PROXIES))


def _address(value):
    """An IP address from a header or REMOTE_ADDR, or None if it is none."""
    value = (value or "").strip()
    if value.startswith("[") and "]" in value:  # [2001:db8::1]:443
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # 203.0.113.7:443
        value = value.split(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _is_trusted(address):
    return any(address in network for network in trusted_networks())


def client_address(request):
    """The address of the client behind the trusted proxies, as a string.

    ``X-Forwarded-For`` is read from the right (the entry the nearest proxy
    added) and trusted proxies are skipped; the first other address is the
    client. Without a trusted proxy in front, the peer itself
    (``REMOTE_ADDR``), whatever the header says. "" only when not even the
    peer is an address. django-axes reads it too (AXES_CLIENT_IP_CALLABLE).
    """
    client = _client(request)
    return "" if client is None else str(client)


def _client(request):
    peer = _address(request.META.get("REMOTE_ADDR"))
    if peer is None or not _is_trusted(peer):
        return peer
    client = peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed(forwarded.split(",")):
        address = _address(entry)
        if address is None:
            break  # a forged or broken entry: trust nothing to its left
        client = address
        if not _is_trusted(address):
            break
    return client


def client_key(request):
    """The client's address, an IPv6 one as its /64 network: "2001:db8:1:2::/64"."""
    address = _client(request)
    if address is None:
        return "unknown"
    if address.version == 6:
        network = ipaddress.ip_network(f"{address}/{IPV6_PREFIX}", strict=False)
        return str(network)
    return str(address)


def _count(key, window):
    """Add one to a counter of the window; None when the cache is down."""
    count_in_window = getattr(cache, "count_in_window", None)
    if count_in_window is not None:  # Redis: one round trip
        return count_in_window(key, window)
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, timeout=window)
        return 1


def _keys(request):
    client = client_key(request)
    return f"bookings:attempts:{client}", f"bookings:made:{client}"


def over_limit(request):
    """Count one attempt from this client; True when it must be refused now.

    Refused: more attempts than ``BOOKINGS_RATE_ATTEMPTS`` in the window, or
    already ``BOOKINGS_RATE_LIMIT`` bookings made. The counters expire with
    their window (``BOOKINGS_RATE_LIMIT_WINDOW`` seconds).
    """
    attempts_key, made_key = _keys(request)
    attempts = _count(attempts_key, settings.BOOKINGS_RATE_LIMIT_WINDOW)
    if attempts is None:
        # The cache (Redis) is down: fail open. Residents keep booking during
        # the outage; the capacity rule does not depend on the cache (the
        # session row is locked), so the worst a script can do meanwhile is
        # add waiting-list entries that staff can cancel. Failing closed
        # would refuse every resident for a fault that is ours.
        return False
    made = cache.get(made_key) or 0
    return (
        attempts > settings.BOOKINGS_RATE_ATTEMPTS
        or made >= settings.BOOKINGS_RATE_LIMIT
    )


def count_booking(request):
    """Count one booking form this client just sent successfully (a series
    booked in one go counts once)."""
    _attempts_key, made_key = _keys(request)
    _count(made_key, settings.BOOKINGS_RATE_LIMIT_WINDOW)


# Short links (bookings.views.short_link) -----------------------------------


def _short_link_keys(request):
    client = client_key(request)
    return f"bookings:short-misses:{client}", "bookings:short-misses:all"


def short_link_refused(request):
    """True when this client, or the whole site, has missed too many short links.

    Only misses count (``count_short_link_miss``): a resident opening her own
    link is never refused. With the cache down, nothing is refused (as for
    bookings: the cache is an accelerator).
    """
    client, site = _short_link_keys(request)
    misses = cache.get_many([client, site])
    return (
        misses.get(client, 0) >= settings.BOOKINGS_SHORT_LINK_MISSES
        or misses.get(site, 0) >= settings.BOOKINGS_SHORT_LINK_SITE_MISSES
    )


def count_short_link_miss(request):
    client, site = _short_link_keys(request)
    _count(client, settings.BOOKINGS_SHORT_LINK_WINDOW)
    _count(site, 3600)
