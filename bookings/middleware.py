"""Turn a session locked for too long into a « réessayez » page."""

from django.shortcuts import render

from .exceptions import SessionBusy

# Seconds after which the browser (or the resident) may try again.
RETRY_AFTER = 10


class SessionBusyMiddleware:
    """Answer ``SessionBusy`` (``services.lock_session`` timed out) with a
    French 503 page and a ``Retry-After`` header, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SessionBusy):
            return None
        response = render(
            request, "bookings/busy.html", {"retry_after": RETRY_AFTER}, status=503
        )
        response["Retry-After"] = str(RETRY_AFTER)
        return response
