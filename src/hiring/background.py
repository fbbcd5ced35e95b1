"""The job queue with every kind of job (and the webhook sender) registered, and the scheduled
ones (retrying failed object deletions every five minutes; the retention run, claimed once a day
by one replica; embedding changed candidates, claimed once a minute): the server and `hiring
worker` build the same one, so whatever one queues the other can run."""

from huey import crontab
from sqlalchemy.orm import Session, sessionmaker

from hiring.config import Settings
from hiring.enrichment.client import Apollo
from hiring.enrichment.jobs import ENRICH_ALL, EnrichAll
from hiring.files.deletions import RETRY_DELETIONS, DeletionRetry
from hiring.imports.jobs import IMPORT_CANDIDATES, Importer
from hiring.interviews.mail import SEND_INVITE, InviteMailer
from hiring.privacy.jobs import DAILY_RETENTION, DailyRetention
from hiring.ranking.embeddings import EMBED_CHANGED, EmbedChanged
from hiring.storage import make_storage
from hiring.tasks.queue import Handler, TaskQueue
from hiring.web.security import resolve_secret
from hiring.webhooks.delivery import Sender


def build_queue(
    settings: Settings, sessions: sessionmaker[Session], apollo: Apollo | None
) -> TaskQueue:
    storage = make_storage(settings)
    handlers: dict[str, Handler] = {
        ENRICH_ALL: EnrichAll(sessions, apollo, settings.enrich_ttl_days),
        IMPORT_CANDIDATES: Importer(sessions, storage, settings),
        SEND_INVITE: InviteMailer(sessions, settings),
    }
    queue = TaskQueue(settings, sessions, handlers)
    queue.schedule(RETRY_DELETIONS, crontab(minute="*/5"), DeletionRetry(sessions, storage))
    queue.schedule(
        DAILY_RETENTION, crontab(minute="17"), DailyRetention(sessions, storage, settings)
    )
    # Candidates whose text changed get their embeddings, claimed by one replica a minute.
    queue.schedule(EMBED_CHANGED, crontab(minute="*"), EmbedChanged(sessions))
    return queue


def attach_webhooks(
    settings: Settings, sessions: sessionmaker[Session], queue: TaskQueue
) -> Sender:
    """The webhook sender, its tasks registered on ``queue`` (the server and `hiring worker`
    alike), told after each commit that wrote events."""
    sender = Sender(settings, sessions, lambda: resolve_secret(settings))
    sender.attach(queue)
    return sender
