"""The portal and careers page without a browser: security, forms and queries."""

import re
import time
from pathlib import Path

import pytest
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import event

from hiring.app import create_app
from hiring.config import Settings
from hiring.web.routes import router as portal_router
from hiring.web.security import (
    COOKIE_NAME,
    InsecureSecret,
    SessionCodec,
    new_session,
    resolve_secret,
)
from tests.conftest import Persona
from tests.factories import make_candidate, make_job
from tests.web.conftest import PASSWORD, Portal, csrf_from, sign_in


def _browser(app: FastAPI, base_url: str = "http://testserver") -> TestClient:
    return TestClient(app, base_url=base_url, follow_redirects=False)


def _login_token(client: TestClient) -> str:
    return csrf_from(client.get("/admin/login").text)


@pytest.mark.parametrize("path", ["/admin/login", "/careers", "/admin/nowhere"])
def test_html_pages_send_security_headers(app: FastAPI, path: str) -> None:
    response = _browser(app).get(path)
    csp = response.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"


def test_signed_in_pages_send_security_headers(portal_admin: Portal) -> None:
    response = portal_admin.get("/admin")
    assert response.status_code == 200
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"


def test_cors_stays_closed(anon: TestClient) -> None:
    response = anon.options(
        "/api/jobs",
        headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in response.headers


def test_session_cookie_is_httponly_lax_and_expires(
    app: FastAPI, personas: dict[str, Persona]
) -> None:
    client = _browser(app)
    response = client.post(
        "/admin/login",
        data={
            "email": personas["admin"].email,
            "password": PASSWORD,
            "csrf_token": _login_token(client),
        },
    )
    assert response.status_code == 303
    cookie = response.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE_NAME}=")
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie
    assert "Max-Age=43200" in cookie
    assert "Secure" not in cookie


def test_session_cookie_is_secure_over_https(app: FastAPI, personas: dict[str, Persona]) -> None:
    client = _browser(app, "https://testserver")
    response = client.post(
        "/admin/login",
        data={
            "email": personas["admin"].email,
            "password": PASSWORD,
            "csrf_token": _login_token(client),
        },
    )
    assert response.status_code == 303
    assert "Secure" in response.headers["set-cookie"]


def test_expired_session_is_signed_out(
    app: FastAPI, personas: dict[str, Persona], monkeypatch: pytest.MonkeyPatch
) -> None:
    codec: SessionCodec = app.state.portal_sessions
    real = time.time
    monkeypatch.setattr(time, "time", lambda: real() - codec.max_age - 60)
    stale = codec.serializer.dumps({"csrf": "x", "uid": personas["admin"].user_id})
    monkeypatch.setattr(time, "time", real)
    client = _browser(app)
    client.cookies.set(COOKIE_NAME, stale)
    response = client.get("/admin")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/admin/login")


def test_tampered_session_is_signed_out(app: FastAPI, personas: dict[str, Persona]) -> None:
    client = _browser(app)
    forged = SessionCodec("another-secret-of-sufficient-length!!", 3600).serializer.dumps(
        {"csrf": "x", "uid": personas["admin"].user_id}
    )
    client.cookies.set(COOKIE_NAME, forged)
    assert client.get("/admin").status_code == 303


def test_wrong_password_shows_the_form_again(app: FastAPI, personas: dict[str, Persona]) -> None:
    client = _browser(app)
    response = client.post(
        "/admin/login",
        data={
            "email": personas["admin"].email,
            "password": "wrong password",
            "csrf_token": _login_token(client),
        },
    )
    assert response.status_code == 401
    assert "Wrong email or password." in response.text
    assert personas["admin"].email in response.text


def test_login_without_csrf_is_refused(app: FastAPI, personas: dict[str, Persona]) -> None:
    client = _browser(app)
    client.get("/admin/login")
    response = client.post(
        "/admin/login", data={"email": personas["admin"].email, "password": PASSWORD}
    )
    assert response.status_code == 403
    assert client.get("/admin").status_code == 303


