from typing import Annotated

from fastapi import Query

from hiring.auth.deps import CurrentUser, Writer
from hiring.crm import service
from hiring.crm.models import Company, Contact
from hiring.crm.schemas import (
    CompanyCreate,
    CompanyDetail,
    CompanyOut,
    CompanyUpdate,
    ContactCreate,
    ContactDetail,
    ContactOut,
    ContactUpdate,
)
from hiring.http import (
    DbSession,
    Envelope,
    ListEnvelope,
    PageParams,
    api_router,
    ok,
    ok_list,
)
from hiring.jobs.schemas import JobOut
from hiring.text import MAX_SEARCH_LENGTH

router = api_router("/api", tags=["crm"])


CompanySearch = Annotated[
    str | None, Query(max_length=MAX_SEARCH_LENGTH, description="Substring of name or domain")
]
ContactSearch = Annotated[
    str | None,
    Query(max_length=MAX_SEARCH_LENGTH, description="Substring of name, email or title"),
]


@router.get("/companies", response_model=ListEnvelope[CompanyOut])
def list_companies(
    session: DbSession,
    page: PageParams,
    _user: CurrentUser,
    search: CompanySearch = None,
) -> dict:
    """Companies, alphabetical, with `total`."""
    rows, total = service.list_companies(
        session, search=search, limit=page.limit, offset=page.offset
    )
    return ok_list([CompanyOut.model_validate(c) for c in rows], total)


def _company_detail(session: DbSession, company: Company) -> CompanyDetail:
    contacts, contacts_total = service.company_contacts(session, company.id)
    jobs, jobs_total = service.company_jobs(session, company.id)
    return CompanyDetail(
        **CompanyOut.model_validate(company).model_dump(),
        enrichment=company.enrichment,
        contacts=[ContactOut.model_validate(c) for c in contacts],
        contacts_total=contacts_total,
        jobs=[JobOut.model_validate(j) for j in jobs],
        jobs_total=jobs_total,
    )


@router.get("/companies/{company_id}", response_model=Envelope[CompanyDetail])
def get_company(company_id: str, session: DbSession, _user: CurrentUser) -> dict:
    """A company with its enrichment data, its contacts and its jobs (at most 200 of each)."""
    return ok(_company_detail(session, service.get_company(session, company_id)))


@router.post("/companies", response_model=Envelope[CompanyOut], status_code=201)
def create_company(body: CompanyCreate, session: DbSession, _user: Writer) -> dict:
    """Create a company. `domain` is a bare host name such as `example.com`."""
    return ok(CompanyOut.model_validate(service.create_company(session, body)))


@router.patch("/companies/{company_id}", response_model=Envelope[CompanyOut])
def update_company(company_id: str, body: CompanyUpdate, session: DbSession, _user: Writer) -> dict:
    """Change the fields sent."""
    return ok(CompanyOut.model_validate(service.update_company(session, company_id, body)))


@router.delete("/companies/{company_id}", response_model=Envelope[dict])
def delete_company(company_id: str, session: DbSession, _user: Writer) -> dict:
    """Delete a company. Its contacts and jobs are kept, with `company_id` set to null."""
    service.delete_company(session, company_id)
    return ok({"id": company_id, "deleted": True})


@router.get("/contacts", response_model=ListEnvelope[ContactOut])
def list_contacts(
    session: DbSession,
    page: PageParams,
    _user: CurrentUser,
    search: ContactSearch = None,
    company_id: Annotated[str | None, Query(max_length=40, description="At this company")] = None,
) -> dict:
    """Contacts, alphabetical, with `total`."""
    rows, total = service.list_contacts(
        session, search=search, company_id=company_id, limit=page.limit, offset=page.offset
    )
    return ok_list([ContactOut.model_validate(c) for c in rows], total)


def _contact_detail(contact: Contact) -> ContactDetail:
    return ContactDetail(
        **ContactOut.model_validate(contact).model_dump(), enrichment=contact.enrichment
    )


@router.get("/contacts/{contact_id}", response_model=Envelope[ContactDetail])
def get_contact(contact_id: str, session: DbSession, _user: CurrentUser) -> dict:
    """A contact with its enrichment data."""
    return ok(_contact_detail(service.get_contact(session, contact_id)))


@router.post("/contacts", response_model=Envelope[ContactOut], status_code=201)
def create_contact(body: ContactCreate, session: DbSession, _user: Writer) -> dict:
    """Create a contact; `company_id` must name an existing company."""
    return ok(ContactOut.model_validate(service.create_contact(session, body)))


@router.patch("/contacts/{contact_id}", response_model=Envelope[ContactOut])
def update_contact(contact_id: str, body: ContactUpdate, session: DbSession, _user: Writer) -> dict:
    """Change the fields sent."""
    return ok(ContactOut.model_validate(service.update_contact(session, contact_id, body)))


@router.delete("/contacts/{contact_id}", response_model=Envelope[dict])
def delete_contact(contact_id: str, session: DbSession, _user: Writer) -> dict:
    """Delete a contact. Jobs naming it as hiring manager keep existing without one."""
    service.delete_contact(session, contact_id)
    return ok({"id": contact_id, "deleted": True})
