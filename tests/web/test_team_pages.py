"""The portal's Team page (admins) and Account page (everyone), through the services."""

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import PASSWORD, Persona
from tests.web.conftest import Portal, sign_in

LINK = re.compile(r'href="(/admin/set-password/hpl_[^"]+)"')


def _row_id(page: str, email: str) -> str:
    found = re.search(r'<tr id="(user_[^"]+)"[^>]*>\s*<td>' + re.escape(email), page)
    assert found, email
    return found.group(1)


def test_only_admins_see_the_team_page(
    portal_admin: Portal, portal_recruiter: Portal, portal_viewer: Portal
) -> None:
    page = portal_admin.get("/admin/team")
    assert page.status_code == 200
    assert "recruiter@example.com" in page.text
    assert 'href="/admin/team"' in page.text
    for portal in (portal_recruiter, portal_viewer):
        assert portal.get("/admin/team").status_code == 403
        assert 'href="/admin/team"' not in portal.get("/admin").text
        refused = portal.post("/admin/team", {"email": "x@example.com", "role": "admin"})
        assert refused.status_code == 403


def test_an_admin_adds_a_member_and_sees_their_link_once(
    app: FastAPI, portal_admin: Portal
) -> None:
    added = portal_admin.post("/admin/team", {"email": "Newbie@Example.com", "role": "viewer"})
    assert added.status_code == 200
    url = LINK.search(added.text)
    assert url, added.text
    assert LINK.search(portal_admin.get("/admin/team").text) is None
    assert TestClient(app).get(url.group(1)).status_code == 200
    again = portal_admin.post("/admin/team", {"email": "newbie@example.com", "role": "viewer"})
    assert again.status_code == 409
    bad = portal_admin.post("/admin/team", {"email": "not an email", "role": "boss"})
    assert bad.status_code == 422


def test_an_admin_changes_roles_deactivates_and_reactivates(
    app: FastAPI, portal_admin: Portal, personas: dict[str, Persona]
) -> None:
    leaver = sign_in(app, personas["recruiter"].email)
    user_id = personas["recruiter"].user_id
    role = portal_admin.post(f"/admin/team/{user_id}/role", {"role": "viewer"})
    assert role.status_code == 303
    assert 'data-active="true"' in portal_admin.get("/admin/team").text
    assert portal_admin.post(f"/admin/team/{user_id}/deactivate").status_code == 303
    assert leaver.get("/admin").status_code == 303
    page = portal_admin.get("/admin/team?done=deactivated").text
    assert f'<tr id="{user_id}" data-active="false">' in page
    assert portal_admin.post(f"/admin/team/{user_id}/reactivate").status_code == 303
    assert sign_in(app, personas["recruiter"].email).get("/admin").status_code == 200


def test_the_team_page_keeps_the_last_admin(
    portal_admin: Portal, personas: dict[str, Persona]
) -> None:
    me = personas["admin"].user_id
    refused = portal_admin.post(f"/admin/team/{me}/deactivate")
    assert refused.status_code == 409
    assert "last active admin" in refused.text
    assert portal_admin.post(f"/admin/team/{me}/role", {"role": "viewer"}).status_code == 409
    assert portal_admin.get("/admin/team").status_code == 200


def test_everyone_changes_their_own_password_and_stays_signed_in(
    app: FastAPI, portal_viewer: Portal, personas: dict[str, Persona]
) -> None:
    other = sign_in(app, personas["viewer"].email)
    assert portal_viewer.get("/admin/account").status_code == 200
    wrong = portal_viewer.post(
        "/admin/account/password", {"current_password": "nope", "new_password": "new secret 1"}
    )
    assert wrong.status_code == 422
    assert "current password is wrong" in wrong.text
    done = portal_viewer.post(
        "/admin/account/password",
        {"current_password": PASSWORD, "new_password": "new secret 1"},
    )
    assert done.status_code == 303
    assert portal_viewer.get("/admin/account?done=password").status_code == 200
    assert other.get("/admin").status_code == 303


def test_everyone_revokes_their_own_tokens_only(
    app: FastAPI, portal_viewer: Portal, viewer: TestClient, admin: TestClient
) -> None:
    page = portal_viewer.get("/admin/account").text
    token_id = re.search(r'<tr id="(tok_[^"]+)"', page)
    assert token_id
    admins_token = admin.get("/api/me/tokens").json()["data"][0]["id"]
    assert portal_viewer.post(f"/admin/account/tokens/{admins_token}/revoke").status_code == 404
    assert admin.get("/api/me").status_code == 200
    revoked = portal_viewer.post(f"/admin/account/tokens/{token_id.group(1)}/revoke")
    assert revoked.status_code == 303
    assert viewer.get("/api/me").status_code == 401
    assert "No API tokens" in portal_viewer.get("/admin/account").text
