"""Reading and checking the rows of a members import (issue 14): the columns, the file (CSV
or XLSX, through the one upload checker), one report per row with the registration's duplicate
rule, without writing anything. The batch itself (dry run kept, import, invitations, undo) is
`imports.py`."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models.functions import Lower
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mecanismo.core.csv_export import FORMULA_START
from mecanismo.core.models import ActorType, Country, Language, Mesa
from mecanismo.core.permissions import is_admin, is_gtsc_staff
from mecanismo.documents.uploads import SPREADSHEET_KINDS, check_upload

from ..models import (
    MemberKind,
    normalise_name,
)
from ..selectors import duplicates_among
from ._common import SENSITIVE_FIELDS

MAX_IMPORT_BYTES = 5 * 1024 * 1024
MAX_IMPORT_ROWS = 5000

REQUIRED_COLUMNS = ("kind", "member_name", "actor_type", "country", "email")
OPTIONAL_COLUMNS = (
    "contact_name",
    "position",
    "language",
    "mesas",
    "website",
    "description",
    "works_local",
    "works_national",
    "works_regional",
    "gathers_networks",
)
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Column names that carry §9 answers in any of our languages: never imported.
SENSITIVE_COLUMNS = {
    *SENSITIVE_FIELDS,
    "genero",
    "genre",
    "sexo",
    "sex",
    "migrant",
    "migrante",
    "refugee",
    "refugiado",
    "indigena",
    "afrodescendiente",
    "discapacidad",
    "disabilities",
    "juventud",
}
LIMITS = {"member_name": 200, "contact_name": 200, "position": 200, "description": 2000}
TRUE = {"yes", "y", "si", "sí", "sim", "oui", "true", "1", "x"}
FALSE = {"no", "n", "non", "nao", "não", "false", "0", ""}
KIND_WORDS = {
    "organisation": MemberKind.ORGANISATION,
    "organization": MemberKind.ORGANISATION,
    "organizacion": MemberKind.ORGANISATION,
    "organizacao": MemberKind.ORGANISATION,
    "individual": MemberKind.INDIVIDUAL,
    "individuo": MemberKind.INDIVIDUAL,
    "person": MemberKind.INDIVIDUAL,
    "persona": MemberKind.INDIVIDUAL,
    "pessoa": MemberKind.INDIVIDUAL,
    "personne": MemberKind.INDIVIDUAL,
}


class Outcome:
    """What the import does with a row (stored in the report as these codes)."""

    CREATE = "create"  # a new member and its first invited person
    CONTACT = "contact"  # one more invited contact of an organisation created by an earlier row
    DUPLICATE = "duplicate"  # likely an existing member or account: not imported
    ERROR = "error"  # something is wrong: not imported


@dataclass
class RowReport:
    line: int
    outcome: str
    member_name: str = ""
    email: str = ""
    kind: str = ""
    mesas: list[int] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)
    # filled for rows that write: ids of the reference data, the cleaned values
    values: dict = field(default_factory=dict)


def can_import_members(user) -> bool:
    """Admins and GT-SC staff bring existing members in (issue 14)."""
    return is_admin(user) or is_gtsc_staff(user)


# --- reading the file ---------------------------------------------------------------------------


def _header_key(text) -> str:
    return normalise_name(str(text or "")).replace(" ", "_").replace("-", "_")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _read_csv(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            rows.append(row)
            if len(rows) > MAX_IMPORT_ROWS + 1:
                break
    except csv.Error as exc:
        raise ValidationError(_("The file could not be read as CSV.")) from exc
    return rows


def _read_xlsx(upload) -> list[list[str]]:
    """The first sheet, values as typed. A cell holding a formula is kept as its formula text
    (starting with =), which the row check refuses."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(upload, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise ValidationError(_("The workbook could not be read.")) from exc
    try:
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True, max_col=40):
            rows.append([_cell_text(v) for v in row])
            if len(rows) > MAX_IMPORT_ROWS + 1:
                break
    finally:
        book.close()
    return rows


