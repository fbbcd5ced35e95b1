"""Webhooks: endpoints managed by admins, signed deliveries to a loopback receiver, retries
with one event id, the delivery log, turning off a failing endpoint, the URL guard."""

import hashlib
import hmac
import json
import time
from datetime import timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import update

from hiring.db import unit_of_work, utcnow
from hiring.errors import Invalid
from hiring.events import service as events
from hiring.webhooks import service
from hiring.webhooks.models import WebhookDelivery, WebhookEndpoint
from hiring.webhooks.urls import check_url
from tests.factories import make_candidate
from tests.fakes.receiver import FakeReceiver, Scripted, posted


# The README's verification snippet, as a receiver would write it.
def verify(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    parts = dict(item.split("=", 1) for item in header.split(","))
    timestamp, received = int(parts["t"]), parts["v1"]
    if abs(time.time() - timestamp) > tolerance:
        return False  # too old: a replay
    signed = f"{timestamp}.".encode() + body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, received)


def create(client: TestClient, url: str, events: list[str] | None = None) -> dict[str, Any]:
    response = client.post(
        "/api/webhooks", json={"url": url, "events": events or ["*"], "description": "CRM"}
    )
    assert response.status_code == 201, response.text
    return response.json()["data"]


def deliveries(client: TestClient, webhook_id: str) -> list[dict[str, Any]]:
    response = client.get(f"/api/webhooks/{webhook_id}/deliveries")
    assert response.status_code == 200, response.text
    return response.json()["data"]


def test_an_endpoint_shows_its_secret_once(admin: TestClient, receiver: FakeReceiver) -> None:
    made = create(admin, receiver.url, ["candidate.created"])
    assert made["secret"].startswith("whsec_") and made["active"] is True
    shown = admin.get(f"/api/webhooks/{made['id']}").json()["data"]
    assert "secret" not in shown and made["secret"] not in json.dumps(shown)
    listed = admin.get("/api/webhooks").json()
    assert listed["total"] == 1 and "secret" not in listed["data"][0]
    changed = admin.patch(
        f"/api/webhooks/{made['id']}", json={"events": ["job.created"], "active": False}
    )
    assert changed.status_code == 200
    assert (changed.json()["data"]["events"], changed.json()["data"]["active"]) == (
        ["job.created"],
        False,
    )
    rotated = admin.post(f"/api/webhooks/{made['id']}/rotate-secret").json()["data"]
    assert rotated["secret"].startswith("whsec_") and rotated["secret"] != made["secret"]
    assert admin.delete(f"/api/webhooks/{made['id']}").status_code == 200
    assert admin.get(f"/api/webhooks/{made['id']}").status_code == 404
    audited = admin.get("/api/audit-log", params={"target_id": made["id"]}).json()["data"]
    assert {e["action"] for e in audited} == {
        "webhook.created",
        "webhook.updated",
        "webhook.secret_rotated",
        "webhook.deleted",
    }


def test_unknown_event_types_are_refused(admin: TestClient) -> None:
    response = admin.post(
        "/api/webhooks", json={"url": "https://example.com/h", "events": ["candidate.eaten"]}
    )
    assert response.status_code == 422
    both = admin.post("/api/webhooks", json={"url": "https://x.example/h", "events": ["*", "ping"]})
    assert both.status_code == 422


def test_a_delivery_is_signed_verifiably(
    app: FastAPI, admin: TestClient, receiver: FakeReceiver
) -> None:
    made = create(admin, receiver.url)
    cand = make_candidate(admin, name="Eve Stone")
    [request] = posted(app, receiver)
    assert request.method == "POST" and request.path == "/hooks"
    assert request.headers["hiring-event-type"] == "candidate.created"
    assert request.body["type"] == "candidate.created" and request.body["data"]["id"] == cand["id"]
    assert request.headers["hiring-event-id"] == request.body["id"]
    assert verify(made["secret"], request.headers["hiring-signature"], request.raw)
    assert not verify(made["secret"], request.headers["hiring-signature"], request.raw + b" ")
    assert not verify("whsec_other", request.headers["hiring-signature"], request.raw)
    [logged] = deliveries(admin, made["id"])
    assert (logged["status"], logged["attempts"], logged["response_code"]) == ("delivered", 1, 200)