def test_twenty_bad_logins_then_429(app: FastAPI, personas: dict[str, Persona]) -> None:
    client = _browser(app)
    email = personas["recruiter"].email
    for _ in range(20):
        token = _login_token(client)
        bad = client.post(
            "/admin/login", data={"email": email, "password": "nope nope", "csrf_token": token}
        )
        assert bad.status_code == 401
    token = _login_token(client)
    response = client.post(
        "/admin/login", data={"email": email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 0
    assert client.get("/admin").status_code == 303


def test_anonymous_pages_redirect_to_login(app: FastAPI) -> None:
    client = _browser(app)
    response = client.get("/admin/candidates?stage=offer")
    assert response.status_code == 303
    assert response.headers["location"] == "/admin/login?next=%2Fadmin%2Fcandidates%3Fstage%3Doffer"
    assert client.post("/admin/jobs", data={"title": "x"}).status_code == 303


def test_login_never_redirects_elsewhere(app: FastAPI, personas: dict[str, Persona]) -> None:
    client = _browser(app)
    response = client.post(
        "/admin/login",
        data={
            "email": personas["admin"].email,
            "password": PASSWORD,
            "csrf_token": _login_token(client),
            "next": "https://evil.example/admin",
        },
    )
    assert response.headers["location"] == "/admin"


@pytest.mark.parametrize("token", [None, "", "not-the-token"])
def test_post_without_the_csrf_token_is_refused(
    portal_admin: Portal, admin: TestClient, token: str | None
) -> None:
    data = {"title": "Forged job"} | ({"csrf_token": token} if token is not None else {})
    response = portal_admin.client.post("/admin/jobs", data=data)
    assert response.status_code == 403
    assert admin.get("/api/jobs").json()["total"] == 0


def test_csrf_header_works_for_scripts(portal_admin: Portal, admin: TestClient) -> None:
    job = make_job(admin)
    make_candidate(admin, job_id=job["id"])
    assignment_id = re.search(
        r'data-assignment="([^"]+)"', portal_admin.get(f"/admin/jobs/{job['id']}").text
    )
    assert assignment_id
    path = f"/admin/jobs/{job['id']}/assignments/{assignment_id.group(1)}/stage"
    headers = {"Accept": "application/json"}
    refused = portal_admin.client.post(path, data={"stage": "offer"}, headers=headers)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "forbidden"
    moved = portal_admin.client.post(
        path, data={"stage": "offer"}, headers=headers | {"X-CSRF-Token": portal_admin.csrf}
    )
    assert moved.json()["data"]["stage"] == "offer"
    assert admin.get(f"/api/jobs/{job['id']}").json()["data"]["candidates"][0]["stage"] == "offer"


def test_logout_needs_csrf_and_ends_the_session(portal_admin: Portal) -> None:
    assert portal_admin.client.post("/admin/logout").status_code == 403
    response = portal_admin.post("/admin/logout")
    assert response.status_code == 303
    assert portal_admin.get("/admin").status_code == 303


def _posts(router: APIRouter, base: str = "") -> list[str]:
    """Every POST path of a router, through the routers it includes."""
    found = []
    for route in router.routes:
        included = getattr(route, "original_router", None)
        if isinstance(included, APIRouter):
            found += _posts(included, base + router.prefix)
        elif isinstance(route, APIRoute) and "POST" in route.methods:
            found.append(base + route.path)
    return found


def _portal_posts() -> list[str]:
    paths = [p.replace("{kind}", "jobs") for p in _posts(portal_router)]
    return [re.sub(r"\{[^}]+\}", "xyz_unknown", p) for p in paths]


# Signing in and out, and one's own account: open to every role.
OWN_ACCOUNT_POSTS = {
    "/admin/login",
    "/admin/logout",
    "/admin/set-password/xyz_unknown",
    "/admin/account/password",
    "/admin/account/tokens/xyz_unknown/revoke",
}


def test_viewer_is_refused_on_every_portal_write(portal_viewer: Portal) -> None:
    writes = [p for p in _portal_posts() if p not in OWN_ACCOUNT_POSTS]
    assert len(writes) >= 9
    for path in writes:
        response = portal_viewer.post(path, {"title": "x", "body": "x", "stage": "offer"})
        assert response.status_code == 403, (path, response.text[:300])
        assert "Not allowed" in response.text


def test_viewer_is_refused_the_forms(portal_viewer: Portal) -> None:
    for path in ("/admin/jobs/new", "/admin/candidates/new"):
        assert portal_viewer.get(path).status_code == 403


def test_viewer_sees_no_write_controls(portal_viewer: Portal, admin: TestClient) -> None:
    job = make_job(admin)
    candidate = make_candidate(admin, job_id=job["id"])
    for path in (f"/admin/jobs/{job['id']}", f"/admin/candidates/{candidate['id']}"):
        html = portal_viewer.get(path).text
        assert html.count('method="post"') == 1  # signing out
        assert "draggable" not in html


def test_job_form_shows_errors_next_to_fields_and_keeps_input(portal_admin: Portal) -> None:
    response = portal_admin.post(
        "/admin/jobs", {"title": "  ", "description": "Keep me", "job_type": "forever"}
    )
    assert response.status_code == 422
    assert 'id="title-error">Required<' in response.text
    assert 'id="job_type-error"' in response.text
    assert "Keep me" in response.text


def test_job_create_and_edit(portal_recruiter: Portal, admin: TestClient) -> None:
    created = portal_recruiter.post(
        "/admin/jobs", {"title": "Data Engineer", "product": "labs", "job_type": "full_time"}
    )
    assert created.status_code == 303
    job_id = created.headers["location"].rsplit("/", 1)[1]
    edited = portal_recruiter.post(
        f"/admin/jobs/{job_id}",
        {
            "title": "Senior Data Engineer",
            "product": "labs",
            "location": "Berlin",
            "job_type": "full_time",
            "status": "on_hold",
        },
    )
    assert edited.status_code == 303
    job = admin.get(f"/api/jobs/{job_id}").json()["data"]
    assert (job["title"], job["status"], job["location"]) == (
        "Senior Data Engineer",
        "on_hold",
        "Berlin",
    )


def test_candidate_profile_edit_keeps_input_on_error(
    portal_admin: Portal, admin: TestClient
) -> None:
    candidate = make_candidate(admin)
    path = f"/admin/candidates/{candidate['id']}"
    bad = portal_admin.post(path, {"name": "Jo Ann", "email": "not-an-email", "skills": "Go, SQL"})
    assert bad.status_code == 422
    assert 'id="email-error"' in bad.text
    assert 'value="not-an-email"' in bad.text
    good = portal_admin.post(
        path, {"name": "Jo Ann", "email": "jo@example.com", "skills": "Go, SQL, go", "tags": "vip"}
    )
    assert good.status_code == 303
    data = admin.get(f"/api/candidates/{candidate['id']}").json()["data"]
    assert (data["name"], data["skills"], data["tags"]) == ("Jo Ann", ["Go", "SQL"], ["vip"])


def test_candidate_rating_archive_and_add_to_job(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    candidate = make_candidate(admin)
    job = make_job(admin)
    base = f"/admin/candidates/{candidate['id']}"
    assert portal_recruiter.post(f"{base}/rating", {"rating": "4"}).status_code == 303
    assert portal_recruiter.post(f"{base}/archive", {"archived": "1"}).status_code == 303
    added = portal_recruiter.post(f"{base}/assignments", {"job_id": job["id"], "stage": "offer"})
    assert added.status_code == 303
    data = admin.get(f"/api/candidates/{candidate['id']}").json()["data"]
    assert data["rating"] == 4
    assert data["archived_at"] is not None
    assert (data["job_id"], data["stage"]) == (job["id"], "offer")
    assert portal_recruiter.post(f"{base}/archive", {"archived": "0"}).status_code == 303
    assert admin.get(f"/api/candidates/{candidate['id']}").json()["data"]["archived_at"] is None


def test_new_candidate_form(portal_admin: Portal, admin: TestClient) -> None:
    job = make_job(admin, product="labs")
    response = portal_admin.post(
        "/admin/candidates",
        {
            "name": "Rita Ray",
            "email": "rita@example.com",
            "job_id": job["id"],
            "stage": "screening",
            "source": "referral",
            "tags": "priority",
        },
    )
    assert response.status_code == 303
    rows = admin.get("/api/candidates?search=rita").json()["data"]
    assert [(r["name"], r["stage"], r["product"], r["tags"]) for r in rows] == [
        ("Rita Ray", "screening", "labs", ["priority"])
    ]
    missing = portal_admin.post("/admin/candidates", {"email": "x@example.com"})
    assert missing.status_code == 422
    assert 'id="name-error"' in missing.text


def test_notes_on_a_job(portal_recruiter: Portal, admin: TestClient) -> None:
    job = make_job(admin)
    base = f"/admin/jobs/{job['id']}/notes"
    assert portal_recruiter.post(base, {"body": "Budget approved"}).status_code == 303
    note = admin.get(f"/api/jobs/{job['id']}/notes").json()["data"][0]
    assert (
        portal_recruiter.post(f"{base}/{note['id']}", {"body": "Budget doubled"}).status_code == 303
    )
    assert admin.get(f"/api/jobs/{job['id']}/notes").json()["data"][0]["body"] == "Budget doubled"
    assert portal_recruiter.post(f"{base}/{note['id']}/delete").status_code == 303
    assert admin.get(f"/api/jobs/{job['id']}/notes").json()["total"] == 0


def test_candidates_page_uses_a_constant_number_of_queries(
    app: FastAPI, portal_admin: Portal, admin: TestClient
) -> None:
    statements: list[str] = []

    def count(*args: object) -> None:
        statements.append(str(args[2]))

    def queries_for_page() -> int:
        statements.clear()
        event.listen(app.state.engine, "before_cursor_execute", count)
        try:
            assert portal_admin.get("/admin/candidates").status_code == 200
        finally:
            event.remove(app.state.engine, "before_cursor_execute", count)
        return len(statements)

    job = make_job(admin)
    for _ in range(3):
        make_candidate(admin, job_id=job["id"])
    few = queries_for_page()
    for _ in range(20):
        make_candidate(admin, job_id=make_job(admin)["id"])
    assert queries_for_page() == few


def test_careers_job_page_shows_only_public_fields(anon: TestClient, admin: TestClient) -> None:
    job = make_job(
        admin, title="Designer", team="Secret Team", salary_range="99k-120k", description="Hi"
    )
    html = anon.get(f"/careers/{job['id']}").text
    assert "Designer" in html
    assert "99k" not in html
    assert "Secret Team" not in html
    assert '"@type": "JobPosting"' in html


def test_careers_filters(anon: TestClient, admin: TestClient) -> None:
    make_job(
        admin,
        title="Berlin Role",
        location="Berlin",
        job_type="full_time",
        public_department="Labs",
    )
    make_job(admin, title="Remote Role", location="Remote", job_type="full_time")
    make_job(admin, title="Other Lab", location="Berlin", job_type="full_time")
    html = anon.get("/careers?location=berlin&job_type=full_time&department=labs").text
    assert "Berlin Role" in html
    assert "Remote Role" not in html
    assert "Other Lab" not in html
    assert "Remote Role" in anon.get("/careers?search=remote").text


def test_json_ld_cannot_close_its_script_tag(anon: TestClient, admin: TestClient) -> None:
    job = make_job(admin, title="</script><script>alert(1)</script>")
    html = anon.get(f"/careers/{job['id']}").text
    assert "<script>alert(1)" not in html


def test_generated_secret_is_kept_next_to_the_database(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'app.db'}", secret_key="")
    first = resolve_secret(settings)
    assert len(first) >= 32
    assert (tmp_path / "secret_key").read_text().strip() == first
    assert resolve_secret(settings) == first


@pytest.mark.parametrize("secret", ["changeme", "short-secret"])
def test_placeholder_secret_is_refused_outside_the_embedded_default(secret: str) -> None:
    settings = Settings(database_url="postgresql+psycopg://db/hiring", secret_key=secret)
    with pytest.raises(InsecureSecret):
        create_app(settings)


def test_sessions_survive_a_new_codec_with_the_same_secret(
    app: FastAPI, personas: dict[str, Persona]
) -> None:
    client = sign_in(app, personas["viewer"].email)
    codec: SessionCodec = app.state.portal_sessions
    value = codec.serializer.dumps({"csrf": new_session().csrf, "uid": personas["viewer"].user_id})
    restarted = SessionCodec(codec.serializer.secret_keys[-1].decode(), codec.max_age)
    assert restarted.serializer.loads(value)["uid"] == personas["viewer"].user_id
    assert client.get("/admin").status_code == 200


def test_only_failed_logins_count_toward_the_limit(
    app: FastAPI, personas: dict[str, Persona]
) -> None:
    for _ in range(22):
        sign_in(app, personas["viewer"].email)


def test_dashboard_figures(portal_viewer: Portal, admin: TestClient) -> None:
    open_job = make_job(admin, title="Open Role")
    make_job(admin, title="Closed Role", status="closed")
    make_candidate(admin, job_id=open_job["id"], stage="interview")
    make_candidate(admin, job_id=open_job["id"])
    html = portal_viewer.get("/admin").text
    assert re.search(r'stat-value">1<.*Open jobs', html, re.S)
    assert re.search(r'stat-value">2<.*New candidates this week', html, re.S)
    assert re.search(r"stage-interview\">Interview</span>.*?stage-count\">1<", html, re.S)
    assert html.count('<g class="bar">') == 12
    assert "Week of" in html
    open_jobs = html[html.index('id="open-title"') : html.index('id="recent-title"')]
    assert "Open Role" in open_jobs
    assert "Closed Role" not in open_jobs


def test_live_search_returns_only_the_results(portal_viewer: Portal, admin: TestClient) -> None:
    make_candidate(admin, name="Ada Lovelace")
    make_candidate(admin, name="Grace Hopper")
    response = portal_viewer.get("/admin/candidates?search=ada", headers={"X-Partial": "results"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Ada Lovelace" in response.text
    assert "Grace Hopper" not in response.text
    assert "data-total>1<" in response.text


def test_unknown_records_are_404_pages(portal_viewer: Portal) -> None:
    for path in ("/admin/jobs/job_nope", "/admin/candidates/cand_nope"):
        response = portal_viewer.get(path)
        assert response.status_code == 404
        assert "<h1>Not found</h1>" in response.text


def test_unstorable_text_gets_an_html_page_not_json(
    portal_admin: Portal, admin: TestClient
) -> None:
    candidate = make_candidate(admin, name="Nora Null")
    response = portal_admin.post(f"/admin/candidates/{candidate['id']}/notes", {"body": "a\x00b"})
    assert response.status_code in (303, 422)
    if response.status_code == 422:
        assert "<h1>" in response.text
