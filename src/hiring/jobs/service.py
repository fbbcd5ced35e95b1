"""Jobs: open roles and their lifecycle."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, or_, select
from sqlalchemy.orm import Session

from hiring.activities import service as activities
from hiring.auth.models import User
from hiring.candidates.stages import refresh_stage_bits
from hiring.countries import country_of
from hiring.crm.models import Company, Contact
from hiring.crm.service import require_reference
from hiring.db import utcnow
from hiring.errors import Invalid, NotFound
from hiring.events import service as events
from hiring.files import service as files
from hiring.jobs.models import Job, JobStatus
from hiring.jobs.schemas import JobCreate, JobOut, JobUpdate
from hiring.owners import Owner
from hiring.pipeline.models import Assignment
from hiring.storage import Storage
from hiring.text import like_pattern

MENU_SIZE = 300


# What a search looks in: the portal's also the internal team, the careers page's only what
# the public reads (so a stranger cannot find jobs by the name of a team they cannot see).
SEARCHED = (Job.title, Job.team, Job.location)
SEARCHED_PUBLIC = (Job.title, Job.public_department, Job.location)


@dataclass(frozen=True)
class JobFilters:
    status: str | None = None
    product: str | None = None
    search: str | None = None
    location: str | None = None
    job_type: str | None = None
    department: str | None = None
    public: bool = False


def advertised() -> ColumnElement[bool]:
    """A job the public sees and may apply to: open, and not past its last day to apply
    (``valid_through``, a date in UTC), as job boards and search engines require."""
    return and_(
        Job.status == JobStatus.open.value,
        or_(Job.valid_through.is_(None), Job.valid_through >= utcnow().date()),
    )


def _filtered(filters: JobFilters) -> Select[Job]:
    query = select(Job)
    if filters.public:
        query = query.where(advertised())
    if filters.status:
        query = query.where(Job.status == filters.status)
    if filters.product:
        query = query.where(func.lower(Job.product) == filters.product.strip().lower())
    if filters.department and filters.department.strip():
        department = filters.department.strip().lower()
        query = query.where(func.lower(Job.public_department) == department)
    if filters.location and filters.location.strip():
        pattern = like_pattern(filters.location)
        query = query.where(func.lower(Job.location).like(pattern, escape="\\"))
    if filters.job_type:
        query = query.where(Job.job_type == filters.job_type)
    if filters.search and filters.search.strip():
        pattern = like_pattern(filters.search)
        columns = SEARCHED_PUBLIC if filters.public else SEARCHED
        query = query.where(
            or_(*(func.lower(column).like(pattern, escape="\\") for column in columns))
        )
    return query


def list_jobs(
    session: Session,
    *,
    status: str | None = None,
    product: str | None = None,
    search: str | None = None,
    limit: int,
    offset: int = 0,
) -> tuple[list[Job], int]:
    """Jobs matching the filters, newest first, and how many match in all."""
    filters = JobFilters(status=status, product=product, search=search)
    return find_jobs(session, filters, limit=limit, offset=offset)


def find_jobs(
    session: Session, filters: JobFilters, *, limit: int, offset: int = 0
) -> tuple[list[Job], int]:
    """Jobs matching ``filters``, newest first, and how many match in all."""
    query = _filtered(filters)
    rows = session.scalars(
        query.order_by(Job.created_at.desc(), Job.id.desc()).limit(limit).offset(offset)
    )
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    return list(rows), total


def open_jobs(session: Session) -> list[Job]:
    """Every advertised job, newest first (the job feeds list them all, as job boards ask)."""
    query = select(Job).where(advertised())
    return list(session.scalars(query.order_by(Job.created_at.desc(), Job.id.desc())))


def products(session: Session) -> list[str]:
    """Every product a job names, for filter menus."""
    return list(session.scalars(select(Job.product).distinct().order_by(Job.product)))


def _open_values(session: Session, column: Any) -> list[str]:
    query = select(column).distinct().where(advertised()).order_by(column)
    return [value for value in session.scalars(query) if value]


def open_departments(session: Session) -> list[str]:
    """The public departments open jobs name (the careers page's menu)."""
    return _open_values(session, Job.public_department)


def open_locations(session: Session) -> list[str]:
    """The locations of open jobs (the careers page's menu)."""
    return _open_values(session, Job.location)


def job_menu(session: Session, limit: int = MENU_SIZE) -> list[tuple[str, str, str]]:
    """(id, title, status) of jobs for menus: open ones first, then the newest."""
    rows = session.execute(
        select(Job.id, Job.title, Job.status)
        .order_by(case((Job.status == JobStatus.open.value, 0), else_=1), Job.created_at.desc())
        .limit(limit)
    ).all()
    return [(r[0], r[1], r[2]) for r in rows]


def job_titles(session: Session, job_ids: set[str]) -> dict[str, str]:
    """The titles of these jobs by id (unknown ids are left out)."""
    if not job_ids:
        return {}
    rows = session.execute(select(Job.id, Job.title).where(Job.id.in_(job_ids))).all()
    return {job_id: title for job_id, title in rows}


def get_job(session: Session, job_id: str) -> Job:
    job = session.get(Job, job_id)
    if job is None:
        raise NotFound("No such job")
    return job


def get_open_job(session: Session, job_id: str) -> Job:
    """A job the public may see (``advertised``): closed, on-hold, expired and unknown jobs
    are all simply not found."""
    job = session.scalar(select(Job).where(Job.id == job_id, advertised()))
    if job is None:
        raise NotFound("No such open job")
    return job


def _require_references(session: Session, values: dict[str, Any]) -> None:
    require_reference(session, Company, "company_id", values.get("company_id"))
    require_reference(session, Contact, "contact_id", values.get("contact_id"))


def _check_pay(job: Job) -> None:
    """Structured pay is whole: an amount needs its currency and period, the range its order."""
    errors = []
    amounts = job.salary_min is not None or job.salary_max is not None
    if amounts and not job.salary_currency:
        errors.append({"field": "salary_currency", "message": "A salary needs its currency"})
    if amounts and not job.salary_period:
        errors.append({"field": "salary_period", "message": "A salary needs its period"})
    if (
        job.salary_min is not None
        and job.salary_max is not None
        and job.salary_min > job.salary_max
    ):
        errors.append({"field": "salary_max", "message": "Must be at least salary_min"})
    if errors:
        raise Invalid(errors[0]["message"], errors)


def create_job(session: Session, data: JobCreate, user: User) -> Job:
    _require_references(session, data.model_dump())
    values = data.model_dump()
    if "country" not in data.model_fields_set:
        values["country"] = country_of(data.location)
    job = Job(**values)
    _check_pay(job)
    session.add(job)
    session.flush()
    activities.log(
        session, Owner.job(job.id), "created", f"Job created: {job.title}", actor=user.email
    )
    events.emit(session, events.JOB_CREATED, JobOut.model_validate(job))
    return job


def update_job(session: Session, job_id: str, data: JobUpdate, user: User) -> Job:
    job = session.scalar(select(Job).where(Job.id == job_id).with_for_update())
    if job is None:
        raise NotFound("No such job")
    changes = data.model_dump(exclude_unset=True)
    _require_references(session, changes)
    if "location" in changes and "country" not in changes:
        changes["country"] = country_of(changes["location"])
    old_status = job.status
    changed = sorted(k for k, v in changes.items() if getattr(job, k) != v)
    for key, value in changes.items():
        setattr(job, key, value)
    _check_pay(job)
    session.flush()
    owner = Owner.job(job.id)
    if job.status != old_status:
        activities.log(
            session,
            owner,
            "status_change",
            f"Status: {old_status} → {job.status}",
            actor=user.email,
            data={"from": old_status, "to": job.status},
        )
    other = [k for k in changed if k != "status"]
    if other:
        activities.log(
            session,
            owner,
            "updated",
            f"Updated {', '.join(other)}",
            actor=user.email,
            data={"fields": other},
        )
    if job.status != old_status:
        status = {"from": old_status, "to": job.status, "by": user.email}
        events.emit(
            session,
            events.JOB_STATUS_CHANGED,
            JobOut.model_validate(job).model_dump(mode="json") | {"status_change": status},
        )
    if other:
        events.emit(session, events.JOB_UPDATED, JobOut.model_validate(job))
    return job


def delete_job(session: Session, job_id: str, storage: Storage) -> None:
    """Delete a job with its notes, files, activities and assignments (the database cascades).
    The files' objects go only once the deletion commits: a failed request keeps every record
    with its object."""
    job = get_job(session, job_id)
    files.forget_owner_files(session, storage, Owner.job(job.id))
    in_pipeline = session.scalars(
        select(Assignment.candidate_id).where(Assignment.job_id == job.id)
    ).all()
    session.delete(job)
    session.flush()
    # The job's stages leave its candidates' stage bits (their own stage stays as it was).
    refresh_stage_bits(session, in_pipeline)