def test_only_the_chosen_event_types_are_sent(
    app: FastAPI, admin: TestClient, receiver: FakeReceiver
) -> None:
    create(admin, receiver.url, ["job.created"])
    make_candidate(admin)
    admin.post("/api/jobs", json={"title": "Welder"})
    assert [r.body["type"] for r in posted(app, receiver)] == ["job.created"]


def test_a_failed_delivery_is_retried_with_the_same_event_id(
    app: FastAPI, admin: TestClient, receiver: FakeReceiver
) -> None:
    made = create(admin, receiver.url)
    receiver.script.extend([Scripted(500), Scripted(503)])
    make_candidate(admin)
    requests = posted(app, receiver, 3)
    assert len(requests) == 3
    assert len({r.headers["hiring-event-id"] for r in requests}) == 1
    [logged] = deliveries(admin, made["id"])
    assert (logged["status"], logged["attempts"], logged["response_code"]) == ("delivered", 3, 200)
    assert logged["error"] is None and logged["delivered_at"] is not None
    assert admin.get(f"/api/webhooks/{made['id']}").json()["data"]["failing_since"] is None


def test_a_delivery_fails_after_its_retries_and_can_be_sent_again(
    app: FastAPI, admin: TestClient, receiver: FakeReceiver
) -> None:
    made = create(admin, receiver.url)
    receiver.script.extend(Scripted(500) for _ in range(len(service.RETRY_STEPS) + 1))
    make_candidate(admin)
    posted(app, receiver, len(service.RETRY_STEPS) + 1)
    [logged] = deliveries(admin, made["id"])
    assert (logged["status"], logged["attempts"]) == ("failed", len(service.RETRY_STEPS) + 1)
    assert logged["response_code"] == 500 and "500" in logged["error"]
    assert logged["next_attempt_at"] is None
    again = admin.post(f"/api/webhooks/{made['id']}/deliveries/{logged['id']}/retry")
    assert again.status_code == 202
    posted(app, receiver, len(service.RETRY_STEPS) + 2)
    assert deliveries(admin, made["id"])[0]["status"] == "delivered"


def test_an_endpoint_failing_for_three_days_is_turned_off(
    app: FastAPI, admin: TestClient, receiver: FakeReceiver
) -> None:
    made = create(admin, receiver.url)
    with unit_of_work(app.state.sessions) as session:
        session.execute(
            update(WebhookEndpoint).values(failing_since=utcnow() - timedelta(days=3, minutes=1))
        )
    receiver.script.append(Scripted(500))
    make_candidate(admin)
    posted(app, receiver)
    shown = admin.get(f"/api/webhooks/{made['id']}").json()["data"]
    assert shown["active"] is False and "3 days" in shown["disabled_reason"]
    make_candidate(admin)
    app.state.webhooks.send()
    assert len(receiver.requests) == 1  # nothing more goes to a disabled endpoint
    back = admin.patch(f"/api/webhooks/{made['id']}", json={"active": True}).json()["data"]
    assert (back["active"], back["disabled_reason"], back["failing_since"]) == (True, None, None)


def test_ping_sends_a_ping_event(app: FastAPI, admin: TestClient, receiver: FakeReceiver) -> None:
    made = create(admin, receiver.url)
    response = admin.post(f"/api/webhooks/{made['id']}/test")
    assert response.status_code == 202 and response.json()["data"]["event_type"] == "ping"
    [request] = posted(app, receiver)
    assert request.body["type"] == "ping" and request.body["data"] == {"webhook_id": made["id"]}
    assert verify(made["secret"], request.headers["hiring-signature"], request.raw)


def test_a_rotated_secret_signs_from_then_on(
    app: FastAPI, admin: TestClient, receiver: FakeReceiver
) -> None:
    made = create(admin, receiver.url)
    rotated = admin.post(f"/api/webhooks/{made['id']}/rotate-secret").json()["data"]
    admin.post(f"/api/webhooks/{made['id']}/test")
    [request] = posted(app, receiver)
    assert verify(rotated["secret"], request.headers["hiring-signature"], request.raw)
    assert not verify(made["secret"], request.headers["hiring-signature"], request.raw)


