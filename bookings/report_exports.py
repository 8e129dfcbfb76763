"""The yearly report as a spreadsheet (XLSX) or a CSV for a French Excel.

Both hold the same tables as the page, figure for figure. Text that a
spreadsheet would run as a formula (a page title starting with "=", "+",
"-" or "@") stays text: typed as text in the XLSX, after a "'" in the CSV.
"""

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from .exports import neutralise_formula
from .reports import LABELS, RATES, TOTALS

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_text(value):
    """Text a spreadsheet shows as it is, never runs."""
    return neutralise_formula(str(value))


def heading(name):
    label = str(LABELS[name])
    return f"{label} (%)" if name in RATES else label


def blocks(report):
    """(title, header, rows) for the totals and each breakdown; raw values."""
    local = report.local.title if report.local else _("tous les locaux")
    intro = (
        _("Bilan %(period)s – %(local)s") % {"period": report.period, "local": local},
        [],
        [],
    )
    totals = (
        _("Totaux"),
        [_("Chiffre"), _("Valeur")],
        [[heading(name), report.totals[name]] for name in TOTALS],
    )
    sections = [
        (
            str(title),
            [str(first)] + [heading(name) for name in names],
            [[row.label] + [row[name] for name in names] for row in rows],
        )
        for title, first, names, rows in report.sections()
    ]
    return [intro, totals, *sections]


def filename(report, extension):
    local = f"-{report.local.slug}" if report.local else ""
    period = f"{report.period.start:%Y-%m-%d}_{report.period.end:%Y-%m-%d}"
    return f"bilan-{period}{local}.{extension}"


def csv_cell(value):
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")  # French Excel's decimal comma
    if isinstance(value, int):
        return value
    return safe_text(value)


def csv_response(report):
    """UTF-8 with a BOM and ";" between cells: what a French Excel opens."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for title, header, rows in blocks(report):
        writer.writerow([safe_text(title)])
        if header:
            writer.writerow([safe_text(cell) for cell in header])
        for row in rows:
            writer.writerow([csv_cell(cell) for cell in row])
        writer.writerow([])
    response = HttpResponse(
        "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{filename(report, "csv")}"'
    )
    return response


def xlsx_response(report):
    """One sheet per table; rates as numbers with one decimal."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    intro, *tables = blocks(report)
    for index, (title, header, rows) in enumerate(tables):
        sheet = workbook.create_sheet(title=title[:31])
        sheet.append([intro[0] if index == 0 else title])
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula
                elif isinstance(cell.value, float):
                    cell.number_format = "0.0"
        for cell in (*sheet[1], *sheet[2]):
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="{filename(report, "xlsx")}"'
    )
    return response
