"""The yearly report page of the « Réservations » menu, and its exports."""

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from . import report_exports
from .admin_views import StaffOnlyMixin
from .charts import bar_chart
from .report_forms import ReportForm
from .reports import BREAKDOWN, LABELS, TOTALS, build_report, format_figure

REPORT = "bookings_report"
EXPORTS = {"csv": report_exports.csv_response, "xlsx": report_exports.xlsx_response}
ATTENDANCE = [
    ("came_adults", _("Adultes venus")),
    ("came_children", _("Enfants venus")),
]


class ReportView(StaffOnlyMixin, WagtailAdminTemplateMixin, TemplateView):
    """The report of a period for one local or all; ``?format=csv|xlsx``
    downloads the same figures. A refused period shows the form again with
    its error (400) and no figures."""

    template_name = "bookings/admin/report.html"
    header_icon = "doc-full"
    page_title = _("Bilan annuel")

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        form = ReportForm(request.GET or {})
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        report = build_report(form.period, local=form.local_page)
        export = EXPORTS.get(request.GET.get("format"))
        if export:
            return export(report)
        return self.render_to_response(self.get_context_data(form=form, report=report))

    def get_context_data(self, report=None, **kwargs):
        context = super().get_context_data(**kwargs)
        if report is None:
            return context
        query = self.request.GET.copy()
        query.pop("format", None)
        context.update(
            report=report,
            totals=[
                (LABELS[name], format_figure(name, report.totals[name]))
                for name in TOTALS
            ],
            headings=[LABELS[name] for name in BREAKDOWN],
            sections=[
                {
                    "id": f"table-{number}",
                    "title": title,
                    "first": first,
                    "headings": [LABELS[name] for name in names],
                    # Each figure with its heading: on a narrow screen a row
                    # is shown as a list of « heading : figure ».
                    "rows": [
                        (
                            row.label,
                            [(LABELS[n], format_figure(n, row[n])) for n in names],
                        )
                        for row in rows
                    ],
                }
                for number, (title, first, names, rows) in enumerate(report.sections())
            ],
            charts=[
                bar_chart(
                    "chart-months",
                    _("Personnes venues par mois"),
                    _("Les chiffres sont dans le tableau « Par mois »."),
                    [(row.label, row.figures) for row in report.months],
                    ATTENDANCE,
                ),
                bar_chart(
                    "chart-categories",
                    _("Personnes venues par catégorie d'activité"),
                    _("Les chiffres sont dans le tableau « Par catégorie »."),
                    [(row.label, row.figures) for row in report.categories],
                    ATTENDANCE,
                ),
            ],
            export_query=query.urlencode(),
        )
        return context
