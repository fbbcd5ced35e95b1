"""The admin portal's sign-in and dashboard, and the router that gathers every portal page."""

from datetime import timedelta

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from sqlalchemy.orm import Session, sessionmaker

from hiring.audit import service as audit
from hiring.auth.models import User
from hiring.auth.service import authenticate_password, get_user_by_email
from hiring.config import Settings
from hiring.dashboard import service as dashboard_figures
from hiring.db import unit_of_work, utcnow
from hiring.deps import LoginLimiter, Sessions, client_address
from hiring.errors import RateLimited
from hiring.http import DbSession
from hiring.web import (
    account,
    audit_log,
    bulk,
    candidate_new,
    candidates,
    careers,
    feeds,
    files,
    home,
    imports,
    interviews,
    jobs,
    merge,
    notes,
    privacy,
    records,
    retention,
    segments,
    set_password,
    stats,
    tasks,
    team,
    webhooks,
)
from hiring.web.deps import Form, PortalUser, RawForm, codec
from hiring.web.head import HeadWithoutBody
from hiring.web.render import STATIC_DIR, install_page_errors, render, safe_next
from hiring.web.security import (
    CSRF_FIELD,
    SecurityHeaders,
    SessionCodec,
    check_secret,
    csrf_matches,
    new_session,
    resolve_secret,
)

LOGIN_ATTEMPTS = 20
LOGIN_WINDOW_SECONDS = 15 * 60

router = APIRouter(prefix="/admin", include_in_schema=False)


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


def _login_page(
    request: Request,
    *,
    email: str = "",
    error: str | None = None,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    """The form with a fresh anonymous session, so its CSRF token is always current."""
    portal = codec(request).read(request)
    if portal is None or portal.user_id is not None:
        portal = new_session()
    context = {
        "csrf": portal.csrf,
        "email": email,
        "error": error,
        "next": safe_next(request.query_params.get("next")),
    }
    response = render(request, "admin/login.html", context, status=status, headers=headers)
    codec(request).write(request, response, portal)
    return response


@router.get("/login")
def login_form(request: Request) -> Response:
    portal = codec(request).read(request)
    if portal is not None and portal.user_id is not None:
        return see_other("/admin")
    return _login_page(request)


@router.post("/login")
def login(request: Request, sessions: Sessions, form: RawForm, limiter: LoginLimiter) -> Response:
    email = str(form.get("email") or "").strip()[:320]
    password = str(form.get("password") or "")[:1000]
    if not csrf_matches(codec(request).read(request), str(form.get(CSRF_FIELD) or "")):
        return _login_page(
            request, email=email, error="The form expired. Please try again.", status=403
        )
    ip = client_address(request)
    key = f"{ip or 'unknown'}|{email.lower()}"
    try:
        # Once blocked, not even the right password gets in: guessing must not go on.
        limiter.check(key)
        with unit_of_work(sessions, write=False) as session:
            user = authenticate_password(session, email, password)
        if user is None:
            limiter.hit(key)
    except RateLimited as exc:
        _log_sign_in(sessions, None, email, ip, reason="rate_limited")
        return _login_page(
            request,
            email=email,
            error="Too many sign-in attempts. Wait a few minutes and try again.",
            status=429,
            headers={"Retry-After": str(exc.retry_after)},
        )
    _log_sign_in(sessions, user, email, ip, reason="refused")
    if user is None:
        return _login_page(request, email=email, error="Wrong email or password.", status=401)
    response = see_other(safe_next(str(form.get("next") or "")))
    # A new CSRF token with the new identity: nothing from before sign-in carries over.
    codec(request).write(request, response, new_session(user.id, user.session_version))
    return response


def _log_sign_in(
    sessions: sessionmaker[Session], user: User | None, login: str, ip: str | None, reason: str
) -> None:
    """The sign-in in the audit log, in a short unit of work of its own: a refused one is
    kept although the request fails. A refusal names the account tried when it is a user's;
    other text typed as a login is not kept (it could be anyone's address)."""
    with unit_of_work(sessions) as session:
        if user is not None:
            audit.record(
                session, audit.SIGN_IN, actor=user, target_type="user", target_id=user.id, ip=ip
            )
            return
        tried = get_user_by_email(session, login) if login else None
        audit.record(
            session,
            audit.SIGN_IN_FAILED,
            actor=None,
            label=tried.email if tried else None,
            target_type="user" if tried else None,
            target_id=tried.id if tried else None,
            ip=ip,
            details={"reason": reason if tried else "unknown_login"},
        )


@router.post("/logout")
def logout(request: Request, _user: PortalUser, _form: Form) -> Response:
    response = see_other("/admin/login")
    codec(request).clear(request, response)
    return response


@router.get("")
def dashboard(request: Request, session: DbSession, user: PortalUser) -> Response:
    jobs_open, jobs_open_total = dashboard_figures.open_jobs(session)
    weeks = dashboard_figures.weekly_applications(session)
    week_ago = utcnow() - timedelta(days=7)
    context = {
        "active": "dashboard",
        "open_jobs": jobs_open,
        "open_jobs_total": jobs_open_total,
        "stages": dashboard_figures.stages_in_open_jobs(session),
        "new_this_week": dashboard_figures.new_candidates_since(session, week_ago),
        "week_ago": week_ago.date().isoformat(),
        "recent": dashboard_figures.recent_activity(session),
        "chart": stats.bar_chart(weeks),
    }
    return render(request, "admin/dashboard.html", context)


router.include_router(jobs.router)
# Before the candidates' routes: `/candidates/bulk` and `/candidates/enrich-all` are not
# candidates' ids.
router.include_router(bulk.router)
router.include_router(tasks.router)
# Before the candidate pages: `/candidates/new` is not a candidate's id.
router.include_router(candidate_new.router)
router.include_router(candidates.router)
router.include_router(merge.router)
router.include_router(privacy.router)
router.include_router(notes.router)
router.include_router(interviews.router)
router.include_router(segments.router)
router.include_router(files.router)
router.include_router(records.router)
router.include_router(audit_log.router)
router.include_router(retention.router)
router.include_router(set_password.router)
router.include_router(team.router)
router.include_router(imports.router)
router.include_router(webhooks.router)
router.include_router(account.router)


def install(app: FastAPI, settings: Settings) -> None:
    """Serve the portal, the careers page and their static files from ``app``."""
    hours = settings.session_hours
    check_secret(settings)
    app.state.portal_sessions = SessionCodec(lambda: resolve_secret(settings), hours * 3600)
    install_page_errors(app)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(HeadWithoutBody)
    app.include_router(home.router)
    app.include_router(router)
    # Before the careers router: /careers/feed.xml is no job's page.
    app.include_router(feeds.router)
    app.include_router(careers.router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
