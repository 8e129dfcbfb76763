"""Settings of the booking domain that would break a promise if wrong."""

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
