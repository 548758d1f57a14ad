"""The one upload checker of the portal (§10, issue 11 findings 4 and 5): every uploaded document
goes through `check_upload`, which says what the file is from its structure — not from its name,
its declared type or its first bytes — or refuses it with a translated message.

- PDF: starts with `%PDF-`, parses with pypdf, and carries no active content: no JavaScript, no
  launch/submit/import actions, no embedded files, no XFA forms, no rich media. Its object graph
  is walked (object streams included) with a budget, so a crafted file cannot keep us busy.
- DOCX / ODT: a zip package of the right type — `[Content_Types].xml` declaring a Word main
  document that exists (DOCX), or a stored `mimetype` entry naming an OpenDocument text first
  (ODT). No macros, no encrypted entries, no absolute or `..` names, bounded number of entries,
  bounded size and compression ratio per entry and in total. Entries are read in chunks (never a
  whole entry in memory), so a zip bomb is refused after reading at most the limits.
- XLSX (member imports, issue 14): the same zip checks, `[Content_Types].xml` declaring a
  spreadsheet main part that exists; macro-enabled workbooks refused.
- CSV (member imports): plain UTF-8 text (a byte-order mark allowed), no NUL byte, no control
  characters but tab and line ends.
- Any file: no HTML in it (a `%PDF-` + HTML polyglot, HTML appended to a zip).

Apps call `check_upload(upload)` in the service that stores the file and keep the returned kind
('pdf', 'docx' or 'odt') as the stored extension.
"""

from __future__ import annotations

import re
import zipfile
from xml.etree import ElementTree  # no DTD reaches the parser (see _check_ooxml)  # nosec B405

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_ENTRIES = 2000
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # uncompressed, one entry
MAX_TOTAL_BYTES = 128 * 1024 * 1024  # uncompressed, all entries
MAX_RATIO = 200  # uncompressed / compressed, for entries larger than RATIO_FROM
RATIO_FROM = 1024 * 1024
MAX_XML_BYTES = 1024 * 1024  # the small XML parts we parse ([Content_Types].xml)
MAX_PDF_OBJECTS = 200_000  # PDF objects walked before the file counts as too complex
CHUNK = 64 * 1024

KINDS = ("pdf", "docx", "odt")
SPREADSHEET_KINDS = ("csv", "xlsx")
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
# Markup that makes a file a second kind of document when a browser or a viewer sniffs it.
HTML_MARKERS = re.compile(rb"<(?:html|script|body|iframe|svg|!doctype\s+html)[\s>/]", re.I)
# PDF names of active content: refused wherever they appear (as keys or as action types).
PDF_ACTIVE = {
    "/JS",
    "/JavaScript",
    "/Launch",
    "/SubmitForm",
    "/ImportData",
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/RichMedia",
    "/XFA",
    "/GoToE",
    "/Sound",
    "/Movie",
}


class UploadRefused(ValidationError):
    """A ValidationError with the reason for the logs (the message is for the person)."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


def _generic() -> str:
    return _("Only PDF, Word (DOCX) and OpenDocument (ODT) text files are accepted.")


def _generic_for(kinds) -> str:
    if set(kinds) <= set(SPREADSHEET_KINDS):
        return _("Only CSV files (UTF-8) and Excel workbooks (XLSX) are accepted.")
    return _generic()


def _refuse(reason: str, message: str | None = None):
    raise UploadRefused(message or _generic(), reason)


def check_upload(upload, *, kinds=KINDS, max_bytes: int = MAX_UPLOAD_BYTES) -> str:
    """'pdf', 'docx', 'odt', 'xlsx' or 'csv' (among `kinds`), or UploadRefused (a
    ValidationError) whose message names the kinds accepted here."""
    size = getattr(upload, "size", None)
    if size is None or size > max_bytes:
        _refuse(
            "too large",
            _("The file is too large (at most %(mb)s MB).") % {"mb": max_bytes >> 20},
        )
    upload.seek(0)
    try:
        head = upload.read(8)
        _scan_for_html(upload)
        upload.seek(0)
        if head.startswith(b"%PDF-"):
            kind = _check_pdf(upload)
        elif head.startswith(b"PK\x03\x04"):
            kind = _check_package(upload)
        elif "csv" in kinds:
            kind = _check_csv(upload)
        else:
            _refuse("unknown signature")
        if kind not in kinds:
            _refuse(f"{kind} not accepted here")
    except UploadRefused as exc:
        if exc.messages == [_generic()] and set(kinds) != set(KINDS):
            raise UploadRefused(_generic_for(kinds), exc.reason) from exc
        raise
    finally:
        upload.seek(0)
    return kind


def _check_csv(upload) -> str:
    """Text in UTF-8: anything else (a binary renamed .csv, a file saved in another encoding)
    is refused here with a message that says how to save it."""
    upload.seek(0)
    data = upload.read()
    if CONTROL_BYTES.search(data):
        _refuse("binary data in csv")
    try:
        data.decode("utf-8-sig")
    except UnicodeDecodeError:
        _refuse(
            "csv not utf-8",
            _(
                "The file is not in UTF-8. In your spreadsheet choose “Save as” and the format "
                "“CSV UTF-8”, then upload it again."
            ),
        )
    return "csv"


def _scan_for_html(upload) -> None:
    upload.seek(0)
    tail = b""
    while chunk := upload.read(CHUNK):
        if HTML_MARKERS.search(tail + chunk):
            _refuse("html inside")
        tail = chunk[-32:]


# ------------------------------------------------------------------------------------ PDF


def _check_pdf(upload) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            _refuse("encrypted pdf")
        if len(reader.pages) < 1:
            _refuse("pdf without pages")
        _walk_pdf(reader.trailer)
    except UploadRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, OSError, RecursionError):
        _refuse("pdf does not parse")
    return "pdf"


def _walk_pdf(root) -> None:
    """Every object reachable from the trailer (pages, catalog, names, annotations, forms),
    looking for active content; stream data is not decoded, only stream dictionaries."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    seen: set[tuple[int, int]] = set()
    stack = [root]
    visited = 0
    while stack:
        obj = stack.pop()
        visited += 1
        if visited > MAX_PDF_OBJECTS:
            _refuse("pdf too complex")
        if isinstance(obj, IndirectObject):
            ref = (obj.idnum, obj.generation)
            if ref in seen:
                continue
            seen.add(ref)
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                if key in PDF_ACTIVE:
                    _refuse(f"pdf active content {key}")
                if key == "/S" and isinstance(value, NameObject) and value in PDF_ACTIVE:
                    _refuse(f"pdf action {value}")
                if key == "/Parent":
                    continue  # the page tree is walked downwards only
                stack.append(value)
        elif isinstance(obj, ArrayObject):
            stack.extend(obj)


