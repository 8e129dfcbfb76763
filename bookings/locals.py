"""Which local (lieu d'accueil) a session belongs to, for the staff's lists.

A session's page sits somewhere under a local in the page tree. The domain
never imports a page type: the local's page type is named by the setting
``BOOKINGS_LOCAL_PAGE_MODEL`` ("activities.LocalPage" by default) and looked
up through the app registry.

``with_local`` names the local of every row of a listing inside the listing's
own query (a subquery on the tree path), so a list of 500 sessions asks the
database once, not once per session.
"""

from django.apps import apps
from django.conf import settings
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Length, Substr
from wagtail.models import Page

DEFAULT_LOCAL_PAGE_MODEL = "activities.LocalPage"

# Query-string value of the "local" filter that lists every local, even for a
# coordinator whose lists open on one local (absent means "my local").
ALL_LOCALS = "tous"


def local_page_model():
    return apps.get_model(
        getattr(settings, "BOOKINGS_LOCAL_PAGE_MODEL", DEFAULT_LOCAL_PAGE_MODEL)
    )


def local_pages():
    """The locals, as plain Wagtail pages, by title."""
    return Page.objects.type(local_page_model()).order_by("title")


def _local_of(path_field, value):
    ancestors = (
        local_pages()
        .annotate(prefix=Substr(OuterRef(path_field), 1, Length("path")))
        .filter(prefix=F("path"))
        .order_by("-depth")
        .values(value)[:1]
    )
    return Subquery(ancestors)


def with_local(queryset, path_field="page__path"):
    """Annotate ``local_id`` and ``local_title`` from the page at ``path_field``."""
    return queryset.annotate(
        local_id=_local_of(path_field, "pk"),
        local_title=_local_of(path_field, "title"),
    )


def under_local(queryset, local, page_field="page"):
    """Rows whose page is ``local`` or under it."""
    return queryset.filter(**{f"{page_field}__path__startswith": local.path})
