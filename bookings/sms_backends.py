"""The production SMS backend: OVHcloud's SMS API, through its official client.

Configured from the environment (README « SMS »): ``OVH_ENDPOINT``
("ovh-eu"), ``OVH_APPLICATION_KEY``, ``OVH_APPLICATION_SECRET``,
``OVH_CONSUMER_KEY`` (a token allowed ``POST /sms/*/jobs``), ``OVH_SMS_SERVICE``
(the SMS account, "sms-ab12345-1") and ``DEFAULT_FROM_SMS`` (a sender name
declared to OVH, at most 11 letters; empty: OVH's short number).
"""

import ovh
from django.conf import settings
from sms.backends.base import BaseSmsBackend


class OvhSmsBackend(BaseSmsBackend):
    """django-sms backend posting each message as one OVH SMS job."""

    def __init__(self, fail_silently=False, **kwargs):
        super().__init__(fail_silently=fail_silently, **kwargs)
        self.client = None

    def open(self):
        if self.client is None:
            self.client = ovh.Client(
                endpoint=settings.OVH_ENDPOINT,
                application_key=settings.OVH_APPLICATION_KEY,
                application_secret=settings.OVH_APPLICATION_SECRET,
                consumer_key=settings.OVH_CONSUMER_KEY,
                timeout=(5, 10),
            )
        return True

    def send_messages(self, messages):
        self.open()
        sent = 0
        for message in messages:
            try:
                self.client.post(
                    f"/sms/{settings.OVH_SMS_SERVICE}/jobs",
                    message=message.body,
                    receivers=list(message.recipients),
                    sender=message.originator or None,
                    senderForResponse=not message.originator,
                    # Transactional messages about a booking: no "STOP" line.
                    noStopClause=True,
                    charset="UTF-8",
                    coding="7bit",
                    priority="high",
                    validityPeriod=2880,
                )
            except ovh.exceptions.APIError:
                if not self.fail_silently:
                    raise
                continue
            sent += 1
        return sent
