"""A message (e-mail or SMS) that could not be sent: try again, then call.

One rule for both channels: a failed send is queued again after each of
``BOOKINGS_EMAIL_RETRY_DELAYS`` (seconds) when the task backend can defer
work; after the last try, the resident goes on the staff's « À appeler »
list with ``reason``. A failure is never silent.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from .models import PendingCall

logger = logging.getLogger(__name__)


def retry_or_call(task, booking_ids, kind, attempt, error, *, what, booking, reason):
    """Queue ``task(booking_ids, kind, attempt + 1)`` later, or put ``booking``
    on the call list once the tries are spent. ``what``: "E-mail" or "SMS"."""
    delays = settings.BOOKINGS_EMAIL_RETRY_DELAYS
    if attempt <= len(delays) and task.get_backend().supports_defer:
        retry_at = timezone.now() + timedelta(seconds=delays[attempt - 1])
        logger.warning(
            "%s %s (réservations %s) non envoyé, essai %s : %s ; nouvel essai à %s.",
            what,
            kind,
            booking_ids,
            attempt,
            error,
            retry_at.isoformat(),
        )
        task.using(run_after=retry_at).enqueue(booking_ids, kind, attempt + 1)
        return
    logger.error(
        "%s %s (réservations %s) non envoyé après %s essai(s) : %s ; "
        "habitant mis sur la liste « À appeler ».",
        what,
        kind,
        booking_ids,
        attempt,
        error,
    )
    PendingCall.objects.create(booking=booking, reason=reason)
