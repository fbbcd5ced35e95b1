from fastapi.responses import StreamingResponse

from hiring.auth.deps import Admin, Writer
from hiring.deps import AppStorage, ClientAddress, Sessions
from hiring.http import DbSession, Envelope, api_router, ok
from hiring.privacy import export
from hiring.privacy.responses import zip_download
from hiring.privacy.schemas import ErasureOut, ErasureRequest
from hiring.privacy.service import erase_person, erasure_out

router = api_router("/api/candidates", tags=["privacy"])


@router.get(
    "/{candidate_id}/export",
    response_class=StreamingResponse,
    responses={200: {"content": {"application/zip": {}}}},
)
def export_candidate(
    candidate_id: str, sessions: Sessions, user: Writer, storage: AppStorage, ip: ClientAddress
) -> StreamingResponse:
    """Everything held about the person, as a ZIP: `person.json` (profile, enrichment,
    pipelines with stage history, notes, activities, files, placements, referrals,
    applications, consents, interviews and their scorecards) and each original file under
    `files/<file id>-<filename>`. Recorded in the audit log (`candidate.exported`, the
    candidate's id)."""
    archive = export.audited_export_person(sessions, storage, candidate_id, actor=user, ip=ip)
    return zip_download(archive, candidate_id)


@router.post("/{candidate_id}/erase", response_model=Envelope[ErasureOut])
def erase_candidate(
    candidate_id: str, body: ErasureRequest, session: DbSession, user: Admin, storage: AppStorage
) -> dict:
    """Erase the person for good (admins only): the record and everything only about them
    go; placements and referrals stay as "Erased candidate"; the id then answers 404
    `erased`. Erasing an erased id again answers the first erasure and changes nothing."""
    return ok(erasure_out(erase_person(session, storage, candidate_id, body.reason, user)))
