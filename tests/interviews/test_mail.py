"""Invites by email: to a local SMTP server that requires STARTTLS and a login, on a
certificate made for the test (trusted through SSL_CERT_FILE, as an operator would)."""

import socket
import ssl
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, Envelope, LoginPassword, Session
from fastapi.testclient import TestClient

from tests.conftest import FreshApp
from tests.factories import make_candidate
from tests.interviews.conftest import ADMIN, VIEWER, activity_types, schedule

USER, PASSWORD = "mailer", "s3cret/pw"


@dataclass
class Inbox:
    """What the server received: one message per recipient."""

    messages: list[EmailMessage] = field(default_factory=list)

    async def handle_DATA(self, _server: SMTP, _session: Session, envelope: Envelope) -> str:
        assert isinstance(envelope.content, bytes)
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        return "250 OK"

    def invites(self) -> list[tuple[str, str]]:
        """(recipient, the attached calendar's text) of each message."""
        found = []
        for message in self.messages:
            [calendar] = [
                p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"
            ]
            found.append((str(message["To"]), calendar.get_content()))
        return found


def _login(
    _server: SMTP, _session: Session, _envelope: Envelope, _mechanism: str, data: Any
) -> AuthResult:
    ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
        USER.encode(),
        PASSWORD.encode(),
    )
    return AuthResult(success=ok)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Inbox, int]]:
    authority = trustme.CA()
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(tls)
    ca_file = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))
    inbox = Inbox()
    port = _free_port()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=tls,
        require_starttls=True,
        auth_required=True,
        authenticator=_login,
    )
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def _mail_app(fresh_app: Callable[..., FreshApp], port: int) -> FreshApp:
    return fresh_app(
        smtp_url=f"smtp://{USER}:{PASSWORD.replace('/', '%2F')}@127.0.0.1:{port}",
        smtp_from="hiring@example.com",
    )


def test_scheduling_rescheduling_and_cancelling_email_the_invite(
    fresh_app: Callable[..., FreshApp], smtp_server: tuple[Inbox, int]
) -> None:
    inbox, port = smtp_server
    built = _mail_app(fresh_app, port)
    client = built.client("recruiter")
    candidate = make_candidate(client, email="ada.quill@example.org")
    interview = schedule(client, candidate_id=candidate["id"], interviewers=[VIEWER, ADMIN])
    sent = inbox.invites()
    assert sorted(to for to, _ics in sent) == sorted([VIEWER, ADMIN, "ada.quill@example.org"])
    for _to, ics in sent:
        assert "METHOD:REQUEST" in ics and f"UID:{interview['id']}@" in ics
        assert "SEQUENCE:0" in ics
    assert inbox.messages[0]["From"] == "hiring@example.com"
    assert activity_types(client, candidate["id"]).count("invite_emailed") == 3

    client.patch(
        f"/api/interviews/{interview['id']}",
        json={"starts_at": "2030-06-04T09:00:00", "ends_at": "2030-06-04T10:00:00"},
    )
    assert ["SEQUENCE:1" in ics for _to, ics in inbox.invites()[3:]] == [True] * 3
    client.post(f"/api/interviews/{interview['id']}/cancel")
    cancellations = inbox.invites()[6:]
    assert len(cancellations) == 3
    assert all("METHOD:CANCEL" in ics and "STATUS:CANCELLED" in ics for _to, ics in cancellations)


def test_a_mail_server_that_is_down_fails_no_request(
    fresh_app: Callable[..., FreshApp], caplog: pytest.LogCaptureFixture
) -> None:
    built = fresh_app(smtp_url=f"smtp://127.0.0.1:{_free_port()}", task_retries=2)
    client = built.client("recruiter")
    interview = schedule(client)
    assert client.get(f"/api/interviews/{interview['id']}").status_code == 200
    [task] = client.get("/api/tasks").json()["data"]
    assert (task["kind"], task["status"], task["attempts"]) == (
        "send_interview_invite",
        "failed",
        3,
    )
    assert "invite_emailed" not in activity_types(client, interview["candidate_id"])
    assert "Unhandled exception in task" in caplog.text


def test_without_a_mail_server_nothing_is_emailed(recruiter: TestClient) -> None:
    interview = schedule(recruiter)
    assert recruiter.get("/api/tasks").json()["total"] == 0
    assert "invite_emailed" not in activity_types(recruiter, interview["candidate_id"])
