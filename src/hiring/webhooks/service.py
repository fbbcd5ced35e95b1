"""Webhook endpoints (admins manage them) and their deliveries' bookkeeping: which events
each endpoint gets, which deliveries are due, and what each attempt did. Sending is in
``hiring.webhooks.delivery``."""

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from hiring.audit import service as audit
from hiring.auth.models import User
from hiring.db import fetch_by_id, fetch_page, utcnow
from hiring.errors import NotFound
from hiring.events import service as events
from hiring.ids import new_id
from hiring.webhooks import signing
from hiring.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from hiring.webhooks.schemas import ALL_EVENTS, WebhookCreate, WebhookUpdate

WEBHOOK_CREATED = "webhook.created"
WEBHOOK_UPDATED = "webhook.updated"
WEBHOOK_DELETED = "webhook.deleted"
WEBHOOK_SECRET_ROTATED = "webhook.secret_rotated"
PING = "ping"
# Retry delays as multiples of ``webhook_retry_base_seconds`` (60 s: 1 min, 5 min, 30 min,
# 2 h, 6 h, 12 h, 24 h); after the last one the delivery has failed.
RETRY_STEPS = (1, 5, 30, 120, 360, 720, 1440)
JITTER = 0.1
# An endpoint whose every delivery failed for this long is turned off.
DISABLE_AFTER = timedelta(days=3)
# A delivery being sent is left to its worker this long before another takes it again.
LEASE = timedelta(seconds=60)
FAN_OUT_BATCH = 500


@dataclass(frozen=True)
class UrlRules:
    allow_http: bool
    allow_private: bool


@dataclass(frozen=True)
class Claimed:
    """A delivery taken for one attempt, with what sending it needs."""

    id: str
    url: str
    endpoint_id: str
    secret_salt: str
    event_id: str
    event_type: str
    body: str


def get_endpoint(
    session: Session, endpoint_id: str, *, for_update: bool = False
) -> WebhookEndpoint:
    return fetch_by_id(session, WebhookEndpoint, endpoint_id, what="webhook", for_update=for_update)


def list_endpoints(
    session: Session, *, limit: int, offset: int = 0
) -> tuple[list[WebhookEndpoint], int]:
    order = (WebhookEndpoint.created_at.desc(), WebhookEndpoint.id.desc())
    return fetch_page(session, WebhookEndpoint, [], order, limit=limit, offset=offset)


def create_endpoint(
    session: Session, data: WebhookCreate, user: User, signing_key: str, *, ip: str | None
) -> tuple[WebhookEndpoint, str]:
    """Add an endpoint (its URL checked by the caller) receiving the events from now on;
    returns it with its secret."""
    endpoint = WebhookEndpoint(
        id=new_id("whk"),
        url=data.url,
        events=data.events,
        description=data.description,
        active=True,
        secret_salt=signing.new_salt(),
        event_cursor=events.head(session),
        created_by=user.email,
    )
    session.add(endpoint)
    session.flush()
    audit.record(
        session, WEBHOOK_CREATED, actor=user, target_type="webhook", target_id=endpoint.id, ip=ip
    )
    return endpoint, signing.endpoint_secret(signing_key, endpoint.id, endpoint.secret_salt)


def update_endpoint(
    session: Session, endpoint_id: str, data: WebhookUpdate, user: User, *, ip: str | None
) -> WebhookEndpoint:
    """Change what was sent; the audit log names the fields that changed (a new URL sends
    the events somewhere else)."""
    endpoint = get_endpoint(session, endpoint_id, for_update=True)
    changes = {
        key: value
        for key, value in data.model_dump(exclude_unset=True).items()
        if getattr(endpoint, key) != value
    }
    if changes.get("active") and not endpoint.active:
        # Back on: failures before today no longer count towards turning it off.
        endpoint.failing_since = None
        endpoint.disabled_reason = None
    for key, value in changes.items():
        setattr(endpoint, key, value)
    session.flush()
    if changes:
        audit.record(
            session,
            WEBHOOK_UPDATED,
            actor=user,
            target_type="webhook",
            target_id=endpoint.id,
            ip=ip,
            details={"fields": sorted(changes)},
        )
    return endpoint


def delete_endpoint(session: Session, endpoint_id: str, user: User, *, ip: str | None) -> None:
    endpoint = get_endpoint(session, endpoint_id, for_update=True)
    session.delete(endpoint)
    session.flush()
    audit.record(
        session, WEBHOOK_DELETED, actor=user, target_type="webhook", target_id=endpoint_id, ip=ip
    )