def test_an_erased_persons_deliveries_lose_their_data(
    app: FastAPI, admin: TestClient, receiver: FakeReceiver
) -> None:
    made = create(admin, receiver.url)
    receiver.script.extend(Scripted(500) for _ in range(len(service.RETRY_STEPS) + 1))
    cand = make_candidate(admin, name="Zed Quill")
    posted(app, receiver, len(service.RETRY_STEPS) + 1)
    assert (
        admin.post(f"/api/candidates/{cand['id']}/erase", json={"reason": "x"}).status_code == 200
    )
    posted(app, receiver, len(service.RETRY_STEPS) + 2)
    logged = deliveries(admin, made["id"])
    failed = next(d for d in logged if d["event_type"] == "candidate.created")
    admin.post(f"/api/webhooks/{made['id']}/deliveries/{failed['id']}/retry")
    resent = [r for r in posted(app, receiver, len(service.RETRY_STEPS) + 3) if r.body["data"]]
    assert "Zed Quill" not in json.dumps([r.body for r in resent[-2:]])
    assert resent[-1].body["data"] == {"id": cand["id"]}


@pytest.mark.parametrize("persona", ["viewer", "recruiter"])
def test_only_admins_manage_webhooks(
    persona: str, app: FastAPI, personas: dict[str, Any], admin: TestClient
) -> None:
    made = create(admin, "https://hooks.example.com/h")
    client = TestClient(app, headers={"Authorization": f"Bearer {personas[persona].token}"})
    assert client.get("/api/webhooks").status_code == 403
    assert (
        client.post(
            "/api/webhooks", json={"url": "https://a.example/", "events": ["*"]}
        ).status_code
        == 403
    )
    assert client.post(f"/api/webhooks/{made['id']}/test").status_code == 403
    assert client.get(f"/api/webhooks/{made['id']}/deliveries").status_code == 403


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://localhost/hook",
        "https://10.1.2.3/hook",
        "https://192.168.0.10/hook",
        "https://169.254.169.254/latest/meta-data",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://0.0.0.0/hook",
        "http://93.184.215.14/hook",
        "ftp://93.184.215.14/hook",
        "https://user:pw@93.184.215.14/hook",
    ],
)
def test_the_url_guard_refuses_inside_addresses_and_plain_http(url: str) -> None:
    with pytest.raises(Invalid) as refused:
        check_url(url, allow_http=False, allow_private=False)
    assert refused.value.details[0]["field"] == "url"


def test_the_url_guard_takes_a_public_https_address() -> None:
    url = "https://93.184.215.14/hook"
    assert check_url(url, allow_http=False, allow_private=False) == url


def test_the_api_refuses_inside_addresses_by_default(fresh_app: Any) -> None:
    own = fresh_app(webhooks_allow_private=False, webhooks_allow_http=False)
    client = own.client("admin")
    for url in ("https://127.0.0.1:8443/h", "https://169.254.169.254/", "http://93.184.215.14/"):
        response = client.post("/api/webhooks", json={"url": url, "events": ["*"]})
        assert response.status_code == 422, url
        assert response.json()["error"]["details"][0]["field"] == "url"


def test_a_delivery_whose_worker_died_is_sent_again(
    app: FastAPI, admin: TestClient, receiver: FakeReceiver
) -> None:
    made = create(admin, receiver.url)
    with unit_of_work(app.state.sessions) as session:
        ping = service.ping(session, made["id"])
        session.info.pop(events.PENDING)  # no run after this commit: the worker below takes it
    with unit_of_work(app.state.sessions) as session:
        # A worker claims the delivery, then dies before it sends.
        [claimed] = service.claim_due(session, limit=10)
    assert claimed.id == ping.id
    app.state.webhooks.send()
    assert receiver.requests == []  # its claim still holds
    with unit_of_work(app.state.sessions) as session:
        session.execute(
            update(WebhookDelivery).values(locked_until=utcnow() - timedelta(seconds=1))
        )
    [request] = posted(app, receiver)
    assert request.headers["hiring-event-id"] == claimed.event_id
    [logged] = deliveries(admin, made["id"])
    assert (logged["status"], logged["attempts"]) == ("delivered", 2)
