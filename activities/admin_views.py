"""Staff pages of the admin about the locals' pages: the programmes to print."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from bookings.admin_views import BookingsAdminMixin

from . import programme
from .models import LocalPage

PROGRAMMES = "bookings_programmes"


@dataclass
class PrintLink:
    """One programme of a local: what it covers, its A4 page and its PDF."""

    label: str
    first: object
    last: object
    page_url: str
    pdf_url: str


def print_links(local, request, today=None):
    """This week's, next week's, this month's and next month's programmes."""
    today = today or timezone.localdate()
    base = local.get_url(request)
    choices = [
        (_("Cette semaine"), programme.WEEK, today),
        (_("La semaine prochaine"), programme.WEEK, today + timedelta(days=7)),
        (_("Ce mois-ci"), programme.MONTH, today),
        (
            _("Le mois prochain"),
            programme.MONTH,
            (today.replace(day=1) + timedelta(days=32)).replace(day=1),
        ),
    ]
    links = []
    for label, period, day in choices:
        first, last = programme.period_for(period, day)
        query = f"?periode={period}&debut={first:%Y-%m-%d}"
        links.append(
            PrintLink(
                label,
                first,
                last,
                base + local.reverse_subpage("programme") + query,
                base + local.reverse_subpage("programme_pdf") + query,
            )
        )
    return links


class ProgrammesView(BookingsAdminMixin, WagtailAdminTemplateMixin, TemplateView):
    """Each local's programme for the noticeboard (A4) and to hand out (PDF)."""

    template_name = "activities/admin/programmes.html"
    header_icon = "clipboard-list"
    page_title = _("Programmes à imprimer")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["locals"] = [
            (local, print_links(local, self.request))
            for local in LocalPage.objects.live().order_by("path")
        ]
        return context
