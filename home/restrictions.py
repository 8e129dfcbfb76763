"""The view restrictions of a page in one query instead of two."""

from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, Substr
from wagtail.models import PageViewRestriction


class ViewRestrictionsInOneQuery:
    """Page mixin: what hides a page (login, password, groups) read in one query.

    Wagtail reads the page's ancestors, then their restrictions, on every
    page served. The ancestors' paths are prefixes of the page's own path, so
    one query finds the restrictions of the page and its ancestors, and those
    of the pages they are aliases of (an alias has the restrictions of its
    source, as in Wagtail's own method).
    """

    def get_view_restrictions(self):
        # Read along with the page when it was routed (HomePage.route).
        if hasattr(self, "_routed_view_restrictions"):
            return self._routed_view_restrictions
        step = self.steplen
        paths = [self.path[:end] for end in range(step, len(self.path) + 1, step)]
        return PageViewRestriction.objects.filter(
            Q(page__path__in=paths) | Q(page__aliases__path__in=paths)
        ).distinct()


def without_restricted(queryset, path="path"):
    """The rows of ``queryset`` whose page no view restriction hides.

    ``path`` names the page's tree path in the queryset (``"page__path"`` for
    a model that points to a page). A restriction on the page or on any page
    above it hides it. In SQL, as a subquery: no query of its own, where
    Wagtail's ``.public()`` reads every restriction first.
    """
    restricted = PageViewRestriction.objects.filter(
        page__path=Substr(OuterRef(path), 1, Length("page__path"))
    )
    return queryset.exclude(Exists(restricted))
