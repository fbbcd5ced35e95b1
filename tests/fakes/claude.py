"""A fake Claude Messages API on 127.0.0.1: its wire format, scriptable answers, and a record
of what it received."""

import json
import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

API_KEY = "test-claude-key"
CANDIDATE_ID = re.compile(r'"candidate_id": "([^"]+)"')


@dataclass
class Scripted:
    """One answer to give instead of the normal one: a status, headers, a raw body, a delay."""

    status: int = 200
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: Any

    @property
    def api_key(self) -> str | None:
        """The key sent: in ``x-api-key`` (the documented header) or as a bearer token (what
        recent SDK releases send)."""
        bearer = self.headers.get("authorization", "")
        return self.headers.get("x-api-key") or bearer.removeprefix("Bearer ") or None

    @property
    def prompt(self) -> str:
        """The text of the user message."""
        content = self.body["messages"][0]["content"]
        return content if isinstance(content, str) else content[0]["text"]

    @property
    def candidate_ids(self) -> list[str]:
        return CANDIDATE_ID.findall(self.prompt)


def message(content: list[dict[str, Any]], stop_reason: str = "tool_use") -> dict[str, Any]:
    return {
        "id": "msg_01fake",
        "type": "message",
        "role": "assistant",
        "model": "claude-sonnet-5",
        "content": content,
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {"input_tokens": 1234, "output_tokens": 321},
    }


def tool_answer(rankings: object, name: str = "submit_rankings") -> Scripted:
    block = {
        "type": "tool_use",
        "id": "toolu_01fake",
        "name": name,
        "input": {"rankings": rankings},
    }
    return Scripted(body=json.dumps(message([block])).encode())


def text_answer(text: str) -> Scripted:
    body = message([{"type": "text", "text": text}], stop_reason="end_turn")
    return Scripted(body=json.dumps(body).encode())


def error_answer(status: int, kind: str, text: str, **headers: str) -> Scripted:
    body = {"type": "error", "error": {"type": kind, "message": text}}
    return Scripted(status=status, body=json.dumps(body).encode(), headers=headers)


def ranked(ids: list[str]) -> list[dict[str, Any]]:
    """A ranking that reverses the given order: the last id first, 99 down."""
    return [
        {"candidate_id": cid, "score": 99 - i, "reasoning": f"Claude ranks {cid} at {i + 1}."}
        for i, cid in enumerate(reversed(ids))
    ]


class FakeClaude:
    """``POST /v1/messages``: scripted answers first, else a valid ranking of the candidates
    it was sent (in reverse order, so tests can tell it from the local one)."""

    def __init__(self) -> None:
        self.script: deque[Scripted] = deque()
        self.requests: list[Received] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> "FakeClaude":
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.script.clear()
            self.requests.clear()

    def answer(self, received: Received) -> tuple[int, dict[str, str], bytes]:
        if received.api_key != API_KEY:
            failed = error_answer(401, "authentication_error", "invalid x-api-key")
            return failed.status, {}, failed.body or b""
        if received.path != "/v1/messages" or not isinstance(received.body, dict):
            failed = error_answer(404, "not_found_error", "Not found")
            return failed.status, {}, failed.body or b""
        good = tool_answer(ranked(received.candidate_ids))
        return 200, {}, good.body or b""

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode("latin-1")
                received = Received(
                    self.path, {k.lower(): v for k, v in self.headers.items()}, body
                )
                with fake._lock:
                    fake.requests.append(received)
                    scripted = fake.script.popleft() if fake.script else None
                if scripted is not None:
                    time.sleep(scripted.delay)
                if scripted is not None and scripted.body is not None:
                    status, headers, payload = scripted.status, scripted.headers, scripted.body
                else:
                    status, headers, payload = fake.answer(received)
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    self.send_header("request-id", "req_fake")
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        return Handler
