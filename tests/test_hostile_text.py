"""Text that cannot be stored (NUL, lone UTF-16 surrogates) is a 422 naming the field on every
route and every way of sending it, and nothing is written."""

import pytest
from fastapi.testclient import TestClient

from tests.factories import make_candidate, make_company, make_job

LONE_HIGH = '"Ada \\ud800 Lovelace"'
LONE_LOW = '"\\udc00"'
JSON = {"Content-Type": "application/json"}


def _refused(response, field: str) -> None:  # type: ignore[no-untyped-def]
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "validation_error"
    assert [d["field"] for d in error["details"]] == [field]


@pytest.mark.parametrize("escape", [LONE_HIGH, LONE_LOW, '"\\u0000"'])
def test_candidate_create_refuses_unstorable_text(recruiter: TestClient, escape: str) -> None:
    body = f'{{"name": {escape}, "email": "ada@example.com"}}'
    _refused(recruiter.post("/api/candidates", content=body, headers=JSON), "name")
    assert recruiter.get("/api/candidates").json()["total"] == 0


def test_a_valid_surrogate_pair_is_ordinary_text(recruiter: TestClient) -> None:
    body = '{"name": "Ada \\ud83d\\ude00"}'  # an emoji, spelled as a JSON surrogate pair
    response = recruiter.post("/api/candidates", content=body, headers=JSON)
    assert response.status_code == 201, response.text
    assert response.json()["data"]["name"] == "Ada \U0001f600"


def test_an_escaped_backslash_is_not_an_escape(recruiter: TestClient) -> None:
    body = '{"name": "C:\\\\ud800 folder"}'  # the text `C:\ud800 folder`, six plain letters
    response = recruiter.post("/api/candidates", content=body, headers=JSON)
    assert response.status_code == 201, response.text
    assert response.json()["data"]["name"] == "C:\\ud800 folder"


def test_nested_fields_are_named(recruiter: TestClient) -> None:
    body = '{"name": "Ada", "skills": ["Python", "\\udfff"]}'
    _refused(recruiter.post("/api/candidates", content=body, headers=JSON), "skills.1")


def test_patch_job_and_company_refuse_lone_surrogates(recruiter: TestClient) -> None:
    candidate = make_candidate(recruiter, name="Ada")
    job = make_job(recruiter, title="Engineer")
    company = make_company(recruiter, name="Acme")
    cases = [
        ("PATCH", f"/api/candidates/{candidate['id']}", "current_title"),
        ("POST", "/api/jobs", "title"),
        ("PATCH", f"/api/jobs/{job['id']}", "title"),
        ("POST", "/api/companies", "name"),
        ("PATCH", f"/api/companies/{company['id']}", "name"),
    ]
    for method, path, field in cases:
        body = f'{{"{field}": {LONE_HIGH}}}'
        _refused(recruiter.request(method, path, content=body, headers=JSON), field)
    assert recruiter.get(f"/api/candidates/{candidate['id']}").json()["data"]["current_title"] in (
        None,
        "",
    )
    assert recruiter.get(f"/api/jobs/{job['id']}").json()["data"]["title"] == "Engineer"


def test_public_apply_refuses_lone_surrogates_and_nul(
    anon: TestClient, recruiter: TestClient
) -> None:
    job = make_job(recruiter, title="Engineer")
    path = f"/api/jobs/public/{job['id']}/apply"
    body = f'{{"name": {LONE_HIGH}, "email": "ann@example.com"}}'
    _refused(anon.post(path, content=body, headers=JSON), "name")
    form = {"name": "Nul\x00Byte", "email": "nul@example.com"}
    _refused(anon.post(path, data=form, files={"resume": ("cv.txt", b"plain")}), "name")
    _refused(anon.post(path, data=form), "name")
    assert recruiter.get("/api/candidates").json()["total"] == 0


def test_multipart_fields_with_nul_are_refused(recruiter: TestClient) -> None:
    candidate = make_candidate(recruiter, name="Ada")
    response = recruiter.post(
        f"/api/candidates/{candidate['id']}/files",
        data={"kind": "resume\x00"},
        files={"file": ("cv.txt", b"Ada Lovelace, engineer", "text/plain")},
    )
    _refused(response, "kind")
    assert recruiter.get(f"/api/candidates/{candidate['id']}/files").json()["total"] == 0


def test_query_strings_with_nul_are_refused(recruiter: TestClient) -> None:
    response = recruiter.get("/api/candidates", params={"search": "a\x00b"})
    assert response.status_code == 422
