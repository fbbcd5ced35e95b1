"""Emailing interview invites (``smtp_url``), as a background job so that a mail server that
is down fails no request: the job is retried with backoff and its failures are logged.

Each person gets a message of their own with the invite attached; the job's bookmark is the
last one sent, so a retry goes on with the next person, and each email sent is an activity
on the candidate, written with the bookmark. A job whose interview changed again before it
ran leaves the sending to the newer job (it carries the newer SEQUENCE)."""

import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from hiring.activities import service as activities
from hiring.auth.models import User
from hiring.config import Settings
from hiring.db import unit_of_work
from hiring.errors import HiringError, NotFound
from hiring.interviews import invites
from hiring.interviews.models import Interview
from hiring.owners import Owner
from hiring.tasks import service as tasks
from hiring.tasks.queue import Job, TaskQueue

log = logging.getLogger(__name__)

SEND_INVITE = "send_interview_invite"
SMTP_TIMEOUT_SECONDS = 30


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    implicit_tls: bool
    username: str | None
    password: str | None

    @classmethod
    def of(cls, url: str) -> "SmtpServer":
        parts = urlsplit(url)
        implicit = parts.scheme == "smtps"
        return cls(
            host=parts.hostname or "",
            port=parts.port or (465 if implicit else 587),
            implicit_tls=implicit,
            username=unquote(parts.username) if parts.username else None,
            password=unquote(parts.password) if parts.password is not None else None,
        )

    def send(self, message: EmailMessage) -> None:
        """Send over TLS: implicit (smtps) or STARTTLS, which is required (never plain text)."""
        context = ssl.create_default_context()
        client: smtplib.SMTP
        if self.implicit_tls:
            client = smtplib.SMTP_SSL(
                self.host, self.port, timeout=SMTP_TIMEOUT_SECONDS, context=context
            )
        else:
            client = smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT_SECONDS)
        with client:
            if not self.implicit_tls:
                client.starttls(context=context)
            if self.username:
                client.login(self.username, self.password or "")
            client.send_message(message)


def _message(invite: invites.Invite, ics: bytes, to: str, sender: str) -> EmailMessage:
    interview = invite.interview
    verb = "Cancelled" if invite.cancelled else ("Updated" if interview.sequence else "Invitation")
    local = interview.local_starts_at
    message = EmailMessage()
    # One line: a header never carries a line break from a title or a name.
    message["Subject"] = " ".join(f"{verb}: {invite.summary}".split())
    message["From"] = sender
    message["To"] = to
    lines = [
        f"{invite.summary}",
        f"When: {local:%A %d %B %Y, %H:%M} ({interview.timezone})",
    ]
    if interview.location:
        lines.append(f"Where: {interview.location}")
    if interview.video_url:
        lines.append(f"Video: {interview.video_url}")
    if invite.cancelled:
        lines.append("This interview is cancelled.")
    message.set_content("\n".join(lines) + "\n")
    message.add_attachment(
        ics,
        maintype="text",
        subtype="calendar",
        filename="invite.ics",
        params={"method": invite.method},
    )
    return message


@dataclass(frozen=True)
class InviteMailer:
    """The job that emails one version (SEQUENCE) of an interview's invite."""

    sessions: sessionmaker[Session]
    settings: Settings

    def __call__(self, job: Job) -> None:
        interview_id = str(job.params["interview_id"])
        sequence = int(str(job.params["sequence"]))
        with unit_of_work(self.sessions, write=False) as session:
            try:
                invite = invites.load(session, interview_id, self.settings)
            except NotFound:
                log.info("Interview %s is gone: its invite is not sent", interview_id)
                return
        if invite.interview.sequence != sequence:
            log.info("Interview %s changed again: the newer invite is sent", interview_id)
            return
        ics = invites.calendar(invite)
        server = SmtpServer.of(self.settings.smtp_url.get_secret_value())
        sender = invites.sender(self.settings)
        done = -1 if job.cursor is None else int(job.cursor)
        for index, (email, _name) in enumerate(invite.recipients()):
            if index <= done:
                continue
            server.send(_message(invite, ics, email, sender))
            with unit_of_work(self.sessions) as session:
                tasks.advance(session, job.id, {"sent": 1}, str(index))
                activities.log(
                    session,
                    Owner.candidate(invite.interview.candidate_id),
                    "invite_emailed",
                    f"Interview invite emailed to {email}",
                    actor=None,
                    data={"interview_id": interview_id, "sequence": sequence},
                )


def send_later(
    session: Session, queue: TaskQueue, settings: Settings, interview: Interview, user: User
) -> None:
    """With ``smtp_url`` set, email the interview's invite as it now stands to everyone on
    it, from a job queued once the request's transaction has committed; a queue that does
    not answer then is logged and fails nothing (the ``.ics`` stays downloadable)."""
    if not settings.smtp_url.get_secret_value():
        return
    params = {"interview_id": interview.id, "sequence": interview.sequence}
    task = tasks.create_task(session, SEND_INVITE, params, user)
    task_id = task.id

    def enqueue(_session: Session) -> None:
        try:
            queue.enqueue(task_id)
        except HiringError:
            log.exception("The invite of interview %s could not be queued", params["interview_id"])

    event.listen(session, "after_commit", enqueue, once=True)
