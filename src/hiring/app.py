"""The application factory."""

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi_offline import FastAPIOffline
from sqlalchemy import text
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from hiring.activities.routes import router as activities_router
from hiring.applications.routes import router as applications_router
from hiring.audit.routes import router as audit_router
from hiring.auth.routes import router as auth_router
from hiring.background import attach_webhooks, build_queue
from hiring.candidates.routes import router as candidates_router
from hiring.config import Settings
from hiring.crm.routes import router as crm_router
from hiring.db import PG_REQUEST_CONNECTIONS, make_engine, make_session_factory
from hiring.enrichment.client import client_from_settings
from hiring.enrichment.routes import router as enrichment_router
from hiring.events.routes import router as events_router
from hiring.files.routes import router as files_router
from hiring.http import (
    SQLITE_WRITE_SLOTS,
    BodySizeLimit,
    ErrorEnvelope,
    Turns,
    error_response,
    install_error_handlers,
    ok,
)
from hiring.imports.routes import router as imports_router
from hiring.interviews.routes import router as interviews_router
from hiring.jobs.routes import router as jobs_router
from hiring.notes.routes import router as notes_router
from hiring.pipeline.routes import router as pipeline_router
from hiring.placements.routes import router as placements_router
from hiring.privacy.routes import router as privacy_router
from hiring.ranking import embedding
from hiring.ranking.claude import reranker_from_settings
from hiring.ranking.routes import router as ranking_router
from hiring.ratelimit import RateLimiter, RateLimitHeaders, make_counter_store
from hiring.referrals.routes import router as referrals_router
from hiring.request_checks import refuse_unknown_query_params, refuse_unstorable_text
from hiring.resumes.routes import router as resumes_router
from hiring.segments.routes import router as segments_router
from hiring.storage import make_storage
from hiring.tasks.routes import router as tasks_router
from hiring.team.routes import router as team_router
from hiring.web.routes import LOGIN_ATTEMPTS, LOGIN_WINDOW_SECONDS
from hiring.web.routes import install as install_portal
from hiring.webhooks.routes import router as webhooks_router

ROUTERS = (
    auth_router,
    team_router,
    jobs_router,
    candidates_router,
    privacy_router,
    pipeline_router,
    placements_router,
    referrals_router,
    applications_router,
    notes_router,
    activities_router,
    crm_router,
    enrichment_router,
    files_router,
    imports_router,
    interviews_router,
    resumes_router,
    ranking_router,
    segments_router,
    tasks_router,
    audit_router,
    events_router,
    webhooks_router,
)


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # The sentence model loads beside the server's start, not within the first ranking.
    threading.Thread(target=embedding.model, name="sentence-model", daemon=True).start()
    if not app.state.settings.runs_jobs_in_process:
        yield
        return
    # The embedded default: this process takes the jobs too, so `make run` needs no worker.
    consumer = app.state.queue.consumer(1, embedded=True)
    consumer.start()
    try:
        yield
    finally:
        consumer.stop(graceful=True)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for ``settings``: database, middleware, error handlers and routers.

    Every shared object (session factory, storage, outside clients, rate limiters) is built
    here once and kept on ``app.state``; endpoints receive them through ``hiring.deps``."""
    settings = settings or Settings()
    logging.basicConfig(level=settings.log_level)
    # The API docs' scripts and styles are served by the app itself (fastapi-offline ships
    # them), so /docs works on a machine without internet.
    app = FastAPIOffline(
        static_url="/docs-assets",
        lifespan=_lifespan,
        dependencies=[Depends(refuse_unstorable_text), Depends(refuse_unknown_query_params)],
        title="Hiring",
        version="0.1.0",
        description="Jobs, candidates, pipelines, placements and referrals. "
        "Send `Authorization: Bearer <token>` to every endpoint not marked public. "
        "Text anywhere (query, JSON, form fields) may not contain NUL characters or lone UTF-16 "
        "surrogates: 422 naming the field. Request bodies have a size limit in bytes: 413.",
    )
    app.state.settings = settings
    app.state.engine = make_engine(
        settings.database_url,
        busy_timeout_seconds=settings.write_wait_seconds,
        count_exact_up_to=settings.count_exact_up_to,
    )
    app.state.sessions = make_session_factory(
        app.state.engine, phone_region=app.state.settings.phone_region
    )
    sqlite = settings.is_sqlite
    app.state.turns = Turns(
        writes=SQLITE_WRITE_SLOTS if sqlite else None,
        connections=None if sqlite else PG_REQUEST_CONNECTIONS,
        wait_seconds=settings.write_wait_seconds,
    )
    app.state.storage = make_storage(settings)
    limits = make_counter_store(settings.rate_limit_storage_url, settings.rate_limit_key_prefix)
    app.state.rate_limits = limits
    app.state.apply_limiter = RateLimiter("apply", settings.public_apply_per_minute, 60, limits)
    app.state.enrich_limiter = RateLimiter("enrich", settings.enrich_per_minute, 60, limits)
    app.state.apollo = client_from_settings(settings)
    app.state.recommend_limiter = RateLimiter(
        "recommend", settings.recommend_per_minute, 60, limits
    )
    app.state.login_limiter = RateLimiter("login", LOGIN_ATTEMPTS, LOGIN_WINDOW_SECONDS, limits)
    app.state.reranker = reranker_from_settings(settings)
    app.state.queue = build_queue(settings, app.state.sessions, app.state.apollo)
    app.state.webhooks = attach_webhooks(settings, app.state.sessions, app.state.queue)

    install_error_handlers(app)
    if settings.trusted_proxy_list():
        # The client's address (rate limits, the sign-in log) comes from X-Forwarded-For only
        # when the request comes from a listed proxy; anyone else could name any address.
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxy_list())
    app.add_middleware(RateLimitHeaders)
    app.add_middleware(
        BodySizeLimit,
        json_limit=settings.max_json_body_kb * 1024,
        upload_limit=settings.max_upload_mb * 1024 * 1024,
    )
    for router in ROUTERS:
        app.include_router(router)
    install_portal(app, settings)

    @app.get("/healthz", tags=["health"], responses={503: {"model": ErrorEnvelope}})
    def health() -> object:
        """Public liveness check: is the database answering?"""
        try:
            with app.state.engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        except Exception:
            return error_response(503, "unavailable", "The database is not answering")
        return ok({"database": "ok"})

    return app
