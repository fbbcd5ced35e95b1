"""The portal's retention page (admins only): who is due for erasure in the next 30 days."""

from fastapi import APIRouter, Request
from fastapi.responses import Response

from hiring.deps import settings_of
from hiring.http import DbSession
from hiring.privacy import retention
from hiring.web.deps import PortalAdmin
from hiring.web.render import Pager, page_number, render

router = APIRouter(prefix="/retention")

PAGE_SIZE = 50


@router.get("")
def retention_page(request: Request, session: DbSession, _admin: PortalAdmin) -> Response:
    months = settings_of(request).retention_months
    page = page_number(request)
    due, total = (
        retention.due_within(
            session,
            months,
            retention.DUE_WITHIN,
            limit=PAGE_SIZE,
            offset=(page - 1) * PAGE_SIZE,
        )
        if months
        else ([], 0)
    )
    context = {
        "active": "audit",
        "months": months,
        "due": due,
        "days": retention.DUE_WITHIN.days,
        "pager": Pager(page, PAGE_SIZE, total),
    }
    return render(request, "admin/retention.html", context)
