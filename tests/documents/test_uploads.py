"""The upload checker against a corpus of crafted files (issue 11, findings 4 and 5), with the
memory it may use while refusing a zip bomb asserted. Files are built here, byte by byte."""

from __future__ import annotations

import io
import tracemalloc
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from mecanismo.documents import uploads
from mecanismo.documents.uploads import check_upload

from .crafted import DOCUMENT_XML, DOCX_TYPES, bomb, docx, odt, package, pdf

MEMORY_BOUND = 24 * 1024 * 1024  # peak Python allocations while checking one file


def as_upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


GOOD = [
    ("informe.pdf", pdf(), "pdf"),
    ("informe.docx", docx(), "docx"),
    ("informe.odt", odt(), "odt"),
    ("script.html", pdf(), "pdf"),  # the name does not matter, the structure does
]

BAD = {
    "pdf with document JavaScript": pdf(js="app.alert(1)"),
    "pdf with /OpenAction JavaScript": pdf(open_action="app.alert(document.cookie)"),
    "pdf with a /Launch action": pdf(launch=True),
    "pdf with an embedded file": pdf(attachment=True),
    "%PDF- + HTML polyglot": b"%PDF-1.4\n<html><script>alert(1)</script></html>",
    "pdf + appended HTML": pdf() + b"\n<!DOCTYPE html><body onload=alert(1)>",
    "pdf header only": b"%PDF-1.7\n...",
    "pdf that does not parse": b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 9 0 R>>endobj\n%%EOF",
    "minimal fake docx": package(
        [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")],
        stored_first=False,
    ),
    "docx with ../../ entry": docx(("../../etc/cron.d/x", b"* * * * * root sh")),
    "docx with an absolute entry": docx(("/etc/passwd", b"root:x:0:0")),
    "docx with a backslash entry": docx(("..\\..\\x.bat", b"del *")),
    "docx with macros": docx(("word/vbaProject.bin", b"\xd0\xcf\x11\xe0")),
    "macro-enabled docx": docx(main="application/vnd.ms-word.document.macroEnabled.main+xml"),
    "docx with a DTD (billion laughs)": package(
        [
            (
                "[Content_Types].xml",
                b'<?xml version="1.0"?><!DOCTYPE t [<!ENTITY a "aaaa">]><Types>&a;</Types>',
            ),
            ("word/document.xml", DOCUMENT_XML.encode()),
        ],
        stored_first=False,
    ),
    "docx whose main part is missing": package(
        [("[Content_Types].xml", DOCX_TYPES.format(main=uploads.DOCX_MAIN).encode())],
        stored_first=False,
    ),
    "odt of another type (spreadsheet)": odt(
        mimetype=b"application/vnd.oasis.opendocument.spreadsheet"
    ),
    "odt with Basic macros": odt(("Basic/Standard/Module1.xml", b"<script:module/>")),
    "zip with HTML appended": odt() + b"<html><script>alert(1)</script>",
    "zip of nothing known": package([("readme.txt", b"hello")]),
    "broken zip": b"PK\x03\x04not really a zip",
    "executable": b"MZ\x90\x00 executable",
    "html": b"<html><script>alert(1)</script></html>",
    "empty": b"",
    "too many entries": docx(*[(f"word/media/{i}.xml", b"x") for i in range(2100)]),
    "duplicate names": docx(("word/document.xml", b"<w:document/>")),
}


@pytest.mark.parametrize("name,content,kind", GOOD, ids=[g[0] for g in GOOD])
def test_real_documents_are_accepted_with_their_kind(name, content, kind):
    assert check_upload(as_upload(name, content)) == kind


@pytest.mark.parametrize("case", list(BAD), ids=list(BAD))
def test_crafted_files_are_refused_with_a_clear_message(case):
    with pytest.raises(ValidationError) as refused:
        check_upload(as_upload("document.pdf", BAD[case]))
    assert refused.value.messages and all(refused.value.messages)


def test_a_kind_can_be_restricted_per_upload():
    with pytest.raises(ValidationError):
        check_upload(as_upload("x.docx", docx()), kinds=("pdf",))


def test_size_limit_comes_first():
    with pytest.raises(ValidationError, match="10 MB"):
        check_upload(as_upload("x.pdf", b"%PDF-" + b"0" * (uploads.MAX_UPLOAD_BYTES + 1)))


def _checked_within_memory(path) -> None:
    upload = TemporaryUploadedFile("bomb.odt", "application/octet-stream", 0, None)
    with open(path, "rb") as source:
        upload.write(source.read())
    upload.size = upload.file.tell()
    tracemalloc.start()
    try:
        with pytest.raises(ValidationError):
            check_upload(upload)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        upload.close()
    assert peak < MEMORY_BOUND, f"peak {peak >> 20} MiB while refusing {path.name}"


@pytest.fixture(scope="module")
def bombs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bombs")
    made = {}
    # An ODT whose mimetype entry expands to 1 GiB (the attack of the issue: 164 MB → 2.3 GB).
    made["odt mimetype 1 GiB"] = folder / "mimetype.odt"
    bomb(made["odt mimetype 1 GiB"], "mimetype", 1 << 30)
    # A DOCX whose document part expands to 2 GiB, and one that stays under the per-entry
    # limit but whose ratio gives it away.
    made["docx 2 GiB"] = folder / "big.docx"
    types = DOCX_TYPES.format(main=uploads.DOCX_MAIN).encode()
    bomb(made["docx 2 GiB"], "word/document.xml", 2 << 30, extra=[("[Content_Types].xml", types)])
    made["docx ratio"] = folder / "ratio.docx"
    bomb(made["docx ratio"], "word/document.xml", 48 << 20, extra=[("[Content_Types].xml", types)])
    return made


@pytest.mark.parametrize("case", ["odt mimetype 1 GiB", "docx 2 GiB", "docx ratio"])
def test_zip_bombs_are_refused_within_a_memory_bound(bombs, case):
    assert bombs[case].stat().st_size < uploads.MAX_UPLOAD_BYTES
    _checked_within_memory(bombs[case])


def test_an_entry_that_lies_about_its_size_is_refused_while_reading(tmp_path):
    """The central directory says 100 bytes; the data expands to 8 MiB: reading stops at the
    declared size and the archive is refused (CRC/size mismatch), in bounded memory."""
    content = b"<w:document/>" + b" " * (8 << 20)
    raw = bytearray(docx(("word/big.xml", content)))
    info = zipfile.ZipFile(io.BytesIO(bytes(raw))).getinfo("word/big.xml")
    lie = (100).to_bytes(4, "little")
    real = len(content).to_bytes(4, "little")
    start = raw.index(b"PK\x01\x02")
    raw[start:] = raw[start:].replace(real, lie, 1)
    raw[info.header_offset + 22 : info.header_offset + 26] = lie
    path = tmp_path / "liar.docx"
    path.write_bytes(bytes(raw))
    _checked_within_memory(path)
