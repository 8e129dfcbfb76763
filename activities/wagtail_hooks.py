"""What the bookings domain asks of the page types, through Wagtail hooks."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, OuterRef, Subquery, Value, When
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from bookings.reports import OUTINGS, Dimensions

from .models import ActivityPage, Category, OutingPage


@hooks.register("bookings_report_dimensions")
def report_dimensions():
    """The yearly report groups sessions by category: an activity's own,
    outings apart."""
    outing_type = ContentType.objects.get_for_model(OutingPage)

    def category(page_id):
        page = page_id.removesuffix("_id")
        return Case(
            When(**{f"{page}__content_type": outing_type}, then=Value(OUTINGS)),
            default=Subquery(
                ActivityPage.objects.filter(pk=OuterRef(page_id)).values("category")[:1]
            ),
        )

    return Dimensions(
        category=category,
        category_labels={**dict(Category.choices), OUTINGS: _("Sorties")},
    )
