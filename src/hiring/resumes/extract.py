"""Plain text out of resume files: PDF (pypdf), DOCX (python-docx), ODT (its content.xml), TXT."""

import logging
import zipfile
from typing import BinaryIO
from xml.etree import ElementTree

import docx
from pypdf import PdfReader
from pypdf.errors import FileNotDecryptedError

from hiring.files.filetypes import FileType

MAX_TEXT_LENGTH = 500_000
ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
PARAGRAPHS = {f"{{{ODF_TEXT}}}p", f"{{{ODF_TEXT}}}h"}
READABLE = frozenset({FileType.pdf, FileType.docx, FileType.odt, FileType.txt})

# pypdf reports every oddity of a damaged file as a warning; the outcome is reported instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)


class ExtractionError(Exception):
    """The file is of a readable type but its text cannot be read (damaged, locked...)."""


def extract_text(source: BinaryIO, file_type: FileType) -> str:
    """The text of a resume; ExtractionError when it cannot be read."""
    if file_type not in READABLE:
        raise ExtractionError(f"Text cannot be read from {file_type.name.upper()} files")
    source.seek(0)
    try:
        text = _READERS[file_type](source)
    except ExtractionError:
        raise
    except Exception as exc:
        # Uploads are untrusted: any failure of a parser on a damaged file is a parse error.
        raise ExtractionError(f"The {file_type.name.upper()} file could not be read") from exc
    finally:
        source.seek(0)
    return text.replace("\x00", "").strip()[:MAX_TEXT_LENGTH]


def _pdf(source: BinaryIO) -> str:
    reader = PdfReader(source)
    if reader.is_encrypted:
        try:
            reader.decrypt("")
            pages = [page.extract_text() or "" for page in reader.pages]
        except FileNotDecryptedError as exc:
            raise ExtractionError("The PDF is password-protected") from exc
    else:
        pages = [page.extract_text() or "" for page in reader.pages]
    return "\n".join(pages)


def _docx(source: BinaryIO) -> str:
    document = docx.Document(source)
    lines = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("  ".join(cell.text for cell in row.cells))
    return "\n".join(lines)


def _odt(source: BinaryIO) -> str:
    with zipfile.ZipFile(source) as archive, archive.open("content.xml") as content:
        root = ElementTree.parse(content).getroot()
    return "\n".join(
        "".join(element.itertext()) for element in root.iter() if element.tag in PARAGRAPHS
    )


def _txt(source: BinaryIO) -> str:
    return source.read().decode("utf-8-sig")


_READERS = {FileType.pdf: _pdf, FileType.docx: _docx, FileType.odt: _odt, FileType.txt: _txt}
