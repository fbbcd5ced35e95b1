"""What the API's endpoints and the portal's pages receive, as FastAPI dependencies.

``create_app`` builds every object once and keeps it on ``app.state``; this module is the
one place that reads it back (routes and pages never touch ``app.state``). The request's
unit of work (``DbSession``) lives in ``hiring.http``; endpoints that call Apollo or Claude
take the session factory (``Sessions``) instead and open short units of work around the
outside call (see ``hiring.enrichment.usecases`` and ``hiring.ranking.usecases``).
"""

from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session, sessionmaker

from hiring.config import Settings
from hiring.enrichment.client import Apollo
from hiring.enrichment.usecases import Enrichment
from hiring.http import RequestTurn
from hiring.ranking.claude import Reranker
from hiring.ranking.usecases import Recommender
from hiring.ratelimit import RateLimiter, quota_recorder
from hiring.storage import Storage
from hiring.tasks.queue import TaskQueue
from hiring.web.security import SessionCodec
from hiring.webhooks.delivery import Sender

# Plain reads of app.state: `async` so FastAPI calls them without a trip to its thread pool.


def settings_of(request: Request) -> Settings:
    """The app's settings (a plain function too, for helpers that have only the request)."""
    settings: Settings = request.app.state.settings
    return settings


async def get_settings(request: Request) -> Settings:
    return settings_of(request)


AppSettings = Annotated[Settings, Depends(get_settings)]


async def get_sessions(request: Request, _turn: RequestTurn) -> sessionmaker[Session]:
    """The session factory, for endpoints that open their own short units of work; handed out
    in the request's turn, like ``DbSession``, so a burst of such requests waits for turns on
    the event loop rather than in worker threads that the requests holding the database's
    lock or connections need to finish."""
    sessions: sessionmaker[Session] = request.app.state.sessions
    return sessions


Sessions = Annotated[sessionmaker[Session], Depends(get_sessions, scope="function")]


async def get_storage(request: Request) -> Storage:
    storage: Storage = request.app.state.storage
    return storage


AppStorage = Annotated[Storage, Depends(get_storage)]


async def upload_limit(settings: AppSettings) -> int:
    """The largest accepted upload, in bytes."""
    return settings.max_upload_mb * 1024 * 1024


UploadLimit = Annotated[int, Depends(upload_limit)]


async def get_apollo(request: Request) -> Apollo | None:
    """The configured Apollo client (None without an API key)."""
    apollo: Apollo | None = request.app.state.apollo
    return apollo


ApolloClient = Annotated[Apollo | None, Depends(get_apollo)]


async def get_queue(request: Request) -> TaskQueue:
    """The job queue (``hiring.background``)."""
    queue: TaskQueue = request.app.state.queue
    return queue


Queue = Annotated[TaskQueue, Depends(get_queue)]


async def get_webhooks(request: Request) -> Sender:
    """The webhook sender (``hiring.background.attach_webhooks``)."""
    sender: Sender = request.app.state.webhooks
    return sender


WebhookSender = Annotated[Sender, Depends(get_webhooks)]


async def get_reranker(request: Request) -> Reranker | None:
    """The configured Claude re-ranker (None without an API key)."""
    reranker: Reranker | None = request.app.state.reranker
    return reranker


ClaudeRanker = Annotated[Reranker | None, Depends(get_reranker)]


def _limiter(request: Request, name: str) -> RateLimiter:
    """The app's limiter ``name``, reporting its counts to the response's RateLimit headers."""
    limiter: RateLimiter = getattr(request.app.state, name)
    return limiter.reporting_to(quota_recorder(request.scope))


async def apply_limiter(request: Request) -> RateLimiter:
    return _limiter(request, "apply_limiter")


async def enrich_limiter(request: Request) -> RateLimiter:
    return _limiter(request, "enrich_limiter")


async def recommend_limiter(request: Request) -> RateLimiter:
    return _limiter(request, "recommend_limiter")


async def login_limiter(request: Request) -> RateLimiter:
    return _limiter(request, "login_limiter")


ApplyLimiter = Annotated[RateLimiter, Depends(apply_limiter)]
EnrichLimiter = Annotated[RateLimiter, Depends(enrich_limiter)]
RecommendLimiter = Annotated[RateLimiter, Depends(recommend_limiter)]
LoginLimiter = Annotated[RateLimiter, Depends(login_limiter)]


def client_address(request: Request) -> str | None:
    """The client's address: the connection's, or the one a trusted proxy forwarded
    (HIRING_TRUSTED_PROXIES, see ``create_app``); never a header anyone could send."""
    return request.client.host if request.client else None


async def get_client_address(request: Request) -> str | None:
    return client_address(request)


ClientAddress = Annotated[str | None, Depends(get_client_address)]


async def limit_applications(request: Request, limiter: ApplyLimiter) -> None:
    """Public applications (API and careers page): every attempt from the caller's address,
    valid or not, counts before the body is read."""
    address = client_address(request) or "unknown"
    limiter.hit(address, "Too many applications from this address; try again later")


def portal_codec(request: Request) -> SessionCodec:
    """The portal's signed-cookie sessions (a plain function too: sign-in calls it)."""
    codec: SessionCodec = request.app.state.portal_sessions
    return codec


async def enrichment(
    sessions: Sessions, apollo: ApolloClient, limiter: EnrichLimiter, settings: AppSettings
) -> Enrichment:
    return Enrichment(sessions, apollo, limiter, settings.enrich_ttl_days)


EnrichmentDep = Annotated[Enrichment, Depends(enrichment)]


async def recommender(
    sessions: Sessions, reranker: ClaudeRanker, limiter: RecommendLimiter, settings: AppSettings
) -> Recommender:
    return Recommender(
        sessions, reranker, limiter, settings.rank_shortlist, settings.rank_resume_chars
    )


RecommenderDep = Annotated[Recommender, Depends(recommender)]
