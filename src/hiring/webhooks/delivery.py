"""Sending webhooks, through the app's Huey queue.

After a commit that wrote events (or a ping, or a retry asked for), the queue is told to
``send``; a periodic run every minute catches up with whatever a lost message or a late
commit left, and each failure schedules a run for its retry. A run first creates the new
events' deliveries (``service.fan_out``), then takes due deliveries a batch at a time, each
claim its own short transaction (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so any number of
workers and servers share the work without sending one delivery twice at once), and posts
them with no transaction open. A worker killed mid-send leaves its claim to expire
(``service.LEASE``): the delivery is sent again, with the same event id.
"""

import logging
import time
from collections.abc import Callable
from datetime import datetime

import httpx
from huey import crontab
from sqlalchemy.orm import Session, sessionmaker

from hiring.config import Settings
from hiring.db import unit_of_work, utcnow
from hiring.errors import Invalid
from hiring.events import service as events
from hiring.tasks.queue import TaskQueue
from hiring.webhooks import service, signing
from hiring.webhooks.urls import check_url

log = logging.getLogger(__name__)

SEND = "hiring.send_webhooks"
SWEEP = "hiring.send_webhooks_periodically"
PRUNE = "hiring.prune_events"
BATCH = 20
USER_AGENT = "Hiring-Webhooks/1"
ERROR_LENGTH = 500


class Sender:
    """Delivers webhooks for one app: its sessions, settings and signing key."""

    def __init__(
        self,
        settings: Settings,
        sessions: sessionmaker[Session],
        signing_key: Callable[[], str],
    ) -> None:
        self.settings = settings
        self.sessions = sessions
        self.signing_key = signing_key
        self.rules = service.UrlRules(settings.webhooks_allow_http, settings.webhooks_allow_private)
        self._queue: TaskQueue | None = None

    def attach(self, queue: TaskQueue) -> None:
        """Register the send and prune tasks on ``queue`` and send after each commit that
        wrote something to send."""
        self._send_task = queue.huey.task(name=SEND)(self.send)
        queue.schedule(SWEEP, crontab(minute="*"), self.send)
        queue.schedule(PRUNE, crontab(minute="17", hour="3"), self.prune)
        self._queue = queue
        events.on_commit(self.sessions, self.kick)

    def kick(self, delay: float | None = None) -> None:
        """Ask the queue for a run (now, or in ``delay`` seconds); never fails the caller,
        whose change is committed already: the periodic run catches up."""
        if self._queue is None:
            return
        try:
            self._queue.prepare()
            if delay:
                self._send_task.schedule(delay=delay)
            else:
                self._send_task()
        except Exception:
            log.exception("Could not queue the sending of webhooks")

    def check(self, url: str) -> str:
        return check_url(
            url, allow_http=self.rules.allow_http, allow_private=self.rules.allow_private
        )

    def send(self) -> int:
        """Create new deliveries, then send every due one; how many attempts were made."""
        with unit_of_work(self.sessions, write=False) as session:
            if not service.has_active_endpoints(session):
                return 0  # no write lock taken after every change when nobody listens
        with unit_of_work(self.sessions) as session:
            service.fan_out(session)
        attempts = 0
        while True:
            with unit_of_work(self.sessions) as session:
                claimed = service.claim_due(session, limit=BATCH)
            if not claimed:
                break
            for delivery in claimed:
                self._attempt(delivery)
            attempts += len(claimed)
        with unit_of_work(self.sessions, write=False) as session:
            due = service.next_due(session)
        if due is not None:
            self._schedule(due)
        return attempts

    def _schedule(self, due: datetime) -> None:
        seconds = (due - utcnow()).total_seconds()
        if seconds > 0:
            self.kick(delay=seconds)

    def _attempt(self, delivery: service.Claimed) -> None:
        outcome = self.post(delivery)
        with unit_of_work(self.sessions) as session:
            service.record_attempt(
                session,
                delivery.id,
                outcome,
                retry_base_seconds=self.settings.webhook_retry_base_seconds,
            )

    def post(self, delivery: service.Claimed) -> service.Outcome:
        """One POST of the delivery, signed now; the outcome, never an exception."""
        started = time.monotonic()

        def outcome(code: int | None, error: str | None) -> service.Outcome:
            elapsed = int((time.monotonic() - started) * 1000)
            return service.Outcome(code, elapsed, error[:ERROR_LENGTH] if error else None)

        try:
            self.check(delivery.url)
        except Invalid as exc:
            return outcome(None, exc.message)
        body = delivery.body.encode()
        secret = signing.endpoint_secret(
            self.signing_key(), delivery.endpoint_id, delivery.secret_salt
        )
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "Hiring-Event-Id": delivery.event_id,
            "Hiring-Event-Type": delivery.event_type,
            "Hiring-Signature": signing.signature(secret, int(time.time()), body),
        }
        try:
            # Streamed and never read: only the status matters, whatever the body's size.
            with httpx.stream(
                "POST",
                delivery.url,
                content=body,
                headers=headers,
                timeout=self.settings.webhook_timeout_seconds,
                follow_redirects=False,
            ) as answer:
                code = answer.status_code
        except httpx.HTTPError as exc:
            return outcome(None, f"{type(exc).__name__}: {exc}")
        if 200 <= code < 300:
            return outcome(code, None)
        return outcome(code, f"The receiver answered {code}")

    def prune(self) -> int:
        """Delete the events older than ``events_keep_days``."""
        with unit_of_work(self.sessions) as session:
            return events.prune(session, self.settings.events_keep_days)
