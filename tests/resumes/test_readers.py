"""What the readers give the parser: text in the order the document is written, page headers
first (templates put the name and contacts there), and RTF as well as PDF, DOCX and ODT."""

import pytest
from benchmarks.resume_corpus import Document, docx, odt, rtf

from hiring.resumes.limits import ParseLimits
from hiring.resumes.readers import read_document


def document() -> Document:
    doc = Document(header=["Ana Lima", "ana@example.com"], footer=["Page 1"])
    doc.p("Experience")
    doc.blocks.append(("table", [["2019 – 2021", "Engineer", "Acme"]]))
    doc.p("Education", "BSc Physics, Universidade de Lisboa")
    return doc


@pytest.mark.parametrize(("kind", "render"), [("docx", docx), ("odt", odt)])
def test_tables_stay_under_their_heading_and_headers_come_first(kind: str, render: object) -> None:
    text = read_document(render(document()), kind, ParseLimits())  # type: ignore[operator]
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[:3] == ["Ana Lima", "ana@example.com", "Experience"]
    assert lines[-1] == "Page 1"
    assert lines.index("Education") > next(i for i, s in enumerate(lines) if "Acme" in s)


def test_rtf_is_read_with_its_accents() -> None:
    doc = Document()
    doc.p("Zoë Müller", "Ingénieure – Lyon")
    text = read_document(rtf(doc), "rtf", ParseLimits())
    assert [line for line in text.splitlines() if line] == ["Zoë Müller", "Ingénieure – Lyon"]
