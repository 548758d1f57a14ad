"""The members list of a mesa as a file for its coordinators (issue 14): the columns of a member
import, one row per contact person, never a sensitive field (§9), every text cell through the
portal's one formula-escaping helper (`mecanismo.core.csv_export.safe_cell`), audited."""

from __future__ import annotations

import io

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponse

from mecanismo.core.csv_export import csv_response, safe_cell
from mecanismo.core.services import audit_record

from .. import permissions
from ..models import MembershipStatus, MesaMembership
from ..selectors import mesa_member_page_rows
from .import_rows import COLUMNS

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _yes(flag: bool) -> str:
    return "yes" if flag else "no"


def mesa_members_export_rows(mesa) -> list[list]:
    """Rows in the order of `imports.COLUMNS` (three queries whatever the number of members)."""
    approved = MesaMembership.objects.filter(status=MembershipStatus.APPROVED).select_related(
        "mesa"
    )
    members = mesa_member_page_rows(mesa).prefetch_related(
        Prefetch("mesa_memberships", queryset=approved, to_attr="export_mesas")
    )
    rows = []
    for m in members:
        mesas = ";".join(
            str(x.mesa.number) for x in sorted(m.export_mesas, key=lambda x: x.mesa.number)
        )
        people = m.approved_contacts or [None]
        for contact in people:
            user = contact.user if contact else None
            rows.append(
                [
                    m.kind,
                    m.name,
                    m.actor_type.code,
                    m.country.code,
                    user.email if user else "",
                    user.full_name if user else "",
                    contact.position if contact else "",
                    user.language if user else "",
                    mesas,
                    m.website,
                    m.description,
                    _yes(m.works_local),
                    _yes(m.works_national),
                    _yes(m.works_regional),
                    _yes(m.gathers_networks),
                ]
            )
    return rows


def mesa_members_export(*, actor, mesa, fmt: str) -> HttpResponse:
    """The download (CSV or XLSX) for a coordinator of the mesa (or an admin)."""
    if not permissions.can_view_mesa_members(actor, mesa) or fmt not in ("csv", "xlsx"):
        raise PermissionDenied
    rows = mesa_members_export_rows(mesa)
    audit_record(actor=actor, action="members.exported", target=mesa, rows=len(rows), format=fmt)
    filename = f"members-{mesa.slug}.{fmt}"
    if fmt == "csv":
        return csv_response(filename, COLUMNS, rows)
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(mesa.slug)
    sheet.append([safe_cell(c) for c in COLUMNS])
    for row in rows:
        # safe_cell puts an apostrophe before =, +, -, @: openpyxl then stores text, no formula.
        sheet.append([safe_cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
