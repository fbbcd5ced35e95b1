from typing import Annotated

from fastapi import Query

from hiring.auth.deps import CurrentUser
from hiring.events import service
from hiring.events.schemas import EventOut, EventPage
from hiring.http import DbSession, Envelope, api_router, ok

router = api_router("/api/events", tags=["events"])


@router.get("", response_model=Envelope[EventPage])
def list_events(
    session: DbSession,
    _user: CurrentUser,
    after: Annotated[
        str,
        Query(
            pattern=service.CURSOR_PATTERN,
            description="The `next_cursor` of the previous page (`0.0`: from the start)",
        ),
    ] = service.START,
    types: Annotated[
        list[service.EventType] | None,
        Query(max_length=len(service.EVENT_TYPES), description="Only these types (repeat it)"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 100,
) -> dict:
    """The events after the cursor `after`, oldest first, for pull-based sync: keep
    `next_cursor` and ask again from it. An event is only handed out once no transaction
    still running can commit an event before it, so a cursor never skips one. Events are
    kept `HIRING_EVENTS_KEEP_DAYS` (30) days."""
    wanted = [t.value for t in types or ()]
    events, cursor = service.read(session, after=after, types=wanted, limit=limit)
    page = EventPage(events=[EventOut.model_validate(e) for e in events], next_cursor=cursor)
    return ok(page)
