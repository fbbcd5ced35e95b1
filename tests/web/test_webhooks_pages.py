"""The portal's Webhooks page (admins): endpoints, a secret shown once, editing, a test ping,
deliveries with Retry, the disabled state, and the URL guard's refusals as form errors."""

import re
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update

from hiring.db import unit_of_work
from hiring.webhooks import service
from hiring.webhooks.models import WebhookEndpoint
from tests.fakes.receiver import FakeReceiver, Scripted, posted
from tests.web.conftest import Portal, sign_in

SECRET = re.compile(r"data-secret-value>(whsec_[^<]+)<")
ROW = re.compile(r'<tr id="(whk_[^"]+)"')


def add(portal: Portal, url: str, events: list[str], description: str = "CRM") -> Any:
    return portal.post(
        "/admin/webhooks",
        {"url": url, "events": events, "description": description},  # type: ignore[dict-item]
    )


def added_id(portal: Portal, url: str, events: list[str] | None = None) -> str:
    response = add(portal, url, events or ["*"])
    assert response.status_code == 200, response.text
    found = ROW.search(response.text)
    assert found
    return found.group(1)


def audited(admin: TestClient, target_id: str) -> list[str]:
    entries = admin.get("/api/audit-log", params={"target_id": target_id}).json()["data"]
    return sorted(e["action"] for e in entries)


def test_only_admins_see_the_webhooks_page(
    portal_admin: Portal, portal_recruiter: Portal, portal_viewer: Portal, receiver: FakeReceiver
) -> None:
    page = portal_admin.get("/admin/webhooks")
    assert page.status_code == 200
    assert 'href="/admin/webhooks"' in page.text and "No webhooks yet" in page.text
    endpoint_id = added_id(portal_admin, receiver.url)
    for portal in (portal_recruiter, portal_viewer):
        assert portal.get("/admin/webhooks").status_code == 403
        assert portal.get(f"/admin/webhooks/{endpoint_id}").status_code == 403
        assert 'href="/admin/webhooks"' not in portal.get("/admin").text
        assert add(portal, receiver.url, ["*"]).status_code == 403
        for action in ("delete", "rotate-secret", "test"):
            assert portal.post(f"/admin/webhooks/{endpoint_id}/{action}").status_code == 403
    assert ROW.search(portal_admin.get("/admin/webhooks").text)


def test_an_admin_adds_a_webhook_and_sees_its_secret_once(
    portal_admin: Portal, admin: TestClient, receiver: FakeReceiver
) -> None:
    response = add(portal_admin, receiver.url, ["candidate.created", "job.created"])
    assert response.status_code == 200
    secret = SECRET.search(response.text)
    assert secret, response.text
    listed = portal_admin.get("/admin/webhooks").text
    assert secret.group(1) not in listed and "data-secret" not in listed
    assert "candidate.created, job.created" in listed and "None yet" in listed
    [made] = admin.get("/api/webhooks").json()["data"]
    assert (made["url"], made["description"]) == (receiver.url, "CRM")
    detail = portal_admin.get(f"/admin/webhooks/{made['id']}").text
    assert secret.group(1) not in detail
    rotated = portal_admin.post(f"/admin/webhooks/{made['id']}/rotate-secret")
    assert rotated.status_code == 200
    new_secret = SECRET.search(rotated.text)
    assert new_secret and new_secret.group(1) != secret.group(1)
    assert new_secret.group(1) not in portal_admin.get(f"/admin/webhooks/{made['id']}").text
    assert audited(admin, made["id"]) == ["webhook.created", "webhook.secret_rotated"]


def test_an_admin_edits_pings_and_deletes_a_webhook(
    app: FastAPI, portal_admin: Portal, admin: TestClient, receiver: FakeReceiver
) -> None:
    endpoint_id = added_id(portal_admin, receiver.url)
    assert portal_admin.post(f"/admin/webhooks/{endpoint_id}/test").status_code == 303
    [request] = posted(app, receiver)
    assert request.body["type"] == "ping"
    page = portal_admin.get(f"/admin/webhooks/{endpoint_id}?done=ping").text
    assert 'data-status="delivered"' in page and "A ping event is on its way" in page
    last = portal_admin.get("/admin/webhooks").text
    assert re.search(r"data-last-delivery>.*Delivered.*ping.*200", last)
    saved = portal_admin.post(
        f"/admin/webhooks/{endpoint_id}",
        {"url": receiver.url + "/v2", "events": ["job.created"], "description": ""},  # type: ignore[dict-item]
    )
    assert saved.status_code == 303
    shown = admin.get(f"/api/webhooks/{endpoint_id}").json()["data"]
    assert (shown["url"], shown["events"], shown["active"], shown["description"]) == (
        receiver.url + "/v2",
        ["job.created"],
        False,  # the Active box was not ticked
        None,
    )
    assert "Paused" in portal_admin.get(f"/admin/webhooks/{endpoint_id}").text
    deleted = portal_admin.post(f"/admin/webhooks/{endpoint_id}/delete")
    assert deleted.status_code == 303
    assert portal_admin.get(f"/admin/webhooks/{endpoint_id}").status_code == 404
    assert "No webhooks yet" in portal_admin.get("/admin/webhooks?done=deleted").text
    assert audited(admin, endpoint_id) == [
        "webhook.created",
        "webhook.deleted",
        "webhook.updated",
    ]


