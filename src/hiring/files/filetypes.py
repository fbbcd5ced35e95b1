"""What a file really is, judged from its bytes: the allow-list of uploadable types."""

import codecs
import struct
import zipfile
from enum import StrEnum
from typing import BinaryIO

from hiring.errors import Invalid, UnsupportedMediaType

HEAD_SIZE = 8 * 1024
SCAN_CHUNK = 64 * 1024
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORD_STREAM = "WordDocument".encode("utf-16-le")
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# A document has tens of parts; reading a zip's directory costs memory per entry, so an
# archive claiming more (or a directory larger than this) is not taken for a document.
MAX_ARCHIVE_MEMBERS = 2000
MAX_ARCHIVE_DIRECTORY = 1024 * 1024
EOCD = b"PK\x05\x06"
EOCD_SIZE = 22
ZIP64_LOCATOR = b"PK\x06\x07"
ZIP64_EOCD = b"PK\x06\x06"


class FileType(StrEnum):
    """Allowed types; the value is the content type stored and served."""

    pdf = "application/pdf"
    docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    doc = "application/msword"
    rtf = "application/rtf"
    txt = "text/plain"
    odt = "application/vnd.oasis.opendocument.text"
    png = "image/png"
    jpeg = "image/jpeg"


ALLOWED = ", ".join(t.name.upper() for t in FileType)


def sniff(source: BinaryIO) -> FileType:
    """The type of a seekable file from its content (the name and the client's word are ignored).

    Raises Invalid for an empty file and UnsupportedMediaType for anything off the allow-list.
    Leaves the file positioned at its start.
    """
    source.seek(0)
    head = source.read(HEAD_SIZE)
    try:
        if not head:
            raise Invalid.field("file", "The file is empty")
        found = _detect(source, head)
    finally:
        source.seek(0)
    if found is None:
        raise UnsupportedMediaType(f"This type of file is not accepted; allowed: {ALLOWED}")
    return found


def _detect(source: BinaryIO, head: bytes) -> FileType | None:
    if head.startswith(b"%PDF-"):
        return FileType.pdf
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return FileType.png
    if head.startswith(b"\xff\xd8\xff"):
        return FileType.jpeg
    if head.startswith(b"{\\rtf"):
        return FileType.rtf
    if head.startswith(OLE_MAGIC):
        # OLE containers also hold Excel sheets, installers...: Word files have this stream.
        return FileType.doc if _contains(source, WORD_STREAM) else None
    if head.startswith(b"PK\x03\x04"):
        return _zip_document(source)
    return FileType.txt if _is_utf8_text(source) else None


def _zip_document(source: BinaryIO) -> FileType | None:
    """DOCX and ODT are zip files: tell them (and any other zip) apart by what they contain."""
    if not _small_directory(source):
        return None
    source.seek(0)
    try:
        with zipfile.ZipFile(source) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as entry:
                    if entry.read(len(ODT_MIMETYPE) + 1).strip() == ODT_MIMETYPE:
                        return FileType.odt
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return FileType.docx
    # zipfile raises NotImplementedError for a compression method it cannot read: such a file
    # is simply not a document we accept.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, NotImplementedError):
        return None
    return None


def _small_directory(source: BinaryIO) -> bool:
    """Whether the zip's central directory (read whole by ``zipfile``) is of a document's size:
    judged from its end record before anything else is read."""
    source.seek(0, 2)
    end = source.tell()
    start = max(0, end - EOCD_SIZE - 0xFFFF)  # the record, then a comment of at most 64 KB
    source.seek(start)
    tail = source.read(end - start)
    at = tail.rfind(EOCD)
    if at < 0 or len(tail) - at < EOCD_SIZE:
        return False
    entries, directory_size = struct.unpack_from("<HI", tail, at + 10)
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:
        locator = tail[at - 20 : at] if at >= 20 else b""
        if not locator.startswith(ZIP64_LOCATOR):
            return False
        (record_at,) = struct.unpack_from("<Q", locator, 8)
        source.seek(record_at)
        record = source.read(56)
        if len(record) < 56 or not record.startswith(ZIP64_EOCD):
            return False
        entries, directory_size = struct.unpack_from("<QQ", record, 32)
    return entries <= MAX_ARCHIVE_MEMBERS and directory_size <= MAX_ARCHIVE_DIRECTORY


def _contains(source: BinaryIO, needle: bytes) -> bool:
    source.seek(0)
    tail = b""
    while chunk := source.read(SCAN_CHUNK):
        if needle in tail + chunk:
            return True
        tail = chunk[-len(needle) :]
    return False


def _is_utf8_text(source: BinaryIO) -> bool:
    source.seek(0)
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := source.read(SCAN_CHUNK):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True
