"""Scheduling as the API and the portal do it: the change, then its invite emailed (when
email is set up) once the change is committed."""

from sqlalchemy.orm import Session

from hiring.auth.models import User
from hiring.config import Settings
from hiring.interviews import mail, service
from hiring.interviews.models import Interview
from hiring.interviews.schemas import InterviewCreate, InterviewUpdate
from hiring.tasks.queue import TaskQueue


class Scheduler:
    def __init__(self, session: Session, queue: TaskQueue, settings: Settings, user: User):
        self.session = session
        self.queue = queue
        self.settings = settings
        self.user = user

    def _invite(self, interview: Interview) -> Interview:
        mail.send_later(self.session, self.queue, self.settings, interview, self.user)
        return interview

    def schedule(self, data: InterviewCreate) -> Interview:
        return self._invite(service.schedule(self.session, data, self.user))

    def update(self, interview_id: str, data: InterviewUpdate) -> Interview:
        changed = service.update(self.session, interview_id, data, self.user)
        interview = service.get_interview(self.session, interview_id)
        return self._invite(interview) if changed else interview

    def cancel(self, interview_id: str) -> Interview:
        cancelled = service.cancel(self.session, interview_id, self.user)
        interview = service.get_interview(self.session, interview_id)
        return self._invite(interview) if cancelled else interview
