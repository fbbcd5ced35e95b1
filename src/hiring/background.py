"""The job queue with every kind of job registered: the server and `hiring worker` build
the same one, so whatever one queues the other can run."""

from sqlalchemy.orm import Session, sessionmaker

from hiring.config import Settings
from hiring.enrichment.client import Apollo
from hiring.enrichment.jobs import ENRICH_ALL, EnrichAll
from hiring.imports.jobs import IMPORT_CANDIDATES, Importer
from hiring.interviews.mail import SEND_INVITE, InviteMailer
from hiring.storage import make_storage
from hiring.tasks.queue import Handler, TaskQueue


def build_queue(
    settings: Settings, sessions: sessionmaker[Session], apollo: Apollo | None
) -> TaskQueue:
    handlers: dict[str, Handler] = {
        ENRICH_ALL: EnrichAll(sessions, apollo, settings.enrich_ttl_days),
        IMPORT_CANDIDATES: Importer(sessions, make_storage(settings), settings),
        SEND_INVITE: InviteMailer(sessions, settings),
    }
    return TaskQueue(settings, sessions, handlers)
