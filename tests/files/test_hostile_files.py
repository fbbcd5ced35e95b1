"""Hostile resumes (decompression bombs, millions of elements, endless PDFs) are stored, never
read beyond the limits, and the reason is reported; the server process stays small.

The files are built at run time (tests/files/hostile.py). Memory is asserted, not time: the
server's peak RSS (this process: the app runs in-process) grows by no more than a few tens of
MB, where reading these files in-process cost it 0.4-2 GB.
"""

import io
import resource
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import replace
from functools import cache
from typing import Any

import docx
import pytest
from docx.table import Table
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hiring.files.filetypes import MAX_ARCHIVE_MEMBERS, FileType
from hiring.resumes.extract import ExtractionError, extract_text
from hiring.resumes.limits import MB, ParseLimits
from tests.factories import make_candidate, make_job
from tests.files import documents, hostile

# The server process may grow by this much while it stores and refuses a hostile file (the
# upload itself, up to 11 MB here, is copied a few times by the test client and the server).
GROWTH_BOUND = 64 * MB

# name: (how the file is built, what the reason says)
HOSTILE: dict[str, tuple[Callable[[], bytes], str]] = {
    # word/document.xml of 200 MB of spaces in a 234 KB file
    "expanding.docx": (lambda: hostile.expanding_docx(200), "expands to more than 50 MB"),
    # 3.5 million empty paragraphs in 65 KB
    "paragraphs.docx": (
        lambda: hostile.paragraphs_docx(3_500_000),
        "compressed more than 100 to 1",
    ),
    # content.xml of 300 MB
    "expanding.odt": (lambda: hostile.expanding_odt(300), "expands to more than 50 MB"),
    # word/document.xml declares 4 KB and holds 200 MB
    "lying.docx": (lambda: hostile.lying_docx(200), "is damaged"),
    "pages.pdf": (lambda: hostile.many_pages_pdf(90_000), "The PDF has 90,000 pages"),
    # a 70 MB content stream in a 210 KB file
    "stream.pdf": (lambda: hostile.huge_stream_pdf(70), "holds more than a resume can"),
}


@cache
def hostile_file(name: str) -> bytes:
    return HOSTILE[name][0]()


