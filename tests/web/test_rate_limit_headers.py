"""Rate-limited routes tell the caller where they stand: RateLimit-Limit, RateLimit-Remaining,
RateLimit-Reset (seconds), and Retry-After on 429 (the API's apply: tests/test_apply.py)."""

from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from tests.factories import make_job
from tests.web.conftest import csrf_from


def quota(response: Response) -> tuple[int, int, int]:
    """(limit, remaining, reset) of a response's RateLimit headers."""
    headers = response.headers
    return (
        int(headers["RateLimit-Limit"]),
        int(headers["RateLimit-Remaining"]),
        int(headers["RateLimit-Reset"]),
    )


def test_the_careers_form_and_the_login_page_send_the_quota(
    app: FastAPI, recruiter: TestClient
) -> None:
    job = make_job(recruiter)
    browser = TestClient(app, follow_redirects=False)
    page = browser.post(f"/careers/{job['id']}/apply", data={"name": "Ann"})
    assert page.status_code == 422
    limit, remaining, _reset = quota(page)
    assert (limit, remaining) == (app.state.settings.public_apply_per_minute, limit - 1)
    token = csrf_from(browser.get("/admin/login").text)
    login = browser.post(
        "/admin/login",
        data={"email": "nobody@example.com", "password": "wrong one", "csrf_token": token},
    )
    assert login.status_code == 401
    limit, remaining, _reset = quota(login)
    assert remaining == limit - 1


def test_routes_without_a_limit_send_noquota(anon: TestClient) -> None:
    assert "RateLimit-Limit" not in anon.get("/careers").headers
