"""Builders of real and crafted documents for the upload tests (PDF, DOCX, ODT, zip bombs)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from mecanismo.documents import uploads

DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{main}"/></Types>'
)
DOCUMENT_XML = (
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Nota conceptual</w:t></w:r></w:p></w:body></w:document>"
)


def pdf(js=None, *, open_action=None, attachment=False, launch=False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if js:  # document-level JavaScript: /Names /JavaScript in the catalog
        action = DictionaryObject(
            {NameObject("/S"): NameObject("/JavaScript"), NameObject("/JS"): TextStringObject(js)}
        )
        tree = DictionaryObject(
            {NameObject("/Names"): ArrayObject([TextStringObject("a"), writer._add_object(action)])}
        )
        writer._root_object[NameObject("/Names")] = DictionaryObject(
            {NameObject("/JavaScript"): writer._add_object(tree)}
        )
    if open_action:
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/JavaScript"),
                NameObject("/JS"): TextStringObject(open_action),
            }
        )
        writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    if launch:
        action = DictionaryObject(
            {
                NameObject("/S"): NameObject("/Launch"),
                NameObject("/F"): TextStringObject("cmd.exe"),
            }
        )
        writer.pages[0][NameObject("/AA")] = DictionaryObject({NameObject("/O"): action})
    if attachment:
        writer.add_attachment("payload.exe", b"MZ\x90\x00")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def package(entries: list[tuple[str, bytes]], *, stored_first=True) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            method = zipfile.ZIP_STORED if index == 0 and stored_first else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return buf.getvalue()


def docx(*extra, main=uploads.DOCX_MAIN) -> bytes:
    return package(
        [
            ("[Content_Types].xml", DOCX_TYPES.format(main=main).encode()),
            ("word/document.xml", DOCUMENT_XML.encode()),
            *extra,
        ],
        stored_first=False,
    )


def odt(*extra, mimetype=uploads.ODT_MIMETYPE) -> bytes:
    return package(
        [
            ("mimetype", mimetype),
            ("content.xml", b"<office:document-content/>"),
            ("META-INF/manifest.xml", b"<manifest:manifest/>"),
            *extra,
        ]
    )


def bomb(path, first: str, size: int, *, extra=()) -> None:
    """A zip bomb on disk: an entry of `size` zeros (< 4 GiB), deflated. The deflate stream is
    one fully-flushed block of 1 MiB of zeros repeated (each block stands alone after a full
    flush), so building it costs no compression of gigabytes; the CRC is not computed (the
    checker must refuse the entry before it could tell)."""
    block_input = b"\0" * (1 << 20)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(block_input) + compressor.flush(zlib.Z_FULL_FLUSH)
    ending = zlib.compressobj(9, zlib.DEFLATED, -15).flush(zlib.Z_FINISH)
    count = size // len(block_input)
    compressed = len(block) * count + len(ending)
    name = first.encode()
    entries = []
    with open(path, "wb") as out:
        entries.append((name, out.tell(), compressed, size, 0, 8))
        out.write(
            struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 0, 0, compressed, size, len(name), 0
            )
        )
        out.write(name)
        for _ in range(count):
            out.write(block)
        out.write(ending)
        for extra_name, data in extra:
            extra_name = extra_name.encode()
            entries.append((extra_name, out.tell(), len(data), len(data), zlib.crc32(data), 0))
            out.write(
                struct.pack(
                    "<4s5H3L2H",
                    b"PK\x03\x04",
                    20,
                    0,
                    0,
                    0,
                    0,
                    zlib.crc32(data),
                    len(data),
                    len(data),
                    len(extra_name),
                    0,
                )
            )
            out.write(extra_name + data)
        directory = out.tell()
        for entry_name, offset, csize, usize, crc, method in entries:
            out.write(
                struct.pack(
                    "<4s6H3L5H2L",
                    b"PK\x01\x02",
                    20,
                    20,
                    0,
                    method,
                    0,
                    0,
                    crc,
                    csize,
                    usize,
                    len(entry_name),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
            )
            out.write(entry_name)
        end = out.tell()
        out.write(
            struct.pack(
                "<4s4H2LH",
                b"PK\x05\x06",
                0,
                0,
                len(entries),
                len(entries),
                end - directory,
                directory,
                0,
            )
        )
