"""CRM companies and contacts: CRUD, validation, filters, and jobs referencing them."""

import pytest
from fastapi.testclient import TestClient

from tests.factories import make_company, make_contact, make_job


def test_create_company_keeps_every_field(recruiter: TestClient) -> None:
    body = {
        "name": "Acme GmbH",
        "domain": "WWW.Acme.example",
        "website": "https://acme.example/",
        "industry": "Software",
        "employee_count": 120,
        "linkedin_url": "https://www.linkedin.com/company/acme",
        "location": "Berlin",
        "description": "Makes anvils",
        "founded_year": 1999,
    }
    company = make_company(recruiter, **body)
    assert company["id"].startswith("comp_")
    assert company["domain"] == "acme.example"
    assert company["employee_count"] == 120
    assert company["enriched_at"] is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("domain", "https://acme.example"),
        ("domain", "acme"),
        ("domain", "acme.example/path"),
        ("website", "ftp://acme.example"),
        ("website", "not a url"),
        ("linkedin_url", "javascript:alert(1)"),
        ("employee_count", -1),
        ("founded_year", 1200),
        ("founded_year", 3000),
        ("name", ""),
        ("unknown", "x"),
    ],
)
def test_company_rejects_bad_field(recruiter: TestClient, field: str, value: object) -> None:
    body = {"name": "Acme"} | {field: value}
    response = recruiter.post("/api/companies", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == field


def test_company_list_searches_name_and_domain_with_total(recruiter: TestClient) -> None:
    make_company(recruiter, name="Globex", domain="globex.example")
    make_company(recruiter, name="Initech", domain="initech.example")
    make_company(recruiter, name="Hooli", domain="hooli-globex.example")
    body = recruiter.get("/api/companies", params={"search": "globex", "limit": 1}).json()
    assert body["total"] == 2
    assert [c["name"] for c in body["data"]] == ["Globex"]
    page2 = recruiter.get("/api/companies", params={"search": "globex", "offset": 1}).json()
    assert [c["name"] for c in page2["data"]] == ["Hooli"]


def test_get_company_includes_its_contacts_and_jobs(recruiter: TestClient) -> None:
    company = make_company(recruiter)
    contact = make_contact(recruiter, company_id=company["id"])
    make_contact(recruiter)
    job = make_job(recruiter, company_id=company["id"], contact_id=contact["id"])
    detail = recruiter.get(f"/api/companies/{company['id']}").json()["data"]
    assert [c["id"] for c in detail["contacts"]] == [contact["id"]]
    assert [j["id"] for j in detail["jobs"]] == [job["id"]]
    assert detail["contacts_total"] == 1 and detail["jobs_total"] == 1


def test_patch_company_changes_only_fields_sent(recruiter: TestClient) -> None:
    company = make_company(recruiter, industry="Retail", location="Paris")
    response = recruiter.patch(f"/api/companies/{company['id']}", json={"industry": "Food"})
    assert response.status_code == 200
    assert response.json()["data"]["industry"] == "Food"
    assert response.json()["data"]["location"] == "Paris"
    assert (
        recruiter.patch(f"/api/companies/{company['id']}", json={"name": None}).status_code == 422
    )


def test_deleting_a_company_keeps_its_contacts_and_jobs_without_it(recruiter: TestClient) -> None:
    company = make_company(recruiter)
    contact = make_contact(recruiter, company_id=company["id"])
    job = make_job(recruiter, company_id=company["id"])
    assert recruiter.delete(f"/api/companies/{company['id']}").status_code == 200
    assert recruiter.get(f"/api/companies/{company['id']}").status_code == 404
    assert recruiter.get(f"/api/contacts/{contact['id']}").json()["data"]["company_id"] is None
    assert recruiter.get(f"/api/jobs/{job['id']}").json()["data"]["company_id"] is None


def test_contact_crud_and_company_filter(recruiter: TestClient) -> None:
    company = make_company(recruiter)
    contact = make_contact(
        recruiter,
        name="Ana Silva",
        company_id=company["id"],
        phone="+49 30 1234567",
        title="CTO",
        linkedin_url="https://www.linkedin.com/in/ana",
    )
    assert contact["id"].startswith("cont_")
    make_contact(recruiter, name="Bo Chen")
    listed = recruiter.get("/api/contacts", params={"company_id": company["id"]}).json()
    assert listed["total"] == 1 and listed["data"][0]["id"] == contact["id"]
    found = recruiter.get("/api/contacts", params={"search": "ANA"}).json()
    assert [c["name"] for c in found["data"]] == ["Ana Silva"]
    patched = recruiter.patch(f"/api/contacts/{contact['id']}", json={"title": "CEO"})
    assert patched.json()["data"]["title"] == "CEO"
    assert recruiter.delete(f"/api/contacts/{contact['id']}").status_code == 200
    assert recruiter.get(f"/api/contacts/{contact['id']}").status_code == 404


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("email", "not-an-email"),
        ("phone", "call me"),
        ("linkedin_url", "linkedin.com/in/x"),
        ("company_id", "comp_unknown"),
        ("name", "  "),
    ],
)
def test_contact_rejects_bad_field(recruiter: TestClient, field: str, value: object) -> None:
    response = recruiter.post("/api/contacts", json={"name": "Ana"} | {field: value})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == field


def test_unknown_company_or_contact_is_404(recruiter: TestClient) -> None:
    for path in ("/api/companies/comp_nope", "/api/contacts/cont_nope"):
        assert recruiter.get(path).status_code == 404
        assert recruiter.patch(path, json={"name": "x"}).status_code == 404
        assert recruiter.delete(path).status_code == 404


def test_job_with_unknown_company_or_contact_is_422(recruiter: TestClient) -> None:
    for field in ("company_id", "contact_id"):
        response = recruiter.post("/api/jobs", json={"title": "Engineer", field: "nope"})
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["field"] == field
    job = make_job(recruiter)
    response = recruiter.patch(f"/api/jobs/{job['id']}", json={"contact_id": "cont_nope"})
    assert response.status_code == 422


def test_job_company_and_hiring_manager_can_be_set_and_cleared(recruiter: TestClient) -> None:
    company = make_company(recruiter)
    contact = make_contact(recruiter, company_id=company["id"])
    job = make_job(recruiter)
    path = f"/api/jobs/{job['id']}"
    body = {"company_id": company["id"], "contact_id": contact["id"]}
    patched = recruiter.patch(path, json=body).json()["data"]
    assert (patched["company_id"], patched["contact_id"]) == (company["id"], contact["id"])
    assert recruiter.get(path).json()["data"]["contact_id"] == contact["id"]
    recruiter.delete(f"/api/contacts/{contact['id']}")
    assert recruiter.get(path).json()["data"]["contact_id"] is None
    cleared = recruiter.patch(path, json={"company_id": None}).json()["data"]
    assert cleared["company_id"] is None


def test_public_job_hides_company_and_hiring_manager(
    recruiter: TestClient, anon: TestClient
) -> None:
    company = make_company(recruiter)
    job = make_job(recruiter, company_id=company["id"])
    public = anon.get(f"/api/jobs/public/{job['id']}").json()["data"]
    assert "company_id" not in public and "contact_id" not in public


def test_viewer_reads_but_cannot_write_crm(recruiter: TestClient, viewer: TestClient) -> None:
    company = make_company(recruiter)
    assert viewer.get(f"/api/companies/{company['id']}").status_code == 200
    assert viewer.post("/api/companies", json={"name": "X"}).status_code == 403
    assert viewer.post("/api/contacts", json={"name": "X"}).status_code == 403
