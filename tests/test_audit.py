"""The audit log: each wired action leaves one entry (who, what, from where, never a candidate's
personal data); admins read it, filtered and paged; nobody changes it."""

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from hiring.audit import service as audit
from hiring.cli import app as cli
from hiring.db import unit_of_work
from tests.conftest import PASSWORD, FreshApp, Persona
from tests.factories import make_candidate
from tests.web.conftest import Portal, csrf_from, sign_in

# TestClient's connection address.
CLIENT = "testclient"


def _entries(admin: TestClient, **params: object) -> list[dict[str, Any]]:
    response = admin.get("/api/audit-log", params=params)  # type: ignore[arg-type]
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == len(body["data"])
    return body["data"]


def _one(admin: TestClient, **params: object) -> dict[str, Any]:
    found = _entries(admin, **params)
    assert len(found) == 1, found
    return found[0]


def _try_sign_in(app: FastAPI, email: str, password: str, **headers: str) -> int:
    client = TestClient(app, follow_redirects=False)
    form = client.get("/admin/login")
    response = client.post(
        "/admin/login",
        data={"email": email, "password": password, "csrf_token": csrf_from(form.text)},
        headers=headers,
    )
    return response.status_code


def test_a_sign_in_is_recorded_with_the_user_and_address(
    app: FastAPI, admin: TestClient, personas: dict[str, Persona]
) -> None:
    recruiter = personas["recruiter"]
    sign_in(app, recruiter.email)
    entry = _one(admin, action="auth.sign_in")
    assert entry["actor_id"] == recruiter.user_id
    assert entry["actor_label"] == recruiter.email
    assert (entry["target_type"], entry["target_id"]) == ("user", recruiter.user_id)
    assert entry["ip"] == CLIENT
    assert _entries(admin, action="auth.sign_in_failed") == []


def test_a_failed_sign_in_is_recorded_though_the_request_fails(
    app: FastAPI, admin: TestClient, personas: dict[str, Persona]
) -> None:
    viewer = personas["viewer"]
    assert _try_sign_in(app, viewer.email, "wrong password") == 401
    entry = _one(admin, action="auth.sign_in_failed")
    assert entry["actor_id"] is None
    assert entry["actor_label"] == viewer.email
    assert entry["target_id"] == viewer.user_id
    assert entry["details"] == {"reason": "refused"}
    assert entry["ip"] == CLIENT
    assert _entries(admin, action="auth.sign_in") == []


def test_a_login_that_is_no_users_is_not_kept(app: FastAPI, admin: TestClient) -> None:
    assert _try_sign_in(app, "somebody.else@example.org", "guess") == 401
    entry = _one(admin, action="auth.sign_in_failed")
    assert entry["actor_label"] is None and entry["target_id"] is None
    assert entry["details"] == {"reason": "unknown_login"}
    assert "somebody.else" not in json.dumps(entry)


def test_the_address_is_the_forwarded_one_only_from_a_trusted_proxy(
    fresh_app: Callable[..., FreshApp],
) -> None:
    behind = fresh_app(trusted_proxies=CLIENT)
    email = behind.personas["admin"].email
    assert _try_sign_in(behind.app, email, PASSWORD, **{"X-Forwarded-For": "203.0.113.9"}) == 303
    assert _one(behind.client("admin"), action="auth.sign_in")["ip"] == "203.0.113.9"
    direct = fresh_app()
    email = direct.personas["admin"].email
    assert _try_sign_in(direct.app, email, PASSWORD, **{"X-Forwarded-For": "203.0.113.9"}) == 303
    assert _one(direct.client("admin"), action="auth.sign_in")["ip"] == CLIENT


def test_users_and_tokens_made_through_the_api_are_recorded(
    admin: TestClient, personas: dict[str, Persona]
) -> None:
    made = admin.post(
        "/api/users", json={"email": "new.user@example.com", "password": PASSWORD, "role": "viewer"}
    ).json()["data"]
    entry = _one(admin, action="user.created", target_id=made["id"])
    assert entry["actor_id"] == personas["admin"].user_id
    assert entry["actor_label"] == personas["admin"].email
    assert entry["details"] == {"role": "viewer"}
    token = admin.post(f"/api/users/{made['id']}/tokens", json={"name": "ci"}).json()["data"]
    entry = _one(admin, action="token.created", target_id=token["id"])
    assert entry["actor_id"] == personas["admin"].user_id
    assert entry["target_type"] == "token"
    assert entry["details"] == {"user_id": made["id"]}
    assert token["token"] not in json.dumps(entry)