def test_retry_sends_a_failed_delivery_again(
    app: FastAPI, portal_admin: Portal, receiver: FakeReceiver
) -> None:
    endpoint_id = added_id(portal_admin, receiver.url)
    tries = len(service.RETRY_STEPS) + 1
    receiver.script.extend(Scripted(500) for _ in range(tries))
    portal_admin.post(f"/admin/webhooks/{endpoint_id}/test")
    posted(app, receiver, tries)
    page = portal_admin.get(f"/admin/webhooks/{endpoint_id}").text
    delivery_id = re.search(r'<tr id="(whd_[^"]+)" data-status="failed"', page)
    assert delivery_id, page
    assert "The receiver answered 500" in page and f"<td>{tries}</td>" in page
    retried = portal_admin.post(
        f"/admin/webhooks/{endpoint_id}/deliveries/{delivery_id.group(1)}/retry"
    )
    assert retried.status_code == 303
    requests = posted(app, receiver, tries + 1)
    assert len({r.headers["hiring-event-id"] for r in requests}) == 1
    page = portal_admin.get(f"/admin/webhooks/{endpoint_id}").text
    assert f'<tr id="{delivery_id.group(1)}" data-status="delivered"' in page
    missing = portal_admin.post(f"/admin/webhooks/{endpoint_id}/deliveries/whd_nope/retry")
    assert missing.status_code == 404


def test_a_turned_off_webhook_says_why_until_switched_back_on(
    app: FastAPI, portal_admin: Portal, receiver: FakeReceiver
) -> None:
    endpoint_id = added_id(portal_admin, receiver.url)
    with unit_of_work(app.state.sessions) as session:
        session.execute(
            update(WebhookEndpoint).values(
                active=False, disabled_reason="Every delivery failed for 3 days"
            )
        )
    listed = portal_admin.get("/admin/webhooks").text
    assert "Turned off: Every delivery failed for 3 days" in listed
    assert "Turned off automatically" in portal_admin.get(f"/admin/webhooks/{endpoint_id}").text
    back = portal_admin.post(
        f"/admin/webhooks/{endpoint_id}",
        {"url": receiver.url, "events": ["*"], "active": "1"},  # type: ignore[dict-item]
    )
    assert back.status_code == 303
    page = portal_admin.get(f"/admin/webhooks/{endpoint_id}").text
    assert "Turned off" not in page and "Active</span>" in page


def test_form_mistakes_show_next_to_their_fields(
    portal_admin: Portal, receiver: FakeReceiver
) -> None:
    none_ticked = add(portal_admin, receiver.url, [])
    assert none_ticked.status_code == 422
    assert "Choose at least one event type" in none_ticked.text
    unknown = add(portal_admin, receiver.url, ["candidate.eaten"])
    assert unknown.status_code == 422 and "Unknown event types: candidate.eaten" in unknown.text
    for url in ("", "ftp://example.com/hook", "https://"):
        refused = add(portal_admin, url, ["*"])
        assert refused.status_code == 422, url
        assert 'id="url-error"' in refused.text
    # What was typed stays in the form.
    assert 'value="https://"' in refused.text and "No webhooks yet" in refused.text
    endpoint_id = added_id(portal_admin, receiver.url)
    cleared = portal_admin.post(
        f"/admin/webhooks/{endpoint_id}", {"url": receiver.url, "active": "1"}
    )
    assert cleared.status_code == 422 and "Choose at least one event type" in cleared.text


def test_the_url_guard_refuses_inside_and_plain_http_addresses_as_form_errors(
    fresh_app: Any,
) -> None:
    own = fresh_app(webhooks_allow_private=False, webhooks_allow_http=False)
    portal = Portal(sign_in(own.app, own.personas["admin"].email))
    for url, message in (
        ("https://127.0.0.1:8443/h", "points inside the network"),
        ("https://169.254.169.254/latest", "points inside the network"),
        ("http://93.184.215.14/h", "must start with https://"),
    ):
        refused = add(portal, url, ["*"])
        assert refused.status_code == 422, url
        assert message in refused.text and 'id="url-error"' in refused.text
    endpoint_id = added_id(portal, "https://93.184.215.14/h")
    moved = portal.post(
        f"/admin/webhooks/{endpoint_id}",
        {"url": "https://10.0.0.5/h", "events": ["*"], "active": "1"},  # type: ignore[dict-item]
    )
    assert moved.status_code == 422 and "points inside the network" in moved.text
    client = own.client("admin")
    assert client.get(f"/api/webhooks/{endpoint_id}").json()["data"]["url"] == (
        "https://93.184.215.14/h"
    )
