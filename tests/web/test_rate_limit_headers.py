"""Rate-limited routes tell the caller where they stand: RateLimit-Limit, RateLimit-Remaining,
RateLimit-Reset (seconds), and Retry-After on 429."""

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.factories import make_job
from tests.web.conftest import csrf_from

APPLICANT = {"name": "Ann Lee", "email": "ann@example.com"}


def _quota(response: object) -> tuple[int, int, int]:
    headers = response.headers  # type: ignore[attr-defined]
    return (
        int(headers["RateLimit-Limit"]),
        int(headers["RateLimit-Remaining"]),
        int(headers["RateLimit-Reset"]),
    )


def test_each_application_tells_what_is_left(
    app: FastAPI, anon: TestClient, recruiter: TestClient
) -> None:
    job = make_job(recruiter)
    allowed = app.state.settings.public_apply_per_minute
    for n in range(allowed):
        response = anon.post(
            f"/api/jobs/public/{job['id']}/apply", json=APPLICANT | {"email": f"a{n}@example.com"}
        )
        assert response.status_code == 201
        limit, remaining, reset = _quota(response)
        assert (limit, remaining) == (allowed, allowed - n - 1)
        assert 0 < reset <= 60
    refused = anon.post(f"/api/jobs/public/{job['id']}/apply", json=APPLICANT)
    assert refused.status_code == 429
    limit, remaining, reset = _quota(refused)
    assert (limit, remaining) == (allowed, 0)
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert 0 < reset <= 60


def test_the_careers_form_and_the_login_page_send_the_quota(
    app: FastAPI, recruiter: TestClient
) -> None:
    job = make_job(recruiter)
    browser = TestClient(app, follow_redirects=False)
    page = browser.post(f"/careers/{job['id']}/apply", data={"name": "Ann"})
    assert page.status_code == 422
    limit, remaining, _reset = _quota(page)
    assert (limit, remaining) == (app.state.settings.public_apply_per_minute, limit - 1)
    token = csrf_from(browser.get("/admin/login").text)
    login = browser.post(
        "/admin/login",
        data={"email": "nobody@example.com", "password": "wrong one", "csrf_token": token},
    )
    assert login.status_code == 401
    limit, remaining, _reset = _quota(login)
    assert remaining == limit - 1


def test_routes_without_a_limit_send_no_quota(anon: TestClient) -> None:
    assert "RateLimit-Limit" not in anon.get("/careers").headers
