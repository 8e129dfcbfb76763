"""Spreadsheet exports of the staff lists, for a French Excel.

Wagtail's ``SpreadsheetExportMixin`` writes the rows; this adds what the
coordinator's Excel needs and what residents' typing must not do:

- no cell a resident typed runs as a formula: a text starting with ``=``,
  ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe in
  the CSV (OWASP's advice), and stays a text cell in the XLSX;
- the CSV opens in a French Excel: UTF-8 with a BOM, ``;`` between cells;
- the XLSX sheet and both files are named after what is exported.
"""

import csv
import re

from django.http import StreamingHttpResponse
from django.utils.text import slugify
from wagtail.admin.views.mixins import Echo, SpreadsheetExportMixin

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Excel refuses these in a sheet name, and cuts it at 31 characters.
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_LENGTH = 31


def neutralise_formula(value):
    """A text Excel would run as a formula, made plain text."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def sheet_name(title):
    return SHEET_NAME_FORBIDDEN.sub(" ", title)[:SHEET_NAME_LENGTH].strip() or "-"


def file_name(*parts):
    """« reservations-atelier-couture-2026-03-12 »."""
    return "-".join(slugify(str(part)) for part in parts if part)


class FrenchSpreadsheetExportMixin(SpreadsheetExportMixin):
    CSV_DELIMITER = ";"

    def get_sheet_title(self):
        return self.get_filename()

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        if export_format == self.FORMAT_CSV:
            return neutralise_formula(value)
        return value

    def stream_csv(self, queryset):
        writer = csv.DictWriter(
            Echo(), fieldnames=self.list_export, delimiter=self.CSV_DELIMITER
        )
        # The BOM tells Excel the file is UTF-8 (or "é" shows as "Ã©").
        yield "\ufeff".encode() + writer.writerow(
            {field: self.get_heading(queryset, field) for field in self.list_export}
        )
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(
            self.stream_csv(queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{self.get_filename()}.csv"'
        )
        return response

    def write_xlsx(self, queryset, output):
        """Wagtail's ``write_xlsx``, with the sheet named after the export."""
        from openpyxl import Workbook
        from wagtail.admin.views.mixins import ExcelDateFormatter

        workbook = Workbook(write_only=True, iso_dates=True)
        worksheet = workbook.create_sheet(title=sheet_name(self.get_sheet_title()))
        worksheet.append(
            self.get_heading(queryset, field) for field in self.list_export
        )
        date_format = ExcelDateFormatter().get()
        for item in queryset:
            worksheet.append(
                self.generate_xlsx_row(
                    worksheet, self.to_row_dict(item), date_format=date_format
                )
            )
        workbook.save(output)
