"""The portal's Import page: upload a file, check and change its mapping against the first
rows, dry run, import, follow a background import, download the refused rows; bad files are
form errors, and the upload is kept only until its import started."""

import re
from datetime import timedelta

import pytest
from fastapi import FastAPI

from hiring.db import unit_of_work
from hiring.files import service as files
from hiring.imports import uploads
from hiring.imports.models import CandidateImport
from tests.conftest import Persona
from tests.imports.conftest import (
    candidates,
    csv_bytes,
    import_settings,
    in_background,
    xlsx_bytes,
)
from tests.web.conftest import Portal

__all__ = ["import_settings", "in_background"]

PEOPLE = csv_bytes(
    "Who,Mail,Company",
    "Ada Lovelace,ada@example.com,Engines Ltd",
    "Grace Hopper,grace@example.com,Navy",
    "Bad Row,not-an-email,Nowhere",
)
UPLOAD = re.compile(r'action="/admin/imports/preview/([\w-]+)"')


def _upload(portal: Portal, content: bytes, name: str = "people.csv", **data: str):  # type: ignore[no-untyped-def]
    return portal.post("/admin/imports", data, files={"file": (name, content)})


def _preview(portal: Portal, content: bytes = PEOPLE, name: str = "people.csv") -> tuple[str, str]:
    """Upload and follow to the preview: its upload id and its page."""
    sent = _upload(portal, content, name, source="referral")
    assert sent.status_code == 303, sent.text
    page = portal.get(sent.headers["location"])
    assert page.status_code == 200
    found = UPLOAD.search(page.text)
    assert found
    return found.group(1), page.text


def _selected(page: str, column: str) -> str:
    """The field chosen for ``column`` in the mapping's select ("" when left out)."""
    found = re.search(rf'data-column="{re.escape(column)}">(.*?)</select>', page, re.S)
    assert found, column
    chosen = re.search(r'<option value="(\w*)"\s+selected', found.group(1))
    return chosen.group(1) if chosen else ""


def _stored_uploads(app: FastAPI) -> list[str]:
    return list(app.state.storage.keys(uploads.PREFIX + "/"))


def test_recruiters_and_admins_import_viewers_do_not(
    portal_admin: Portal, portal_recruiter: Portal, portal_viewer: Portal
) -> None:
    for portal in (portal_admin, portal_recruiter):
        assert 'href="/admin/imports"' in portal.get("/admin").text
        assert portal.get("/admin/imports").status_code == 200
    assert 'href="/admin/imports"' not in portal_viewer.get("/admin").text
    assert portal_viewer.get("/admin/imports").status_code == 403
    assert _upload(portal_viewer, PEOPLE).status_code == 403


def test_the_preview_shows_the_detected_mapping_and_the_first_rows(
    portal_recruiter: Portal,
) -> None:
    _upload_id, page = _preview(portal_recruiter)

    assert '<th scope="col">Who</th>' in page
    assert "Ada Lovelace" in page and "Grace Hopper" in page
    assert _selected(page, "Mail") == "email"
    assert _selected(page, "Company") == "current_company"
    # "Who" is no known header: left out until the user maps it.
    assert _selected(page, "Who") == ""
    assert "3</strong> rows" in page


def test_a_dry_run_then_the_import_with_a_changed_mapping(
    app: FastAPI, portal_recruiter: Portal, admin
) -> None:  # type: ignore[no-untyped-def]
    upload_id, _page = _preview(portal_recruiter)
    mapping = {"column-0": "name", "column-1": "email", "column-2": ""}
    form = {"source": "referral", "filename": "people.csv"} | mapping

    unmapped = portal_recruiter.post(
        f"/admin/imports/preview/{upload_id}", form | {"column-0": "", "action": "dry_run"}
    )
    assert unmapped.status_code == 422
    assert "No column holds the name" in unmapped.text

    dry = portal_recruiter.post(f"/admin/imports/preview/{upload_id}", form | {"action": "dry_run"})
    assert dry.status_code == 200, dry.text
    assert "Dry run: nothing was written" in dry.text
    assert re.search(r"data-created>2<", dry.text) and re.search(r"data-failed>1<", dry.text)
    assert candidates(admin) == []
    assert _selected(dry.text, "Company") == ""  # the user's choice is kept

    done = portal_recruiter.post(f"/admin/imports/preview/{upload_id}", form | {"action": "import"})
    assert done.status_code == 303
    result = portal_recruiter.get(done.headers["location"])
    assert 'data-status="done"' in result.text
    assert 'http-equiv="refresh"' not in result.text
    assert "errors.csv" in result.text
    people = candidates(admin)
    assert [(p["name"], p["source"], p["current_company"]) for p in people] == [
        ("Ada Lovelace", "referral", None),
        ("Grace Hopper", "referral", None),
    ]
    # The upload went with its import; the preview link no longer works.
    assert _stored_uploads(app) == []
    assert portal_recruiter.get(f"/admin/imports/preview/{upload_id}").status_code == 404
    listed = portal_recruiter.get("/admin/imports").text
    assert "people.csv" in listed and "/admin/imports/imp_" in listed


def test_an_xlsx_file_is_previewed_and_imported(portal_admin: Portal, admin) -> None:  # type: ignore[no-untyped-def]
    workbook = xlsx_bytes([["Name", "Email"], ["Alan Turing", "alan@example.com"]])
    upload_id, page = _preview(portal_admin, workbook, "people.xlsx")
    assert "Alan Turing" in page and _selected(page, "Email") == "email"

    done = portal_admin.post(
        f"/admin/imports/preview/{upload_id}",
        {"source": "direct", "column-0": "name", "column-1": "email", "action": "import"},
    )

    assert done.status_code == 303
    assert [p["name"] for p in candidates(admin)] == ["Alan Turing"]


