"""CRM: companies and their contacts."""

from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, func, or_, select
from sqlalchemy.orm import Session

from hiring.crm.models import Company, Contact
from hiring.crm.schemas import CompanyCreate, CompanyUpdate, ContactCreate, ContactUpdate
from hiring.errors import Invalid, NotFound
from hiring.jobs.models import Job
from hiring.text import like_pattern

DETAIL_ROWS = 200

M = TypeVar("M", Company, Contact, Job)


def _search(columns: tuple[Any, ...], search: str | None) -> ColumnElement[bool] | None:
    if not search or not search.strip():
        return None
    pattern = like_pattern(search)
    return or_(*(func.lower(column).like(pattern, escape="\\") for column in columns))


def _page(
    session: Session, query: Select[M], order: tuple[Any, ...], limit: int, offset: int
) -> tuple[list[M], int]:
    rows = session.scalars(query.order_by(*order).limit(limit).offset(offset))
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    return list(rows), total


def list_companies(
    session: Session, *, search: str | None = None, limit: int, offset: int = 0
) -> tuple[list[Company], int]:
    """Companies whose name or domain contains ``search``, alphabetical, and how many match."""
    query = select(Company)
    where = _search((Company.name, Company.domain), search)
    if where is not None:
        query = query.where(where)
    return _page(session, query, (func.lower(Company.name), Company.id), limit, offset)


def get_company(session: Session, company_id: str) -> Company:
    company = session.get(Company, company_id)
    if company is None:
        raise NotFound("No such company")
    return company


def company_contacts(session: Session, company_id: str) -> tuple[list[Contact], int]:
    return list_contacts(session, company_id=company_id, limit=DETAIL_ROWS)


def company_jobs(session: Session, company_id: str) -> tuple[list[Job], int]:
    query = select(Job).where(Job.company_id == company_id)
    return _page(session, query, (Job.created_at.desc(), Job.id.desc()), DETAIL_ROWS, 0)


def create_company(session: Session, data: CompanyCreate) -> Company:
    company = Company(**data.model_dump())
    session.add(company)
    session.flush()
    return company


def update_company(session: Session, company_id: str, data: CompanyUpdate) -> Company:
    company = session.scalar(select(Company).where(Company.id == company_id).with_for_update())
    if company is None:
        raise NotFound("No such company")
    for key, value in data.model_dump(exclude_unset=True).items():
        setattr(company, key, value)
    session.flush()
    return company


def delete_company(session: Session, company_id: str) -> None:
    """Delete a company; its contacts and jobs stay, without a company (the database nulls it)."""
    session.delete(get_company(session, company_id))
    session.flush()
    session.expire_all()


def list_contacts(
    session: Session,
    *,
    search: str | None = None,
    company_id: str | None = None,
    limit: int,
    offset: int = 0,
) -> tuple[list[Contact], int]:
    """Contacts matching the filters (search: name, email, title), alphabetical, with a count."""
    query = select(Contact)
    where = _search((Contact.name, Contact.email, Contact.title), search)
    if where is not None:
        query = query.where(where)
    if company_id is not None:
        query = query.where(Contact.company_id == company_id)
    return _page(session, query, (func.lower(Contact.name), Contact.id), limit, offset)


def get_contact(session: Session, contact_id: str) -> Contact:
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound("No such contact")
    return contact


def require_reference(
    session: Session, model: type[Company | Contact], field: str, ref: str | None
) -> None:
    """Invalid (naming ``field``) unless ``ref`` is null or the id of an existing row."""
    if ref is not None and session.get(model, ref) is None:
        raise Invalid.field(field, f"No {model.__name__.lower()} with this id")


def create_contact(session: Session, data: ContactCreate) -> Contact:
    require_reference(session, Company, "company_id", data.company_id)
    contact = Contact(**data.model_dump())
    session.add(contact)
    session.flush()
    return contact


def update_contact(session: Session, contact_id: str, data: ContactUpdate) -> Contact:
    contact = session.scalar(select(Contact).where(Contact.id == contact_id).with_for_update())
    if contact is None:
        raise NotFound("No such contact")
    changes = data.model_dump(exclude_unset=True)
    require_reference(session, Company, "company_id", changes.get("company_id"))
    for key, value in changes.items():
        setattr(contact, key, value)
    session.flush()
    return contact


def delete_contact(session: Session, contact_id: str) -> None:
    """Delete a contact; jobs naming it as hiring manager keep existing without one."""
    session.delete(get_contact(session, contact_id))
    session.flush()
    session.expire_all()
