"""Portal sessions in a signed cookie, CSRF tokens, the secret key and HTML security headers."""

import hmac
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from itsdangerous import BadSignature, URLSafeTimedSerializer
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from hiring.config import Settings

COOKIE_NAME = "hiring_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
MIN_SECRET_LENGTH = 32
PLACEHOLDER_SECRETS = {"changeme", "change-me", "change_me", "secret", "please-change-me"}

# Pages of our own: no inline script, nothing framed, nothing loaded from elsewhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
)
HTML_PREFIXES = ("/admin", "/careers", "/static")


class InsecureSecret(RuntimeError):
    """The configured secret key would let anyone forge portal sessions."""


def check_secret(settings: Settings) -> None:
    """Refuse, at start-up, a short or placeholder key outside the embedded default (SQLite)."""
    configured = settings.secret_key.get_secret_value().strip()
    weak = configured.lower() in PLACEHOLDER_SECRETS or len(configured) < MIN_SECRET_LENGTH
    if configured and weak and not settings.is_sqlite:
        raise InsecureSecret(
            f"HIRING_SECRET_KEY must be a random value of at least {MIN_SECRET_LENGTH} "
            "characters (or empty, to generate one)"
        )


def resolve_secret(settings: Settings) -> str:
    """The key that signs sessions: the setting, or one generated once and kept on disk."""
    check_secret(settings)
    configured = settings.secret_key.get_secret_value().strip()
    if configured:
        return configured
    db_path = settings.sqlite_path()
    folder = db_path.parent if db_path else Path("var")
    return _stored_secret(folder / "secret_key")


def _stored_secret(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        # O_EXCL: of several workers starting at once, one writes and the others read it.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


@dataclass(frozen=True)
class PortalSession:
    """What the cookie carries: the CSRF token, and the user once logged in with their
    session version then (a cookie of an older version signs no one in)."""

    csrf: str
    user_id: str | None = None
    version: int = 0


class SessionCodec:
    """Signs and reads the session cookie; a cookie older than ``max_age`` is no session.

    ``secret`` may be a function: it is then called once, on the first portal request, so an
    app that never serves the portal never writes a key file.
    """

    def __init__(self, secret: str | Callable[[], str], max_age_seconds: int) -> None:
        self._secret = secret
        self.max_age = max_age_seconds

    @cached_property
    def serializer(self) -> URLSafeTimedSerializer:
        secret = self._secret if isinstance(self._secret, str) else self._secret()
        return URLSafeTimedSerializer(secret, salt="hiring.portal.session")

    def read(self, request: Request) -> PortalSession | None:
        raw = request.cookies.get(COOKIE_NAME)
        if not raw or len(raw) > 4096:
            return None
        try:
            data = self.serializer.loads(raw, max_age=self.max_age)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("csrf"), str):
            return None
        user_id = data.get("uid")
        version = data.get("sv", 0)
        return PortalSession(
            csrf=data["csrf"],
            user_id=user_id if isinstance(user_id, str) else None,
            version=version if type(version) is int else -1,
        )

    def write(self, request: Request, response: Response, session: PortalSession) -> None:
        value = self.serializer.dumps(
            {"csrf": session.csrf, "uid": session.user_id, "sv": session.version}
        )
        response.set_cookie(
            COOKIE_NAME,
            value,
            max_age=self.max_age,
            path="/",
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )

    def clear(self, request: Request, response: Response) -> None:
        response.delete_cookie(
            COOKIE_NAME,
            path="/",
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
        )


def new_session(user_id: str | None = None, version: int = 0) -> PortalSession:
    return PortalSession(csrf=secrets.token_urlsafe(32), user_id=user_id, version=version)


def csrf_matches(session: PortalSession | None, sent: str | None) -> bool:
    if session is None or not sent:
        return False
    return hmac.compare_digest(session.csrf.encode(), sent.encode())


class SecurityHeaders:
    """Adds the browser protections to our HTML pages and static files.

    The API's JSON answers and the API docs are left as they are (the docs page loads its
    own scripts); CORS is never enabled, so other sites cannot read any answer.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not (path == "/" or path.startswith(HTML_PREFIXES)):
            await self.app(scope, receive, send)
            return
        private = scope["path"].startswith("/admin")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers += [
                    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"same-origin"),
                    (b"x-frame-options", b"DENY"),
                ]
                if private:
                    headers.append((b"cache-control", b"no-store"))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)