def rotate_secret(
    session: Session, endpoint_id: str, user: User, signing_key: str, *, ip: str | None
) -> tuple[WebhookEndpoint, str]:
    """A new secret: the old one stops signing at once."""
    endpoint = get_endpoint(session, endpoint_id, for_update=True)
    endpoint.secret_salt = signing.new_salt()
    session.flush()
    audit.record(
        session,
        WEBHOOK_SECRET_ROTATED,
        actor=user,
        target_type="webhook",
        target_id=endpoint.id,
        ip=ip,
    )
    return endpoint, signing.endpoint_secret(signing_key, endpoint.id, endpoint.secret_salt)


def _body(event: dict[str, Any]) -> str:
    return json.dumps(event, separators=(",", ":"), ensure_ascii=False)


def ping(session: Session, endpoint_id: str) -> WebhookDelivery:
    """Queue a ``ping`` event to the endpoint (sent after the commit)."""
    endpoint = get_endpoint(session, endpoint_id)
    event_id = new_id("evt")
    body = {
        "id": event_id,
        "type": PING,
        "created_at": utcnow().isoformat(),
        "data": {"webhook_id": endpoint.id},
    }
    delivery = WebhookDelivery(
        endpoint_id=endpoint.id, event_id=event_id, event_type=PING, body=_body(body)
    )
    session.add(delivery)
    session.flush()
    events.notify(session)
    return delivery


def list_deliveries(
    session: Session, endpoint_id: str, *, limit: int, offset: int = 0
) -> tuple[list[WebhookDelivery], int]:
    get_endpoint(session, endpoint_id)
    where = [WebhookDelivery.endpoint_id == endpoint_id]
    order = (WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc())
    return fetch_page(session, WebhookDelivery, where, order, limit=limit, offset=offset)


def last_deliveries(session: Session, endpoint_ids: list[str]) -> dict[str, WebhookDelivery]:
    """Each endpoint's newest delivery (endpoints without one are left out)."""
    if not endpoint_ids:
        return {}
    newest = (
        select(
            WebhookDelivery.id,
            func.row_number()
            .over(
                partition_by=WebhookDelivery.endpoint_id,
                order_by=(WebhookDelivery.created_at.desc(), WebhookDelivery.id.desc()),
            )
            .label("place"),
        )
        .where(WebhookDelivery.endpoint_id.in_(endpoint_ids))
        .subquery()
    )
    rows = session.scalars(
        select(WebhookDelivery)
        .join(newest, newest.c.id == WebhookDelivery.id)
        .where(newest.c.place == 1)
    )
    return {delivery.endpoint_id: delivery for delivery in rows}


def retry_delivery(session: Session, endpoint_id: str, delivery_id: str) -> WebhookDelivery:
    """Send a delivery again now (the same event id), whatever became of it."""
    delivery = session.scalar(
        select(WebhookDelivery)
        .where(WebhookDelivery.id == delivery_id, WebhookDelivery.endpoint_id == endpoint_id)
        .with_for_update()
    )
    if delivery is None:
        get_endpoint(session, endpoint_id)
        raise NotFound("No such delivery of this webhook")
    delivery.status = DeliveryStatus.pending.value
    delivery.next_attempt_at = utcnow()
    delivery.locked_until = None
    session.flush()
    events.notify(session)
    return delivery


def forget_person(session: Session, candidate_id: str) -> None:
    """An erased person's deliveries carry only the object's id from now on."""
    rows = session.scalars(
        select(WebhookDelivery).where(WebhookDelivery.candidate_id == candidate_id)
    )
    for delivery in rows:
        event = json.loads(delivery.body)
        event["data"] = {"id": event.get("data", {}).get("id")}
        delivery.body = _body(event)
    session.flush()


def has_active_endpoints(session: Session) -> bool:
    query = select(WebhookEndpoint.id).where(WebhookEndpoint.active.is_(True)).limit(1)
    return session.scalar(query) is not None


def _wants(endpoint: WebhookEndpoint, event_type: str) -> bool:
    return ALL_EVENTS in endpoint.events or event_type in endpoint.events


def fan_out(session: Session) -> int:
    """Create the deliveries of the events each active endpoint has not had yet, reading the
    outbox as the event feed does (in a safe order, so no late commit is skipped). Each
    endpoint is locked while its deliveries are made: two workers never make them twice."""
    query = select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True))
    made = 0
    for endpoint in session.scalars(query.with_for_update(skip_locked=True)):
        found, cursor = events.read(session, after=endpoint.event_cursor, limit=FAN_OUT_BATCH)
        for event in found:
            if _wants(endpoint, event.type):
                session.add(
                    WebhookDelivery(
                        endpoint_id=endpoint.id,
                        event_id=event.id,
                        event_type=event.type,
                        event_seq=event.seq,
                        candidate_id=event.candidate_id,
                        body=_body(events.payload(event)),
                    )
                )
                made += 1
        endpoint.event_cursor = cursor
    session.flush()
    return made


