"""Plain text out of resume files: PDF, DOCX, ODT and RTF in a bounded child process, TXT here.

Every caller (API upload, public apply, careers form, resume prefill) comes through
``extract_text``; the limits are the HIRING_RESUME_* settings (``hiring.resumes.limits``).
"""

import codecs
from typing import BinaryIO

from hiring.files.filetypes import FileType
from hiring.resumes.limits import ExtractionError, ParseLimits, default_limits
from hiring.resumes.sandbox import read_in_child

__all__ = ["READABLE", "ExtractionError", "extract_text"]

READABLE = frozenset({FileType.pdf, FileType.docx, FileType.odt, FileType.rtf, FileType.txt})
IN_CHILD = {
    FileType.pdf: "pdf",
    FileType.docx: "docx",
    FileType.odt: "odt",
    FileType.rtf: "rtf",
}
TEXT_CHUNK = 64 * 1024


def extract_text(source: BinaryIO, file_type: FileType, limits: ParseLimits | None = None) -> str:
    """The text of a resume (at most ``max_text_chars``); ExtractionError when it cannot be
    read or reading it would cost more than the limits allow."""
    if file_type not in READABLE:
        raise ExtractionError(f"Text cannot be read from {file_type.name.upper()} files")
    limits = limits or default_limits()
    source.seek(0)
    try:
        if file_type == FileType.txt:
            return _txt(source, limits)
        return read_in_child(source, IN_CHILD[file_type], limits)
    finally:
        source.seek(0)


def _txt(source: BinaryIO, limits: ParseLimits) -> str:
    """Decoded in chunks, stopping once more text could not change what is kept: the same text
    as decoding it all, stripping it and keeping ``max_text_chars`` (sniffing has checked that
    it is UTF-8 without NUL, so nothing here is costly enough for a child)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    pieces: list[str] = []
    kept = 0
    try:
        while chunk := source.read(TEXT_CHUNK):
            text = decoder.decode(chunk).replace("\x00", "")
            if not pieces:
                text = text.lstrip()
            if kept >= limits.max_text_chars and text.strip():
                # Text follows the kept part, so its trailing whitespace stays as it is.
                return "".join(pieces)[: limits.max_text_chars]
            if text:
                pieces.append(text)
                kept += len(text)
        pieces.append(decoder.decode(b"", final=True))
    except UnicodeDecodeError as exc:
        raise ExtractionError("The TXT file could not be read") from exc
    return "".join(pieces).strip()[: limits.max_text_chars]
