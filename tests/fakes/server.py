"""The loopback HTTP server the fake outside services share: it records every request, answers
from a queue of scripted answers first, and otherwise asks the fake for its normal answer."""

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, urlsplit


@dataclass
class Scripted:
    """One answer to give instead of the normal one: a status, headers, a raw body, a delay.
    Without a body, a 200 only delays (and adds headers to) the normal answer."""

    status: int = 200
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any
    raw: bytes = b""


Answer = tuple[int, dict[str, str], bytes]


class FakeServer:
    """Subclasses implement ``answer``; ``received_type`` lets them add helpers to requests."""

    received_type: type[Received] = Received
    response_headers: dict[str, str] = {}

    def __init__(self) -> None:
        self.script: deque[Scripted] = deque()
        self.requests: list[Received] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> Self:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.script.clear()
            self.requests.clear()

    def answer(self, received: Received) -> Answer:
        raise NotImplementedError

    def respond(self, received: Received) -> Answer:
        with self._lock:
            self.requests.append(received)
            scripted = self.script.popleft() if self.script else None
        if scripted is None:
            return self.answer(received)
        time.sleep(scripted.delay)
        if scripted.body is not None:
            return scripted.status, scripted.headers, scripted.body
        if scripted.status != 200:
            return scripted.status, scripted.headers, b"{}"
        status, headers, payload = self.answer(received)
        return status, headers | scripted.headers, payload

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:
                pass

            def _serve(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                url = urlsplit(self.path)
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = raw.decode("latin-1")
                received = fake.received_type(
                    self.command,
                    url.path,
                    parse_qs(url.query),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                    raw,
                )
                status, headers, payload = fake.respond(received)
                try:
                    self.send_response(status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    for name, value in (fake.response_headers | headers).items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            do_GET = _serve
            do_POST = _serve

        return Handler