# ----------------------------------------------------------------------------- zip packages


def _check_package(upload) -> str:
    try:
        archive = zipfile.ZipFile(upload)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError):
        _refuse("not a zip")
    with archive:
        infos = archive.infolist()
        _check_entries(infos)
        names = {info.filename for info in infos}
        if infos[0].filename == "mimetype":
            kind = _check_odt(archive, infos[0], names)
        elif "[Content_Types].xml" in names:
            kind = _check_ooxml(archive, names)
        else:
            _refuse("zip of no known type")
        total = 0
        for info in infos:
            total += _read_entry(archive, info, MAX_ENTRY_BYTES)
            if total > MAX_TOTAL_BYTES:
                _refuse("package too large when expanded")
    return kind


def _check_entries(infos) -> None:
    if not infos:
        _refuse("empty zip")
    if len(infos) > MAX_ENTRIES:
        _refuse("too many entries")
    seen = set()
    declared = 0
    for info in infos:
        name = info.filename
        parts = name.split("/")
        if (
            not name
            or name.startswith("/")
            or "\\" in name
            or "\x00" in name
            or re.match(r"^[A-Za-z]:", name)
            or ".." in parts
        ):
            _refuse(f"unsafe entry name {name[:80]!r}")
        if name.lower() in seen:
            _refuse("duplicate entry")
        seen.add(name.lower())
        if info.flag_bits & 0x1:
            _refuse("encrypted entry")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            _refuse("unusual compression")
        if info.file_size > MAX_ENTRY_BYTES:
            _refuse("entry too large when expanded")
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            _refuse("compression ratio too high")
        declared += info.file_size
        if declared > MAX_TOTAL_BYTES:
            _refuse("package too large when expanded")
        lowered = name.lower()
        if lowered.endswith("vbaproject.bin") or lowered.startswith(("basic/", "scripts/")):
            _refuse("macros")


def _read_entry(archive, info, limit: int, keep: int = 0) -> int | bytes:
    """Read an entry in chunks, counting what it expands to (refused past `limit`); returns the
    size, or its first `keep` bytes when asked (for the small parts we look into)."""
    kept = bytearray()
    size = 0
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(CHUNK):
                size += len(chunk)
                if size > limit or size > info.file_size:
                    _refuse("entry larger than declared or allowed")
                if keep and len(kept) < keep:
                    kept += chunk[: keep - len(kept)]
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError):
        _refuse("corrupt entry")
    return bytes(kept) if keep else size


def _check_odt(archive, first, names) -> str:
    if first.compress_type != zipfile.ZIP_STORED or first.file_size > 200:
        _refuse("odt mimetype entry is not a short stored entry")
    mimetype = _read_entry(archive, first, 200, keep=200)
    if mimetype.strip() != ODT_MIMETYPE:
        _refuse("not an opendocument text")
    if not {"content.xml", "META-INF/manifest.xml"} <= names:
        _refuse("odt without content or manifest")
    return "odt"


def _check_ooxml(archive, names) -> str:
    """A Word document or an Excel workbook, by the main part its content types declare."""
    info = archive.getinfo("[Content_Types].xml")
    if info.file_size > MAX_XML_BYTES:
        _refuse("content types too large")
    raw = _read_entry(archive, info, MAX_XML_BYTES, keep=MAX_XML_BYTES)
    if b"<!DOCTYPE" in raw or b"<!ENTITY" in raw:
        _refuse("xml with a document type")
    try:
        types = ElementTree.fromstring(raw)  # DTDs refused above, size bounded  # nosec B314
    except ElementTree.ParseError:
        _refuse("content types do not parse")
    if any("macroEnabled" in (node.get("ContentType") or "") for node in types.iter()):
        _refuse("macro-enabled document")
    for main, kind in ((DOCX_MAIN, "docx"), (XLSX_MAIN, "xlsx")):
        parts = [
            node.get("PartName", "").lstrip("/")
            for node in types.iter(f"{CT_NS}Override")
            if node.get("ContentType") == main
        ]
        if len(parts) == 1 and parts[0] in names:
            return kind
    _refuse("no word or spreadsheet main document")
