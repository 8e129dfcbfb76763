import re

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.template.response import TemplateResponse
from django.views.decorators.http import require_safe
from wagtail.models import Page

from bookings.text import TextError, clean_text

QUERY_MAX_LENGTH = 200
# Words as people type them ("l'atelier", "pâte-à-sel"); quotes, operators
# and punctuation are dropped: the search backends (SQLite FTS5, PostgreSQL
# tsquery) would read them as syntax, and nobody searches for them.
WORD = re.compile(r"\w+(?:['’-]\w+)*")


def search_query(request):
    """What was typed in the search box, as readable text ("" if it is not)."""
    try:
        return clean_text(request.GET.get("q", ""))[:QUERY_MAX_LENGTH]
    except TextError:
        return ""


@require_safe
def search(request):
    query = search_query(request)
    terms = " ".join(WORD.findall(query))
    results = (
        Page.objects.live().public().search(terms) if terms else Page.objects.none()
    )
    paginator = Paginator(results, 10)
    try:
        page = paginator.page(request.GET.get("page", 1))
    except (PageNotAnInteger, EmptyPage):
        page = paginator.page(1)
    return TemplateResponse(
        request, "home/search.html", {"query": query, "results": page}
    )
