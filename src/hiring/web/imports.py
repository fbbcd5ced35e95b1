"""The portal's Import page (recruiters and admins): upload a CSV or XLSX file, check how
its columns map to candidate fields against its first rows (and change them), try a dry run,
import it, follow its progress and read the result, with the refused rows as a CSV file.

Every step calls the imports services the API uses (``Importer``); the upload is kept in the
object store between the steps (``imports.uploads``) and removed once the import started.
"""

import csv
import io
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from sqlalchemy.orm import Session

from hiring.candidates.export import csv_cell
from hiring.candidates.models import Source
from hiring.db import unit_of_work
from hiring.deps import AppSettings, AppStorage, Queue, Sessions, UploadLimit
from hiring.errors import HiringError, Invalid
from hiring.http import DbSession
from hiring.imports import service, uploads
from hiring.imports.jobs import Importer
from hiring.imports.mapping import FIELDS
from hiring.imports.schemas import ImportOut
from hiring.web.deps import DetachedPortalWriter, Form, PortalEditor
from hiring.web.forms import FORM_ERROR, chosen_file
from hiring.web.render import render

router = APIRouter(prefix="/imports")

FILE_FIELD = "file"
LISTED = 50
FIELD_OPTIONS = sorted((field, field.replace("_", " ").capitalize()) for field in FIELDS)
SOURCES = [(source.value, source.value.capitalize()) for source in Source]


def _source(value: object) -> str:
    return value if isinstance(value, str) and value in Source.__members__ else Source.direct.value


def _list_page(
    request: Request, session: Session, errors: dict[str, str] | None = None, status: int = 200
) -> Response:
    rows, total = service.list_imports(session, limit=LISTED, offset=0)
    context = {
        "active": "imports",
        "imports": [ImportOut.of(row) for row in rows],
        "total": total,
        "sources": SOURCES,
        "values": {"source": Source.direct.value},
        "errors": errors or {},
    }
    return render(request, "admin/imports.html", context, status=status)


@router.get("")
def imports_page(
    request: Request, session: DbSession, _user: PortalEditor, storage: AppStorage
) -> Response:
    uploads.sweep(storage)
    return _list_page(request, session)


@router.post("")
def upload(
    request: Request,
    sessions: Sessions,
    user: DetachedPortalWriter,
    form: Form,
    storage: AppStorage,
    settings: AppSettings,
    max_bytes: UploadLimit,
) -> Response:
    """Keep the file and show its preview; a file that cannot be imported is a form error."""
    chosen = chosen_file(form, FILE_FIELD)
    try:
        if chosen is None:
            raise Invalid.field(FILE_FIELD, "Choose a CSV or XLSX file")
        data = uploads.received(chosen.file.read(max_bytes + 1), max_bytes)
        uploads.preview(data, {}, service.read_limits(settings))
        upload_id = uploads.keep(storage, user.id, data)
    except HiringError as error:
        with unit_of_work(sessions, write=False) as session:
            return _list_page(
                request, session, {FILE_FIELD: error.message}, status=error.status_code
            )
    query = urlencode({"source": _source(form.get("source")), "filename": chosen.filename})
    return RedirectResponse(f"/admin/imports/preview/{upload_id}?{query}", status_code=303)


def _preview_page(
    request: Request,
    upload_id: str,
    preview: uploads.Preview,
    *,
    source: str,
    filename: str,
    dry_run: ImportOut | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    context = {
        "active": "imports",
        "upload_id": upload_id,
        "preview": preview,
        "columns": list(enumerate(preview.header)),
        "field_options": FIELD_OPTIONS,
        "sources": SOURCES,
        "values": {"source": source},
        "filename": filename,
        "dry_run": dry_run,
        "errors": errors or {},
    }
    return render(request, "admin/import_preview.html", context, status=status)


@router.get("/preview/{upload_id}")
def preview_page(
    request: Request,
    upload_id: str,
    user: PortalEditor,
    storage: AppStorage,
    settings: AppSettings,
) -> Response:
    data = uploads.read(storage, user.id, upload_id)
    preview = uploads.preview(data, {}, service.read_limits(settings))
    params = request.query_params
    return _preview_page(
        request,
        upload_id,
        preview,
        source=_source(params.get("source")),
        filename=params.get("filename", "")[:255],
    )


def _mapping(form: Any, header: list[str]) -> dict[str, str | None]:
    """Column → field from the page's selects (``column-N``, blank: left out)."""
    mapping: dict[str, str | None] = {}
    for index, column in enumerate(header):
        value = form.get(f"column-{index}")
        if not isinstance(value, str):
            continue
        if value and value not in FIELDS:
            raise Invalid.field(FORM_ERROR, f"Unknown field {value!r} for column {column!r}")
        mapping[column] = value or None
    return mapping


@router.post("/preview/{upload_id}")
def run_import(
    request: Request,
    upload_id: str,
    sessions: Sessions,
    user: DetachedPortalWriter,
    form: Form,
    storage: AppStorage,
    settings: AppSettings,
    queue: Queue,
) -> Response:
    """A dry run (its report shown with the preview) or the import (its page)."""
    data = uploads.read(storage, user.id, upload_id)
    limits = service.read_limits(settings)
    source = _source(form.get("source"))
    raw_name = form.get("filename")
    filename = raw_name[:255] if isinstance(raw_name, str) else ""
    dry_run = form.get("action") == "dry_run"
    preview = uploads.preview(data, {}, limits)
    try:
        mapping = _mapping(form, preview.header)
        preview = uploads.preview(data, mapping, limits)
        shown = Importer(sessions, storage, settings).start(
            queue,
            user,
            data,
            filename=filename or None,
            mapping=mapping,
            source=source,
            dry_run=dry_run,
        )
    except HiringError as error:
        return _preview_page(
            request,
            upload_id,
            preview,
            source=source,
            filename=filename,
            errors={FORM_ERROR: error.message},
            status=error.status_code,
        )
    if dry_run and not shown.background:
        return _preview_page(
            request, upload_id, preview, source=source, filename=filename, dry_run=shown
        )
    if not dry_run:
        # Imported, or queued with its own copy: the upload is no longer needed.
        uploads.discard(storage, user.id, upload_id)
    return RedirectResponse(f"/admin/imports/{shown.id}", status_code=303)


@router.get("/{import_id}")
def import_page(
    request: Request, import_id: str, session: DbSession, _user: PortalEditor
) -> Response:
    shown = ImportOut.of(service.get_import(session, import_id))
    context = {"active": "imports", "shown": shown}
    return render(request, "admin/import.html", context)


@router.get("/{import_id}/errors.csv")
def errors_csv(import_id: str, session: DbSession, _user: PortalEditor) -> Response:
    """The refused rows: row number, field and message, safe to open in a spreadsheet."""
    shown = ImportOut.of(service.get_import(session, import_id))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "field", "message"])
    for error in shown.report.errors:
        writer.writerow([error.row, csv_cell(error.field), csv_cell(error.message)])
    return Response(
        out.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{import_id}-errors.csv"'},
    )
