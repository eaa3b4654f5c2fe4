"""Table downloads: one writer for every file a spreadsheet opens (the audit trail, the PZK's
tasks, meetings and institutions, the statutory reports' numbers), as CSV or XLSX."""
import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal

import xlsxwriter
from flask import send_file

from kooperacje.clock import day, local_time, to_local
from kooperacje.documents import download_name
from kooperacje.i18n import gettext as _

#: what makes a spreadsheet read a cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


#: what a worksheet's name may not hold (and it has 31 characters at most)
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")

#: the formats a table downloads in, as the URL's extension names them
TABLE_FORMATS = ("csv", "xlsx")
XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_download(extension, header, rows, *name_parts):
    """``rows`` as a CSV or XLSX file (``extension``, one of TABLE_FORMATS)."""
    return (xlsx_download if extension == "xlsx" else csv_download)(header, rows, *name_parts)


def csv_download(header, rows, *name_parts):
    """A CSV file as Polish Excel and LibreOffice open it: semicolons, a BOM so Polish letters read
    right, dates and times as people write them, and no cell a spreadsheet would run."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([str(title) for title in header])
    for row in rows:
        writer.writerow([cell(value) for value in row])
    data = io.BytesIO(("\ufeff" + buffer.getvalue()).encode("utf-8"))
    return send_file(data, mimetype="text/csv", as_attachment=True,
                     download_name=download_name(*name_parts, extension="csv"))


def cell(value):
    """One value as its cell: typed text starting like a formula is made plain text."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local_time(value, seconds=True)
    if isinstance(value, date):
        return day(value)
    if isinstance(value, Decimal):  # an amount, with the decimal comma Polish spreadsheets read
        return f"{value:.2f}".replace(".", ",")
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _workbook(buffer):
    """A workbook that writes every text as text (never a formula, a link or a number) and its formats."""
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False, "strings_to_numbers": False})
    formats = {"header": workbook.add_format({"bold": True}), date: workbook.add_format({"num_format": "dd.mm.yyyy"}),
               datetime: workbook.add_format({"num_format": "dd.mm.yyyy hh:mm:ss"}),
               "title": workbook.add_format({"bold": True, "font_size": 14}), "wrap": workbook.add_format({"text_wrap": True})}
    return workbook, formats


def _send_xlsx(workbook, buffer, name_parts):
    workbook.close()
    buffer.seek(0)
    return send_file(buffer, mimetype=XLSX_MIMETYPE, as_attachment=True,
                     download_name=download_name(*name_parts, extension="xlsx"))


def xlsx_download(header, rows, *name_parts):
    """An XLSX workbook of one sheet: a bold, frozen header with filters, dates and times as real
    spreadsheet dates (local time), numbers as numbers and every text as text, never a formula."""
    buffer = io.BytesIO()
    workbook, formats = _workbook(buffer)
    sheet = workbook.add_worksheet()
    titles = [str(title) for title in header]
    for column, title in enumerate(titles):
        sheet.write_string(0, column, title, formats["header"])
    widths = [len(title) for title in titles]
    count = 0
    for count, row in enumerate(rows, 1):
        for column, value in enumerate(row):
            widths[column] = max(widths[column], _write_cell(sheet, count, column, value, formats))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, count, len(titles) - 1)
    for column, width in enumerate(widths):
        sheet.set_column(column, column, min(width + 2, 60))
    return _send_xlsx(workbook, buffer, name_parts)


def report_download(report, heading, *name_parts):
    """A statutory report's numbers as one XLSX sheet laid out like the report: its title and
    ``heading`` lines, then each section (its title, a bold header, the rows, its note), then what
    the report asks for that the product does not record. ``report`` has ``title``, ``sections``
    (``title``, ``columns``, ``rows``, ``note``) and ``left_out``."""
    buffer = io.BytesIO()
    workbook, formats = _workbook(buffer)
    sheet = workbook.add_worksheet(SHEET_NAME_FORBIDDEN.sub(" ", str(report.title))[:31])
    sheet.write_string(0, 0, cell(report.title), formats["title"])
    line = 1
    for text in heading:
        sheet.write_string(line, 0, cell(text))
        line += 1
    for section in report.sections:
        line += 1
        sheet.write_string(line, 0, cell(section.title), formats["header"])
        line += 1
        for column, title in enumerate(section.columns):
            sheet.write_string(line, column, cell(title), formats["header"])
        for row in section.rows:
            line += 1
            for column, value in enumerate(row):
                _write_cell(sheet, line, column, value, formats)
        if section.note:
            line += 1
            sheet.write_string(line, 1, cell(section.note), formats["wrap"])
        line += 1
    if report.left_out:
        line += 1
        sheet.write_string(line, 0, cell(_("Czego aplikacja nie liczy (do uzupełnienia z innych źródeł)")),
                           formats["header"])
        for text in report.left_out:
            line += 1
            sheet.write_string(line, 1, cell(text), formats["wrap"])
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 70)
    sheet.set_column(2, 6, 16)
    return _send_xlsx(workbook, buffer, name_parts)


def _write_cell(sheet, row, column, value, formats):
    """Write one value; returns its width in characters, for the column."""
    if value is None:
        return 0
    if isinstance(value, datetime):  # stored times are UTC without a zone: shown as local time
        sheet.write_datetime(row, column, to_local(value).replace(tzinfo=None), formats[datetime])
        return 19
    if isinstance(value, date):
        sheet.write_datetime(row, column, datetime.combine(value, datetime.min.time()), formats[date])
        return 10
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        sheet.write_number(row, column, float(value) if isinstance(value, Decimal) else value)
        return len(str(value))
    text = str(value)
    sheet.write_string(row, column, text)
    return len(text)
