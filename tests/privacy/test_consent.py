"""Consent to the privacy policy: required with HIRING_PRIVACY_POLICY_URL, kept per
application (a known person's record untouched), shown on the API, the portal and the export."""

import io
import json
import zipfile
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.factories import make_candidate, make_job
from tests.web.conftest import Portal

POLICY = "https://jobs.example.com/privacy"
APPLICANT = {"name": "Ines Duarte", "email": "ines.duarte@example.org"}


@pytest.fixture
def policy(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """The site has a privacy policy and keeps data 18 months without activity."""
    monkeypatch.setattr(app.state.settings, "privacy_policy_url", POLICY)
    monkeypatch.setattr(app.state.settings, "retention_months", 18)
    yield POLICY


def _apply(anon: TestClient, job_id: str, **fields: object) -> dict:
    response = anon.post(f"/api/jobs/public/{job_id}/apply", json=APPLICANT | fields)
    return {"status": response.status_code, "body": response.json()}


def _by_email(client: TestClient, email: str) -> list[dict]:
    return client.get("/api/candidates", params={"search": email}).json()["data"]


def test_without_a_policy_nothing_is_asked_or_kept(anon: TestClient, admin: TestClient) -> None:
    job = make_job(admin)
    assert _apply(anon, job["id"])["status"] == 201
    [found] = _by_email(admin, APPLICANT["email"])
    assert admin.get(f"/api/candidates/{found['id']}").json()["data"]["consents"] == []
    assert "privacy policy" not in anon.get(f"/careers/{job['id']}").text


@pytest.mark.parametrize("consent", [None, False, "no"])
def test_with_a_policy_an_application_without_consent_is_422(
    policy: str, anon: TestClient, admin: TestClient, consent: object
) -> None:
    job = make_job(admin)
    fields = {} if consent is None else {"consent": consent}
    refused = _apply(anon, job["id"], **fields)
    assert refused["status"] == 422
    assert refused["body"]["error"]["details"][0]["field"] == "consent"
    assert _by_email(admin, APPLICANT["email"]) == []


def test_the_consent_is_kept_and_shown_on_the_api_and_in_the_export(
    policy: str, anon: TestClient, admin: TestClient
) -> None:
    job = make_job(admin)
    assert _apply(anon, job["id"], consent=True)["status"] == 201
    [found] = _by_email(admin, APPLICANT["email"])
    [consent] = admin.get(f"/api/candidates/{found['id']}").json()["data"]["consents"]
    assert consent["policy_url"] == POLICY
    assert consent["retention_months"] == 18
    assert consent["given_at"]
    [application] = admin.get(f"/api/candidates/{found['id']}/applications").json()["data"]
    assert consent["application_id"] == application["id"]

    exported = admin.get(f"/api/candidates/{found['id']}/export")
    person = json.loads(zipfile.ZipFile(io.BytesIO(exported.content)).read("person.json"))
    assert [c["id"] for c in person["consents"]] == [consent["id"]]


def test_a_known_person_gets_a_new_consent_and_an_unchanged_record(
    policy: str, anon: TestClient, admin: TestClient
) -> None:
    known = make_candidate(admin, name="Ines Duarte-Known", email=APPLICANT["email"])
    before = admin.get(f"/api/candidates/{known['id']}").json()["data"]
    job = make_job(admin)
    assert _apply(anon, job["id"], consent=True, phone="+351 21 000 0000")["status"] == 201
    after = admin.get(f"/api/candidates/{known['id']}").json()["data"]
    assert len(after["consents"]) == 1
    for field in ("name", "email", "phone", "linkedin_url"):
        assert after[field] == before[field]


def test_the_careers_form_links_the_policy_and_requires_consent(
    policy: str, app: FastAPI, admin: TestClient
) -> None:
    job = make_job(admin)
    browser = TestClient(app, follow_redirects=False)
    page = browser.get(f"/careers/{job['id']}").text
    assert f'href="{POLICY}"' in page
    assert 'name="consent"' in page

    refused = browser.post(f"/careers/{job['id']}/apply", data=APPLICANT)
    assert refused.status_code == 422
    assert 'id="consent-error"' in refused.text
    assert _by_email(admin, APPLICANT["email"]) == []

    taken = browser.post(f"/careers/{job['id']}/apply", data=APPLICANT | {"consent": "true"})
    assert taken.status_code == 303
    [found] = _by_email(admin, APPLICANT["email"])
    assert len(admin.get(f"/api/candidates/{found['id']}").json()["data"]["consents"]) == 1


def test_the_candidate_page_shows_the_consent(
    policy: str, anon: TestClient, admin: TestClient, portal_recruiter: Portal
) -> None:
    job = make_job(admin)
    assert _apply(anon, job["id"], consent="true")["status"] == 201
    [found] = _by_email(admin, APPLICANT["email"])
    page = portal_recruiter.get(f"/admin/candidates/{found['id']}").text
    assert "Consented" in page
    assert f'href="{POLICY}"' in page
    assert "kept 18 months without activity" in page
