"""ZIP-based documents (DOCX, ODT) read with a byte budget.

Before anything is decompressed, the parts to be read must declare sizes within the budget
and compression ratios a document has (a zip bomb's are thousands to one). While reading,
each part is streamed in small chunks and counted, so a part whose real size is larger than
it declares stops at the budget too; XML parts are fed to a streaming parser on the way,
which counts their elements and refuses document type declarations (and so every entity
expansion) before any tree is built.
"""

import io
import zipfile
from collections.abc import Callable
from xml.parsers import expat

from hiring.files.filetypes import MAX_ARCHIVE_MEMBERS
from hiring.resumes.limits import MB, ExtractionError, ParseLimits

CHUNK = 64 * 1024
# Small parts may be compressed at any ratio (a few KB of repeated markup compress 100 to 1);
# the ratio is checked once a part is larger than this.
RATIO_FLOOR = 1 * MB
XML_SUFFIXES = (".xml", ".rels")


def is_xml(name: str) -> bool:
    return name.lower().endswith(XML_SUFFIXES)


class _XmlGuard:
    """Counts the elements of every XML part of one document; refuses DTDs."""

    def __init__(self, label: str, limits: ParseLimits) -> None:
        self.label = label
        self.left = limits.max_xml_elements
        self.limit = limits.max_xml_elements

    def parser(self) -> "expat.XMLParserType":
        parser = expat.ParserCreate()
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.StartElementHandler = self._element
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._doctype
        return parser

    def _element(self, _name: str, _attributes: object) -> None:
        self.left -= 1
        if self.left < 0:
            raise ExtractionError(
                f"The {self.label} file has more than {self.limit:,} XML elements; it was not read"
            )

    def _doctype(self, *_args: object) -> None:
        raise ExtractionError(
            f"The {self.label} file declares an XML document type or entities; it was not read"
        )


def read_parts(
    data: bytes, label: str, limits: ParseLimits, wanted: Callable[[str], bool]
) -> dict[str, bytes | None]:
    """Every part of the archive by name: the content of the ``wanted`` ones, None for others.

    Raises ExtractionError when the wanted parts are too large, too tightly compressed, have
    too many XML elements or declare a DTD, or when the archive is damaged."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError) as exc:
        raise ExtractionError(f"The {label} file is damaged") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ARCHIVE_MEMBERS:
            raise ExtractionError(f"The {label} file has more than {MAX_ARCHIVE_MEMBERS} parts")
        chosen = [info for info in infos if not info.is_dir() and wanted(info.filename)]
        _check_declared(chosen, label, limits)
        guard = _XmlGuard(label, limits)
        budget = limits.max_uncompressed_bytes
        parts: dict[str, bytes | None] = {info.filename: None for info in infos}
        for info in chosen:
            content = _read_part(archive, info, label, limits, budget, guard)
            budget -= len(content)
            parts[info.filename] = content
    return parts


def _too_large(label: str, limits: ParseLimits) -> ExtractionError:
    return ExtractionError(
        f"The {label} file expands to more than {limits.max_uncompressed_bytes // MB} MB; "
        "it was not read"
    )


def _bomb(label: str, limits: ParseLimits) -> ExtractionError:
    return ExtractionError(
        f"The {label} file is compressed more than {limits.max_compression_ratio} to 1 "
        "(a compression bomb?); it was not read"
    )


def _check_ratio(size: int, compressed: int, label: str, limits: ParseLimits) -> None:
    if size > RATIO_FLOOR and size > limits.max_compression_ratio * max(compressed, 1):
        raise _bomb(label, limits)


def _check_declared(chosen: list[zipfile.ZipInfo], label: str, limits: ParseLimits) -> None:
    if sum(info.file_size for info in chosen) > limits.max_uncompressed_bytes:
        raise _too_large(label, limits)
    for info in chosen:
        _check_ratio(info.file_size, info.compress_size, label, limits)


def _read_part(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    label: str,
    limits: ParseLimits,
    budget: int,
    guard: _XmlGuard,
) -> bytes:
    """One part, streamed: never more than ``budget`` bytes, whatever its header declares."""
    parser = guard.parser() if is_xml(info.filename) else None
    chunks = []
    size = 0
    try:
        with archive.open(info) as entry:
            # read(n) decompresses at most n bytes at a time, however small the input.
            while chunk := entry.read(CHUNK):
                size += len(chunk)
                if size > budget:
                    raise _too_large(label, limits)
                _check_ratio(size, info.compress_size, label, limits)
                if parser is not None:
                    parser.Parse(chunk, False)
                chunks.append(chunk)
        if parser is not None:
            parser.Parse(b"", True)
    except zipfile.BadZipFile as exc:
        # Also what a part that holds more than it declares ends in: its checksum is wrong.
        raise ExtractionError(f"The {label} file is damaged ({exc})") from exc
    except expat.ExpatError as exc:
        raise ExtractionError(f"The {label} file's {info.filename} is not valid XML") from exc
    return b"".join(chunks)
