"""A fake Manatal Open API v3 on 127.0.0.1: candidates by page (DRF page-number pagination:
``count``, ``next``, ``previous``, ``results``), each candidate's social media and resumes
(bare arrays), and the resume files the resume list links to (no token needed, as a storage
link). Every API call needs ``Authorization: Token <TOKEN>``; scripted answers (429, 500,
delays) come from ``FakeServer.script``."""

import json
import re
from typing import Any
from urllib.parse import urlencode

from tests.fakes.server import Answer, FakeServer, Received, Scripted

__all__ = ["TOKEN", "FakeManatal", "Received", "Scripted", "candidate"]

TOKEN = "test-manatal-token"
MAX_PAGE_SIZE = 100
SUB_LIST = re.compile(r"^/open/v3/candidates/(\d+)/(social-media|resume)/$")
FILE = re.compile(r"^/files/([\w.-]+)$")


def candidate(manatal_id: int, full_name: str, **fields: Any) -> dict[str, Any]:
    """A candidate as Manatal lists it (fields not given are null, as Manatal sends them)."""
    return {
        "id": manatal_id,
        "external_id": None,
        "full_name": full_name,
        "email": None,
        "phone_number": None,
        "address": None,
        "current_company": None,
        "current_position": None,
        "description": None,
        "created_at": "2026-01-05T10:00:00Z",
        "updated_at": "2026-01-05T10:00:00Z",
    } | fields


class FakeManatal(FakeServer):
    def __init__(self) -> None:
        super().__init__()
        self.candidates: list[dict[str, Any]] = []
        self.social: dict[int, list[dict[str, Any]]] = {}
        self.resumes: dict[int, list[dict[str, Any]]] = {}
        self.files: dict[str, bytes] = {}

    @property
    def base_url(self) -> str:
        return f"{self.origin}/open/v3"

    def reset(self) -> None:
        super().reset()
        with self._lock:
            self.candidates.clear()
            self.social.clear()
            self.resumes.clear()
            self.files.clear()

    def add(
        self,
        person: dict[str, Any],
        *,
        linkedin: str | None = None,
        resume: tuple[str, bytes] | None = None,
    ) -> None:
        self.candidates.append(person)
        if linkedin:
            self.social[person["id"]] = [
                {"id": 1, "social_media": "linkedin", "social_media_url": linkedin}
            ]
        if resume:
            name, content = resume
            self.files[name] = content
            self.resumes[person["id"]] = [
                {
                    "id": 1,
                    "resume_file": f"{self.origin}/files/{name}?X-Amz-Expires=300",
                    "created_at": "2026-01-05T10:00:00Z",
                }
            ]

    def calls(self, pattern: str) -> list[Received]:
        return [r for r in self.requests if re.search(pattern, r.path)]

    def _page(self, received: Received) -> Answer:
        page = int((received.query.get("page") or ["1"])[0])
        size = min(int((received.query.get("page_size") or ["25"])[0]), MAX_PAGE_SIZE)
        start = (page - 1) * size
        results = self.candidates[start : start + size]
        more = start + size < len(self.candidates)
        link = f"{self.base_url}/candidates/?"
        body = {
            "count": len(self.candidates),
            "next": link + urlencode({"page": page + 1, "page_size": size}) if more else None,
            "previous": link + urlencode({"page": page - 1, "page_size": size})
            if page > 1
            else None,
            "results": results,
        }
        return 200, {}, json.dumps(body).encode()

    def answer(self, received: Received) -> Answer:
        found = FILE.match(received.path)
        if found:
            content = self.files.get(found.group(1))
            return (200, {}, content) if content is not None else (404, {}, b"")
        if received.headers.get("authorization") != f"Token {TOKEN}":
            return 401, {}, b'{"detail": "Invalid token."}'
        if received.path == "/open/v3/candidates/":
            return self._page(received)
        found = SUB_LIST.match(received.path)
        if found:
            manatal_id, kind = int(found.group(1)), found.group(2)
            items = (self.social if kind == "social-media" else self.resumes).get(manatal_id, [])
            return 200, {}, json.dumps(items).encode()
        return 404, {}, b'{"detail": "Not found."}'
