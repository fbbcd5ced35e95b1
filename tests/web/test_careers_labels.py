"""What strangers read on the careers page: a job's public department (never the internal
product), the employer's name only when HIRING_COMPANY_NAME gives one, and an Apply button
that stands apart from the text above it."""

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.factories import make_job
from tests.web.conftest import Portal

TITLE = re.compile(r"<title>(.*?)</title>", re.S)
H1 = re.compile(r"<h1>(.*?)</h1>", re.S)
# What the edit form sends besides the department.
EDIT = {
    "title": "Data Engineer",
    "product": "labs",
    "location": "Remote",
    "job_type": "contract",
    "status": "open",
}
CSS = Path(__file__).parents[2] / "src/hiring/web/static/css/app.css"


def _title(html: str) -> str:
    found = TITLE.search(html)
    assert found
    return found.group(1).strip()


def _h1(html: str) -> str:
    found = H1.search(html)
    assert found
    return found.group(1).strip()


def test_the_api_creates_changes_and_clears_a_public_department(admin: TestClient) -> None:
    job = make_job(admin, public_department="  Engineering  ")
    assert job["public_department"] == "Engineering"
    path = f"/api/jobs/{job['id']}"
    assert admin.get(path).json()["data"]["public_department"] == "Engineering"
    changed = admin.patch(path, json={"public_department": "Design"})
    assert changed.json()["data"]["public_department"] == "Design"
    cleared = admin.patch(path, json={"public_department": "   "})
    assert cleared.json()["data"]["public_department"] is None
    assert make_job(admin)["public_department"] is None


@pytest.mark.parametrize(
    "body",
    [
        '{"title": "T", "public_department": "%s"}' % ("x" * 101),
        '{"title": "T", "public_department": "Sales\\nand more"}',
        '{"title": "T", "public_department": "Sales\\u202e"}',
        '{"title": "T", "public_department": "Sales\\u0000"}',
        '{"title": "T", "public_department": "\\ud800"}',
        '{"title": "T", "public_department": 7}',
    ],
)
def test_a_bad_public_department_is_refused_naming_the_field(admin: TestClient, body: str) -> None:
    response = admin.post("/api/jobs", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert [d["field"] for d in response.json()["error"]["details"]] == ["public_department"]
    assert admin.get("/api/jobs").json()["total"] == 0


def test_the_careers_pages_show_the_department_and_never_the_product(
    admin: TestClient, anon: TestClient
) -> None:
    job = make_job(admin, title="Designer", product="zebracorn", public_department="Product Design")
    plain = make_job(admin, title="Welder", product="zebracorn")
    listing = anon.get("/careers").text
    page = anon.get(f"/careers/{job['id']}").text
    assert "Product Design · Remote" in listing
    assert '<span class="chip">Product Design</span>' in page
    for html in (listing, page, anon.get(f"/careers/{plain['id']}").text):
        assert "zebracorn" not in html
    assert 'Welder</a></h2>\n    <p class="muted">Remote ·' in listing


def test_the_careers_filters_and_search_use_public_words_only(
    admin: TestClient, anon: TestClient
) -> None:
    make_job(admin, title="Analyst", public_department="Finance", team="Quiet Unit")
    make_job(admin, title="Engineer", public_department="Engineering")
    listing = anon.get("/careers").text
    assert '<option value="Engineering" >Engineering</option>' in listing
    by_department = anon.get("/careers", params={"department": "finance"}).text
    assert "Analyst" in by_department
    assert "Engineer<" not in by_department
    assert "Analyst" in anon.get("/careers", params={"search": "financ"}).text
    # The team is internal: a stranger cannot find a job by it, on the page or through the API.
    assert "Analyst" not in anon.get("/careers", params={"search": "quiet"}).text
    assert anon.get("/api/jobs/public", params={"search": "quiet"}).json()["total"] == 0
    assert anon.get("/api/jobs/public", params={"search": "financ"}).json()["total"] == 1


def test_without_departments_the_careers_page_has_no_department_menu(
    admin: TestClient, anon: TestClient
) -> None:
    make_job(admin, title="Welder")
    listing = anon.get("/careers").text
    assert 'name="department"' not in listing
    assert "Product" not in listing


@pytest.mark.parametrize(
    ("company", "listing_title", "heading", "job_title"),
    [
        ("", "Open positions", "Open positions", "Product Designer"),
        (
            "Acme Labs",
            "Careers at Acme Labs",
            "Join Acme Labs",
            "Product Designer · Acme Labs careers",
        ),
    ],
)
def test_the_careers_pages_name_the_employer_only_when_one_is_set(
    app: FastAPI,
    admin: TestClient,
    anon: TestClient,
    monkeypatch: pytest.MonkeyPatch,
    company: str,
    listing_title: str,
    heading: str,
    job_title: str,
) -> None:
    monkeypatch.setattr(app.state.settings, "company_name", company)
    job = make_job(admin, title="Product Designer")
    listing = anon.get("/careers").text
    page = anon.get(f"/careers/{job['id']}").text
    assert (_title(listing), _h1(listing), _title(page)) == (listing_title, heading, job_title)
    assert ("© Acme Labs" in page) is bool(company)
    if not company:
        assert '<meta name="description" content="Product Designer">' in page
        for html in (listing, page):
            assert "Hiring" not in html
            assert "Join" not in html


def test_the_apply_button_stands_apart_from_the_requirements(
    admin: TestClient, anon: TestClient
) -> None:
    job = make_job(admin, requirements="Five years of welding")
    page = anon.get(f"/careers/{job['id']}").text
    assert '<p class="posting-apply"><a class="button" href="#apply">' in page
    rule = re.search(r"\.posting-apply \{([^}]*)\}", CSS.read_text())
    assert rule
    assert re.search(r"margin: [1-9][.0-9]*rem 0 0", rule.group(1))


def test_the_portal_job_form_sets_and_clears_the_public_department(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    form = portal_recruiter.client.get("/admin/jobs/new").text
    assert 'name="public_department"' in form
    assert "Internal label: never shown on the careers page" in form
    created = portal_recruiter.post(
        "/admin/jobs", {"title": "Data Engineer", "product": "labs", "public_department": "Data"}
    )
    assert created.status_code == 303, created.text
    job_id = created.headers["location"].rsplit("/", 1)[1]
    page = portal_recruiter.client.get(f"/admin/jobs/{job_id}").text
    assert "<dt>Public department</dt><dd>Data</dd>" in page
    edit = portal_recruiter.client.get(f"/admin/jobs/{job_id}/edit").text
    assert 'name="public_department" type="text" value="Data"' in edit
    bad = portal_recruiter.post(f"/admin/jobs/{job_id}", EDIT | {"public_department": "x" * 101})
    assert bad.status_code == 422
    assert re.findall(r'id="([a-z_]+)-error"', bad.text) == ["public_department"]
    cleared = portal_recruiter.post(f"/admin/jobs/{job_id}", EDIT | {"public_department": ""})
    assert cleared.status_code == 303, cleared.text
    assert admin.get(f"/api/jobs/{job_id}").json()["data"]["public_department"] is None
