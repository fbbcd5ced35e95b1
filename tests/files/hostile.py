"""Hostile documents, built at run time (never committed), written in chunks so building one
costs the test process little memory."""

import io
import struct
import zipfile
import zlib

from tests.files import documents

MB = 1024 * 1024
CHUNK = b" " * MB
WORD = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
DOCUMENT_XML = "word/document.xml"


def _write_filler(entry: io.BufferedIOBase, size: int, filler: bytes = CHUNK) -> None:
    while size > 0:
        piece = filler[: min(size, len(filler))]
        entry.write(piece)
        size -= len(piece)


def _docx_with_document(head: bytes, filler_bytes: int, tail: bytes, filler: bytes) -> bytes:
    """A real DOCX (from python-docx) whose word/document.xml is head + filler + tail."""
    normal = zipfile.ZipFile(io.BytesIO(documents.docx_file(["Jane Resume"])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in normal.infolist():
            if info.filename == DOCUMENT_XML:
                with archive.open(DOCUMENT_XML, "w") as entry:
                    entry.write(head)
                    _write_filler(entry, filler_bytes, filler)
                    entry.write(tail)
            else:
                archive.writestr(info, normal.read(info))
    return buffer.getvalue()


def _word(body_head: str, body_tail: str) -> tuple[bytes, bytes]:
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{WORD}">'
    return (head + "<w:body>" + body_head).encode(), (body_tail + "</w:body></w:document>").encode()


def expanding_docx(megabytes: int) -> bytes:
    """A DOCX of about a megabyte per 1,000 MB whose text run holds ``megabytes`` of spaces."""
    head, tail = _word('<w:p><w:r><w:t xml:space="preserve">Jane Resume', "</w:t></w:r></w:p>")
    return _docx_with_document(head, megabytes * MB, tail, CHUNK)


def paragraphs_docx(count: int) -> bytes:
    """A DOCX of ``count`` empty paragraphs: a few tens of KB on disk for millions."""
    head, tail = _word("", "")
    paragraph = b"<w:p/>"
    return _docx_with_document(head, count * len(paragraph), tail, paragraph * 100_000)


def expanding_odt(megabytes: int) -> bytes:
    """An ODT whose content.xml holds ``megabytes`` of spaces inside one paragraph."""
    buffer = io.BytesIO()
    odf = documents.odt(["Jane Resume"])
    content = zipfile.ZipFile(io.BytesIO(odf)).read("content.xml")
    head, tail = content.split(b"Jane Resume")
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        mimetype = "application/vnd.oasis.opendocument.text"
        archive.writestr(zipfile.ZipInfo("mimetype"), mimetype, zipfile.ZIP_STORED)
        with archive.open("content.xml", "w") as entry:
            entry.write(head + b"Jane Resume")
            _write_filler(entry, megabytes * MB)
            entry.write(tail)
    return buffer.getvalue()


def lying_docx(megabytes: int, declared: int = 4096) -> bytes:
    """A DOCX whose word/document.xml expands to ``megabytes`` but declares ``declared`` bytes
    (in its local header and its central directory entry)."""
    head, tail = _word('<w:p><w:r><w:t xml:space="preserve">', "</w:t></w:r></w:p>")
    normal = zipfile.ZipFile(io.BytesIO(documents.docx_file(["Jane Resume"])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in normal.infolist():
            if info.filename == DOCUMENT_XML:
                # No zip64 extra field, so the 32-bit size fields are the only ones.
                with archive.open(DOCUMENT_XML, "w") as entry:
                    entry.write(head)
                    _write_filler(entry, megabytes * MB)
                    entry.write(tail)
            else:
                archive.writestr(info, normal.read(info))
        target = archive.getinfo(DOCUMENT_XML)
        local_offset = target.header_offset
    data = bytearray(buffer.getvalue())
    # Local header: uncompressed size at offset 22.
    struct.pack_into("<I", data, local_offset + 22, declared)
    # Central directory entry: uncompressed size at offset 24.
    name = DOCUMENT_XML.encode()
    position = 0
    while (position := data.find(b"PK\x01\x02", position)) != -1:
        name_length = struct.unpack_from("<H", data, position + 28)[0]
        if bytes(data[position + 46 : position + 46 + name_length]) == name:
            struct.pack_into("<I", data, position + 24, declared)
            break
        position += 4
    return bytes(data)


def many_pages_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` empty pages sharing one content stream, in a two-level page tree."""
    per_node = 1000
    nodes = (pages + per_node - 1) // per_node
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids ["
        + b" ".join(f"{4 + n} 0 R".encode() for n in range(nodes))
        + f"] /Count {pages} >>".encode(),
        b"<< /Length 0 >>\nstream\n\nendstream",
    ]
    first_page = 4 + nodes
    for n in range(nodes):
        count = min(per_node, pages - n * per_node)
        kids = " ".join(f"{first_page + n * per_node + i} 0 R" for i in range(count))
        objects.append(f"<< /Type /Pages /Parent 2 0 R /Kids [{kids}] /Count {count} >>".encode())
    for p in range(pages):
        parent = 4 + p // per_node
        page = f"<< /Type /Page /Parent {parent} 0 R /MediaBox [0 0 612 792] /Contents 3 0 R >>"
        objects.append(page.encode())
    return _pdf(objects)


def huge_stream_pdf(megabytes: int) -> bytes:
    """A one-page PDF whose Flate content stream expands to ``megabytes`` of text operators."""
    compressor = zlib.compressobj(9)
    operators = b"BT /F1 12 Tf 72 712 Td (Jane Resume) Tj ET\n" * 20_000
    parts = []
    written = 0
    while written < megabytes * MB:
        parts.append(compressor.compress(operators))
        written += len(operators)
    parts.append(compressor.flush())
    stream = b"".join(parts)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} /Filter /FlateDecode >>\nstream\n".encode()
        + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    return _pdf(objects)


def _pdf(objects: list[bytes]) -> bytes:
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    trailer = f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    out += trailer.encode()
    return bytes(out)
