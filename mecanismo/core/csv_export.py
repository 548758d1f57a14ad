"""CSV downloads that a spreadsheet opens safely: a cell starting with =, +, -, @ (or a tab or
carriage return) would run as a formula, so it is prefixed with an apostrophe. Numbers are
written as numbers (a negative value stays a number)."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from decimal import Decimal

from django.http import HttpResponse

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_response(filename: str, header: Iterable, rows: Iterable[Iterable]) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    response.write("\ufeff")  # so spreadsheets read UTF-8 accents
    writer = csv.writer(response)
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return response
