"""Reading an import file, CSV or XLSX, as a header and numbered rows of text cells.

A file is read from its bytes each time its rows are walked (once to count them, again to
import them), so no more than one row's cells are held at a time. Row numbers are the ones a
spreadsheet shows: the first row is 1, whether it is the header or an empty row above it.
"""

import csv
import io
import zipfile
from abc import ABC, abstractmethod
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from hiring.errors import Invalid
from hiring.resumes.archive import is_xml, read_parts
from hiring.resumes.limits import ExtractionError, ParseLimits

DELIMITERS = (",", ";", "\t", "|")
# How much of a CSV file is looked at to choose its delimiter, and to tell it from a binary.
SAMPLE_BYTES = 64 * 1024
ZIP_MAGIC = b"PK\x03\x04"
NOT_A_TABLE = "The file is neither a CSV file nor an XLSX workbook"

Row = tuple[int, list[str]]


@dataclass(frozen=True)
class ReadLimits:
    max_rows: int
    max_columns: int
    # How far an XLSX workbook's parts may expand (the resume defences against zip bombs).
    archive: ParseLimits


def _too_many_rows(limits: ReadLimits) -> Invalid:
    return Invalid.field("file", f"The file has more than {limits.max_rows:,} rows")


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as the text it shows: 42.0 is ``42``, a date is ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return str(value).strip()


def _is_empty(cells: list[str]) -> bool:
    return not any(cell.strip() for cell in cells)


class Table(ABC):
    """An import file: its header (the first non-empty row) and the rows below it."""

    def __init__(self, data: bytes, limits: ReadLimits) -> None:
        self.data = data
        self.limits = limits
        rows = self._all_rows(limits.max_columns + 1)
        try:
            self.header_row, cells = next((n, c) for n, c in rows if not _is_empty(c))
        except StopIteration:
            raise Invalid.field("file", "The file has no header row") from None
        finally:
            close = getattr(rows, "close", None)
            if close is not None:
                close()
        # A sheet's rows come padded with empty cells: the header ends at its last name.
        while cells and not cells[-1].strip():
            cells = cells[:-1]
        if len(cells) > limits.max_columns:
            raise Invalid.field("file", f"The file has more than {limits.max_columns} columns")
        self.header = [cell.strip() for cell in cells]

    @abstractmethod
    def _all_rows(self, width: int) -> Iterator[Row]:
        """Every row of the file from the first, numbered; at most ``width`` cells of each
        are needed."""

    def rows(self) -> Iterator[Row]:
        """The rows under the header, numbered, each as many cells as the header has."""
        width = len(self.header)
        seen = 0
        for number, cells in self._all_rows(width):
            if number <= self.header_row:
                continue
            seen += 1
            if seen > self.limits.max_rows:
                raise _too_many_rows(self.limits)
            yield number, (cells + [""] * width)[:width]

    def count(self) -> int:
        return sum(1 for _ in self.rows())


class CsvTable(Table):
    """UTF-8 (with or without a byte order mark), else Windows-1252; the delimiter is the
    one of ``,`` ``;`` tab ``|`` the header line holds most of; quoted cells may span lines."""

    def __init__(self, data: bytes, limits: ReadLimits) -> None:
        try:
            self.text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            # Windows-1252 leaves five bytes undefined: shown as U+FFFD rather than refused.
            self.text = data.decode("cp1252", errors="replace")
        first_line = self.text[:SAMPLE_BYTES].split("\n", 1)[0]
        self.delimiter = max(DELIMITERS, key=first_line.count)
        super().__init__(data, limits)

    def _all_rows(self, width: int) -> Iterator[Row]:
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.delimiter)
        number = 0
        try:
            for number, cells in enumerate(reader, start=1):
                yield number, cells[:width]
        except csv.Error as exc:
            raise Invalid.field("file", f"Row {number + 1} could not be read: {exc}") from exc


class XlsxTable(Table):
    """The first sheet of a workbook, read by openpyxl in read-only mode once every XML part
    was checked within the archive limits (the same defences as DOCX resumes)."""

    def __init__(self, data: bytes, limits: ReadLimits) -> None:
        try:
            read_parts(data, "XLSX", limits.archive, is_xml)
        except ExtractionError as exc:
            raise Invalid.field("file", str(exc)) from exc
        super().__init__(data, limits)

    def _all_rows(self, width: int) -> Iterator[Row]:
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(self.data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
            raise Invalid.field("file", "The XLSX workbook could not be read") from exc
        try:
            if not workbook.worksheets:
                return
            sheet = workbook.worksheets[0]
            # Read-only sheets give every row from the first, empty ones included.
            for number, values in enumerate(
                sheet.iter_rows(values_only=True, max_col=width), start=1
            ):
                yield number, [_cell_text(value) for value in values]
        finally:
            workbook.close()


def read_table(data: bytes, limits: ReadLimits) -> Table:
    """The file as a table, judged from its bytes: a ZIP archive is read as a workbook, text
    as CSV; anything else (a binary, an old .xls) is refused (422)."""
    if data.startswith(ZIP_MAGIC):
        return XlsxTable(data, limits)
    if b"\x00" in data[:SAMPLE_BYTES]:
        raise Invalid.field("file", NOT_A_TABLE)
    if not data.strip():
        raise Invalid.field("file", "The file is empty")
    return CsvTable(data, limits)
