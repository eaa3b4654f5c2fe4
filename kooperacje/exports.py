"""CSV downloads: one writer for every file a spreadsheet opens (the audit trail, the PZK's tasks)."""
import csv
import io
from datetime import date, datetime

from flask import send_file

from kooperacje.clock import day, local_time
from kooperacje.documents import download_name

#: what makes a spreadsheet read a cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
