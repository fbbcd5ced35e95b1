"""Managing the team through the API: adding members with a set-password link, roles,
deactivation (access ends at once), reactivation, the last admin, and who may do what."""

from fastapi import FastAPI
from fastapi.testclient import TestClient

from hiring.audit.models import AuditEntry
from hiring.db import unit_of_work
from tests.conftest import Persona
from tests.web.conftest import sign_in


def _add(admin: TestClient, email: str, role: str = "recruiter", **extra: str) -> dict:
    response = admin.post("/api/users", json={"email": email, "role": role} | extra)
    assert response.status_code == 201, response.text
    return response.json()["data"]


def _actions(app: FastAPI, target_id: str) -> list[str]:
    with unit_of_work(app.state.sessions, write=False) as session:
        entries = session.query(AuditEntry).filter(AuditEntry.target_id == target_id)
        return sorted(e.action for e in entries)


def test_adding_a_member_without_password_answers_a_one_time_link(admin: TestClient) -> None:
    data = _add(admin, "new.hire@example.com")
    link = data["set_password_link"]
    assert link["url"].startswith("/admin/set-password/hpl_")
    assert link["expires_at"] > data["created_at"]
    listed = admin.get("/api/users").json()["data"]
    assert {"new.hire@example.com", "admin@example.com"} <= {u["email"] for u in listed}
    assert "set_password_link" not in admin.get(f"/api/users/{data['id']}").json()["data"]


def test_a_member_added_with_a_password_gets_no_link(admin: TestClient) -> None:
    data = _add(admin, "with.password@example.com", password="long enough pw")
    assert data["set_password_link"] is None


def test_links_are_absolute_with_a_public_url(fresh_app) -> None:  # type: ignore[no-untyped-def]
    built = fresh_app(public_url="https://jobs.example.com")
    data = _add(built.client("admin"), "abs@example.com")
    assert data["set_password_link"]["url"].startswith(
        "https://jobs.example.com/admin/set-password/hpl_"
    )


def test_recruiters_and_viewers_cannot_manage_the_team(
    admin: TestClient, recruiter: TestClient, viewer: TestClient
) -> None:
    target = _add(admin, "someone@example.com")["id"]
    for client in (recruiter, viewer):
        assert client.get("/api/users").status_code == 403
        assert client.get(f"/api/users/{target}").status_code == 403
        assert client.post("/api/users", json={"email": "x@example.com"}).status_code == 403
        assert client.patch(f"/api/users/{target}", json={"role": "admin"}).status_code == 403
        assert client.post(f"/api/users/{target}/deactivate").status_code == 403
        assert client.post(f"/api/users/{target}/reactivate").status_code == 403
        assert client.post(f"/api/users/{target}/password-link").status_code == 403


