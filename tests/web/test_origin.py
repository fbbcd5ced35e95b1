"""Where each record came from: how it was created, and the campaign an application came with,
without changing the spec's `source` values."""

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.factories import make_candidate, make_job
from tests.web.conftest import Portal, csrf_from


def _candidate(client: TestClient, email: str) -> dict:
    found = client.get("/api/candidates", params={"search": email}).json()["data"]
    assert len(found) == 1
    return found[0]


def test_api_and_referral_records_say_how_they_came_in(recruiter: TestClient) -> None:
    created = make_candidate(recruiter, email="api@example.com")
    assert (created["origin"], created["source"]) == ("api", "direct")
    referral = recruiter.post(
        "/api/referrals",
        json={
            "name": "Ref Person",
            "email": "ref@example.com",
            "referrer_name": "Kim",
            "referrer_email": "kim@example.com",
        },
    )
    assert referral.status_code == 201, referral.text
    assert _candidate(recruiter, "ref@example.com")["origin"] == "referral"


def test_public_apply_keeps_its_channel_and_campaign(
    anon: TestClient, recruiter: TestClient
) -> None:
    job = make_job(recruiter)
    body = {
        "name": "Una Campaign",
        "email": "una@example.com",
        "utm_source": "linkedin",
        "utm_campaign": "spring-hiring",
    }
    assert anon.post(f"/api/jobs/public/{job['id']}/apply", json=body).status_code == 201
    person = _candidate(recruiter, "una@example.com")
    assert person["source"] == "direct"  # the spec's values stay as they were
    assert person["origin"] == "apply_api"
    assert person["origin_details"] == {"utm_source": "linkedin", "utm_campaign": "spring-hiring"}
    [application] = recruiter.get(f"/api/candidates/{person['id']}/applications").json()["data"]
    assert application["channel"] == "api"
    assert application["utm"] == {"utm_source": "linkedin", "utm_campaign": "spring-hiring"}


def test_careers_form_carries_the_campaign_of_the_link(app: FastAPI, recruiter: TestClient) -> None:
    job = make_job(recruiter)
    browser = TestClient(app, follow_redirects=False)
    page = browser.get(
        f"/careers/{job['id']}", params={"utm_source": "indeed", "utm_medium": "cpc"}
    )
    assert 'name="utm_source" value="indeed"' in page.text
    sent = {
        "name": "Cara Careers",
        "email": "cara@example.com",
        "utm_source": "indeed",
        "utm_medium": "cpc",
    }
    assert browser.post(f"/careers/{job['id']}/apply", data=sent).status_code == 303
    person = _candidate(recruiter, "cara@example.com")
    assert person["origin"] == "careers_page"
    assert person["origin_details"] == {"utm_source": "indeed", "utm_medium": "cpc"}
    [application] = recruiter.get(f"/api/candidates/{person['id']}/applications").json()["data"]
    assert application["channel"] == "careers_page"


def test_an_overlong_campaign_value_is_refused(anon: TestClient, recruiter: TestClient) -> None:
    job = make_job(recruiter)
    body = {"name": "Long Tag", "email": "long@example.com", "utm_source": "x" * 201}
    response = anon.post(f"/api/jobs/public/{job['id']}/apply", json=body)
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "utm_source"


def test_portal_records_say_portal(recruiter: TestClient, portal_recruiter: Portal) -> None:
    form = portal_recruiter.get("/admin/candidates/new").text
    response = portal_recruiter.client.post(
        "/admin/candidates",
        data={"csrf_token": csrf_from(form), "name": "Paula Portal", "email": "paula@example.com"},
    )
    assert response.status_code == 303, response.text
    assert _candidate(recruiter, "paula@example.com")["origin"] == "portal"


def test_candidate_page_says_how_they_came_in(
    anon: TestClient, recruiter: TestClient, portal_recruiter: Portal
) -> None:
    job = make_job(recruiter)
    body = {"name": "Page Person", "email": "page@example.com", "utm_source": "newsletter"}
    assert anon.post(f"/api/jobs/public/{job['id']}/apply", json=body).status_code == 201
    person = _candidate(recruiter, "page@example.com")
    page = portal_recruiter.get(f"/admin/candidates/{person['id']}").text
    assert "Came in through the public apply API (utm_source: newsletter)" in page