@pytest.mark.parametrize(
    ("content", "name", "status", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "photo.png", 422, "neither a CSV file nor an XLSX"),
        (b"", "empty.csv", 422, "The file is empty"),
        (b"  \r\n", "blank.csv", 422, "The file is empty"),
    ],
)
def test_a_bad_file_is_a_form_error(
    app: FastAPI, portal_recruiter: Portal, content: bytes, name: str, status: int, message: str
) -> None:
    refused = _upload(portal_recruiter, content, name)

    assert refused.status_code == status
    assert message in refused.text
    assert 'aria-invalid="true"' in refused.text
    assert _stored_uploads(app) == []


def test_no_file_and_a_file_too_large_are_form_errors(
    app: FastAPI, portal_recruiter: Portal, import_settings
) -> None:  # type: ignore[no-untyped-def]
    nothing = portal_recruiter.post("/admin/imports", {"source": "direct"})
    assert nothing.status_code == 422
    assert "Choose a CSV or XLSX file" in nothing.text
    import_settings(max_upload_mb=1)

    large = _upload(portal_recruiter, b"Name\n" + b"x" * (1024 * 1024 + 1))

    assert large.status_code == 413
    assert "The file is larger than 1 MB" in large.text
    assert _stored_uploads(app) == []


def test_a_background_import_shows_its_progress_until_done(
    app: FastAPI,
    portal_recruiter: Portal,
    in_background: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    held: list[str] = []
    monkeypatch.setattr(app.state.queue, "enqueue", held.append)
    upload_id, _page = _preview(portal_recruiter)

    started = portal_recruiter.post(
        f"/admin/imports/preview/{upload_id}",
        {"column-0": "name", "column-1": "email", "action": "import"},
    )

    assert started.status_code == 303
    waiting = portal_recruiter.get(started.headers["location"]).text
    assert 'data-status="queued"' in waiting
    assert '<meta http-equiv="refresh" content="3">' in waiting
    assert "0 of 3 rows" in waiting
    assert _stored_uploads(app) == []  # the job keeps its own copy
    [task_id] = held
    type(app.state.queue).enqueue(app.state.queue, task_id)

    finished = portal_recruiter.get(started.headers["location"]).text
    assert 'data-status="done"' in finished
    assert 'http-equiv="refresh"' not in finished
    assert "3 of 3 rows" in finished
    assert re.search(r"data-created>2<", finished)


def test_the_errors_file_lists_refused_rows_guarded_against_formulas(
    app: FastAPI, portal_recruiter: Portal, personas: dict[str, Persona]
) -> None:
    report = {
        "rows": 2,
        "created": 0,
        "updated": 0,
        "skipped": 0,
        "failed": 2,
        "errors": [
            {"row": 2, "field": "email", "message": "value is not a valid email address"},
            {"row": 3, "field": "name", "message": '=HYPERLINK("http://x")'},
        ],
        "errors_total": 2,
    }
    with unit_of_work(app.state.sessions) as session:
        record = CandidateImport(
            filename="people.csv",
            status="done",
            source="direct",
            mapping={},
            rows_total=2,
            rows_done=2,
            report=report,
            created_by=personas["recruiter"].user_id,
        )
        session.add(record)
        session.flush()
        import_id = record.id

    download = portal_recruiter.get(f"/admin/imports/{import_id}/errors.csv")

    assert download.status_code == 200
    assert download.headers["content-type"].startswith("text/csv")
    assert "attachment" in download.headers["content-disposition"]
    lines = download.text.splitlines()
    assert lines[0] == "row,field,message"
    assert lines[1] == "2,email,value is not a valid email address"
    assert lines[2] == '3,name,"\'=HYPERLINK(""http://x"")"'
    page = portal_recruiter.get(f"/admin/imports/{import_id}").text
    assert "Refused rows" in page


def test_uploads_never_imported_are_swept_after_a_day(
    app: FastAPI, portal_recruiter: Portal, monkeypatch: pytest.MonkeyPatch
) -> None:
    upload_id, _page = _preview(portal_recruiter)
    assert len(_stored_uploads(app)) == 1
    monkeypatch.setattr(uploads, "KEPT_FOR", uploads.KEPT_FOR * 0)

    portal_recruiter.get("/admin/imports")

    assert _stored_uploads(app) == []
    gone = portal_recruiter.get(f"/admin/imports/preview/{upload_id}")
    assert gone.status_code == 404


def test_another_users_upload_is_not_found(portal_recruiter: Portal, portal_admin: Portal) -> None:
    upload_id, _page = _preview(portal_recruiter)

    assert portal_admin.get(f"/admin/imports/preview/{upload_id}").status_code == 404
    refused = portal_admin.post(f"/admin/imports/preview/{upload_id}", {"action": "import"})
    assert refused.status_code == 404


def test_the_orphan_sweep_leaves_import_files_to_their_import(
    app: FastAPI, portal_recruiter: Portal
) -> None:
    _preview(portal_recruiter)
    with unit_of_work(app.state.sessions, write=False) as session:
        removed = files.sweep_orphans(session, app.state.storage, older_than=timedelta(0))

    assert removed == []
    assert len(_stored_uploads(app)) == 1