def test_cli_users_and_tokens_are_recorded(
    admin: TestClient, database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HIRING_DATABASE_URL", database_url)
    runner = CliRunner()
    args = ["users", "create", "ops@example.com", "--password", PASSWORD, "--role", "recruiter"]
    assert runner.invoke(cli, args).exit_code == 0
    issued = runner.invoke(cli, ["tokens", "create", "ops@example.com"])
    assert issued.exit_code == 0, issued.output
    assert runner.invoke(cli, ["tokens", "revoke", "--email", "ops@example.com"]).exit_code == 0
    user = _one(admin, action="user.created", actor="cli")
    created = _one(admin, action="token.created", actor="cli")
    revoked = _one(admin, action="token.revoked", actor="cli")
    assert user["actor_id"] is None and user["actor_label"] == "cli"
    assert created["target_id"] == revoked["target_id"]
    assert created["details"] == revoked["details"] == {"user_id": user["target_id"]}


def test_an_export_is_recorded_with_counts_never_people(
    admin: TestClient, recruiter: TestClient, personas: dict[str, Persona]
) -> None:
    make_candidate(recruiter, name="Secret Person", email="secret.person@example.com", tags=["x"])
    make_candidate(recruiter, name="Other Person", tags=["x"])
    exported = recruiter.get(
        "/api/candidates/export", params={"tags": "x", "search": "Secret Person"}
    )
    assert exported.status_code == 200
    entry = _one(admin, action="candidate.exported")
    assert entry["actor_id"] == personas["recruiter"].user_id
    assert entry["details"] == {"count": 1, "count_exact": True, "filters": ["search", "tags"]}
    text = json.dumps(entry)
    assert "Secret" not in text and "secret.person" not in text


def test_a_segment_export_is_recorded_with_the_segment(
    admin: TestClient, viewer: TestClient, recruiter: TestClient
) -> None:
    make_candidate(recruiter, name="Seg Member", skills=["Rust"])
    segment = recruiter.post(
        "/api/candidate-segments", json={"name": "Rustaceans", "filters": {"skills": ["rust"]}}
    ).json()["data"]
    assert viewer.get(f"/api/candidate-segments/{segment['id']}/export.csv").status_code == 200
    entry = _one(admin, action="candidate.exported")
    assert (entry["target_type"], entry["target_id"]) == ("segment", segment["id"])
    assert entry["details"]["count"] == 1
    assert "Seg Member" not in json.dumps(entry)


def _add(app: FastAPI, action: str, at: datetime, **fields: Any) -> str:
    with unit_of_work(app.state.sessions) as session:
        entry = audit.record(session, action, actor=None, **fields)
        entry.at = at
        return entry.id


def test_filters_and_pages_newest_first(app: FastAPI, admin: TestClient) -> None:
    start = datetime(2026, 3, 1, 12, tzinfo=UTC)
    ids = [
        _add(app, "retention.run", start + timedelta(days=i), label="cli", target_id=f"t{i % 2}")
        for i in range(5)
    ]
    paula = _add(app, "import.run", start + timedelta(days=10), label="paula@example.com")
    newest_first = list(reversed(ids))
    assert [e["id"] for e in _entries(admin, action="retention.run")] == newest_first
    assert [e["id"] for e in _entries(admin, actor="PAULA@example.com")] == [paula]
    assert {e["action"] for e in _entries(admin, actor="cli")} == {"retention.run"}
    assert [e["id"] for e in _entries(admin, target_id="t1")] == [ids[3], ids[1]]
    window = _entries(admin, action="retention.run", date_from="2026-03-02", date_to="2026-03-03")
    assert [e["id"] for e in window] == [ids[2], ids[1]]
    page = admin.get(
        "/api/audit-log", params={"action": "retention.run", "limit": 2, "offset": 2}
    ).json()
    assert page["total"] == 5
    assert [e["id"] for e in page["data"]] == newest_first[2:4]
    refused = admin.get("/api/audit-log", params={"date_from": "yesterday"})
    assert refused.status_code == 422
    assert refused.json()["ok"] is False


def test_only_admins_read_it_and_nobody_changes_it(
    admin: TestClient, recruiter: TestClient, viewer: TestClient, anon: TestClient
) -> None:
    assert recruiter.get("/api/audit-log").status_code == 403
    assert viewer.get("/api/audit-log").status_code == 403
    assert anon.get("/api/audit-log").status_code == 401
    for method in ("PATCH", "DELETE", "PUT", "POST"):
        response = admin.request(method, "/api/audit-log", json={})
        assert response.status_code == 405, method
        assert response.json()["ok"] is False


def test_the_portal_page_is_for_admins(
    app: FastAPI, personas: dict[str, Persona], recruiter: TestClient
) -> None:
    make_candidate(recruiter, name="Exported Person", email="exported.person@example.com")
    assert recruiter.get("/api/candidates/export").status_code == 200
    portal = Portal(sign_in(app, personas["admin"].email))
    page = portal.get("/admin/audit-log")
    assert page.status_code == 200
    assert 'href="/admin/audit-log"' in page.text
    assert 'data-action="candidate.exported"' in page.text
    assert 'data-action="auth.sign_in"' in page.text
    assert "Exported Person" not in page.text and "exported.person" not in page.text
    filtered = portal.get("/admin/audit-log", params={"action": "auth.sign_in"})
    assert 'data-action="candidate.exported"' not in filtered.text
    assert 'data-action="auth.sign_in"' in filtered.text
    kept = portal.get("/admin/audit-log", params={"action": "auth.sign_in", "date_from": "soon"})
    assert "data-filter-errors" in kept.text
    assert 'data-action="auth.sign_in"' in kept.text
    other = Portal(sign_in(app, personas["recruiter"].email))
    assert 'href="/admin/audit-log"' not in other.get("/admin").text
    assert other.get("/admin/audit-log").status_code == 403
