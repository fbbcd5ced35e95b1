"""The portal's merge of two records of one person: a confirmation page showing both side by
side and what the merge will do, then the merge itself (``hiring.candidates.merge``)."""

from dataclasses import asdict
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import RedirectResponse, Response

from hiring.candidates import merge
from hiring.deps import AppStorage
from hiring.errors import Invalid
from hiring.http import DbSession
from hiring.web.deps import Form, PortalEditor, PortalWriter
from hiring.web.render import render

router = APIRouter(prefix="/candidates")

FIELD_LABELS = {
    "linkedin_url": "LinkedIn",
    "github_url": "GitHub",
    "resume_text": "Resume text",
    "resume_parsed": "Parsed resume",
}
MOVED_LABELS = {
    "notes": "Notes",
    "files": "Files",
    "duplicate_files": "Files already on the kept record (kept once)",
    "activities": "Activities",
    "pipelines": "Pipelines",
    "combined_pipelines": "Pipelines in a job both are in (one entry, the further stage)",
    "placements": "Placements",
    "referrals": "Referrals",
    "applications": "Applications",
}
OtherId = Annotated[str, Query(min_length=1, max_length=40)]


def _shown(name: str, value: Any) -> str:
    """A field's value as the page shows it: lists joined, long text as its length."""
    if value is None or value == [] or value == "":
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    if name == "resume_text":
        return f"{len(value):,} characters"
    if name == "resume_parsed":
        return "Yes"
    return str(value)


def _rows(plan: merge.MergePlan) -> list[dict[str, str]]:
    """Each field either record holds, with what the merge does to it."""
    conflicts = {conflict.field for conflict in plan.conflicts}
    rows = []
    for name in merge.MERGED_FIELDS:
        kept = _shown(name, getattr(plan.kept, name))
        other = _shown(name, getattr(plan.other, name))
        if not kept and not other:
            continue
        if name in conflicts:
            outcome = "conflict"
        elif name in plan.filled:
            outcome = "filled"
        else:
            outcome = ""
        label = FIELD_LABELS.get(name, name.replace("_", " ").capitalize())
        rows.append(
            {"field": name, "label": label, "kept": kept, "other": other, "outcome": outcome}
        )
    return rows


@router.get("/{candidate_id}/merge")
def merge_page(
    request: Request, candidate_id: str, other_id: OtherId, session: DbSession, _user: PortalEditor
) -> Response:
    plan = merge.plan_merge(session, candidate_id, other_id)
    moved = [(MOVED_LABELS[name], count) for name, count in asdict(plan.moves).items() if count]
    context = {
        "active": "candidates",
        "kept": plan.kept,
        "other": plan.other,
        "rows": _rows(plan),
        "moved": moved,
        "enrichment_filled": "enrichment" in plan.filled,
    }
    return render(request, "admin/candidate_merge.html", context)


@router.post("/{candidate_id}/merge")
def merge_records(
    candidate_id: str, session: DbSession, user: PortalWriter, form: Form, storage: AppStorage
) -> RedirectResponse:
    other_id = form.get("other_id")
    if not isinstance(other_id, str) or not other_id:
        raise Invalid.field("other_id", "Choose the record to merge into this one")
    merged = merge.merge_candidates(session, candidate_id, other_id, user, storage)
    return RedirectResponse(
        f"/admin/candidates/{candidate_id}?merged={merged.merged_id}", status_code=303
    )
