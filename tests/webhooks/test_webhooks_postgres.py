"""Several workers sharing the outbox on PostgreSQL: each claims what no other holds (``FOR
UPDATE SKIP LOCKED``) without waiting for it, and every delivery is sent exactly once.
(A worker killed mid-delivery: ``test_a_delivery_whose_worker_died_is_sent_again``.)"""

import threading
import time
from collections import Counter

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from hiring.auth.models import User
from hiring.candidates import service as candidates
from hiring.candidates.models import Origin
from hiring.candidates.schemas import CandidateCreate
from hiring.db import unit_of_work
from hiring.events import service as events
from hiring.webhooks import service
from hiring.webhooks.delivery import Sender
from hiring.webhooks.models import DeliveryStatus, WebhookDelivery
from tests.conftest import PG_URL
from tests.fakes.receiver import FakeReceiver, Scripted

pytestmark = pytest.mark.skipif(
    not PG_URL,
    reason="PostgreSQL only: SQLite's writers take turns (BEGIN IMMEDIATE), so two workers "
    "never hold claims at the same moment there",
)
PEOPLE = 30


def _endpoint(admin: TestClient, url: str) -> str:
    made = admin.post("/api/webhooks", json={"url": url, "events": ["candidate.created"]})
    assert made.status_code == 201, made.text
    endpoint_id: str = made.json()["data"]["id"]
    return endpoint_id


def _new_people(app: FastAPI) -> None:
    """``PEOPLE`` candidates in one commit that asks for no send: the workers below do it."""
    with unit_of_work(app.state.sessions) as session:
        user = session.scalars(select(User)).first()
        for n in range(PEOPLE):
            data = CandidateCreate(name=f"Person {n}")
            candidates.create_candidate(session, data, user, origin=Origin.api)
        session.info.pop(events.PENDING)


def _deliveries(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(WebhookDelivery)) or 0


def _fan_out_all(app: FastAPI) -> None:
    """Make every event's delivery (an event is read once no older transaction of the database
    is running: another test worker's may be, for a moment)."""
    deadline = time.monotonic() + 10
    made = 0
    while made < PEOPLE and time.monotonic() < deadline:
        with unit_of_work(app.state.sessions) as session:
            service.fan_out(session)
            made = _deliveries(session)
    assert made == PEOPLE


def _no_waiting(session: Session) -> None:
    """A lock wait fails at once instead of hanging the test (both sessions are in this
    thread: the first would never let go)."""
    session.execute(text("SET LOCAL lock_timeout = '2s'"))


def test_two_workers_claim_different_deliveries_without_waiting(
    app: FastAPI, admin: TestClient, receiver: FakeReceiver
) -> None:
    _endpoint(admin, receiver.url)
    _new_people(app)
    _fan_out_all(app)
    with unit_of_work(app.state.sessions) as first:
        held = service.claim_due(first, limit=10)
        # The first worker's claim is not committed yet: its rows are locked.
        with unit_of_work(app.state.sessions) as second:
            _no_waiting(second)
            taken = service.claim_due(second, limit=100)
    assert (len(held), len(taken)) == (10, PEOPLE - 10)
    assert not {c.id for c in held} & {c.id for c in taken}
    with unit_of_work(app.state.sessions, write=False) as session:
        rows = session.scalars(select(WebhookDelivery)).all()
    assert {(r.status, r.attempts) for r in rows} == {(DeliveryStatus.sending.value, 1)}


def test_two_workers_make_each_delivery_once(
    app: FastAPI, admin: TestClient, receiver: FakeReceiver
) -> None:
    _endpoint(admin, receiver.url)
    _new_people(app)
    deadline = time.monotonic() + 10
    while True:
        with unit_of_work(app.state.sessions) as first:
            service.fan_out(first)  # holds the endpoint's lock until it commits
            with unit_of_work(app.state.sessions) as second:
                _no_waiting(second)
                assert service.fan_out(second) == 0  # the endpoint is skipped, not waited for
            made = _deliveries(first)
        if made == PEOPLE or time.monotonic() > deadline:
            break
    with unit_of_work(app.state.sessions, write=False) as session:
        event_ids = session.scalars(select(WebhookDelivery.event_id)).all()
    assert len(event_ids) == len(set(event_ids)) == PEOPLE


def test_two_workers_send_each_delivery_exactly_once(
    app: FastAPI, admin: TestClient, receiver: FakeReceiver
) -> None:
    endpoint_id = _endpoint(admin, receiver.url)
    _new_people(app)
    # A slow receiver keeps both workers sending at the same time.
    receiver.script.extend(Scripted(delay=0.02) for _ in range(PEOPLE))
    workers = [
        Sender(app.state.settings, app.state.sessions, app.state.webhooks.signing_key)
        for _ in range(2)
    ]
    start = threading.Barrier(len(workers))
    sent: list[int] = []
    failed: list[BaseException] = []

    def work(sender: Sender) -> None:
        try:
            start.wait()
            deadline = time.monotonic() + 15
            while len(receiver.requests) < PEOPLE and time.monotonic() < deadline:
                sent.append(sender.send())
        except BaseException as exc:  # reported below, with the test's own traceback
            failed.append(exc)

    threads = [threading.Thread(target=work, args=(w,)) for w in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failed == []
    ids = Counter(r.headers["hiring-event-id"] for r in receiver.requests)
    assert len(ids) == PEOPLE and set(ids.values()) == {1}
    assert sum(sent) == PEOPLE
    with unit_of_work(app.state.sessions, write=False) as session:
        rows = session.scalars(
            select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint_id)
        ).all()
    assert {(r.status, r.attempts) for r in rows} == {(DeliveryStatus.delivered.value, 1)}
