"""Importing candidates from CSV and XLSX files."""

from typing import Annotated

from fastapi import Depends, File, Form, UploadFile
from fastapi.responses import Response

from hiring.auth.deps import DetachedWriter, Writer
from hiring.candidates.models import Source
from hiring.deps import AppSettings, AppStorage, Queue, Sessions, UploadLimit
from hiring.errors import PayloadTooLarge
from hiring.http import (
    ERROR_RESPONSES,
    DbSession,
    Envelope,
    ListEnvelope,
    PageParams,
    api_router,
    ok,
    ok_list,
)
from hiring.imports import service
from hiring.imports.jobs import Importer
from hiring.imports.schemas import ImportOut

router = api_router("/api/imports", tags=["imports"])


async def importer(sessions: Sessions, storage: AppStorage, settings: AppSettings) -> Importer:
    return Importer(sessions, storage, settings)


ImporterDep = Annotated[Importer, Depends(importer)]

IMPORT_RESPONSES: dict[int | str, dict] = {
    202: {
        "model": Envelope[ImportOut],
        "description": "More rows than HIRING_IMPORT_BACKGROUND_ROWS: queued; follow `links.self`",
    },
    413: ERROR_RESPONSES[422] | {"description": "Larger than HIRING_MAX_UPLOAD_MB"},
    503: ERROR_RESPONSES[422] | {"description": "File storage or the job queue is not answering"},
}


@router.post("/candidates", response_model=Envelope[ImportOut], responses=IMPORT_RESPONSES)
def import_candidates(
    file: Annotated[UploadFile, File(description="A CSV file or an XLSX workbook")],
    imports: ImporterDep,
    queue: Queue,
    user: DetachedWriter,
    max_bytes: UploadLimit,
    response: Response,
    mapping: Annotated[
        str | None,
        Form(
            description="JSON object of column → field, or null to leave a column out: "
            '{"Mail": "email", "Internal id": null}; other columns are mapped from their header'
        ),
    ] = None,
    dry_run: Annotated[bool, Form(description="Check and count, write nothing")] = False,
    source: Annotated[
        Source, Form(description="The source of rows without a source column")
    ] = Source.direct,
) -> dict:
    """Import candidates from a CSV (UTF-8 or Windows-1252; `,` `;` tab or `|`) or XLSX file
    (its first sheet), the header on the first non-empty row. Each row is checked by the
    rules of `POST /api/candidates`; a row whose email, LinkedIn profile or phone a candidate
    has (or, with none of these, the same name and company) fills that candidate's empty
    fields and adds labels, never overwriting; other rows are new candidates. Bad rows are
    reported by spreadsheet row number (the header is row 1) and do not stop the others.

    Up to HIRING_IMPORT_BACKGROUND_ROWS rows (500): imported at once, 200 with the report.
    More: 202 with the queued import to follow at `GET /api/imports/{id}`. A file that is
    neither CSV nor XLSX, a mapping naming an unknown column or field, or no name column: 422.
    """
    data = file.file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise PayloadTooLarge(f"The file is larger than {max_bytes} bytes")
    shown = imports.start(
        queue,
        user,
        data,
        filename=file.filename,
        mapping=service.parse_mapping(mapping),
        source=source.value,
        dry_run=dry_run,
    )
    if shown.background:
        response.status_code = 202
    return ok(shown)


@router.get("", response_model=ListEnvelope[ImportOut])
def list_imports(session: DbSession, page: PageParams, _user: Writer) -> dict:
    """Past imports, newest first, with who ran them."""
    rows, total = service.list_imports(session, limit=page.limit, offset=page.offset)
    return ok_list([ImportOut.of(row) for row in rows], total)


@router.get("/{import_id}", response_model=Envelope[ImportOut])
def get_import(import_id: str, session: DbSession, _user: Writer) -> dict:
    """One import: its status, progress (`rows_done` of `rows_total`) and report."""
    return ok(ImportOut.of(service.get_import(session, import_id)))