def import_file_read(upload) -> tuple[list[dict], list[str]]:
    """The rows of an uploaded file as {column: text, "line": n} and the file-level notes
    (codes: "ignored:<column>", "sensitive:<column>"), or ValidationError saying what is wrong
    with the file. Nothing is written."""
    kind = check_upload(upload, kinds=SPREADSHEET_KINDS, max_bytes=MAX_IMPORT_BYTES)
    upload.seek(0)
    table = _read_csv(upload.read()) if kind == "csv" else _read_xlsx(upload)
    table = [row for row in table if any(_cell_text(c) for c in row)]
    if not table:
        raise ValidationError(_("The file is empty."))
    header = [_header_key(h) for h in table[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            ngettext(
                "A required column is missing: %(columns)s. The first row must name the columns.",
                "Required columns are missing: %(columns)s. The first row must name the columns.",
                len(missing),
            )
            % {"columns": ", ".join(missing)}
        )
    body = table[1:]
    if len(body) > MAX_IMPORT_ROWS:
        raise ValidationError(
            _("The file has more than %(max)s rows. Split it into files of at most %(max)s rows.")
            % {"max": f"{MAX_IMPORT_ROWS:,}"}
        )
    if not body:
        raise ValidationError(_("The file has column names but no rows."))
    notes = []
    for name in dict.fromkeys(h for h in header if h and h not in COLUMNS):
        is_sensitive = name in SENSITIVE_COLUMNS or any(s in name for s in SENSITIVE_COLUMNS)
        notes.append(f"{'sensitive' if is_sensitive else 'ignored'}:{name}")
    rows = []
    for number, cells in enumerate(body, start=2):
        row = {"line": number}
        for index, name in enumerate(header):
            if name in COLUMNS and index < len(cells):
                row[name] = _cell_text(cells[index])
        rows.append(row)
    return rows, notes


def note_text(note: str) -> str:
    """The dry run's sentence for a file-level note."""
    code, _sep, column = note.partition(":")
    if code == "sensitive":
        return _(
            "Column “%(column)s” is ignored: self-declared answers (gender, migrant "
            "experience, groups) are never imported; each person may give them in their "
            "own profile."
        ) % {"column": column}
    return _("Column “%(column)s” is not one the import knows: it is ignored.") % {"column": column}


# --- checking the rows ----------------------------------------------------------------------------


class _Reference:
    """Countries, actor types and mesas by every name a file may use (three queries)."""

    def __init__(self):
        self.countries: dict[str, Country] = {}
        for c in Country.objects.all():
            for key in (c.code, c.name_es, c.name_en, c.name_pt, c.name_fr):
                self.countries.setdefault(normalise_name(key), c)
        self.actor_types: dict[str, ActorType] = {}
        for a in ActorType.objects.all():
            for key in (a.code, a.name_es, a.name_en, a.name_pt, a.name_fr):
                self.actor_types.setdefault(normalise_name(key), a)
        self.mesas: dict[str, Mesa] = {}
        for m in Mesa.objects.all():
            for key in (str(m.number), m.slug, f"mr {m.number}", f"mr{m.number}"):
                self.mesas.setdefault(normalise_name(key), m)


def _flag(value: str) -> bool | None:
    word = normalise_name(value)
    if word in TRUE or value.strip().lower() in TRUE:
        return True
    if word in FALSE:
        return False
    return None


def _check_row(row: dict, ref: _Reference) -> RowReport:
    """One row against the reference data, without looking at other rows or existing members."""
    report = RowReport(line=row["line"], outcome=Outcome.CREATE)
    say = report.messages.append
    for column in COLUMNS:
        value = row.get(column, "")
        if value.startswith(FORMULA_START):
            say(
                _("Column “%(column)s” starts with =, +, - or @: formulas are not imported.")
                % {"column": column}
            )
            row = {**row, column: ""}
        elif column in LIMITS and len(value) > LIMITS[column]:
            say(
                _("Column “%(column)s” is longer than %(max)s characters.")
                % {"column": column, "max": LIMITS[column]}
            )
    name = " ".join(row.get("member_name", "").split())
    report.member_name = name
    if not name:
        say(_("The member's name is missing."))
    kind = KIND_WORDS.get(normalise_name(row.get("kind", "")))
    if kind is None:
        say(_("Unknown kind: write “organisation” or “individual”."))
    report.kind = kind or ""
    country = ref.countries.get(normalise_name(row.get("country", "")))
    if country is None:
        say(_("Unknown country “%(value)s”.") % {"value": row.get("country", "")})
    actor_type = ref.actor_types.get(normalise_name(row.get("actor_type", "")))
    if actor_type is None:
        say(_("Unknown actor type “%(value)s”.") % {"value": row.get("actor_type", "")})
    elif kind is not None and not actor_type.fits(individual=(kind == MemberKind.INDIVIDUAL)):
        say(_("This actor type is not offered to this kind of member."))
    email = row.get("email", "").strip().lower()
    report.email = email
    try:
        validate_email(email)
    except ValidationError:
        say(_("Invalid e-mail address “%(value)s”.") % {"value": row.get("email", "")})
    language = (row.get("language", "") or Language.ES).strip().lower()[:5]
    if language not in Language.values:
        say(_("Unknown language “%(value)s”: use es, en, pt or fr.") % {"value": language})
    mesas = []
    for part in row.get("mesas", "").replace(",", ";").split(";"):
        if not part.strip():
            continue
        mesa = ref.mesas.get(normalise_name(part))
        if mesa is None:
            say(_("Unknown mesa “%(value)s”.") % {"value": part.strip()})
        elif mesa.pk not in mesas:
            mesas.append(mesa.pk)
    report.mesas = sorted({m.number for m in ref.mesas.values() if m.pk in mesas})
    flags = {}
    for column in ("works_local", "works_national", "works_regional", "gathers_networks"):
        flag = _flag(row.get(column, ""))
        if flag is None:
            say(_("Column “%(column)s”: write yes or no.") % {"column": column})
        flags[column] = bool(flag)
    website = row.get("website", "")
    if website:
        try:
            URLValidator(schemes=["http", "https"])(website)
        except ValidationError:
            say(_("Invalid website address."))
    if report.messages:
        report.outcome = Outcome.ERROR
        return report
    contact_name = " ".join(row.get("contact_name", "").split())
    if kind == MemberKind.INDIVIDUAL:
        contact_name = name
    report.values = {
        "kind": kind,
        "name": name,
        "country": country.pk,
        "actor_type": actor_type.pk,
        "email": email,
        "contact_name": contact_name,
        "position": row.get("position", "") if kind == MemberKind.ORGANISATION else "",
        "language": language,
        "mesas": mesas,
        "website": website,
        "description": row.get("description", ""),
        **flags,
    }
    return report


def import_rows_check(rows: list[dict]) -> list[RowReport]:
    """The dry run (issue 14): for each row, what the import would do. A constant number of
    queries whatever the number of rows: reference data, existing accounts, likely duplicates
    (the registration's rule, `selectors.duplicates_among`)."""
    ref = _Reference()
    reports = [_check_row(row, ref) for row in rows]
    emails = {r.email for r in reports if r.outcome != Outcome.ERROR}
    existing = set(
        get_user_model()
        .objects.annotate(e=Lower("email"))
        .filter(e__in=emails)
        .values_list("e", flat=True)
    )
    organisations = [r for r in reports if r.outcome != Outcome.ERROR and r.kind == "organisation"]
    duplicates = duplicates_among((r.values["name"], r.values["country"]) for r in organisations)
    seen_emails: dict[str, int] = {}
    first_row_of: dict[tuple[str, int], RowReport] = {}
    for report in reports:
        if report.outcome == Outcome.ERROR:
            continue
        values = report.values
        if report.email in seen_emails:
            report.outcome = Outcome.ERROR
            report.messages.append(
                _("The same e-mail address is on line %(line)s.")
                % {"line": seen_emails[report.email]}
            )
            continue
        seen_emails[report.email] = report.line
        if report.email in existing:
            report.outcome = Outcome.DUPLICATE
            report.messages.append(
                _(
                    "An account with this e-mail address exists: not imported. The person can "
                    "ask to act for the member after signing in."
                )
            )
            continue
        if report.kind != MemberKind.ORGANISATION:
            continue
        key = (normalise_name(values["name"]), values["country"])
        if key in duplicates:
            report.outcome = Outcome.DUPLICATE
            report.messages.append(
                _(
                    "Likely the existing member “%(name)s” (same name in that country): not "
                    "imported. The person can ask to act for it after signing in."
                )
                % {"name": duplicates[key].name}
            )
            continue
        first = first_row_of.get(key)
        if first is None:
            first_row_of[key] = report
        elif first.values["actor_type"] != values["actor_type"]:
            report.outcome = Outcome.ERROR
            report.messages.append(
                _("Another actor type than line %(line)s for the same organisation.")
                % {"line": first.line}
            )
        else:
            report.outcome = Outcome.CONTACT
            values["same_as"] = first.line
            first.values["mesas"] = list(dict.fromkeys(first.values["mesas"] + values["mesas"]))
    return reports


def import_summary(report: list[dict]) -> dict[str, int]:
    counts = {code: 0 for code in ("create", "contact", "duplicate", "error")}
    for row in report:
        counts[row["outcome"]] += 1
    counts["people"] = counts["create"] + counts["contact"]
    return counts


# --- the services ---------------------------------------------------------------------------------