def test_changing_a_role_takes_effect_and_is_audited(
    app: FastAPI, admin: TestClient, anon: TestClient
) -> None:
    user = _add(admin, "promoted@example.com", role="viewer")
    token = admin.post(f"/api/users/{user['id']}/tokens", json={}).json()["data"]["token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert anon.post("/api/jobs", json={"title": "x"}, headers=headers).status_code == 403
    changed = admin.patch(f"/api/users/{user['id']}", json={"role": "recruiter"})
    assert changed.json()["data"]["role"] == "recruiter"
    assert anon.post("/api/jobs", json={"title": "Engineer"}, headers=headers).status_code == 201
    assert "user.role_changed" in _actions(app, user["id"])
    bad = admin.patch(f"/api/users/{user['id']}", json={"role": "boss"})
    assert bad.status_code == 422
    assert admin.patch("/api/users/user_missing", json={"role": "viewer"}).status_code == 404


def test_deactivation_ends_tokens_and_portal_sessions_at_once(
    app: FastAPI, admin: TestClient, anon: TestClient
) -> None:
    user = _add(admin, "leaver@example.com", password="leaver password")
    token = admin.post(f"/api/users/{user['id']}/tokens", json={}).json()["data"]["token"]
    headers = {"Authorization": f"Bearer {token}"}
    browser = sign_in(app, "leaver@example.com", "leaver password")
    assert browser.get("/admin").status_code == 200
    assert anon.get("/api/me", headers=headers).status_code == 200

    done = admin.post(f"/api/users/{user['id']}/deactivate")
    assert done.status_code == 200
    assert done.json()["data"]["is_active"] is False

    assert anon.get("/api/me", headers=headers).status_code == 401
    page = browser.get("/admin")
    assert page.status_code == 303
    assert page.headers["location"].startswith("/admin/login")
    assert browser.get("/admin", headers={"accept": "application/json"}).status_code == 401
    assert "user.deactivated" in _actions(app, user["id"])


def test_reactivation_restores_the_password_but_not_the_old_tokens(
    app: FastAPI, admin: TestClient, anon: TestClient
) -> None:
    user = _add(admin, "returner@example.com", password="returner password")
    token = admin.post(f"/api/users/{user['id']}/tokens", json={}).json()["data"]["token"]
    admin.post(f"/api/users/{user['id']}/deactivate")
    back = admin.post(f"/api/users/{user['id']}/reactivate")
    assert back.json()["data"]["is_active"] is True
    browser = sign_in(app, "returner@example.com", "returner password")
    assert browser.get("/admin").status_code == 200
    me = anon.get("/api/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 401
    assert "user.reactivated" in _actions(app, user["id"])


def test_a_deactivated_writer_keeps_their_name_on_notes(admin: TestClient) -> None:
    user = _add(admin, "author@example.com", password="author password")
    token = admin.post(f"/api/users/{user['id']}/tokens", json={}).json()["data"]["token"]
    writer = {"Authorization": f"Bearer {token}"}
    candidate = admin.post("/api/candidates", json={"name": "Ada Lovelace"}).json()["data"]
    note = admin.post(
        f"/api/candidates/{candidate['id']}/notes", json={"body": "Strong"}, headers=writer
    )
    assert note.status_code == 201, note.text
    admin.post(f"/api/users/{user['id']}/deactivate")
    notes = admin.get(f"/api/candidates/{candidate['id']}/notes").json()["data"]
    assert [n["author"] for n in notes] == ["author@example.com"]


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(
    admin: TestClient, personas: dict[str, Persona]
) -> None:
    me = personas["admin"].user_id
    demoted = admin.patch(f"/api/users/{me}", json={"role": "recruiter"})
    assert demoted.status_code == 409
    assert demoted.json()["error"]["code"] == "last_admin"
    deactivated = admin.post(f"/api/users/{me}/deactivate")
    assert deactivated.status_code == 409
    assert deactivated.json()["error"]["code"] == "last_admin"
    # With a second active admin, the first may step down.
    _add(admin, "second.admin@example.com", role="admin")
    assert admin.patch(f"/api/users/{me}", json={"role": "recruiter"}).status_code == 200
    # Demoted, the former admin's token no longer manages the team.
    assert admin.get("/api/users").status_code == 403


def test_an_inactive_admin_does_not_keep_the_last_active_one_removable(
    admin: TestClient, personas: dict[str, Persona]
) -> None:
    other = _add(admin, "idle.admin@example.com", role="admin")
    assert admin.post(f"/api/users/{other['id']}/deactivate").status_code == 200
    me = personas["admin"].user_id
    assert admin.post(f"/api/users/{me}/deactivate").json()["error"]["code"] == "last_admin"


def test_an_admin_issues_a_fresh_link_and_the_old_one_stops_working(
    app: FastAPI, admin: TestClient
) -> None:
    user = _add(admin, "forgetful@example.com")
    first = user["set_password_link"]["url"]
    second = admin.post(f"/api/users/{user['id']}/password-link")
    assert second.status_code == 201
    browser = TestClient(app, follow_redirects=False)
    assert browser.get(first).status_code == 404
    assert browser.get(second.json()["data"]["url"]).status_code == 200
    admin.post(f"/api/users/{user['id']}/deactivate")
    refused = admin.post(f"/api/users/{user['id']}/password-link")
    assert refused.status_code == 409
