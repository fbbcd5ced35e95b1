"""An interview's calendar invite (RFC 5545, by the ``icalendar`` library): one event with a
UID that never changes, a SEQUENCE bumped at each reschedule, METHOD:REQUEST while it stands
and METHOD:CANCEL with STATUS:CANCELLED once cancelled, the organizer, the interviewers and
the candidate as attendees, its time zone (with its VTIMEZONE) and its place or video link.
The interview's notes are internal and stay out of it: the candidate receives it."""

from dataclasses import dataclass
from urllib.parse import urlsplit

from icalendar import Calendar, Event, vCalAddress, vText
from sqlalchemy.orm import Session

from hiring.candidates.models import Candidate
from hiring.config import Settings
from hiring.db import utcnow
from hiring.interviews import service
from hiring.interviews.models import InterviewStatus
from hiring.interviews.schemas import InterviewOut
from hiring.interviews.times import zone
from hiring.jobs.models import Job

PRODID = "-//Hiring//Interviews//EN"
KIND_LABELS = {
    "phone_screen": "Phone screen",
    "technical": "Technical interview",
    "onsite": "Onsite interview",
    "culture": "Culture interview",
    "other": "Interview",
}


@dataclass(frozen=True)
class Invite:
    """What an invite says beyond the interview: who it is with, for what, from whom."""

    interview: InterviewOut
    candidate_name: str
    candidate_email: str | None
    job_title: str
    organizer_email: str
    uid_domain: str

    @property
    def cancelled(self) -> bool:
        return self.interview.status == InterviewStatus.cancelled

    @property
    def method(self) -> str:
        return "CANCEL" if self.cancelled else "REQUEST"

    @property
    def summary(self) -> str:
        label = KIND_LABELS[self.interview.kind.value]
        return f"{label}: {self.candidate_name} for {self.job_title}"

    def recipients(self) -> list[tuple[str, str | None]]:
        """(email, name) of everyone invited: the interviewers, then the candidate."""
        found: list[tuple[str, str | None]] = [(e, None) for e in self.interview.interviewers]
        if self.candidate_email:
            found.append((self.candidate_email, self.candidate_name))
        return found


def uid_domain(public_url: str) -> str:
    """The right-hand side of invite UIDs: the site's host, so UIDs are unique to it."""
    return urlsplit(public_url).hostname or "hiring.invalid"


def _address(email: str, name: str | None, **params: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    if name:
        address.params["CN"] = vText(name)
    address.params.update(params)
    return address


def calendar(invite: Invite) -> bytes:
    interview = invite.interview
    tz = zone(interview.timezone)
    event = Event()
    event.add("uid", f"{interview.id}@{invite.uid_domain}")
    event.add("sequence", interview.sequence)
    event.add("dtstamp", utcnow())
    event.add("dtstart", interview.starts_at.astimezone(tz))
    event.add("dtend", interview.ends_at.astimezone(tz))
    event.add("summary", invite.summary)
    event.add("status", "CANCELLED" if invite.cancelled else "CONFIRMED")
    place = interview.location or interview.video_url
    if place:
        event.add("location", place)
    if interview.video_url:
        event.add("url", interview.video_url)
        event.add("description", f"Join: {interview.video_url}")
    event.add("organizer", _address(invite.organizer_email, None))
    for email, name in invite.recipients():
        event.add(
            "attendee",
            _address(email, name, ROLE="REQ-PARTICIPANT", PARTSTAT="NEEDS-ACTION", RSVP="TRUE"),
        )
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("method", invite.method)
    cal.add_component(event)
    cal.add_missing_timezones()
    return bytes(cal.to_ical())


def load(session: Session, interview_id: str, settings: Settings) -> Invite:
    """The invite of an interview as it stands (NotFound when there is no such interview)."""
    found = service.get_interview(session, interview_id)
    interview = service.out(session, found)
    candidate = session.get_one(Candidate, found.candidate_id)
    job = session.get_one(Job, found.job_id)
    return Invite(
        interview=interview,
        candidate_name=candidate.name,
        candidate_email=candidate.email,
        job_title=job.title,
        organizer_email=interview.organizer or sender(settings),
        uid_domain=uid_domain(settings.public_url),
    )


def sender(settings: Settings) -> str:
    """Who emails come from: ``smtp_from``, or noreply@ the site's host."""
    return settings.smtp_from.strip() or f"noreply@{uid_domain(settings.public_url)}"
