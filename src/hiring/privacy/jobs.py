"""The daily retention run, scheduled on every replica's job consumer and run by one: the
replica that claims the day's run in the database (``tasks.periodic``)."""

import logging
from datetime import timedelta

from sqlalchemy.orm import Session, sessionmaker

from hiring.config import Settings
from hiring.db import unit_of_work
from hiring.privacy.retention import erase_due
from hiring.storage import Storage
from hiring.tasks import periodic

log = logging.getLogger("hiring.privacy")

DAILY_RETENTION = "hiring.retention"
# The schedulers check hourly; a run is claimed at most once a day (less a margin, so the
# hour of the run does not drift later from day to day).
CLAIM_EVERY = timedelta(days=1) - timedelta(minutes=5)


class DailyRetention:
    def __init__(self, sessions: sessionmaker[Session], storage: Storage, settings: Settings):
        self.sessions = sessions
        self.storage = storage
        self.months = settings.retention_months

    def __call__(self) -> list[str] | None:
        """Erase the candidates due, when retention is on and this replica claims today's
        run; returns their ids, or None when it did not run."""
        if not self.months:
            return None
        with unit_of_work(self.sessions) as session:
            claimed = periodic.claim(session, DAILY_RETENTION, CLAIM_EVERY)
        if not claimed:
            return None
        erased = erase_due(self.sessions, self.storage, self.months)
        log.info("Retention run: %d candidates erased", len(erased))
        return erased
