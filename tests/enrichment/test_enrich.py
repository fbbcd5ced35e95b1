"""Enrichment against a fake Apollo on loopback, over real HTTP."""

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import event
from sqlalchemy.orm import Session

from tests.enrichment.conftest import UseApollo
from tests.factories import make_candidate, make_company, make_contact
from tests.fakes.apollo import FakeApollo, Scripted, person

BATCH = "/api/candidates/enrich-batch"
BULK = "/api/v1/people/bulk_match"
MATCH = "/api/v1/people/match"
ORG = "/api/v1/organizations/enrich"


def _batch(client: TestClient, ids: list[str], **extra: Any) -> dict[str, Any]:
    response = client.post(BATCH, json={"candidate_ids": ids} | extra)
    assert response.status_code == 200, response.text
    return response.json()["data"]


def _outcomes(data: dict[str, Any]) -> list[tuple[str, str | None]]:
    return [(r["outcome"], r["reason"]) for r in data["results"]]


def _known(apollo: FakeApollo, n: int, **fields: Any) -> dict[str, Any]:
    found = person(n, **fields)
    apollo.people.append(found)
    return found


def test_enrich_batch_of_50_is_sent_in_5_calls_of_10(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    ids = [make_candidate(recruiter)["id"] for _ in range(50)]
    data = _batch(recruiter, ids)
    calls = apollo.calls(BULK)
    assert [len(c.body["details"]) for c in calls] == [10] * 5
    assert [r["id"] for r in data["results"]] == ids
    assert data["counts"]["missed"] == 50


def test_enrich_sends_the_key_as_a_header_and_reveals_nothing(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    cand = make_candidate(recruiter, current_company="Acme")
    _batch(recruiter, [cand["id"]])
    call = apollo.calls(BULK)[0]
    assert call.headers["x-api-key"]
    assert "api_key" not in call.body
    assert call.body["reveal_personal_emails"] is False
    assert call.body["reveal_phone_number"] is False
    assert call.body["details"] == [
        {"name": cand["name"], "email": cand["email"], "organization_name": "Acme"}
    ]


def test_enrich_batch_never_overwrites_entered_email(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    url = "https://www.linkedin.com/in/jane-doe-7"
    _known(apollo, 7, linkedin_url=url, email="other@example.com")
    cand = make_candidate(recruiter, email="entered@example.com", linkedin_url=url)
    result = _batch(recruiter, [cand["id"]])["results"][0]
    assert result["outcome"] == "matched"
    assert "email" not in result["changed"]
    assert result["changed"]["phone"] == {"from": None, "to": "+49301234567"}
    detail = recruiter.get(f"/api/candidates/{cand['id']}").json()["data"]
    assert detail["email"] == "entered@example.com"
    assert detail["current_title"] == "Staff Engineer"
    assert detail["current_company"] == "Acme"
    assert detail["location"] == "Berlin, Berlin, Germany"
    assert detail["enriched_at"] is not None
    assert detail["enrichment"]["data"]["id"] == "apollo_person_7"


def test_each_filled_field_is_an_activity_with_old_and_new_values(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    _known(apollo, 8)
    cand = make_candidate(recruiter, email="jane8@example.com", current_title="Lead")
    _batch(recruiter, [cand["id"]])
    acts = recruiter.get(f"/api/candidates/{cand['id']}").json()["data"]["activities"]
    filled = {a["data"]["field"]: a["data"] for a in acts if a["activity_type"] == "enriched"}
    assert set(filled) == {"phone", "linkedin_url", "current_company", "location"}
    assert filled["phone"]["from"] is None and filled["phone"]["to"] == "+49301234567"
    assert all(a["actor"] == "recruiter@example.com" for a in acts)


def test_recently_enriched_candidates_are_skipped_unless_forced(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    cand = make_candidate(recruiter)
    _batch(recruiter, [cand["id"]])
    again = _batch(recruiter, [cand["id"]])
    assert _outcomes(again) == [("skipped", "enriched_recently")]
    assert len(apollo.calls(BULK)) == 1
    forced = _batch(recruiter, [cand["id"]], force=True)
    assert _outcomes(forced) == [("missed", None)]
    assert len(apollo.calls(BULK)) == 2


def test_enrich_batch_reports_matched_missed_and_failed_per_candidate(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    _known(apollo, 1)
    matched = make_candidate(recruiter, email="jane1@example.com")
    missed = make_candidate(recruiter, email="nobody@example.com")
    bare = make_candidate(recruiter, email=None)
    data = _batch(recruiter, [matched["id"], missed["id"], bare["id"]])
    assert _outcomes(data) == [
        ("matched", None),
        ("missed", None),
        ("failed", "not_enough_identifiers"),
    ]
    assert len(apollo.calls(BULK)[0].body["details"]) == 2


def test_partial_failure_fails_only_its_chunk(recruiter: TestClient, apollo: FakeApollo) -> None:
    ids = [make_candidate(recruiter)["id"] for _ in range(15)]
    apollo.script.append(Scripted(status=422, body=b'{"error": "bad"}'))
    data = _batch(recruiter, ids)
    assert [o for o, _ in _outcomes(data)] == ["failed"] * 10 + ["missed"] * 5
    assert data["results"][0]["reason"] == "rejected"
    assert data["results"][0]["retryable"] is False


@pytest.mark.parametrize(
    ("ids", "message"),
    [([], "at least 1"), (["a"] * 2, "Duplicate ids: a"), ([f"c{i}" for i in range(51)], "50")],
)
def test_enrich_batch_refuses_bad_id_lists(
    recruiter: TestClient, apollo: FakeApollo, ids: list[str], message: str
) -> None:
    response = recruiter.post(BATCH, json={"candidate_ids": ids})
    assert response.status_code == 422
    detail = response.json()["error"]["details"][0]
    assert detail["field"] == "candidate_ids" and message in detail["message"]
    assert apollo.requests == []


def test_enrich_batch_names_unknown_ids_and_sends_nothing(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    cand = make_candidate(recruiter)
    response = recruiter.post(BATCH, json={"candidate_ids": [cand["id"], "cand_nope"]})
    assert response.status_code == 422
    assert response.json()["error"]["details"] == [
        {"field": "candidate_ids.1", "message": "No candidate cand_nope"}
    ]
    assert apollo.requests == []


def test_enrich_without_api_key_is_503_and_changes_nothing(
    app: FastAPI, recruiter: TestClient, apollo_server: FakeApollo
) -> None:
    assert app.state.apollo is None
    cand = make_candidate(recruiter, email=None, linkedin_url="https://linkedin.com/in/x")
    contact = make_contact(recruiter)
    company = make_company(recruiter, domain="acme.example")
    for path in (
        BATCH,
        f"/api/candidates/{cand['id']}/enrich",
        f"/api/enrich/{contact['id']}",
        f"/api/enrich-company/{company['id']}",
    ):
        body = {"candidate_ids": [cand["id"]]} if path == BATCH else None
        response = recruiter.post(path, json=body)
        assert response.status_code == 503, path
        assert response.json()["error"]["code"] == "enrichment_unavailable"
    detail = recruiter.get(f"/api/candidates/{cand['id']}").json()["data"]
    assert detail["enriched_at"] is None and detail["email"] is None


def test_bad_api_key_fails_with_a_clear_reason_and_no_retry(
    recruiter: TestClient, use_apollo: UseApollo
) -> None:
    apollo = use_apollo(apollo_api_key="wrong-key")
    cand = make_candidate(recruiter)
    result = _batch(recruiter, [cand["id"]])["results"][0]
    assert (result["outcome"], result["reason"], result["retryable"]) == (
        "failed",
        "unauthorized",
        False,
    )
    assert "APOLLO_API_KEY" in result["message"]
    assert len(apollo.requests) == 1


@pytest.mark.parametrize("headers", [{"retry-after": "0"}, {}])
def test_429_is_retried_then_succeeds(
    recruiter: TestClient, apollo: FakeApollo, headers: dict[str, str]
) -> None:
    _known(apollo, 3)
    cand = make_candidate(recruiter, email="jane3@example.com")
    apollo.script.append(Scripted(status=429, headers=headers))
    assert _outcomes(_batch(recruiter, [cand["id"]])) == [("matched", None)]
    assert len(apollo.calls(BULK)) == 2


def test_server_errors_are_retried_then_fail_the_batch_as_retryable(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    ids = [make_candidate(recruiter)["id"] for _ in range(15)]
    apollo.script.extend(Scripted(status=500) for _ in range(3))
    data = _batch(recruiter, ids)
    assert _outcomes(data) == [("failed", "apollo_error")] * 15
    assert all(r["retryable"] for r in data["results"])
    assert len(apollo.calls(BULK)) == 3


def test_retry_after_beyond_the_wait_budget_fails_at_once_as_rate_limited(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    ids = [make_candidate(recruiter)["id"] for _ in range(12)]
    apollo.script.append(Scripted(status=429, headers={"retry-after": "120"}))
    data = _batch(recruiter, ids)
    assert _outcomes(data) == [("failed", "rate_limited")] * 12
    assert len(apollo.requests) == 1


def test_exhausted_window_fails_the_rest_as_rate_limited_without_calling(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    apollo.requests_left = 1
    ids = [make_candidate(recruiter)["id"] for _ in range(25)]
    data = _batch(recruiter, ids)
    assert [o for o, _ in _outcomes(data)] == ["missed"] * 10 + ["failed"] * 15
    assert {r["reason"] for r in data["results"][10:]} == {"rate_limited"}
    assert len(apollo.calls(BULK)) == 1


def test_slow_answer_times_out_and_fails(recruiter: TestClient, use_apollo: UseApollo) -> None:
    apollo = use_apollo(apollo_timeout_seconds=0.2)
    apollo.script.append(Scripted(delay=1.0))
    ids = [make_candidate(recruiter)["id"] for _ in range(20)]
    data = _batch(recruiter, ids)
    assert _outcomes(data) == [("failed", "timeout")] * 20
    assert data["results"][0]["retryable"] is True
    assert len(apollo.calls(BULK)) == 1


@pytest.mark.parametrize(
    "body",
    [
        b"<html>oops</html>",
        b"[1, 2]",
        b'{"status": "success", "matches": "nope"}',
        b'{"status": "success", "matches": []}',
        b'{"status": "failed", "error_code": "x", "matches": [null]}',
    ],
)
def test_garbage_bulk_answer_fails_cleanly(
    recruiter: TestClient, apollo: FakeApollo, body: bytes
) -> None:
    cand = make_candidate(recruiter)
    apollo.script.append(Scripted(body=body))
    assert _outcomes(_batch(recruiter, [cand["id"]])) == [("failed", "bad_response")]
    assert recruiter.get(f"/api/candidates/{cand['id']}").json()["data"]["enriched_at"] is None


def test_wrong_types_and_huge_strings_in_a_person_are_dropped_or_trimmed(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    cand = make_candidate(recruiter, email="jane5@example.com")
    weird = person(
        5,
        email="jane5@example.com",
        title="T" * 10_000,
        linkedin_url="javascript:alert(1)",
        github_url=42,
        phone_numbers="call me",
        city=["Berlin"],
        organization="Acme",
        employment_history=[{"organization_name": "Initech", "current": True}],
    )
    apollo.script.append(
        Scripted(
            body=f'{{"status": "success", "matches": [{json.dumps(weird)}, {{"x": 1}}]}}'.encode()
        )
    )
    result = _batch(recruiter, [cand["id"]])["results"][0]
    assert result["outcome"] == "matched"
    assert set(result["changed"]) == {"current_title", "current_company", "location"}
    detail = recruiter.get(f"/api/candidates/{cand['id']}").json()["data"]
    assert detail["current_title"] == "T" * 200
    assert detail["current_company"] == "Initech"
    assert detail["location"] == "Berlin, Germany"
    assert detail["linkedin_url"] is None and detail["github_url"] is None
    assert len(detail["enrichment"]["data"]["title"]) <= 2_000


def test_a_bulk_answer_about_someone_else_is_not_merged(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    cand = make_candidate(recruiter, email="me@example.com", phone=None)
    other = person(9, email="someone.else@example.com")
    apollo.script.append(
        Scripted(body=f'{{"status": "success", "matches": [{json.dumps(other)}]}}'.encode())
    )
    assert _outcomes(_batch(recruiter, [cand["id"]])) == [("failed", "mismatched")]
    assert recruiter.get(f"/api/candidates/{cand['id']}").json()["data"]["phone"] is None


def test_single_candidate_enrich_uses_people_match(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    _known(apollo, 4)
    cand = make_candidate(recruiter, email="jane4@example.com")
    response = recruiter.post(f"/api/candidates/{cand['id']}/enrich")
    assert response.status_code == 200
    assert response.json()["data"]["outcome"] == "matched"
    assert apollo.calls(MATCH)[0].body["email"] == "jane4@example.com"
    again = recruiter.post(f"/api/candidates/{cand['id']}/enrich").json()["data"]
    assert again["outcome"] == "skipped"
    forced = recruiter.post(f"/api/candidates/{cand['id']}/enrich", params={"force": 1})
    assert forced.json()["data"]["outcome"] == "matched"
    assert recruiter.post("/api/candidates/cand_nope/enrich").status_code == 404


def test_enrich_contact_fills_empty_fields_and_links_its_company(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    _known(apollo, 6, organization={"name": "Acme", "primary_domain": "acme.example"})
    contact = make_contact(recruiter, email="jane6@example.com", title="Founder")
    result = recruiter.post(f"/api/enrich/{contact['id']}").json()["data"]
    assert result["outcome"] == "matched"
    assert "title" not in result["changed"]
    detail = recruiter.get(f"/api/contacts/{contact['id']}").json()["data"]
    assert detail["title"] == "Founder"
    assert detail["phone"] == "+49301234567"
    assert detail["enriched_at"] is not None
    company = recruiter.get(f"/api/companies/{detail['company_id']}").json()["data"]
    assert (company["name"], company["domain"]) == ("Acme", "acme.example")
    assert recruiter.post("/api/enrich/cont_nope").status_code == 404


def test_enrich_company_by_domain_derived_from_website(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    apollo.organizations["globex.example"] = {
        "id": "org_2",
        "name": "Globex Corporation",
        "primary_domain": "globex.example",
        "industry": "Energy",
        "estimated_num_employees": 5000,
        "founded_year": "1990",
        "linkedin_url": "http://www.linkedin.com/company/globex",
        "city": "Springfield",
    }
    company = make_company(
        recruiter, name="Globex", website="https://www.globex.example/about", industry="Power"
    )
    result = recruiter.post(f"/api/enrich-company/{company['id']}").json()["data"]
    assert result["outcome"] == "matched"
    assert apollo.calls(ORG)[0].query == {"domain": ["globex.example"]}
    assert set(result["changed"]) == {"domain", "employee_count", "linkedin_url", "location"}
    detail = recruiter.get(f"/api/companies/{company['id']}").json()["data"]
    assert (detail["name"], detail["industry"], detail["founded_year"]) == ("Globex", "Power", None)
    assert detail["enrichment"]["data"]["name"] == "Globex Corporation"


def test_enrich_company_without_domain_or_website_is_422(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    company = make_company(recruiter)
    response = recruiter.post(f"/api/enrich-company/{company['id']}")
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "domain"
    assert apollo.requests == []


def test_unknown_company_domain_is_missed(recruiter: TestClient, apollo: FakeApollo) -> None:
    company = make_company(recruiter, domain="unknown.example")
    apollo.script.append(Scripted(status=404, body=b'{"error": "not found"}'))
    result = recruiter.post(f"/api/enrich-company/{company['id']}").json()["data"]
    assert result["outcome"] == "missed"


def test_enrich_endpoints_are_rate_limited_per_user(
    recruiter: TestClient, admin: TestClient, apollo: FakeApollo
) -> None:
    codes = [recruiter.post("/api/enrich-company/comp_nope").status_code for _ in range(11)]
    assert codes == [404] * 10 + [429]
    limited = recruiter.post("/api/enrich/cont_nope")
    assert limited.status_code == 429 and int(limited.headers["retry-after"]) > 0
    assert admin.post("/api/enrich/cont_nope").status_code == 404


def _in_background(app: FastAPI, client: TestClient, path: str, body: Any = None) -> Any:
    """POST ``path`` on a thread of its own; the thread's ``answer`` holds the response."""
    token = client.headers["Authorization"]
    thread: Any = threading.Thread(
        target=lambda: setattr(
            thread,
            "answer",
            TestClient(app, headers={"Authorization": token}).post(path, json=body),
        )
    )
    thread.start()
    return thread


@pytest.mark.parametrize("endpoint", ["batch", "candidate", "contact", "company"])
def test_other_writers_do_not_wait_for_apollo(
    app: FastAPI, recruiter: TestClient, use_apollo: UseApollo, endpoint: str
) -> None:
    apollo = use_apollo(apollo_timeout_seconds=5.0)
    apollo.script.append(Scripted(delay=1.5))
    waiting = make_candidate(recruiter)
    other = make_candidate(recruiter)
    path, body, apollo_path = {
        "batch": (BATCH, {"candidate_ids": [waiting["id"]]}, BULK),
        "candidate": (f"/api/candidates/{waiting['id']}/enrich", None, MATCH),
        "contact": (f"/api/enrich/{make_contact(recruiter)['id']}", None, MATCH),
        "company": (
            f"/api/enrich-company/{make_company(recruiter, domain='slow.example')['id']}",
            None,
            ORG,
        ),
    }[endpoint]
    enriching = _in_background(app, recruiter, path, body)
    deadline = time.monotonic() + 60
    while not apollo.calls(apollo_path):
        assert enriching.is_alive() and time.monotonic() < deadline, "Apollo was never called"
        time.sleep(0.01)
    note = recruiter.post(f"/api/candidates/{other['id']}/notes", json={"body": "meanwhile"})
    # The note was saved while Apollo was still answering the enrichment request.
    assert note.status_code == 201
    assert enriching.is_alive()
    enriching.join()
    assert enriching.answer.status_code == 200, enriching.answer.text


@contextmanager
def refused_write_commits() -> Iterator[None]:
    """The database refuses to commit any unit of work that wrote, after its flushes passed."""

    def wrote(session: Session, _context: Any) -> None:
        session.info["test.wrote"] = True

    def refuse(session: Session) -> None:
        if session.info.pop("test.wrote", False):
            raise RuntimeError("injected commit failure")

    event.listen(Session, "after_flush", wrote)
    event.listen(Session, "before_commit", refuse)
    try:
        yield
    finally:
        event.remove(Session, "before_commit", refuse)
        event.remove(Session, "after_flush", wrote)


def _company_domains(client: TestClient) -> set[str | None]:
    return {c["domain"] for c in client.get("/api/companies").json()["data"]}


def test_apollo_failing_leaves_the_contact_as_it_was(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    _known(apollo, 11, organization={"name": "Initrode", "primary_domain": "initrode.example"})
    contact = make_contact(recruiter, email="jane11@example.com")
    apollo.script.extend(Scripted(status=500) for _ in range(3))
    result = recruiter.post(f"/api/enrich/{contact['id']}").json()["data"]
    assert (result["outcome"], result["reason"]) == ("failed", "apollo_error")
    detail = recruiter.get(f"/api/contacts/{contact['id']}").json()["data"]
    assert (detail["enriched_at"], detail["phone"], detail["company_id"]) == (None, None, None)
    assert "initrode.example" not in _company_domains(recruiter)


def test_a_refused_commit_after_apollo_answered_writes_nothing_half_way(
    app: FastAPI, recruiter: TestClient, apollo: FakeApollo
) -> None:
    _known(apollo, 12, organization={"name": "Vandelay", "primary_domain": "vandelay.example"})
    contact = make_contact(recruiter, email="jane12@example.com")
    path = f"/api/enrich/{contact['id']}"
    # The refused commit reaches the server's error handler (a 500: see test_api_basics).
    with refused_write_commits(), pytest.raises(RuntimeError, match="injected commit failure"):
        # The company is created and the contact filled and linked in one unit of work.
        recruiter.post(path)
    detail = recruiter.get(f"/api/contacts/{contact['id']}").json()["data"]
    assert (detail["enriched_at"], detail["phone"], detail["company_id"]) == (None, None, None)
    assert "vandelay.example" not in _company_domains(recruiter)

    result = recruiter.post(path).json()["data"]
    assert result["outcome"] == "matched"
    detail = recruiter.get(f"/api/contacts/{contact['id']}").json()["data"]
    assert detail["phone"] == "+49301234567" and detail["enriched_at"] is not None
    company = recruiter.get(f"/api/companies/{detail['company_id']}").json()["data"]
    assert company["domain"] == "vandelay.example"
    assert detail["enrichment"]["changed"]["company_id"]["to"] == company["id"]


def test_enrichment_writes_land_when_apollo_answers(
    recruiter: TestClient, apollo: FakeApollo
) -> None:
    _known(apollo, 13)
    cand = make_candidate(recruiter, email="jane13@example.com")
    assert _outcomes(_batch(recruiter, [cand["id"]])) == [("matched", None)]
    detail = recruiter.get(f"/api/candidates/{cand['id']}").json()["data"]
    assert detail["phone"] == "+49301234567" and detail["enriched_at"] is not None
    logged = [a for a in detail["activities"] if a["activity_type"] == "enriched"]
    assert {a["data"]["field"] for a in logged} >= {"phone", "location"}


def test_a_candidate_deleted_while_apollo_answers_is_reported_not_recreated(
    app: FastAPI, recruiter: TestClient, use_apollo: UseApollo
) -> None:
    apollo = use_apollo(apollo_timeout_seconds=5.0)
    _known(apollo, 14)
    _known(apollo, 15)
    gone = make_candidate(recruiter, email="jane14@example.com")
    kept = make_candidate(recruiter, email="jane15@example.com")
    apollo.script.append(Scripted(delay=1.0))
    enriching = _in_background(app, recruiter, BATCH, {"candidate_ids": [gone["id"], kept["id"]]})
    while not apollo.calls(BULK):
        time.sleep(0.01)
    assert recruiter.delete(f"/api/candidates/{gone['id']}").status_code == 200
    enriching.join()
    data = enriching.answer.json()["data"]
    assert _outcomes(data) == [("failed", "deleted"), ("matched", None)]
    assert recruiter.get(f"/api/candidates/{gone['id']}").status_code == 404
    assert recruiter.get(f"/api/candidates/{kept['id']}").json()["data"]["phone"] is not None
