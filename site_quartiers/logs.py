"""Logs without secrets or residents' details.

A manage link's token is the key to a booking, and it is in the URL path; a
booking code, a phone number or an e-mail address can be in a query string
(the staff's « Retrouver une réservation »), in an error message or in a
traceback. Every log line, Django's and gunicorn's (access and error), goes
through ``mask`` before it is written: what a log reader needs (status, path
shape, timing) stays, the secrets and contact details do not.
"""

import json
import logging
import re
from datetime import UTC, datetime

from django.conf import settings
from django.utils.log import AdminEmailHandler
from django.views.debug import SafeExceptionReporterFilter
from gunicorn.glogging import Logger

MASK = "***"
# The token of /reservation/<token>/..., whatever it looks like.
TOKEN_PATH = re.compile(r"(/reservation/)[^/\s?#]+")
# A URL-safe random token elsewhere (a mixed-case run of 20+ characters with a
# digit: slugs are lower case, words have no digits).
TOKEN = re.compile(r"(?<![\w-])(?=[\w-]*\d)(?=[\w-]*[A-Z])(?=[\w-]*[a-z])[\w-]{20,}")
EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)+")
# French numbers as people write them (06 12 34 56 78, +33 6..., 0033...),
# and any other run of 8 digits or more.
PHONE = re.compile(r"(?:(?:\+|00)\d{2}[\s.-]?|\b0)[1-9](?:[\s.-]?\d{2}){4}\b|\d{8,}")
# A booking code (6 characters of its alphabet, maybe written "K7P 3QX").
CODE = re.compile(r"\b[ACDEFGHJKMNPQRTWXY34679]{3} ?[ACDEFGHJKMNPQRTWXY34679]{3}\b")
# Query string values: a page number or an id is kept, any other value is
# what someone typed (a name, a code, a phone number) and is masked.
QUERY_VALUE = re.compile(r"([?&][^=&\s#\"']*=)(?!\d{1,6}(?:[&\s#\"']|$))[^&\s#\"']*")


def mask(text):
    """``text`` with tokens, codes, e-mail addresses and phone numbers masked."""
    text = TOKEN_PATH.sub(rf"\g<1>{MASK}", text)
    text = QUERY_VALUE.sub(rf"\g<1>{MASK}", text)
    text = EMAIL.sub(MASK, text)
    text = TOKEN.sub(MASK, text)
    text = PHONE.sub(MASK, text)
    return CODE.sub(MASK, text)


class MaskPersonalData(logging.Filter):
    """A handler filter that masks the message and the traceback of a record."""

    def filter(self, record):
        record.msg = mask(record.getMessage())
        record.args = ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, for a log collector: time (UTC, ISO 8601),
    level, logger, message, and when there is one the HTTP status and the
    traceback. Used with ``MaskPersonalData``, which masks the message and
    the traceback before they get here."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if isinstance(status, int):
            entry["status"] = status
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["traceback"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


class GunicornLogger(Logger):
    """gunicorn's logger (``logger_class`` in gunicorn.conf.py), its access
    and error lines masked like Django's."""

    def setup(self, cfg):
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            for handler in log.handlers:
                if not any(isinstance(f, MaskPersonalData) for f in handler.filters):
                    handler.addFilter(MaskPersonalData())


class MaskedAdminEmailHandler(AdminEmailHandler):
    """Django's error e-mails to ``ADMINS``, holding what the logs hold and no more.

    The message and the traceback, masked by ``MaskPersonalData`` (the
    handler's filter): no request, no POST data, no local variables, no
    settings, which Django's own report would carry (a ``booking`` variable
    prints the resident's name). Nothing is sent while ``ADMINS`` is empty;
    a mail server that fails is ignored (``fail_silently``).
    """

    def emit(self, record):
        if not settings.ADMINS:
            return
        subject = self.format_subject(
            f"{record.levelname} {record.name}: {record.getMessage()}"
        )
        self.send_mail(subject, self.format(record), fail_silently=True)


# Local variables that hold a resident's details in the booking code.
SENSITIVE_VARIABLES = {
    "name",
    "phone",
    "email",
    "note",
    "contact",
    "resident",
    "token",
    "code",
    "query",
    "data",
    "cleaned_data",
}


class PersonalDataReporterFilter(SafeExceptionReporterFilter):
    """Error reports (debug page, any e-mailed report) without residents' data.

    Every POST value is hidden: the public forms hold nothing but what a
    resident typed. Local variables named like contact details are hidden
    too, and the request's path and query string are masked.
    """

    def get_post_parameters(self, request):
        if request is None:
            return {}
        return {key: self.cleansed_substitute for key in request.POST}

    def get_traceback_frame_variables(self, request, tb_frame):
        return [
            (name, self.cleansed_substitute if name in SENSITIVE_VARIABLES else value)
            for name, value in super().get_traceback_frame_variables(request, tb_frame)
        ]

    def get_safe_request_meta(self, request):
        meta = super().get_safe_request_meta(request)
        for key in ("PATH_INFO", "QUERY_STRING", "REQUEST_URI", "RAW_URI"):
            if isinstance(meta.get(key), str):
                meta[key] = mask(meta[key])
        return meta
