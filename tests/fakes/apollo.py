"""A fake Apollo on 127.0.0.1 speaking its wire format, with scriptable failures."""

import json
from typing import Any

from tests.fakes.server import Answer, FakeServer, Received, Scripted

__all__ = ["API_KEY", "FakeApollo", "Received", "Scripted", "person"]

API_KEY = "test-apollo-key"
BULK_LIMIT = 10


class FakeApollo(FakeServer):
    """People and organizations it knows, a queue of scripted answers, and what it received."""

    def __init__(self) -> None:
        super().__init__()
        self.people: list[dict[str, Any]] = []
        self.organizations: dict[str, dict[str, Any]] = {}
        self.requests_left: int | None = None

    @property
    def base_url(self) -> str:
        return f"{self.origin}/api/v1"

    def reset(self) -> None:
        super().reset()
        with self._lock:
            self.people.clear()
            self.organizations.clear()
            self.requests_left = None

    def calls(self, path: str) -> list[Received]:
        return [r for r in self.requests if r.path == path]

    def find_person(self, details: dict[str, Any]) -> dict[str, Any] | None:
        for person in self.people:
            email = details.get("email")
            if email and person.get("email", "").lower() == email.lower():
                return person
            linkedin = details.get("linkedin_url")
            if linkedin and person.get("linkedin_url") == linkedin:
                return person
            org = (person.get("organization") or {}).get("name")
            if details.get("organization_name") and (details.get("name"), org) == (
                person.get("name"),
                details["organization_name"],
            ):
                return person
        return None

    def usage_headers(self) -> dict[str, str]:
        with self._lock:
            if self.requests_left is None:
                return {"x-minute-requests-left": "1000", "x-rate-limit-minute": "1000"}
            self.requests_left = max(0, self.requests_left - 1)
            left = self.requests_left
        return {
            "x-minute-usage": "1",
            "x-minute-requests-left": str(left),
            "x-rate-limit-minute": "100",
            "x-hourly-requests-left": "1000",
            "x-daily-requests-left": "10000",
        }

    def answer(self, received: Received) -> Answer:
        if received.headers.get("x-api-key") != API_KEY:
            return 401, {}, b'{"error": "Invalid access credentials."}'
        if received.path == "/api/v1/people/match":
            person = self.find_person(received.body or {})
            return 200, self.usage_headers(), json.dumps({"person": person}).encode()
        if received.path == "/api/v1/people/bulk_match":
            details = (received.body or {}).get("details") or []
            if len(details) > BULK_LIMIT:
                return 422, {}, b'{"error": "at most 10 details"}'
            matches = [self.find_person(d) for d in details]
            found = sum(m is not None for m in matches)
            body = {
                "status": "success",
                "error_code": None,
                "error_message": None,
                "total_requested_enrichments": len(details),
                "unique_enriched_records": found,
                "missing_records": len(details) - found,
                "credits_consumed": found,
                "matches": matches,
            }
            return 200, self.usage_headers(), json.dumps(body).encode()
        if received.path == "/api/v1/organizations/enrich":
            domain = (received.query.get("domain") or [""])[0]
            body = {"organization": self.organizations.get(domain)}
            return 200, self.usage_headers(), json.dumps(body).encode()
        return 404, {}, b'{"error": "not found"}'


def person(n: int, **fields: Any) -> dict[str, Any]:
    """A person answer as Apollo shapes it."""
    return {
        "id": f"apollo_person_{n}",
        "first_name": "Jane",
        "last_name": f"Doe {n}",
        "name": f"Jane Doe {n}",
        "title": "Staff Engineer",
        "headline": "Builds things",
        "email": f"jane{n}@example.com",
        "email_status": "verified",
        "linkedin_url": f"http://www.linkedin.com/in/jane-doe-{n}",
        "github_url": None,
        "city": "Berlin",
        "state": "Berlin",
        "country": "Germany",
        "phone_numbers": [
            {"raw_number": "+49 30 1234567", "sanitized_number": "+49301234567", "type": "work"}
        ],
        "employment_history": [],
        "organization": {"id": "org_1", "name": "Acme", "primary_domain": "acme.example"},
    } | fields
