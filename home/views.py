import re
import sys

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import InterfaceError, OperationalError
from django.http import HttpResponseServerError
from django.template import loader
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.views.decorators.http import require_safe
from wagtail.models import Page

from activities.models import LocalPage
from bookings.text import TextError, clean_text


def describe_results(results):
    """Say what each result is (« Activité », « Sortie ») and at which local.

    Two « Atelier couture » in two locals must be told apart. One query for
    the locals, whatever the number of results; the kinds come from
    Django's content type cache.
    """
    local_pages = list(LocalPage.objects.live().only("title", "path"))
    for result in results:
        model = result.specific_class
        result.kind = capfirst(model._meta.verbose_name) if model else ""
        result.local = next(
            (
                local
                for local in local_pages
                if result.path.startswith(local.path) and result.path != local.path
            ),
            None,
        )
    return results


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
    page.object_list = describe_results(list(page.object_list))
    return TemplateResponse(
        request, "home/search.html", {"query": query, "results": page}
    )


# Seconds a browser (or a proxy) is told to wait when the database is away:
# a restart takes a few seconds; the site then serves again by itself.
RETRY_AFTER_OUTAGE = 30


def server_error(request):
    """The 500 handler: a 503 with Retry-After while the database is away.

    Django has already logged the traceback (``django.request``). Both pages
    are rendered without context or database, which may be what failed.
    """
    error = sys.exc_info()[1]
    if isinstance(error, (OperationalError, InterfaceError)):
        response = HttpResponseServerError(
            loader.get_template("503.html").render(), status=503
        )
        response["Retry-After"] = str(RETRY_AFTER_OUTAGE)
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
