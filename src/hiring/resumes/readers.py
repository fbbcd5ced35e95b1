"""The text of PDF (pypdf), DOCX (python-docx), ODT (its content.xml) and RTF (striprtf)
resumes, within limits.

These run in the child process of ``hiring.resumes.sandbox`` (which also bounds their time and
memory); the archive formats are first read by ``hiring.resumes.archive`` with a byte budget,
so python-docx and ElementTree only ever see parts that passed it.
"""

import io
import logging
import zipfile
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

import docx
from docx.table import Table
from pypdf import PdfReader, apply_configuration
from pypdf.errors import FileNotDecryptedError, LimitReachedError
from striprtf.striprtf import rtf_to_text

from hiring.resumes.archive import is_xml, read_parts
from hiring.resumes.limits import ExtractionError, ParseLimits

ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
PARAGRAPHS = {f"{{{ODF_TEXT}}}p", f"{{{ODF_TEXT}}}h"}
ODF_STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
ODF_HEADERS = (f"{{{ODF_STYLE}}}header-first", f"{{{ODF_STYLE}}}header")
ODF_FOOTERS = (f"{{{ODF_STYLE}}}footer-first", f"{{{ODF_STYLE}}}footer")
ODF_MARGINS = ODF_HEADERS + ODF_FOOTERS
ODT_PARTS = {"content.xml", "styles.xml"}
# A resume is a few pages: pypdf's own bounds, tightened (its defaults allow 100,000 pages).
PDF_PAGE_TREE_ENTRIES = 10_000

# pypdf reports every oddity of a damaged file as a warning; the outcome is reported instead.
logging.getLogger("pypdf").setLevel(logging.ERROR)


def finish(text: str, limits: ParseLimits) -> str:
    return text.replace("\x00", "").strip()[: limits.max_text_chars]


def _enough(pieces: list[str], limits: ParseLimits) -> bool:
    """Whether more text could no longer change what ``finish`` keeps."""
    return len("\n".join(pieces).replace("\x00", "").strip()) > limits.max_text_chars


def read_document(data: bytes, kind: str, limits: ParseLimits) -> str:
    """The finished text of a ``pdf``, ``docx``, ``odt`` or ``rtf`` file; ExtractionError when
    refused."""
    label = kind.upper()
    try:
        return finish(_READERS[kind](data, limits), limits)
    except (ExtractionError, MemoryError):
        raise
    except LimitReachedError as exc:
        raise ExtractionError(
            f"The {label} file holds more than a resume can ({exc}); it was not read"
        ) from exc
    except Exception as exc:
        # Uploads are untrusted: any failure of a parser on a damaged file is a parse error.
        raise ExtractionError(f"The {label} file could not be read") from exc


def _pdf(data: bytes, limits: ParseLimits) -> str:
    with apply_configuration(
        page_tree_maximum_entries=PDF_PAGE_TREE_ENTRIES,
        zlib_maximum_output_length=limits.max_uncompressed_bytes,
        stream_decoding_work_maximum_length=limits.max_uncompressed_bytes,
    ):
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                reader.decrypt("")
                return _pdf_pages(reader, limits)
            except FileNotDecryptedError as exc:
                raise ExtractionError("The PDF is password-protected") from exc
        return _pdf_pages(reader, limits)


def _pdf_pages(reader: PdfReader, limits: ParseLimits) -> str:
    # The count the page tree states first (reading it costs nothing), then the real one.
    for count_of in (_stated_pages, lambda r: len(r.pages)):
        count = count_of(reader)
        if count > limits.max_pdf_pages:
            raise ExtractionError(
                f"The PDF has {count:,} pages; resumes of at most {limits.max_pdf_pages} pages "
                "are read"
            )
    pages: list[str] = []
    for page in reader.pages:
        pages.append(page.extract_text() or "")
        if _enough(pages, limits):
            break
    return "\n".join(pages)


def _stated_pages(reader: PdfReader) -> int:
    trailer: Any = reader.trailer
    try:
        count = trailer["/Root"]["/Pages"]["/Count"]
    except (KeyError, TypeError, AttributeError):
        return 0
    return count if isinstance(count, int) else 0


def _docx(data: bytes, limits: ParseLimits) -> str:
    # Only the XML parts hold text; the others (images, fonts) are passed on empty, unread.
    parts = read_parts(data, "DOCX", limits, wanted=is_xml)
    checked = io.BytesIO()
    with zipfile.ZipFile(checked, "w", zipfile.ZIP_STORED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content or b"")
    del parts
    document = docx.Document(checked)
    # Templates often put the name and contacts in the page header (read first) or footer.
    lines = _margins(document, header=True)
    # Paragraphs and tables in the order they are written: a table of positions belongs under
    # its heading. A row is one line, two spaces between its cells.
    for block in document.iter_inner_content():
        if isinstance(block, Table):
            lines.extend("  ".join(cell.text for cell in row.cells) for row in block.rows)
        else:
            lines.append(block.text)
    return "\n".join(lines + _margins(document, header=False))


def _margins(document: Any, *, header: bool) -> list[str]:
    """The paragraphs of the sections' own page headers (or footers)."""
    lines: list[str] = []
    for section in document.sections:
        parts = (
            (section.first_page_header, section.header)
            if header
            else (section.first_page_footer, section.footer)
        )
        for part in parts:
            if not part.is_linked_to_previous:
                lines.extend(paragraph.text for paragraph in part.paragraphs)
    return lines


def _odt(data: bytes, limits: ParseLimits) -> str:
    parts = read_parts(data, "ODT", limits, wanted=lambda name: name in ODT_PARTS)
    content = parts.get("content.xml")
    if content is None:
        raise ExtractionError("The ODT file has no content")
    # Page headers and footers are in the master pages of styles.xml: headers first.
    margins: dict[str, list[str]] = {tag: [] for tag in ODF_MARGINS}
    if parts.get("styles.xml"):
        for margin in ElementTree.fromstring(parts["styles.xml"] or b"").iter():
            if margin.tag in margins:
                margins[margin.tag].extend(_odf_paragraphs(margin))
    headers = [line for tag in ODF_HEADERS for line in margins[tag]]
    footers = [line for tag in ODF_FOOTERS for line in margins[tag]]
    body = _odf_paragraphs(ElementTree.fromstring(content))
    return "\n".join(headers + body + footers)


def _odf_paragraphs(root: ElementTree.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter() if element.tag in PARAGRAPHS]


def _rtf(data: bytes, limits: ParseLimits) -> str:
    if len(data) > limits.max_uncompressed_bytes:
        raise ExtractionError("The RTF file is larger than a resume can be; it was not read")
    # RTF is 7-bit text with its own escapes; cp1252 (striprtf's default) reads any byte.
    return str(rtf_to_text(data.decode("cp1252", errors="replace"), errors="replace"))


_READERS: dict[str, Callable[[bytes, ParseLimits], str]] = {
    "pdf": _pdf,
    "docx": _docx,
    "odt": _odt,
    "rtf": _rtf,
}
