"""Requests refused before any view reads them, and French pages for the
answers Django gives without a body.

Any text in a URL or a query string is data a view may look up or search
for; control characters (a NUL byte, escape, DEL, C1 controls) are never part
of a real address, and databases refuse some of them (PostgreSQL cannot
store NUL). They are answered here with the site's 400 page.
"""

import unicodedata
from urllib.parse import unquote_plus

from django.template.response import TemplateResponse
from django.views.defaults import bad_request


def has_control_characters(text):
    return any(unicodedata.category(char) == "Cc" for char in text)


class RefuseControlCharactersMiddleware:
    """400, in French, for a path or a query string holding control characters."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = unquote_plus(request.META.get("QUERY_STRING", ""), errors="replace")
        if has_control_characters(request.path_info) or has_control_characters(query):
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
