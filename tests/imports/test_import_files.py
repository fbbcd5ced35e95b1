"""The files an import reads: CSV in the encodings and delimiters spreadsheets write, XLSX
workbooks, and hostile or oversized files refused with a 4xx."""

import io
import zipfile

from fastapi.testclient import TestClient

from tests.imports.conftest import (
    ImportSettings,
    candidates,
    csv_bytes,
    report_of,
    send,
    xlsx_bytes,
)


def test_csv_with_a_byte_order_mark_and_semicolons(recruiter: TestClient) -> None:
    content = "\ufeffName;Email;Skills\r\nZoë Émile;zoe@example.com;Go, Rust\r\n".encode()

    report = report_of(recruiter, content)

    assert report["created"] == 1, report
    [zoe] = candidates(recruiter)
    assert (zoe["name"], zoe["email"], zoe["skills"]) == (
        "Zoë Émile",
        "zoe@example.com",
        ["Go", "Rust"],
    )


def test_a_windows_1252_file_is_read(recruiter: TestClient) -> None:
    content = csv_bytes("Name\tCity", "François Müller\tZürich", encoding="cp1252")

    assert report_of(recruiter, content)["created"] == 1
    [person] = candidates(recruiter)
    assert (person["name"], person["location"]) == ("François Müller", "Zürich")


def test_pipes_and_quoted_cells_over_several_lines(recruiter: TestClient) -> None:
    content = csv_bytes("Name|Notes", 'Ada Lovelace|"First line', 'second line"', "Bad|x|")
    content += b"|no name\r\n"

    report = report_of(recruiter, content)

    assert (report["rows"], report["created"], report["failed"]) == (3, 2, 1)
    assert report["errors"][0]["row"] == 4
    ada = next(c for c in candidates(recruiter) if c["name"] == "Ada Lovelace")
    assert ada["notes"] == "First line\r\nsecond line"


def test_an_xlsx_workbook_with_its_header_below_empty_rows(recruiter: TestClient) -> None:
    content = xlsx_bytes(
        [
            ["Name", "Email", "Rating", "Skills"],
            ["Ada Lovelace", "ada@example.com", 5, "Maths; Poetry"],
            [],
            ["Bad Rating", "bad@example.com", 7, None],
        ],
        blank_rows_above=2,
    )

    report = report_of(recruiter, content, name="people.xlsx")

    assert (report["rows"], report["created"], report["skipped"], report["failed"]) == (3, 1, 1, 1)
    assert report["errors"] == [
        {"row": 6, "field": "rating", "message": report["errors"][0]["message"]}
    ]
    [ada] = candidates(recruiter)
    assert (ada["rating"], ada["skills"]) == (5, ["Maths", "Poetry"])


def _xlsx_bomb(megabytes: int) -> bytes:
    """A workbook whose sheet expands to ``megabytes`` of spaces (about 1,000 to 1)."""
    normal = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["Name"], ["Ada"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for info in normal.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                head, tail = normal.read(info).split(b"<sheetData>")
                with archive.open(info.filename, "w") as entry:
                    entry.write(head + b"<sheetData>")
                    for _ in range(megabytes):
                        entry.write(b" " * (1024 * 1024))
                    entry.write(tail)
            else:
                archive.writestr(info, normal.read(info))
    return buffer.getvalue()


def test_a_compression_bomb_is_refused(recruiter: TestClient) -> None:
    response = send(recruiter, _xlsx_bomb(64), name="bomb.xlsx")

    assert response.status_code == 422, response.text
    assert "compression bomb" in response.json()["error"]["message"]
    assert candidates(recruiter) == []


def test_a_damaged_workbook_is_refused(recruiter: TestClient) -> None:
    response = send(recruiter, b"PK\x03\x04" + b"\x00" * 100, name="broken.xlsx")
    assert response.status_code == 422, response.text
    assert "damaged" in response.json()["error"]["message"]


def test_too_many_rows_or_columns_or_bytes_are_refused(
    recruiter: TestClient, import_settings: ImportSettings
) -> None:
    import_settings(import_max_rows=2, import_max_columns=3, max_upload_mb=1)

    rows = send(recruiter, csv_bytes("Name", "A", "B", "C"))
    assert rows.status_code == 422
    assert "more than 2 rows" in rows.json()["error"]["message"]
    columns = send(recruiter, csv_bytes("Name,A,B,C", "Ada,1,2,3"))
    assert columns.status_code == 422
    assert "more than 3 columns" in columns.json()["error"]["message"]
    large = send(recruiter, csv_bytes("Name", "x" * (1024 * 1024)))
    assert large.status_code == 413
    assert candidates(recruiter) == []
