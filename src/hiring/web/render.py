"""Templates, the portal's navigation, and HTML error pages for the portal and careers pages."""

import inspect
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_timedelta
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from hiring.errors import HiringError, Unauthorized

HERE = Path(__file__).parent
STATIC_DIR = HERE / "static"
PAGE_PREFIXES = ("/admin", "/careers")

templates = Jinja2Templates(directory=HERE / "templates")


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str
    href: str
    admin_only: bool = False
    # Shown only to those who may change hiring data (recruiters and admins).
    writers_only: bool = False


# The portal's sections, in menu order; each new section adds its entry here.
NAV: list[NavItem] = [
    NavItem("dashboard", "Dashboard", "/admin"),
    NavItem("jobs", "Jobs", "/admin/jobs"),
    NavItem("candidates", "Candidates", "/admin/candidates"),
    NavItem("interviews", "My interviews", "/admin/interviews"),
    NavItem("segments", "Segments", "/admin/segments"),
    NavItem("placements", "Placements", "/admin/placements"),
    NavItem("referrals", "Referrals", "/admin/referrals"),
    NavItem("tasks", "Tasks", "/admin/tasks"),
    NavItem("imports", "Import", "/admin/imports", writers_only=True),
    NavItem("team", "Team", "/admin/team", admin_only=True),
    NavItem("webhooks", "Webhooks", "/admin/webhooks", admin_only=True),
    NavItem("audit", "Audit log", "/admin/audit-log", admin_only=True),
]


def _label(value: object) -> str:
    """``full_time`` → ``Full time``: enum values as people read them."""
    text = str(value or "").replace("_", " ")
    return text[:1].upper() + text[1:]


def _ago(value: datetime | None) -> str:
    if value is None:
        return ""
    seconds = int((datetime.now(UTC) - value).total_seconds())
    for size, unit in ((86400 * 365, "y"), (86400 * 30, "mo"), (86400, "d"), (3600, "h")):
        if seconds >= size:
            return f"{seconds // size}{unit} ago"
    return f"{max(seconds // 60, 0)}m ago" if seconds >= 60 else "just now"


# Dates are written the way the reader's browser asks (Accept-Language); British English when
# it names no locale Babel knows.
DEFAULT_LOCALE = Locale("en", "GB")
MAX_LANGUAGES = 8


@lru_cache(maxsize=256)
def reader_locale(accept_language: str) -> Locale:
    """The first locale of an Accept-Language header that Babel knows."""
    for part in accept_language[:200].split(",")[:MAX_LANGUAGES]:
        tag = part.split(";")[0].strip().replace("-", "_")
        if not tag or tag == "*":
            continue
        try:
            return Locale.parse(tag)
        except (ValueError, UnknownLocaleError):
            continue
    return DEFAULT_LOCALE


def _context_locale(context: Context) -> Locale:
    request = context.get("request")
    return reader_locale(request.headers.get("accept-language", "") if request else "")


@pass_context
def _date(context: Context, value: date | None) -> str:
    """A day in the reader's locale's medium form: ``4 Dec 2026``, ``Dec 4, 2026``,
    ``04.12.2026``; the same for every date of every page."""
    if value is None:
        return ""
    return format_date(value, format="medium", locale=_context_locale(context))


@pass_context
def _duration(context: Context, since: datetime) -> str:
    """How long ago ``since`` was, as a length of time in the reader's language: ``3 days``."""
    elapsed = max(datetime.now(UTC) - since, timedelta(minutes=1))
    return format_timedelta(elapsed, locale=_context_locale(context))


def _json_ld(value: Any) -> Markup:
    """JSON for a ``<script type="application/ld+json">`` block that cannot close the tag."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text)


def count_text(count: int, exact: bool = True) -> str:
    """A count for people: ``12,345``, or an estimate rounded (``about 1.2M``)."""
    if exact:
        return f"{count:,}"
    if count >= 1_000_000:
        return f"about {count / 1_000_000:.1f}M"
    if count >= 10_000:
        return f"about {round(count / 1_000):,}k"
    return f"about {count:,}"


def with_query(request: Request, **changes: object) -> str:
    """This page's address with some query parameters changed (None removes one)."""
    params = dict(request.query_params)
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    return request.url.path + ("?" + urlencode(params) if params else "")


