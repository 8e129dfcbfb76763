"""Requests refused before any view reads them, and French pages for the
answers Django gives without a body.

Any text in a URL or a query string is data a view may look up or search
for; control characters (a NUL byte, escape, DEL, C1 controls) are never part
of a real address, and databases refuse some of them (PostgreSQL cannot
store NUL). They are answered here with the site's 400 page.
"""

import unicodedata
from urllib.parse import unquote_plus

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.views.defaults import bad_request

# A form the admin sends by GET may carry line breaks and tabs in its query
# string (the series editor's preview of next dates sends a recurrence rule,
# one line per rule): allowed there, and only there.
LINE_BREAKS = frozenset("\r\n\t")


def has_control_characters(text, allowed=frozenset()):
    return any(
        unicodedata.category(char) == "Cc" and char not in allowed for char in text
    )


class RefuseControlCharactersMiddleware:
    """400, in French, for a path or a query string holding control characters."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = unquote_plus(request.META.get("QUERY_STRING", ""), errors="replace")
        allowed = LINE_BREAKS if request.path_info.startswith("/admin/") else ()
        if has_control_characters(request.path_info) or has_control_characters(
            query, frozenset(allowed)
        ):
            return bad_request(request, exception=None)
        return self.get_response(request)


class MethodNotAllowedPageMiddleware:
    """The site's French 405 page instead of Django's empty body.

    Views refuse methods with ``HttpResponseNotAllowed`` (no body); a person or
    a tool sending OPTIONS or TRACE gets this page, with the same status and
    ``Allow`` header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code != 405 or response.content:
            return response
        page = TemplateResponse(request, "405.html", status=405)
        page.render()
        if response.has_header("Allow"):
            page["Allow"] = response["Allow"]
        return page


class RefuseOversizedBodyMiddleware:
    """413, in French, for a body over ``MAX_REQUEST_BODY_SIZE`` bytes.

    nginx refuses such bodies in production (``client_max_body_size``, the
    same size); this holds when a request reaches gunicorn directly. Django's
    own limit (``DATA_UPLOAD_MAX_MEMORY_SIZE``) leaves out uploaded files,
    which would otherwise be read to a temporary file whatever their size.
    The page is the one nginx serves (``manage.py write_error_pages``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_SIZE:
            from home.management.commands.write_error_pages import PAGES

            title, text = PAGES[413]
            page = render_to_string(
                "errors/proxy.html", {"title": title, "text": text, "status": 413}
            )
            return HttpResponse(page, status=413)
        return self.get_response(request)
