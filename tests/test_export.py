"""The candidates CSV export: the list's filters and order, every column, safe cells, streamed."""

import csv
import html
import io
import re
from datetime import UTC, datetime

from fastapi import FastAPI
from fastapi.testclient import TestClient

from hiring.candidates.export import BOM, HEADER, candidates_csv
from hiring.candidates.filters import CandidateFilters, CandidateSort
from tests.conftest import Persona
from tests.factories import assign, make_candidate, make_job
from tests.web.conftest import Portal, sign_in

COLUMNS = [
    "id",
    "name",
    "email",
    "phone",
    "linkedin_url",
    "github_url",
    "location",
    "current_title",
    "current_company",
    "source",
    "stage",
    "job_id",
    "product",
    "skills",
    "tags",
    "languages",
    "desired_roles",
    "rating",
    "availability",
    "salary_expectation",
    "notice_period",
    "assigned_to",
    "notes",
    "created_at",
    "updated_at",
]


def _rows(text: str) -> list[dict[str, str]]:
    assert text.startswith(BOM)
    return list(csv.DictReader(io.StringIO(text.removeprefix(BOM))))


def _export(client: TestClient, **params: object) -> list[dict[str, str]]:
    response = client.get("/api/candidates/export", params=params)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    return _rows(response.text)


def test_the_file_has_every_column_and_the_values(recruiter: TestClient) -> None:
    job = make_job(recruiter, product="studios")
    made = make_candidate(
        recruiter,
        name="Ada Lovelace",
        email="ada@example.com",
        phone="+44 20 7183 8750",
        linkedin_url="https://linkedin.com/in/ada",
        github_url="https://github.com/ada",
        location="London",
        current_title="Engineer",
        current_company="Analytical",
        source="referral",
        job_id=job["id"],
        skills=["Python", "SQL"],
        tags=["vip"],
        languages=["English", "French"],
        desired_roles=["Lead"],
        availability="now",
        salary_expectation="90k",
        notice_period="1 month",
        assigned_to="paula@example.com",
        notes="Met at a conference",
    )
    recruiter.patch(f"/api/candidates/{made['id']}", json={"rating": 4})
    response = recruiter.get("/api/candidates/export")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    today = datetime.now(UTC).date().isoformat()
    disposition = response.headers["content-disposition"]
    assert disposition == f'attachment; filename="candidates-{today}.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.text.removeprefix(BOM).splitlines()[0].split(",") == COLUMNS
    assert list(HEADER) == COLUMNS
    [row] = _rows(response.text)
    current = recruiter.get(f"/api/candidates/{made['id']}").json()["data"]
    assert row | {"created_at": "", "updated_at": ""} == {
        "id": made["id"],
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "phone": "+44 20 7183 8750",
        "linkedin_url": "https://linkedin.com/in/ada",
        "github_url": "https://github.com/ada",
        "location": "London",
        "current_title": "Engineer",
        "current_company": "Analytical",
        "source": "referral",
        "stage": "applied",
        "job_id": job["id"],
        "product": "studios",
        "skills": "Python; SQL",
        "tags": "vip",
        "languages": "English; French",
        "desired_roles": "Lead",
        "rating": "4",
        "availability": "now",
        "salary_expectation": "90k",
        "notice_period": "1 month",
        "assigned_to": "paula@example.com",
        "notes": "Met at a conference",
        "created_at": "",
        "updated_at": "",
    }
    for field in ("created_at", "updated_at"):
        assert datetime.fromisoformat(row[field]) == datetime.fromisoformat(current[field])


def test_the_lists_filters_choose_the_rows(recruiter: TestClient) -> None:
    job = make_job(recruiter)
    py = make_candidate(recruiter, name="Py One", skills=["Python"])
    both = make_candidate(recruiter, name="Py Two", skills=["python", "Go"])
    make_candidate(recruiter, name="Java Only", skills=["Java"])
    assign(recruiter, job["id"], both["id"], stage="interview")
    assert {r["name"] for r in _export(recruiter, skills="PYTHON")} == {"Py One", "Py Two"}
    assert [r["id"] for r in _export(recruiter, stage="interview")] == [both["id"]]
    assert [r["id"] for r in _export(recruiter, skills="python", stage="applied")] == [py["id"]]
    assert _export(recruiter, search="nobody-like-this") == []


def test_refused_filters_are_a_422(recruiter: TestClient) -> None:
    response = recruiter.get("/api/candidates/export", params={"stage": "sleeping"})
    assert response.status_code == 422
    assert response.json()["ok"] is False


