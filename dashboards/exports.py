"""CSV of a dashboard table (§8): UTF-8 with a BOM so spreadsheets read the accents, and every
cell that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) prefixed with
an apostrophe. The same suppressed values as the page: "<5" and "hidden" travel as text."""

from __future__ import annotations

import csv
import io

from django.http import HttpResponse
from django.utils.translation import gettext as _

from membership.disclosure import HIDDEN

FORMULA = ("=", "+", "-", "@", "\t", "\r")


def cell(value) -> str:
    if value == HIDDEN:
        return _("hidden")
    text = "" if value is None else str(value)
    if text.startswith(FORMULA):
        return "'" + text
    return text


def csv_response(filename: str, rows) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([cell(v) for v in row])
    response = HttpResponse(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
