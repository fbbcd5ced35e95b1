"""Files the tests upload, generated with known contents."""

import io
import zipfile

import docx
from pypdf import PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

RESUME_LINES = [
    "Jane Resume",
    "Senior Backend Engineer",
    "jane.resume@example.org | +44 20 7946 0958",
    "linkedin.com/in/jane-resume | https://github.com/janeresume | https://janeresume.dev",
    "Summary",
    "Backend engineer with 7 years of experience in Python, PostgreSQL and Kubernetes.",
    "Experience",
    "Senior Engineer at Acme Corp (2021 - present)",
    "Globex - Backend Developer, 2017 - 2021",
    "Education",
    "BSc Computer Science, University of Lisbon, 2013 - 2017",
    "Languages",
    "English (native), Spanish (fluent)",
]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + bytes(range(64))
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(64))
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(200)
CORRUPT_PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog broken beyond repair"


def pdf(lines: list[str]) -> bytes:
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    y = 800
    for line in lines:
        page.drawString(50, y, line)
        y -= 18
    page.save()
    return buffer.getvalue()


def encrypted_pdf(lines: list[str]) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf(lines)))
    writer.encrypt("a secret password")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def docx_file(lines: list[str]) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def odt(lines: list[str]) -> bytes:
    paragraphs = "".join(f"<text:p>{line}</text:p>" for line in lines)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0">'
        f"<office:body><office:text>{paragraphs}</office:text></office:body>"
        "</office:document-content>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    return buffer.getvalue()


def ole(stream_name: str) -> bytes:
    """An OLE container header followed by a directory entry name (enough for sniffing)."""
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500) + stream_name.encode("utf-16-le")


def rtf(lines: list[str]) -> bytes:
    """An RTF document of one paragraph per line (characters beyond ASCII as \\u escapes)."""

    def encode(text: str) -> str:
        out = text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")
        return "".join(c if ord(c) < 128 else f"\\u{ord(c)}?" for c in out)

    body = "".join(f"{{\\pard {encode(line)}\\par}}\n" for line in lines)
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\n" + body + "}").encode("ascii")
