"""The portal's audit log page (admins only): filters and a paged table, newest first."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hiring.audit import service
from hiring.audit.schemas import AuditQuery
from hiring.http import DbSession
from hiring.web.deps import PortalAdmin
from hiring.web.forms import validate
from hiring.web.render import Pager, page_number, render

router = APIRouter(prefix="/audit-log")

PAGE_SIZE = 50
FILTER_KEYS = ("actor", "action", "target_id", "date_from", "date_to")


@router.get("")
def audit_log(request: Request, session: DbSession, _admin: PortalAdmin) -> Response:
    """A refused filter is left out with a word next to its field; the others still apply."""
    raw = {k: (request.query_params.get(k) or "").strip() for k in FILTER_KEYS}
    query, errors = validate(AuditQuery, {k: v for k, v in raw.items() if v})
    if query is None:
        kept = {k: v for k, v in raw.items() if v and k not in errors}
        query = AuditQuery.model_validate(kept)
    page = page_number(request)
    entries, total = service.list_entries(
        session, query, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    context = {
        "active": "audit",
        "entries": entries,
        "pager": Pager(page, PAGE_SIZE, total),
        "filters": raw,
        "filter_errors": errors,
    }
    return render(request, "admin/audit_log.html", context)
