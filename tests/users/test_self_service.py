"""A user's own account: the one-time set-password link, changing their password (other
portal sessions end), and listing and revoking their own API tokens."""

from datetime import timedelta

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update

from hiring.audit.models import AuditEntry
from hiring.db import unit_of_work, utcnow
from hiring.team.models import PasswordLink
from tests.conftest import PASSWORD, Persona
from tests.web.conftest import csrf_from, sign_in

NEW_PASSWORD = "a brand new secret"


def _link_for(admin: TestClient, email: str) -> str:
    response = admin.post("/api/users", json={"email": email})
    assert response.status_code == 201, response.text
    url: str = response.json()["data"]["set_password_link"]["url"]
    return url


def _use_link(app: FastAPI, url: str, password: str = NEW_PASSWORD) -> tuple[TestClient, int]:
    browser = TestClient(app, follow_redirects=False)
    form = browser.get(url)
    assert form.status_code == 200, form.text
    sent = browser.post(
        url,
        data={
            "new_password": password,
            "confirm_password": password,
            "csrf_token": csrf_from(form.text),
        },
    )
    return browser, sent.status_code


def _audited(app: FastAPI, action: str) -> int:
    with unit_of_work(app.state.sessions, write=False) as session:
        return session.query(AuditEntry).filter(AuditEntry.action == action).count()


def test_a_link_sets_the_password_once_and_signs_the_user_in(
    app: FastAPI, admin: TestClient
) -> None:
    url = _link_for(admin, "starter@example.com")
    browser, status = _use_link(app, url)
    assert status == 303
    assert browser.get("/admin").status_code == 200
    assert sign_in(app, "starter@example.com", NEW_PASSWORD).get("/admin").status_code == 200
    again = TestClient(app, follow_redirects=False).get(url)
    assert again.status_code == 410
    assert "no longer valid" in again.text.lower()
    assert _audited(app, "user.password_set") == 1


def test_a_used_link_cannot_be_posted_again(app: FastAPI, admin: TestClient) -> None:
    url = _link_for(admin, "twice@example.com")
    browser = TestClient(app, follow_redirects=False)
    csrf = csrf_from(browser.get(url).text)
    data = {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD, "csrf_token": csrf}
    assert browser.post(url, data=data).status_code == 303
    # Another browser, with a valid form token of its own, replays the link.
    other = TestClient(app, follow_redirects=False)
    replay = {"new_password": "another password", "confirm_password": "another password"}
    replay["csrf_token"] = csrf_from(other.get("/admin/login").text)
    assert other.post(url, data=replay).status_code == 410
    assert sign_in(app, "twice@example.com", NEW_PASSWORD).get("/admin").status_code == 200


def test_an_expired_link_is_refused(app: FastAPI, admin: TestClient) -> None:
    url = _link_for(admin, "late@example.com")
    with unit_of_work(app.state.sessions) as session:
        session.execute(update(PasswordLink).values(expires_at=utcnow() - timedelta(seconds=1)))
    assert TestClient(app).get(url).status_code == 410


@pytest.mark.parametrize("token", ["hpl_" + "x" * 43, "nonsense", "hpl_%00", "hpl_%ED%A0%80"])
def test_unknown_links_are_404(anon: TestClient, token: str) -> None:
    assert anon.get(f"/admin/set-password/{token}").status_code == 404


def test_the_set_password_form_checks_what_is_typed(app: FastAPI, admin: TestClient) -> None:
    url = _link_for(admin, "typo@example.com")
    browser = TestClient(app, follow_redirects=False)
    csrf = csrf_from(browser.get(url).text)
    short = browser.post(
        url, data={"new_password": "short", "confirm_password": "short", "csrf_token": csrf}
    )
    assert short.status_code == 422
    differ = browser.post(
        url,
        data={"new_password": NEW_PASSWORD, "confirm_password": "other", "csrf_token": csrf},
    )
    assert differ.status_code == 422
    assert "differ" in differ.text
    forged = TestClient(app, follow_redirects=False).post(
        url, data={"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    )
    assert forged.status_code == 403
    # Still unused after those refusals.
    assert _use_link(app, url)[1] == 303


def test_changing_ones_password_ends_other_portal_sessions(
    app: FastAPI, viewer: TestClient, personas: dict[str, Persona]
) -> None:
    email = personas["viewer"].email
    browser = sign_in(app, email)
    wrong = viewer.post(
        "/api/me/password", json={"current_password": "nope", "new_password": NEW_PASSWORD}
    )
    assert wrong.status_code == 422
    assert wrong.json()["error"]["details"][0]["field"] == "current_password"
    assert browser.get("/admin").status_code == 200

    changed = viewer.post(
        "/api/me/password", json={"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    )
    assert changed.status_code == 200, changed.text
    assert browser.get("/admin").status_code == 303
    # The API token keeps working; the new password signs in, the old one no longer does.
    assert viewer.get("/api/me").status_code == 200
    assert sign_in(app, email, NEW_PASSWORD).get("/admin").status_code == 200
    assert _audited(app, "user.password_changed") == 1


def test_users_list_and_revoke_their_own_tokens(
    app: FastAPI, admin: TestClient, viewer: TestClient, personas: dict[str, Persona]
) -> None:
    mine = viewer.get("/api/me/tokens").json()["data"]
    assert [t["name"] for t in mine] == ["tests"]
    assert "token" not in mine[0] and "token_hash" not in mine[0]
    someone_elses = admin.get("/api/me/tokens").json()["data"][0]["id"]
    assert viewer.delete(f"/api/me/tokens/{someone_elses}").status_code == 404
    assert admin.get("/api/me").status_code == 200

    revoked = viewer.delete(f"/api/me/tokens/{mine[0]['id']}")
    assert revoked.status_code == 200
    assert viewer.get("/api/me").status_code == 401
    assert _audited(app, "token.revoked") == 1