def claim_due(session: Session, *, limit: int, now: datetime | None = None) -> list[Claimed]:
    """Take up to ``limit`` deliveries due now for one attempt each (rows other workers hold
    are skipped). A person's deliveries to an endpoint go one at a time, in event order."""
    now = now or utcnow()
    earlier = aliased(WebhookDelivery)
    unfinished = (DeliveryStatus.pending.value, DeliveryStatus.sending.value)
    waits_for_earlier = exists().where(
        earlier.endpoint_id == WebhookDelivery.endpoint_id,
        earlier.candidate_id == WebhookDelivery.candidate_id,
        earlier.event_seq < WebhookDelivery.event_seq,
        earlier.status.in_(unfinished),
    )
    due = or_(
        and_(
            WebhookDelivery.status == DeliveryStatus.pending.value,
            WebhookDelivery.next_attempt_at <= now,
        ),
        # Its worker died mid-send: try again.
        and_(
            WebhookDelivery.status == DeliveryStatus.sending.value,
            WebhookDelivery.locked_until < now,
        ),
    )
    rows = session.execute(
        select(WebhookDelivery, WebhookEndpoint)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(due, WebhookEndpoint.active.is_(True), ~waits_for_earlier)
        .order_by(WebhookDelivery.created_at, WebhookDelivery.event_seq, WebhookDelivery.id)
        .limit(limit)
        .with_for_update(skip_locked=True, of=WebhookDelivery)
    ).all()
    claimed = []
    for delivery, endpoint in rows:
        delivery.status = DeliveryStatus.sending.value
        delivery.locked_until = now + LEASE
        delivery.attempts += 1
        claimed.append(
            Claimed(
                delivery.id,
                endpoint.url,
                endpoint.id,
                endpoint.secret_salt,
                delivery.event_id,
                delivery.event_type,
                delivery.body,
            )
        )
    session.flush()
    return claimed


def retry_delay(attempts: int, base_seconds: float) -> timedelta | None:
    """The wait before the next attempt after ``attempts`` failed ones (None: give up)."""
    if attempts > len(RETRY_STEPS):
        return None
    seconds = base_seconds * RETRY_STEPS[attempts - 1]
    return timedelta(seconds=seconds * random.uniform(1 - JITTER, 1 + JITTER))


@dataclass(frozen=True)
class Outcome:
    response_code: int | None
    duration_ms: int
    error: str | None

    @property
    def delivered(self) -> bool:
        return self.error is None


def record_attempt(
    session: Session, delivery_id: str, outcome: Outcome, *, retry_base_seconds: float
) -> datetime | None:
    """Record one attempt's outcome; returns when the delivery is due again, if it is."""
    delivery = session.get(WebhookDelivery, delivery_id, with_for_update=True)
    if delivery is None:
        return None  # its endpoint was deleted meanwhile
    endpoint = session.get_one(WebhookEndpoint, delivery.endpoint_id, with_for_update=True)
    now = utcnow()
    delivery.response_code = outcome.response_code
    delivery.duration_ms = outcome.duration_ms
    delivery.error = outcome.error
    delivery.locked_until = None
    if outcome.delivered:
        delivery.status = DeliveryStatus.delivered.value
        delivery.delivered_at = now
        delivery.next_attempt_at = None
        endpoint.failing_since = None
        session.flush()
        return None
    endpoint.failing_since = endpoint.failing_since or now
    if endpoint.active and now - endpoint.failing_since >= DISABLE_AFTER:
        endpoint.active = False
        endpoint.disabled_reason = "Every delivery failed for 3 days"
    delay = retry_delay(delivery.attempts, retry_base_seconds)
    if delay is None:
        delivery.status = DeliveryStatus.failed.value
        delivery.next_attempt_at = None
    else:
        delivery.status = DeliveryStatus.pending.value
        delivery.next_attempt_at = now + delay
    session.flush()
    return delivery.next_attempt_at


def next_due(session: Session) -> datetime | None:
    """When the earliest waiting delivery is due."""
    return session.scalar(
        select(WebhookDelivery.next_attempt_at)
        .where(WebhookDelivery.status == DeliveryStatus.pending.value)
        .order_by(WebhookDelivery.next_attempt_at)
        .limit(1)
    )
