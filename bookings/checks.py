"""Settings of the booking domain that would break a promise if wrong."""

import ipaddress

from django.conf import settings
from django.core.checks import Error, register


@register()
def retention_period(app_configs, **kwargs):
    months = settings.BOOKINGS_RETENTION_MONTHS
    if isinstance(months, int) and months > 0:
        return []
    return [
        Error(
            f"BOOKINGS_RETENTION_MONTHS vaut {months!r} : la durée de "
            "conservation des données doit être un nombre de mois d'au moins 1.",
            id="bookings.E001",
        )
    ]


@register()
def trusted_proxies(app_configs, **kwargs):
    """TRUSTED_PROXIES must be addresses or networks: a typo would otherwise
    fail every booking, or trust nobody without saying so."""
    wrong = []
    for proxy in settings.TRUSTED_PROXIES:
        try:
            ipaddress.ip_network(proxy.strip(), strict=False)
        except ValueError:
            wrong.append(proxy)
    if not wrong:
        return []
    return [
        Error(
            f"TRUSTED_PROXIES : {', '.join(wrong)} n'est pas une adresse IP ni un "
            "réseau (par exemple 10.0.0.1 ou 10.0.0.0/8).",
            id="bookings.E002",
        )
    ]