def peak_rss() -> int:
    """This process's peak resident memory, in bytes (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def activity_of(client: TestClient, candidate_id: str) -> dict[str, Any]:
    activities = client.get(f"/api/candidates/{candidate_id}/activities").json()["data"]
    return next(a for a in activities if a["activity_type"] == "file_uploaded")


def assert_stored_unread(
    client: TestClient, candidate_id: str, content: bytes, reason: str
) -> None:
    """The candidate's one file is the upload, byte for byte; nothing was read into them, and
    their timeline says why."""
    [stored] = client.get(f"/api/candidates/{candidate_id}/files").json()["data"]
    assert stored["kind"] == "resume"
    download = client.get(f"/api/candidates/{candidate_id}/files/{stored['id']}/download")
    assert download.status_code == 200
    assert download.content == content
    candidate = client.get(f"/api/candidates/{candidate_id}").json()["data"]
    assert candidate["resume_text"] is None and candidate["resume_parsed"] is None
    uploaded = activity_of(client, candidate_id)
    assert reason in uploaded["body"]
    assert reason in uploaded["data"]["parse_error"]


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_resume_is_stored_unread_with_the_reason(
    recruiter: TestClient, name: str
) -> None:
    content = hostile_file(name)
    reason = HOSTILE[name][1]
    candidate = make_candidate(recruiter, email=None)
    before = peak_rss()
    response = recruiter.post(
        f"/api/candidates/{candidate['id']}/files", files={"file": (name, content)}
    )
    grown = peak_rss() - before
    assert response.status_code == 201, response.text
    assert grown < GROWTH_BOUND, f"the server grew by {grown // MB} MB"
    extracted = response.json()["data"]["extracted"]
    assert reason in extracted["parse_error"]
    assert extracted["parsed"] is None and extracted["filled"] == []
    assert_stored_unread(recruiter, candidate["id"], content, reason)


@pytest.mark.parametrize("name", ["paragraphs.docx", "pages.pdf"])
def test_the_resume_parse_endpoint_refuses_a_hostile_file_with_the_reason(
    recruiter: TestClient, name: str
) -> None:
    before = peak_rss()
    response = recruiter.post("/api/resumes/parse", files={"file": (name, hostile_file(name))})
    assert peak_rss() - before < GROWTH_BOUND
    assert response.status_code == 422, response.text
    [detail] = response.json()["error"]["details"]
    assert detail["field"] == "file"
    assert HOSTILE[name][1] in detail["message"]


def test_a_public_application_with_a_hostile_resume_is_accepted_and_kept_unread(
    anon: TestClient, recruiter: TestClient
) -> None:
    job = make_job(recruiter)
    content = hostile_file("expanding.docx")
    before = peak_rss()
    response = anon.post(
        f"/api/jobs/public/{job['id']}/apply",
        data={"name": "Ann Lee", "email": "ann@example.com"},
        files={"resume": ("cv.docx", content)},
    )
    assert peak_rss() - before < GROWTH_BOUND
    assert response.status_code == 201, response.text
    [candidate] = recruiter.get("/api/candidates", params={"job_id": job["id"]}).json()["data"]
    assert_stored_unread(recruiter, candidate["id"], content, HOSTILE["expanding.docx"][1])


def test_the_careers_form_with_a_hostile_resume_is_accepted_and_kept_unread(
    app: FastAPI, recruiter: TestClient
) -> None:
    job = make_job(recruiter)
    content = hostile_file("pages.pdf")
    response = TestClient(app, follow_redirects=False).post(
        f"/careers/{job['id']}/apply",
        data={"name": "Ann Lee", "email": "ann@example.com"},
        files={"resume": ("cv.pdf", content, "application/pdf")},
    )
    assert response.status_code == 303, response.text
    [candidate] = recruiter.get("/api/candidates", params={"job_id": job["id"]}).json()["data"]
    assert_stored_unread(recruiter, candidate["id"], content, HOSTILE["pages.pdf"][1])


# The bounds one at a time: each file gets past the others (relaxed) and stops at the one tested.
RELAXED = ParseLimits(
    max_compression_ratio=10**6,
    max_uncompressed_bytes=1024 * MB,
    max_xml_elements=10**8,
    max_pdf_pages=10**6,
)


def refusal(content: bytes, file_type: FileType, limits: ParseLimits) -> str:
    with pytest.raises(ExtractionError) as refused:
        extract_text(io.BytesIO(content), file_type, limits)
    return str(refused.value)


def test_xml_elements_are_counted_while_streaming() -> None:
    limits = replace(RELAXED, max_xml_elements=200_000)
    reason = refusal(hostile_file("paragraphs.docx"), FileType.docx, limits)
    assert reason == "The DOCX file has more than 200,000 XML elements; it was not read"


def test_the_child_runs_out_of_memory_not_the_server() -> None:
    limits = replace(RELAXED, memory_bytes=192 * MB, parse_seconds=300)
    before = peak_rss()
    # python-docx would build a tree of 3.5 million elements (1.1 GB in-process before).
    reason = refusal(hostile_file("paragraphs.docx"), FileType.docx, limits)
    assert reason == (
        "Reading the DOCX file needed more than the 192 MB of memory allowed; it was not read"
    )
    assert peak_rss() - before < GROWTH_BOUND


def test_the_child_is_stopped_at_the_time_limit() -> None:
    limits = replace(RELAXED, memory_bytes=4096 * MB, parse_seconds=1.0)
    # About a minute of CPU in-process before.
    reason = refusal(hostile_file("paragraphs.docx"), FileType.docx, limits)
    assert reason == "Reading the DOCX file took more than the 1 s allowed; it was not read"


def _docx_with_document_xml(document_xml: bytes) -> bytes:
    normal = zipfile.ZipFile(io.BytesIO(documents.docx_file(["Jane Resume"])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in normal.infolist():
            body = document_xml if info.filename == hostile.DOCUMENT_XML else normal.read(info)
            archive.writestr(info, body)
    return buffer.getvalue()


def test_xml_entities_are_refused_before_any_expansion() -> None:
    laughs = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    document = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "lol">{laughs}]>'
        f'<w:document xmlns:w="{hostile.WORD}"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p>'
        "</w:body></w:document>"
    ).encode()
    reason = refusal(_docx_with_document_xml(document), FileType.docx, ParseLimits())
    assert reason == "The DOCX file declares an XML document type or entities; it was not read"


def test_an_archive_of_too_many_parts_is_not_taken_for_a_document(recruiter: TestClient) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for n in range(MAX_ARCHIVE_MEMBERS):
            archive.writestr(f"word/media/{n}.bin", b"")
    candidate = make_candidate(recruiter)
    response = recruiter.post(
        f"/api/candidates/{candidate['id']}/files", files={"file": ("cv.docx", buffer.getvalue())}
    )
    assert response.status_code == 415


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def test_a_docx_with_tables_and_pictures_reads_as_python_docx_reads_it() -> None:
    document = docx.Document()
    document.add_paragraph("Jane Resume")
    document.add_picture(io.BytesIO(_png()))
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"cell {r}{c}"
    table.cell(1, 0).merge(table.cell(1, 1))
    document.add_paragraph("Skills: Python\tPostgreSQL")
    buffer = io.BytesIO()
    document.save(buffer)
    content = buffer.getvalue()

    # What python-docx reads from the upload itself, unbounded: paragraphs and tables in the
    # order they are written.
    original = docx.Document(io.BytesIO(content))
    lines = []
    for block in original.iter_inner_content():
        if isinstance(block, Table):
            lines.extend("  ".join(cell.text for cell in row.cells) for row in block.rows)
        else:
            lines.append(block.text)
    expected = "\n".join(lines).strip()

    assert extract_text(io.BytesIO(content), FileType.docx) == expected
    assert "cell 12" in expected and "Skills: Python\tPostgreSQL" in expected
    assert expected.index("cell 12") < expected.index("Skills")


def test_long_text_is_cut_at_the_limit_as_before() -> None:
    limits = ParseLimits(max_text_chars=1000)
    text = "  \n" + "word " * 1000 + "\n" * 50_000 + "end"
    assert extract_text(io.BytesIO(text.encode()), FileType.txt, limits) == text.strip()[:1000]
    pdf = documents.pdf(["word " * 30] * 40)
    assert len(extract_text(io.BytesIO(pdf), FileType.pdf, limits)) == 1000
