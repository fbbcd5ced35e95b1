"""``candidate.updated`` from the changes made outside ``PATCH``: a resume filling the record,
an import filling a known person; and none when nothing of the record changed.
(Enrichment: tests/enrichment/test_enrich_events.py; a merge is ``candidate.merged``.)"""

from typing import Any

from fastapi.testclient import TestClient

from tests.events.feed import of_type, read_all
from tests.factories import make_candidate, make_job
from tests.files import documents

RESUME = "\n".join(documents.RESUME_LINES).encode()


def upload(client: TestClient, candidate_id: str, content: bytes, **form: str) -> None:
    response = client.post(
        f"/api/candidates/{candidate_id}/files", files={"file": ("cv.txt", content)}, data=form
    )
    assert response.status_code == 201, response.text


def import_csv(client: TestClient, *lines: str) -> dict[str, Any]:
    content = ("\r\n".join(lines) + "\r\n").encode()
    response = client.post("/api/imports/candidates", files={"file": ("people.csv", content)})
    assert response.status_code == 200, response.text
    report: dict[str, Any] = response.json()["data"]["report"]
    return report


def types_until_job(client: TestClient, count: int) -> list[str]:
    """The event types once ``count`` are there, the last being the ``job.created`` written
    after the change under test (so a late event of that change would show)."""
    make_job(client)
    found = read_all(client, count)
    assert found[-1]["type"] == "job.created", found
    return [e["type"] for e in found]


def test_a_resume_filling_the_record_writes_candidate_updated(recruiter: TestClient) -> None:
    cand = make_candidate(recruiter, email=None, skills=["Go"])
    upload(recruiter, cand["id"], RESUME)
    found = read_all(recruiter, 3)
    assert [e["type"] for e in found] == ["candidate.created", "candidate.updated", "file.created"]
    [updated] = of_type(found, "candidate.updated")
    assert updated["data"]["id"] == cand["id"]
    assert updated["data"]["email"] == "jane.resume@example.org"
    assert updated["data"]["skills"] == ["Go", "Python", "PostgreSQL", "Kubernetes"]
    assert updated["data"]["resume_parsed"]["name"] == "Jane Resume"


def test_files_that_change_nothing_write_no_candidate_updated(recruiter: TestClient) -> None:
    cand = make_candidate(recruiter, email=None)
    upload(recruiter, cand["id"], documents.CORRUPT_PDF, kind="resume")  # unreadable
    upload(recruiter, cand["id"], RESUME, kind="cover_letter")  # not read
    assert types_until_job(recruiter, 4) == [
        "candidate.created",
        "file.created",
        "file.created",
        "job.created",
    ]


def test_an_import_filling_a_known_person_writes_candidate_updated(
    recruiter: TestClient,
) -> None:
    known = make_candidate(recruiter, name="Ada Lovelace", email="ada@example.com")
    report = import_csv(recruiter, "Name,Email,Company", "Ada L,ADA@example.com,Analytical")
    assert (report["updated"], report["created"]) == (1, 0)
    found = read_all(recruiter, 2)
    [updated] = of_type(found, "candidate.updated")
    assert (updated["data"]["id"], updated["data"]["current_company"]) == (
        known["id"],
        "Analytical",
    )


def test_an_import_bringing_nothing_new_writes_no_event(recruiter: TestClient) -> None:
    make_candidate(recruiter, name="Ada Lovelace", email="ada@example.com", current_company="AE")
    report = import_csv(recruiter, "Name,Email,Company", "Ada L,ada@example.com,AE")
    assert (report["updated"], report["skipped"]) == (0, 1)
    assert types_until_job(recruiter, 2) == ["candidate.created", "job.created"]
