"""Enrichment filling a candidate's fields writes ``candidate.updated``; one that fills
nothing (no match, or nothing empty left) writes no event."""

from fastapi.testclient import TestClient

from tests.events.feed import of_type, read_all
from tests.factories import make_candidate, make_job
from tests.fakes.apollo import FakeApollo, person

BATCH = "/api/candidates/enrich-batch"


def enrich(client: TestClient, *ids: str) -> list[str]:
    response = client.post(BATCH, json={"candidate_ids": list(ids), "force": True})
    assert response.status_code == 200, response.text
    return [r["outcome"] for r in response.json()["data"]["results"]]


def test_enrichment_that_fills_fields_writes_candidate_updated(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    apollo.people.append(person(8))
    found_one = make_candidate(recruiter, email="jane8@example.com", current_title="Lead")
    unknown = make_candidate(recruiter, email="nobody@example.com")
    assert enrich(recruiter, found_one["id"], unknown["id"]) == ["matched", "missed"]
    # Again: the match has nothing empty left to fill.
    assert enrich(recruiter, found_one["id"]) == ["matched"]
    make_job(recruiter)
    found = read_all(recruiter, 4)
    assert [e["type"] for e in found] == [
        "candidate.created",
        "candidate.created",
        "candidate.updated",
        "job.created",
    ]
    [updated] = of_type(found, "candidate.updated")
    assert updated["data"]["id"] == found_one["id"]
    assert updated["data"]["phone"] == "+49301234567"
    assert updated["data"]["current_title"] == "Lead"  # entered values stay
