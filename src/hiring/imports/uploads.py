"""Files uploaded on the portal's Import page, kept between the preview and the run.

The portal shows a file's columns and first rows, lets the user change the mapping and try a
dry run, then imports it: each step reads the same upload from the object store (any replica
can serve the next request). An upload belongs to the user who sent it (its key holds their
id), is removed as soon as its import has started (a background import keeps its own copy)
and, when nobody went on, is swept a day after it was sent.
"""

import io
import re
import secrets
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice

from hiring.db import utcnow
from hiring.errors import Invalid, NotFound, PayloadTooLarge
from hiring.imports.mapping import KNOWN_HEADERS, normalise
from hiring.imports.readers import ReadLimits, read_table
from hiring.storage import ObjectMissing, Storage

PREFIX = "imports/uploads"
KEPT_FOR = timedelta(days=1)
PREVIEW_ROWS = 5
UPLOAD_ID = re.compile(r"[A-Za-z0-9_-]{16,64}")
CONTENT = "application/octet-stream"
GONE = "The uploaded file is no longer kept (a day at most): upload it again"


def _key(user_id: str, upload_id: str) -> str:
    if not UPLOAD_ID.fullmatch(upload_id):
        raise NotFound(GONE)
    return f"{PREFIX}/{user_id}/{upload_id}"


def keep(storage: Storage, user_id: str, data: bytes) -> str:
    """Store an upload for ``user_id``; its id."""
    upload_id = secrets.token_urlsafe(18)
    storage.put(
        _key(user_id, upload_id), io.BytesIO(data), max_bytes=len(data), content_type=CONTENT
    )
    return upload_id


def read(storage: Storage, user_id: str, upload_id: str) -> bytes:
    """The upload's bytes; 404 once it was imported or swept, or for another user's id."""
    try:
        return b"".join(storage.open(_key(user_id, upload_id)))
    except ObjectMissing:
        raise NotFound(GONE) from None


def discard(storage: Storage, user_id: str, upload_id: str) -> None:
    storage.delete(_key(user_id, upload_id))


def sweep(storage: Storage) -> list[str]:
    """Remove uploads sent more than a day ago that were never imported."""
    removed = list(storage.keys(f"{PREFIX}/", modified_before=utcnow() - KEPT_FOR))
    for key in removed:
        storage.delete(key)
    return removed


def received(data: bytes, max_bytes: int) -> bytes:
    """An upload's bytes as read with one byte more than allowed: too large or empty is
    refused with the reason."""
    if len(data) > max_bytes:
        raise PayloadTooLarge(f"The file is larger than {max_bytes // (1024 * 1024)} MB")
    if not data.strip():
        raise Invalid.field("file", "The file is empty")
    return data


@dataclass(frozen=True)
class Preview:
    """What the Import page shows of a file before importing it."""

    header: list[str]
    rows: list[list[str]]
    # Column → field: the mapping sent, else the guess from the header (None: left out).
    fields: dict[str, str | None]
    total: int


def preview(data: bytes, mapping: dict[str, str | None], limits: ReadLimits) -> Preview:
    """The file's header, first rows, row count and each column's field; a file that is not
    a table is refused (422). A missing name column is not refused here: the user maps it."""
    table = read_table(data, limits)
    rows = [cells for _number, cells in islice(table.rows(), PREVIEW_ROWS)]
    fields = {
        column: mapping[column] if column in mapping else KNOWN_HEADERS.get(normalise(column))
        for column in table.header
    }
    return Preview(table.header, rows, fields, table.count())