def test_rows_come_in_the_lists_order(recruiter: TestClient) -> None:
    for name, rating in (("Cy", 2), ("Ann", None), ("Bo", 5)):
        made = make_candidate(recruiter, name=name)
        if rating:
            recruiter.patch(f"/api/candidates/{made['id']}", json={"rating": rating})
    for sort in ("created_at", "-created_at", "name", "rating", "updated_at"):
        listed = recruiter.get("/api/candidates", params={"sort": sort}).json()["data"]
        assert [r["name"] for r in _export(recruiter, sort=sort)] == [c["name"] for c in listed]
    assert [r["name"] for r in _export(recruiter, sort="name")] == ["Ann", "Bo", "Cy"]


def test_cells_a_spreadsheet_would_run_are_quoted(recruiter: TestClient) -> None:
    made = make_candidate(
        recruiter,
        name='=HYPERLINK("http://evil.example")',
        phone="+49 30 1234567",
        current_company="+Plus Corp",
        current_title="@Lead",
        location="-Minus",
        notes="\tTabbed",
    )
    odd = make_candidate(recruiter, name="Odd Phone", phone="+1 555 0100")
    rows = {r["id"]: r for r in _export(recruiter)}
    evil = rows[made["id"]]
    assert evil["name"] == '\'=HYPERLINK("http://evil.example")'
    assert evil["phone"] == "+49 30 1234567"
    assert evil["current_company"] == "'+Plus Corp"
    assert evil["current_title"] == "'@Lead"
    assert evil["location"] == "'-Minus"
    assert evil["notes"] == "'\tTabbed"
    # Not a valid number: it gets the quote like any other text.
    assert rows[odd["id"]]["phone"] == "'+1 555 0100"


def test_unicode_survives(recruiter: TestClient) -> None:
    make_candidate(recruiter, name="José Müller 李雷", location="São Paulo", skills=["Ünïcode"])
    [row] = _export(recruiter)
    assert (row["name"], row["location"], row["skills"]) == (
        "José Müller 李雷",
        "São Paulo",
        "Ünïcode",
    )


def test_rows_stream_in_batches_each_a_read_of_its_own(app: FastAPI, recruiter: TestClient) -> None:
    names = [f"Row {i}" for i in range(7)]
    for name in names:
        make_candidate(recruiter, name=name, tags=["export"])
    make_candidate(recruiter, name="Elsewhere")
    filters = CandidateFilters(tags=["export"])
    chunks = list(candidates_csv(app.state.sessions, filters, CandidateSort.name, batch_size=3))
    # Header with rows 1-3, rows 4-6, row 7.
    assert [chunk.count("\n") for chunk in chunks] == [4, 3, 1]
    assert [r["name"] for r in _rows("".join(chunks))] == names
    exact = list(candidates_csv(app.state.sessions, filters, CandidateSort.name, batch_size=7))
    assert [r["name"] for r in _rows("".join(exact))] == names


def test_batches_keep_the_order_across_equal_values(app: FastAPI, recruiter: TestClient) -> None:
    for _ in range(5):
        make_candidate(recruiter, name="Same Name")
    rated = make_candidate(recruiter, name="Rated")
    recruiter.patch(f"/api/candidates/{rated['id']}", json={"rating": 3})
    for sort in (CandidateSort.name, CandidateSort.rating):
        chunks = candidates_csv(app.state.sessions, CandidateFilters(), sort, batch_size=2)
        listed = recruiter.get("/api/candidates", params={"sort": sort.value}).json()["data"]
        assert [r["id"] for r in _rows("".join(chunks))] == [c["id"] for c in listed]


def test_every_role_that_reads_candidates_may_export(
    viewer: TestClient, anon: TestClient, recruiter: TestClient
) -> None:
    make_candidate(recruiter, name="Seen")
    assert [r["name"] for r in _export(viewer)] == ["Seen"]
    assert anon.get("/api/candidates/export").status_code == 401


def test_the_portal_links_the_export_with_the_tables_filters(
    app: FastAPI, personas: dict[str, Persona], recruiter: TestClient
) -> None:
    make_candidate(recruiter, name="Berlin Person", location="Berlin")
    make_candidate(recruiter, name="Lisbon Person", location="Lisbon")
    portal = Portal(sign_in(app, personas["viewer"].email))
    page = portal.get("/admin/candidates", params={"location": "berlin", "sort": "name"})
    found = re.search(r'href="([^"]+)" download data-export', page.text)
    assert found, "no export link"
    link = html.unescape(found.group(1))
    assert link == "/admin/candidates/export?location=berlin&sort=name"
    response = portal.get(link)
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    assert [r["name"] for r in _rows(response.text)] == ["Berlin Person"]
    assert portal.get("/admin/candidates/export?stage=sleeping").status_code == 422
