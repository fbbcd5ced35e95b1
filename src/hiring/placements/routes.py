from typing import Annotated

from fastapi import Depends, Query

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
from hiring.placements import service
from hiring.placements.models import PlacementStatus
from hiring.placements.schemas import (
    PlacementCreate,
    PlacementFilters,
    PlacementOut,
    PlacementUpdate,
)
from hiring.validation import IsoDate

router = api_router("/api/placements", tags=["placements"])


def list_filters(
    job_id: Annotated[str | None, Query(max_length=40)] = None,
    candidate_id: Annotated[str | None, Query(max_length=40)] = None,
    status: PlacementStatus | None = None,
    product: Annotated[str | None, Query(max_length=100, description="The job's product")] = None,
    date_from: Annotated[IsoDate | None, Query(description="Starting on or after")] = None,
    date_to: Annotated[IsoDate | None, Query(description="Starting on or before")] = None,
) -> PlacementFilters:
    return PlacementFilters(
        job_id=job_id,
        candidate_id=candidate_id,
        status=status,
        product=product,
        date_from=date_from,
        date_to=date_to,
    )


@router.get("", response_model=ListEnvelope[PlacementOut])
def list_placements(
    session: DbSession,
    page: PageParams,
    _user: CurrentUser,
    filters: Annotated[PlacementFilters, Depends(list_filters)],
) -> dict:
    """Placements matching every filter given, latest start date first, with `total`.
    Money fields are decimal strings with two decimals."""
    rows, total = service.list_placements(session, filters, limit=page.limit, offset=page.offset)
    return ok_list([PlacementOut.model_validate(p) for p in rows], total)


@router.post("", response_model=Envelope[PlacementOut], status_code=201)
def create_placement(body: PlacementCreate, session: DbSession, user: Writer) -> dict:
    """Record a hire. The candidate moves to `hired` in the job's pipeline (entering it if
    needed); both the candidate and the job log it. Money accepts numbers or decimal strings."""
    return ok(PlacementOut.model_validate(service.create_placement(session, body, user)))


@router.get("/{placement_id}", response_model=Envelope[PlacementOut])
def get_placement(placement_id: str, session: DbSession, _user: CurrentUser) -> dict:
    """One placement."""
    return ok(PlacementOut.model_validate(service.get_placement(session, placement_id)))


@router.patch("/{placement_id}", response_model=Envelope[PlacementOut])
def update_placement(
    placement_id: str, body: PlacementUpdate, session: DbSession, user: Writer
) -> dict:
    """Change the fields sent (dates, pay, fee, status, notes); the rules hold for the result."""
    placement = service.update_placement(session, placement_id, body, user)
    return ok(PlacementOut.model_validate(placement))


@router.delete("/{placement_id}", response_model=Envelope[dict])
def delete_placement(placement_id: str, session: DbSession, user: Writer) -> dict:
    """Delete a placement (the candidate's stage in the job is left as it is)."""
    service.delete_placement(session, placement_id, user)
    return ok({"id": placement_id, "deleted": True})
