"""Authentication and authorization: tokens, roles, and a walk over every route."""

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hiring.auth import service as auth
from hiring.auth.models import ApiToken
from hiring.db import unit_of_work
from tests.conftest import Persona

WRITE_METHODS = {"post", "put", "patch", "delete"}
# Writes to one's own account, open to every role (a viewer changes their own password).
SELF_SERVICE = {("post", "/api/me/password"), ("delete", "/api/me/tokens/xyz_unknown")}


def _routes(app: FastAPI) -> list[tuple[str, str, bool]]:
    """(method, path with placeholder ids, secured) for every operation in the OpenAPI schema."""
    schema = app.openapi()
    found = []
    for path, operations in schema["paths"].items():
        concrete = re.sub(r"\{[^}]+\}", "xyz_unknown", path)
        for method, operation in operations.items():
            found.append((method, concrete, bool(operation.get("security"))))
    return found


def test_every_route_is_listed_with_or_without_auth(app: FastAPI) -> None:
    routes = _routes(app)
    public = {path for _m, path, secured in routes if not secured}
    assert public <= {
        "/healthz",
        "/api/jobs/public",
        "/api/jobs/public/xyz_unknown",
        "/api/jobs/public/xyz_unknown/apply",
    }, public


def test_every_secured_route_refuses_anonymous_callers(app: FastAPI, anon: TestClient) -> None:
    for method, path, secured in _routes(app):
        if secured:
            response = anon.request(method, path)
            assert response.status_code == 401, (method, path, response.text)
            assert response.json()["error"]["code"] == "unauthorized"


def test_every_write_route_refuses_viewers(app: FastAPI, viewer: TestClient) -> None:
    for method, path, secured in _routes(app):
        if secured and method in WRITE_METHODS and (method, path) not in SELF_SERVICE:
            response = viewer.request(method, path)
            assert response.status_code == 403, (method, path, response.text)
            assert response.json()["error"]["code"] == "forbidden"


def test_viewers_may_change_their_own_account(viewer: TestClient) -> None:
    for method, path in SELF_SERVICE:
        response = viewer.request(method, path)
        assert response.status_code in (404, 422), (method, path, response.text)


@pytest.mark.parametrize(
    "header",
    [
        "",
        "Bearer",
        "Bearer ",
        "Bearer hir_not-a-real-token",
        "Bearer not-even-our-format",
        "Basic dXNlcjpwYXNz",
        "Bearer " + "x" * 5000,
    ],
)
def test_bad_tokens_are_401(anon: TestClient, header: str) -> None:
    response = anon.get("/api/jobs", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthorized"


def test_revoked_token_is_401(app: FastAPI, anon: TestClient, personas: dict[str, Persona]) -> None:
    with unit_of_work(app.state.sessions) as session:
        user = auth.get_user_by_email(session, personas["recruiter"].email)
        assert user
        _token, plaintext = auth.create_token(session, user, "short-lived")
    headers = {"Authorization": f"Bearer {plaintext}"}
    assert anon.get("/api/jobs", headers=headers).status_code == 200
    with unit_of_work(app.state.sessions) as session:
        assert len(auth.revoke_tokens(session, token_prefix=plaintext[:12])) == 1
    assert anon.get("/api/jobs", headers=headers).status_code == 401


def test_tokens_are_stored_only_as_hashes(app: FastAPI, personas: dict[str, Persona]) -> None:
    with unit_of_work(app.state.sessions) as session:
        stored = [t.token_hash for t in session.query(ApiToken).all()]
    plaintext = personas["admin"].token
    assert plaintext not in stored
    assert all(len(h) == 64 and not h.startswith("hir_") for h in stored)


def test_me_answers_with_the_token_owner(recruiter: TestClient) -> None:
    data = recruiter.get("/api/me").json()["data"]
    assert data["email"] == "recruiter@example.com"
    assert data["role"] == "recruiter"
    assert "password_hash" not in data


def test_only_admins_manage_users(admin: TestClient, recruiter: TestClient) -> None:
    body = {"email": "new.person@example.com", "password": "long enough pw", "role": "viewer"}
    assert recruiter.post("/api/users", json=body).status_code == 403
    assert recruiter.get("/api/users").status_code == 403
    created = admin.post("/api/users", json=body)
    assert created.status_code == 201
    assert created.json()["data"]["role"] == "viewer"
    assert admin.post("/api/users", json=body).status_code == 409


def test_admin_issues_a_token_that_works_once_shown(admin: TestClient, anon: TestClient) -> None:
    user = admin.post(
        "/api/users", json={"email": "api@example.com", "password": "long enough pw"}
    ).json()["data"]
    issued = admin.post(f"/api/users/{user['id']}/tokens", json={"name": "ci"})
    assert issued.status_code == 201
    token = issued.json()["data"]["token"]
    me = anon.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert me.json()["data"]["email"] == "api@example.com"
    assert admin.post("/api/users/user_missing/tokens", json={}).status_code == 404


def test_user_create_validates_fields(admin: TestClient) -> None:
    response = admin.post(
        "/api/users", json={"email": "not-an-email", "password": "short", "role": "boss", "x": 1}
    )
    assert response.status_code == 422
    fields = {d["field"] for d in response.json()["error"]["details"]}
    assert fields == {"email", "password", "role", "x"}


def test_viewer_can_read(viewer: TestClient) -> None:
    assert viewer.get("/api/jobs").status_code == 200
    assert viewer.get("/api/candidates").status_code == 200
