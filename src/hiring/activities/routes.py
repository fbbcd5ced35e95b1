"""Activity logs of jobs and candidates, and manual activities on candidates."""

from hiring.activities import service
from hiring.activities.schemas import ActivityCreate, ActivityOut
from hiring.auth.deps import CurrentUser, Writer
from hiring.http import (
    DbSession,
    Envelope,
    ListEnvelope,
    PageParams,
    api_router,
    ok,
    ok_list,
)
from hiring.owners import Owner, OwnerKind, require_owner

router = api_router("/api", tags=["activities"])


def _add_list_route(kind: OwnerKind, collection: str) -> None:
    @router.get(
        f"/{collection}/{{owner_id}}/activities",
        response_model=ListEnvelope[ActivityOut],
        name=f"list_{kind}_activities",
    )
    def list_activities(
        owner_id: str, session: DbSession, page: PageParams, _user: CurrentUser
    ) -> dict:
        """The activity log, newest first."""
        owner = Owner(kind, owner_id)
        require_owner(session, owner)
        rows, total = service.list_for(session, owner, limit=page.limit, offset=page.offset)
        return ok_list([ActivityOut.model_validate(a) for a in rows], total)


_add_list_route(OwnerKind.job, "jobs")
_add_list_route(OwnerKind.candidate, "candidates")


@router.post(
    "/candidates/{candidate_id}/activity", response_model=Envelope[ActivityOut], status_code=201
)
def log_candidate_activity(
    candidate_id: str, body: ActivityCreate, session: DbSession, user: Writer
) -> dict:
    """Log a manual activity (a call, an email, a meeting) for a candidate."""
    owner = Owner.candidate(candidate_id)
    require_owner(session, owner)
    activity = service.log(
        session, owner, body.activity_type, body.title, actor=user.email, body=body.body
    )
    return ok(ActivityOut.model_validate(activity))
