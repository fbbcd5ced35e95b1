from typing import Annotated

from fastapi import Query

from hiring.auth.deps import CurrentUser
from hiring.errors import Invalid
from hiring.events import service
from hiring.events.schemas import EventOut, EventPage
from hiring.http import DbSession, Envelope, api_router, ok

router = api_router("/api/events", tags=["events"])

TYPES_HELP = "Comma-separated event types to keep, e.g. `candidate.created,job.updated`"


def _types(value: str | None) -> list[str]:
    types = [t.strip() for t in (value or "").split(",") if t.strip()]
    unknown = sorted(set(types) - set(service.EVENT_TYPES))
    if unknown:
        raise Invalid.field("types", f"Unknown event types: {', '.join(unknown)}")
    return types


@router.get("", response_model=Envelope[EventPage])
def list_events(
    session: DbSession,
    _user: CurrentUser,
    after: Annotated[
        str, Query(max_length=50, description="The `next_cursor` of the previous page")
    ] = service.START,
    types: Annotated[str | None, Query(max_length=2000, description=TYPES_HELP)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
) -> dict:
    """The events after the cursor `after`, oldest first, for pull-based sync: keep
    `next_cursor` and ask again from it. An event is only handed out once no transaction
    still running can commit an event before it, so a cursor never skips one. Events are
    kept `HIRING_EVENTS_KEEP_DAYS` (30) days."""
    events, cursor = service.read(session, after=after, types=_types(types), limit=limit)
    page = EventPage(events=[EventOut.model_validate(e) for e in events], next_cursor=cursor)
    return ok(page)
