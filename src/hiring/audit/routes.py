from typing import Annotated

from fastapi import Query

from hiring.audit import service
from hiring.audit.schemas import AuditEntryOut, AuditQuery
from hiring.auth.deps import Admin
from hiring.http import DbSession, ListEnvelope, PageParams, api_router, ok_list

router = api_router("/api/audit-log", tags=["audit"])


@router.get("", response_model=ListEnvelope[AuditEntryOut])
def list_audit_log(
    session: DbSession,
    page: PageParams,
    _admin: Admin,
    filters: Annotated[AuditQuery, Query()],
) -> dict:
    """Sign-ins, tokens, users, exports…: who did what, when and from where, newest first,
    with `total` (admins only). The log is only ever added to: nothing changes or deletes
    an entry."""
    rows, total = service.list_entries(session, filters, limit=page.limit, offset=page.offset)
    return ok_list([AuditEntryOut.model_validate(e) for e in rows], total)
