from hiring.auth.deps import Writer
from hiring.http import DbSession, Envelope, ListEnvelope, PageParams, api_router, ok, ok_list
from hiring.tasks import service
from hiring.tasks.schemas import TaskOut

router = api_router("/api/tasks", tags=["tasks"])


@router.get("", response_model=ListEnvelope[TaskOut])
def list_tasks(session: DbSession, page: PageParams, user: Writer) -> dict:
    """Background jobs, newest first, with `total`: every job for an admin, a recruiter's
    own for a recruiter."""
    rows, total = service.list_tasks(session, user, limit=page.limit, offset=page.offset)
    return ok_list([TaskOut.model_validate(t) for t in rows], total)


@router.get("/{task_id}", response_model=Envelope[TaskOut])
def get_task(task_id: str, session: DbSession, user: Writer) -> dict:
    """One background job: its status, progress and error. Another recruiter's job: 404."""
    return ok(TaskOut.model_validate(service.get_task(session, task_id, user)))