@dataclass(frozen=True)
class Pager:
    page: int
    size: int
    total: int
    # False when ``total`` is an estimate (PostgreSQL, many matches).
    exact: bool = True

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first_row(self) -> int:
        return self.offset + 1 if self.total else 0

    @property
    def last_row(self) -> int:
        return min(self.offset + self.size, self.total)


def safe_next(target: object, default: str = "/admin") -> str:
    """Only our own portal pages are valid places to send the browser back to."""
    if (
        isinstance(target, str)
        and target.startswith("/admin")
        and not target.startswith("/admin/login")
        and "\\" not in target
    ):
        return target
    return default


def page_number(request: Request) -> int:
    raw = request.query_params.get("page", "1")
    return min(int(raw), 100_000) if raw.isdigit() and int(raw) > 0 else 1


templates.env.filters.update(
    label=_label, ago=_ago, date=_date, duration=_duration, json_ld=_json_ld, count_text=count_text
)
templates.env.globals.update(nav=NAV, with_query=with_query)


def render(
    request: Request,
    name: str,
    context: dict[str, Any] | None = None,
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
) -> Response:
    return templates.TemplateResponse(
        request, name, context or {}, status_code=status, headers=headers
    )


def wants_html(request: Request) -> bool:
    return request.url.path.startswith(PAGE_PREFIXES) and not request.headers.get(
        "accept", ""
    ).startswith("application/json")


class LoginRequired(Exception):
    """No valid portal session: pages send the browser to the login form."""


ERROR_TITLES = {
    400: "Bad request",
    401: "Please sign in",
    403: "Not allowed",
    404: "Not found",
    405: "Not allowed",
    410: "Link no longer valid",
    413: "Too large",
    422: "Invalid request",
    429: "Too many requests",
    500: "Something went wrong",
}

Handler = Callable[[Request, Any], Response | Awaitable[Response]]


async def _call(handler: Handler, request: Request, exc: Exception) -> Response:
    result = handler(request, exc)
    return await result if inspect.isawaitable(result) else result


def _error_page(
    request: Request, status: int, message: str, headers: dict[str, str] | None = None
) -> Response:
    title = ERROR_TITLES.get(status, "Error")
    context = {"title": title, "message": message, "status": status}
    return render(request, "error.html", context, status=status, headers=headers)


def _message(response: Response) -> str:
    """The message of an error envelope."""
    try:
        return str(json.loads(bytes(response.body))["error"]["message"])
    except (ValueError, KeyError, TypeError):
        return ""


def _html_or(original: Handler) -> Handler:
    """The app's own handler decides status and message; pages show them as HTML."""

    async def handle(request: Request, exc: Exception) -> Response:
        response = await _call(original, request, exc)
        if not wants_html(request):
            return response
        status = response.status_code
        if isinstance(exc, StarletteHTTPException) and status == 404:
            message = "This page does not exist."
        elif isinstance(exc, RequestValidationError):
            message = "The address has an invalid value."
        elif status >= 500:
            message = "Please try again in a moment."
        else:
            message = _message(response)
        kept = {k: v for k, v in response.headers.items() if k in ("retry-after", "allow")}
        return _error_page(request, status, message, kept or None)

    return handle


def install_page_errors(app: FastAPI) -> None:
    """Errors on portal and careers pages render as HTML pages; the API keeps its envelope.

    Call after every other error handler is installed: each one is wrapped."""
    for kind, handler in list(app.exception_handlers.items()):
        app.exception_handlers[kind] = _html_or(handler)

    @app.exception_handler(LoginRequired)
    async def _login(request: Request, _exc: LoginRequired) -> Response:
        if not wants_html(request):
            unauthorized = Unauthorized("Sign in to the portal first")
            return await _call(app.exception_handlers[HiringError], request, unauthorized)
        target = request.url.path
        if request.url.query:
            target += "?" + request.url.query
        wanted = request.method == "GET" and target != "/admin"
        next_param = "?" + urlencode({"next": target}) if wanted else ""
        return RedirectResponse(f"/admin/login{next_param}", status_code=303)
