"""The public apply endpoint: a confirmation only, deduped by email, closed to abuse."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import text

from hiring.candidates import duplicates
from hiring.db import unit_of_work
from tests.conftest import PG_URL
from tests.factories import make_candidate, make_job
from tests.files.documents import pdf
from tests.web.test_rate_limit_headers import quota

APPLICANT = {"name": "Ann Lee", "email": "ann@example.com"}


def _apply_path(job_id: str) -> str:
    return f"/api/jobs/public/{job_id}/apply"


def _candidates(client: TestClient) -> list[dict]:
    return client.get("/api/candidates", params={"limit": 200}).json()["data"]


def test_apply_answers_only_a_confirmation(anon: TestClient, recruiter: TestClient) -> None:
    job = make_job(recruiter, title="Data Engineer")
    response = anon.post(_apply_path(job["id"]), json=APPLICANT | {"phone": "+1 555 0100"})
    assert response.status_code == 201
    body = response.json()
    assert body["ok"] is True
    assert set(body["data"]) == {"status", "job_id", "message"}
    assert (body["data"]["status"], body["data"]["job_id"]) == ("received", job["id"])
    assert "ann@example.com" not in response.text and "cand_" not in response.text


def test_apply_creates_candidate_in_pipeline_with_note_and_activity(
    anon: TestClient, recruiter: TestClient
) -> None:
    job = make_job(recruiter)
    anon.post(
        _apply_path(job["id"]),
        json=APPLICANT
        | {
            "linkedin_url": "https://www.linkedin.com/in/ann",
            "cover_note": "I love data.",
            "resume_text": "Ann Lee. SQL.",
        },
    )
    [cand] = _candidates(recruiter)
    assert (cand["name"], cand["email"], cand["source"], cand["resume_text"]) == (
        "Ann Lee",
        "ann@example.com",
        "direct",
        "Ann Lee. SQL.",
    )
    assert (cand["job_id"], cand["stage"]) == (job["id"], "applied")
    notes = recruiter.get(f"/api/candidates/{cand['id']}/notes").json()["data"]
    assert [n["body"] for n in notes] == ["I love data."]
    kinds = {
        a["activity_type"]
        for a in recruiter.get(f"/api/candidates/{cand['id']}/activities").json()["data"]
    }
    assert {"created", "applied", "assigned", "note_added"} <= kinds
    job_log = recruiter.get(f"/api/jobs/{job['id']}/activities").json()["data"]
    assert job_log[0]["activity_type"] == "assigned"


def test_apply_accepts_a_form_post(anon: TestClient, recruiter: TestClient) -> None:
    job = make_job(recruiter)
    response = anon.post(_apply_path(job["id"]), data=APPLICANT | {"phone": "", "website": ""})
    assert response.status_code == 201, response.text
    [cand] = _candidates(recruiter)
    assert (cand["email"], cand["phone"]) == ("ann@example.com", None)


def test_apply_accepts_multipart_text_fields(anon: TestClient, recruiter: TestClient) -> None:
    job = make_job(recruiter)
    parts = {key: (None, value) for key, value in APPLICANT.items()}
    response = anon.post(_apply_path(job["id"]), files=parts)
    assert response.status_code == 201, response.text
    assert [c["email"] for c in _candidates(recruiter)] == ["ann@example.com"]


def test_apply_with_a_resume_file_stores_it_and_fills_the_profile(
    anon: TestClient, recruiter: TestClient
) -> None:
    job = make_job(recruiter)
    resume = pdf(["Ann Lee", "github.com/annlee", "Skills: Python, PostgreSQL, dbt"])
    response = anon.post(
        _apply_path(job["id"]), data=APPLICANT, files={"resume": ("cv.pdf", resume, "text/plain")}
    )
    assert response.status_code == 201, response.text
    [cand] = _candidates(recruiter)
    assert "Python" in cand["skills"] and "PostgreSQL" in cand["skills"]
    assert cand["github_url"] == "https://github.com/annlee"
    [stored] = recruiter.get(f"/api/candidates/{cand['id']}/files").json()["data"]
    assert (stored["kind"], stored["content_type"], stored["uploaded_by"]) == (
        "resume",
        "application/pdf",
        None,
    )


def test_an_applicants_resume_never_replaces_known_resume_text(
    anon: TestClient, recruiter: TestClient
) -> None:
    job = make_job(recruiter)
    make_candidate(recruiter, name="Ann Lee", email="ann@example.com", resume_text="Known text")
    resume = pdf(["Ann Lee", "Skills: Rust"])
    anon.post(_apply_path(job["id"]), data=APPLICANT, files={"resume": ("cv.pdf", resume)})
    [cand] = _candidates(recruiter)
    assert cand["resume_text"] == "Known text"
    assert recruiter.get(f"/api/candidates/{cand['id']}/files").json()["total"] == 1


def test_apply_refuses_other_or_extra_file_parts(anon: TestClient, recruiter: TestClient) -> None:
    job = make_job(recruiter)
    for files in (
        {"photo": ("me.pdf", b"%PDF-1.4", "application/pdf")},
        [("resume", ("a.txt", b"one")), ("resume", ("b.txt", b"two"))],
    ):
        response = anon.post(_apply_path(job["id"]), data=APPLICANT, files=files)
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["field"] in {"photo", "resume"}
    assert _candidates(recruiter) == []


def test_apply_refuses_a_resume_of_a_forbidden_type(
    anon: TestClient, recruiter: TestClient
) -> None:
    job = make_job(recruiter)
    response = anon.post(
        _apply_path(job["id"]),
        data=APPLICANT,
        files={"resume": ("cv.pdf", b"MZ\x90\x00 executable", "application/pdf")},
    )
    assert response.status_code == 415
    assert _candidates(recruiter) == []


def test_honeypot_with_a_resume_stores_nothing(anon: TestClient, recruiter: TestClient) -> None:
    job = make_job(recruiter)
    response = anon.post(
        _apply_path(job["id"]),
        data=APPLICANT | {"website": "http://spam.example"},
        files={"resume": ("cv.txt", b"Buy now")},
    )
    assert response.status_code == 201
    assert _candidates(recruiter) == []


# What a public application must never change on a person already known.
KEPT_FIELDS = (
    "name",
    "email",
    "phone",
    "linkedin_url",
    "github_url",
    "skills",
    "resume_text",
    "resume_parsed",
    "location",
    "current_title",
    "current_company",
    "tags",
    "notes",
    "source",
    "product",
)
KNOWN = {
    "name": "Ann Lee-Smith",
    "email": "Ann@Example.com",
    "phone": "+1 555 0199",
    "linkedin_url": "https://www.linkedin.com/in/ann-real",
    "skills": ["Go"],
    "current_title": "Data Engineer",
}
INTRUDER = {
    "name": "Someone Else",
    "email": "ann@EXAMPLE.com",
    "phone": "+1 555 0100",
    "linkedin_url": "https://www.linkedin.com/in/not-ann",
    "resume_text": "Fresh resume",
    "cover_note": "Please call me on my new number.",
}


def _known_record(client: TestClient, candidate_id: str) -> dict:
    data = client.get(f"/api/candidates/{candidate_id}").json()["data"]
    return {field: data[field] for field in KEPT_FIELDS}


def _applications(client: TestClient, candidate_id: str) -> list[dict]:
    response = client.get(f"/api/candidates/{candidate_id}/applications")
    assert response.status_code == 200, response.text
    return response.json()["data"]


def test_an_application_with_a_known_email_changes_nothing_on_the_record(
    anon: TestClient, recruiter: TestClient
) -> None:
    job = make_job(recruiter)
    known = make_candidate(recruiter, **KNOWN)
    before = _known_record(recruiter, known["id"])
    resume = pdf(["Someone Else", "github.com/intruder", "Skills: Rust, Kubernetes"])
    response = anon.post(
        _apply_path(job["id"]), data=INTRUDER, files={"resume": ("cv.pdf", resume, "text/plain")}
    )
    assert response.status_code == 201, response.text
    [cand] = _candidates(recruiter)
    assert cand["id"] == known["id"]
    assert _known_record(recruiter, known["id"]) == before
    # Only the application was attached: the pipeline entry, the file, the note.
    assert (cand["job_id"], cand["stage"]) == (job["id"], "applied")
    [stored] = recruiter.get(f"/api/candidates/{known['id']}/files").json()["data"]
    assert (stored["filename"], stored["uploaded_by"]) == ("cv.pdf", None)
    [note] = recruiter.get(f"/api/candidates/{known['id']}/notes").json()["data"]
    assert note["body"] == INTRUDER["cover_note"]
    assert (note["author"], note["created_by"]) == ("Someone Else (cover note)", None)
    # What was sent is kept on the application, readable by recruiters.
    [application] = _applications(recruiter, known["id"])
    assert note["application_id"] == application["id"]
    assert application["file_id"] == stored["id"]
    assert (application["job_id"], application["new_candidate"]) == (job["id"], False)
    # As validated: the email's domain is lower-cased.
    assert application["submitted"] == INTRUDER | {"email": "ann@example.com"}
    assert application["details_used_at"] is None


def test_a_new_applicant_is_created_from_the_application(
    anon: TestClient, recruiter: TestClient
) -> None:
    job = make_job(recruiter)
    anon.post(_apply_path(job["id"]), json=APPLICANT | {"phone": "+1 555 0100"})
    [cand] = _candidates(recruiter)
    assert (cand["name"], cand["phone"]) == ("Ann Lee", "+1 555 0100")
    [application] = _applications(recruiter, cand["id"])
    assert application["new_candidate"] is True
    assert application["submitted"]["phone"] == "+1 555 0100"


def _apply_as_intruder(anon: TestClient, recruiter: TestClient) -> tuple[dict, dict]:
    job = make_job(recruiter)
    known = make_candidate(recruiter, **KNOWN)
    assert anon.post(_apply_path(job["id"]), json=INTRUDER).status_code == 201
    [application] = _applications(recruiter, known["id"])
    return known, application


def test_using_the_details_copies_them_and_logs_it(anon: TestClient, recruiter: TestClient) -> None:
    known, application = _apply_as_intruder(anon, recruiter)
    path = f"/api/candidates/{known['id']}/applications/{application['id']}/apply-details"
    response = recruiter.post(path)
    assert response.status_code == 200, response.text
    body = response.json()["data"]
    assert body["changed"] == ["email", "linkedin_url", "name", "phone", "resume_text"]
    assert body["application"]["details_used_by"] == "recruiter@example.com"
    assert body["application"]["details_used_at"] is not None
    cand = recruiter.get(f"/api/candidates/{known['id']}").json()["data"]
    for field in ("name", "email", "phone", "linkedin_url", "resume_text"):
        assert cand[field] == application["submitted"][field]
    assert body["candidate"]["phone"] == INTRUDER["phone"]
    # What the applicant could not send stays as it was.
    assert (cand["skills"], cand["current_title"]) == (["Go"], "Data Engineer")
    [logged] = [a for a in cand["activities"] if a["activity_type"] == "application_details_used"]
    assert logged["actor"] == "recruiter@example.com"
    assert logged["data"]["application_id"] == application["id"]
    assert logged["data"]["changes"]["phone"] == {"from": KNOWN["phone"], "to": INTRUDER["phone"]}


def test_only_writers_use_the_details_of_the_candidates_own_application(
    anon: TestClient, recruiter: TestClient, viewer: TestClient, admin: TestClient
) -> None:
    known, application = _apply_as_intruder(anon, recruiter)
    path = f"/api/candidates/{known['id']}/applications/{application['id']}/apply-details"
    assert viewer.post(path).status_code == 403
    assert anon.post(path).status_code == 401
    other = make_candidate(recruiter)
    wrong = f"/api/candidates/{other['id']}/applications/{application['id']}/apply-details"
    assert recruiter.post(wrong).status_code == 404
    assert recruiter.get(f"/api/candidates/{other['id']}/applications").json()["total"] == 0
    assert recruiter.get("/api/candidates/cand_nope/applications").status_code == 404
    assert _known_record(recruiter, known["id"])["phone"] == KNOWN["phone"]
    # Viewers may read what was sent; admins may use it.
    assert viewer.get(f"/api/candidates/{known['id']}/applications").status_code == 200
    assert admin.post(path).status_code == 200


def test_applying_twice_confirms_without_a_duplicate(
    anon: TestClient, recruiter: TestClient
) -> None:
    job = make_job(recruiter)
    first = anon.post(_apply_path(job["id"]), json=APPLICANT)
    second = anon.post(_apply_path(job["id"]), json=APPLICANT)
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json() == second.json()
    assert len(_candidates(recruiter)) == 1
    assert recruiter.get(f"/api/jobs/{job['id']}/pipeline").json()["data"]["total"] == 1


def test_apply_keeps_a_later_stage(anon: TestClient, recruiter: TestClient) -> None:
    job = make_job(recruiter)
    make_candidate(recruiter, email="ann@example.com", job_id=job["id"], stage="interview")
    anon.post(_apply_path(job["id"]), json=APPLICANT)
    listed = recruiter.get(f"/api/jobs/{job['id']}/candidates").json()["data"]
    assert [c["stage"] for c in listed] == ["interview"]


def test_honeypot_gets_the_same_answer_and_stores_nothing(
    anon: TestClient, recruiter: TestClient
) -> None:
    job = make_job(recruiter)
    bot = anon.post(_apply_path(job["id"]), json=APPLICANT | {"website": "http://spam.example"})
    assert bot.status_code == 201
    assert bot.json()["data"]["status"] == "received"
    assert _candidates(recruiter) == []
    assert recruiter.get(f"/api/jobs/{job['id']}/pipeline").json()["data"]["total"] == 0


@pytest.mark.parametrize("status", ["closed", "on_hold"])
def test_only_open_jobs_accept_applications(
    anon: TestClient, recruiter: TestClient, status: str
) -> None:
    job = make_job(recruiter, status=status)
    assert anon.post(_apply_path(job["id"]), json=APPLICANT).status_code == 404
    assert anon.post(_apply_path("job_nope"), json=APPLICANT).status_code == 404
    assert _candidates(recruiter) == []


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": ""}, "name"),
        ({"email": None}, "email"),
        ({"email": "not-an-email"}, "email"),
        ({"phone": "call me"}, "phone"),
        ({"linkedin_url": "javascript:alert(1)"}, "linkedin_url"),
        ({"cover_note": "x" * 5001}, "cover_note"),
        ({"resume_text": "x" * 100_001}, "resume_text"),
        ({"source": "manatal"}, "source"),
    ],
)
def test_apply_validates_fields(
    anon: TestClient, recruiter: TestClient, fields: dict, field: str
) -> None:
    job = make_job(recruiter)
    body = {k: v for k, v in (APPLICANT | fields).items() if v is not None}
    response = anon.post(_apply_path(job["id"]), json=body)
    assert response.status_code == 422, response.text
    assert field in {d["field"] for d in response.json()["error"]["details"]}
    assert _candidates(recruiter) == []


def test_apply_accepts_the_longest_allowed_texts(anon: TestClient, recruiter: TestClient) -> None:
    job = make_job(recruiter)
    body = APPLICANT | {"cover_note": "x" * 5000, "resume_text": "y" * 100_000}
    assert anon.post(_apply_path(job["id"]), json=body).status_code == 201


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        (b"{not json", "application/json", 400),
        (b"[1, 2]", "application/json", 400),
        (b"name=Ann", "text/plain", 415),
    ],
)
def test_apply_refuses_bodies_it_cannot_read(
    anon: TestClient, recruiter: TestClient, content: bytes, content_type: str, status: int
) -> None:
    job = make_job(recruiter)
    response = anon.post(
        _apply_path(job["id"]), content=content, headers={"content-type": content_type}
    )
    assert response.status_code == status
    assert response.json()["ok"] is False


def test_apply_is_rate_limited_per_ip_with_retry_after(
    app: FastAPI, anon: TestClient, recruiter: TestClient
) -> None:
    job = make_job(recruiter)
    allowed = app.state.settings.public_apply_per_minute
    for n in range(allowed):
        response = anon.post(
            _apply_path(job["id"]), json=APPLICANT | {"email": f"a{n}@example.com"}
        )
        assert response.status_code == 201
        limit, remaining, reset = quota(response)
        assert (limit, remaining) == (allowed, allowed - n - 1)
        assert 0 < reset <= 60
    refused = anon.post(_apply_path(job["id"]), json=APPLICANT | {"email": "late@example.com"})
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert quota(refused)[:2] == (allowed, 0)
    assert len(_candidates(recruiter)) == allowed


@pytest.mark.skipif(not PG_URL, reason="the advisory lock is PostgreSQL's; SQLite has one writer")
def test_a_second_lookup_of_the_same_email_waits_for_the_first_to_commit(app: FastAPI) -> None:
    # Two applications with one email must not both create a candidate: while the first
    # transaction that looked the person up is open, the same key cannot be locked again.
    probe = text("SELECT pg_try_advisory_xact_lock(hashtextextended(:key, 0))")
    with unit_of_work(app.state.sessions) as first:
        duplicates.find_existing(first, email="  Ada@Example.com ")
        with unit_of_work(app.state.sessions) as second:
            assert second.scalar(probe, {"key": "ada@example.com"}) is False
            assert second.scalar(probe, {"key": "grace@example.com"}) is True
    with unit_of_work(app.state.sessions) as later:
        assert later.scalar(probe, {"key": "ada@example.com"}) is True
