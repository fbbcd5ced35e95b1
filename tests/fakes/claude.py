"""A fake Claude Messages API on 127.0.0.1: its wire format, scriptable answers, and a record
of what it received."""

import json
import re
from typing import Any

from tests.fakes.server import Answer, FakeServer, Received, Scripted

API_KEY = "test-claude-key"
CANDIDATE_ID = re.compile(r'"candidate_id": "([^"]+)"')


class ClaudeRequest(Received):
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


class FakeClaude(FakeServer):
    """``POST /v1/messages``: scripted answers first, else a valid ranking of the candidates
    it was sent (in reverse order, so tests can tell it from the local one)."""

    received_type = ClaudeRequest
    response_headers = {"request-id": "req_fake"}

    @property
    def base_url(self) -> str:
        return self.origin

    def answer(self, received: Received) -> Answer:
        assert isinstance(received, ClaudeRequest)
        if received.api_key != API_KEY:
            failed = error_answer(401, "authentication_error", "invalid x-api-key")
            return failed.status, {}, failed.body or b""
        if received.path != "/v1/messages" or not isinstance(received.body, dict):
            failed = error_answer(404, "not_found_error", "Not found")
            return failed.status, {}, failed.body or b""
        good = tool_answer(ranked(received.candidate_ids))
        return 200, {}, good.body or b""
