"""Resumes uploaded to candidates fill their profile; /api/resumes/parse keeps nothing."""

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hiring.resumes.parser import parse_resume
from tests.factories import make_candidate
from tests.files import documents

EXPECTED = {
    "name": "Jane Resume",
    "headline": "Senior Backend Engineer",
    "location": None,
    "emails": ["jane.resume@example.org"],
    "phones": ["+44 20 7946 0958"],
    "links": {
        "linkedin": "https://linkedin.com/in/jane-resume",
        "github": "https://github.com/janeresume",
        "portfolio": "https://janeresume.dev",
        "other": [],
    },
    "skills": ["Python", "PostgreSQL", "Kubernetes"],
    "languages": ["English", "Spanish"],
    "years_of_experience": 7,
    "experience": [
        {
            "title": "Senior Engineer",
            "company": "Acme Corp",
            "period": "2021 - present",
            "start": "2021",
            "end": "present",
        },
        {
            "title": "Backend Developer",
            "company": "Globex",
            "period": "2017 - 2021",
            "start": "2017",
            "end": "2021",
        },
    ],
    "education": [
        {
            "degree": "BSc Computer Science",
            "institution": "University of Lisbon",
            "period": "2013 - 2017",
        }
    ],
}

# What the resume fills on a candidate who has only a name (and a skill).
EVERY_FIELD = [
    "email",
    "phone",
    "linkedin_url",
    "github_url",
    "current_title",
    "current_company",
    "languages",
    "skills",
]

RESUMES = {
    "resume.pdf": documents.pdf(documents.RESUME_LINES),
    "resume.docx": documents.docx_file(documents.RESUME_LINES),
    "resume.odt": documents.odt(documents.RESUME_LINES),
    "resume.rtf": documents.rtf(documents.RESUME_LINES),
    "resume.txt": "\n".join(documents.RESUME_LINES).encode(),
}


def upload(client: TestClient, candidate_id: str, name: str, content: bytes, **form: Any) -> Any:
    return client.post(
        f"/api/candidates/{candidate_id}/files", files={"file": (name, content)}, data=form
    )


def blank_candidate(client: TestClient, **fields: Any) -> dict[str, Any]:
    return make_candidate(client, email=None, **fields)


@pytest.mark.parametrize("name", list(RESUMES))
def test_a_resume_fills_the_empty_candidate_fields(recruiter: TestClient, name: str) -> None:
    candidate = blank_candidate(recruiter, skills=["Go"])
    response = upload(recruiter, candidate["id"], name, RESUMES[name])
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert data["kind"] == "resume"
    extracted = data["extracted"]
    assert extracted["parse_error"] is None
    assert extracted["parsed"] == EXPECTED
    assert extracted["resume_text_updated"] is True
    assert extracted["filled"] == EVERY_FIELD

    after = recruiter.get(f"/api/candidates/{candidate['id']}").json()["data"]
    assert after["email"] == "jane.resume@example.org"
    assert after["phone"] == "+44 20 7946 0958"
    assert after["linkedin_url"] == "https://linkedin.com/in/jane-resume"
    assert after["github_url"] == "https://github.com/janeresume"
    assert after["skills"] == ["Go", "Python", "PostgreSQL", "Kubernetes"]
    assert after["current_title"] == "Senior Engineer"
    assert after["current_company"] == "Acme Corp"
    assert after["languages"] == ["English", "Spanish"]
    assert "Senior Engineer at Acme Corp" in after["resume_text"]
    assert after["resume_parsed"] == EXPECTED


def test_a_resume_never_overwrites_what_the_user_entered(recruiter: TestClient) -> None:
    candidate = make_candidate(
        recruiter,
        email="mine@example.com",
        phone="+1 555 0100",
        linkedin_url="https://www.linkedin.com/in/mine",
        resume_text="Typed by a recruiter",
        skills=["python"],
        current_title="Staff Engineer",
        languages=["Portuguese"],
    )
    response = upload(
        recruiter,
        candidate["id"],
        "cv.pdf",
        RESUMES["resume.pdf"],
        kind="resume",
        keep_resume_text="true",
    )
    extracted = response.json()["data"]["extracted"]
    assert extracted["filled"] == ["github_url", "current_company", "languages", "skills"]
    assert extracted["resume_text_updated"] is False
    after = recruiter.get(f"/api/candidates/{candidate['id']}").json()["data"]
    assert after["email"] == "mine@example.com"
    assert after["phone"] == "+1 555 0100"
    assert after["linkedin_url"] == "https://www.linkedin.com/in/mine"
    assert after["resume_text"] == "Typed by a recruiter"
    assert after["skills"] == ["python", "PostgreSQL", "Kubernetes"]
    assert after["current_title"] == "Staff Engineer"
    assert after["current_company"] == "Acme Corp"
    assert after["languages"] == ["Portuguese", "English", "Spanish"]
    assert after["resume_parsed"]["emails"] == ["jane.resume@example.org"]


def test_an_explicit_resume_replaces_the_text_unless_asked_to_keep_it(
    recruiter: TestClient,
) -> None:
    candidate = make_candidate(recruiter, resume_text="Old text")
    response = upload(recruiter, candidate["id"], "cv.docx", RESUMES["resume.docx"], kind="resume")
    assert response.json()["data"]["extracted"]["resume_text_updated"] is True
    after = recruiter.get(f"/api/candidates/{candidate['id']}").json()["data"]
    assert after["resume_text"].startswith("Jane Resume")


def test_documents_are_not_read_when_the_candidate_has_a_resume_or_kind_says_otherwise(
    recruiter: TestClient,
) -> None:
    with_text = make_candidate(recruiter, resume_text="Already here")
    response = upload(recruiter, with_text["id"], "cv.pdf", RESUMES["resume.pdf"])
    assert response.json()["data"]["kind"] == "other"
    assert response.json()["data"]["extracted"] is None

    blank = blank_candidate(recruiter)
    letter = upload(
        recruiter, blank["id"], "letter.pdf", RESUMES["resume.pdf"], kind="cover_letter"
    )
    assert letter.json()["data"]["extracted"] is None
    assert recruiter.get(f"/api/candidates/{blank['id']}").json()["data"]["email"] is None


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (documents.CORRUPT_PDF, "could not be read"),
        (documents.encrypted_pdf(documents.RESUME_LINES), "password-protected"),
    ],
)
def test_an_unreadable_pdf_is_stored_with_a_parse_error(
    recruiter: TestClient, content: bytes, error: str
) -> None:
    candidate = blank_candidate(recruiter)
    response = upload(recruiter, candidate["id"], "cv.pdf", content, kind="resume")
    assert response.status_code == 201, response.text
    data = response.json()["data"]
    assert data["content_type"] == "application/pdf"
    assert error in data["extracted"]["parse_error"]
    assert data["extracted"]["parsed"] is None
    after = recruiter.get(f"/api/candidates/{candidate['id']}").json()["data"]
    assert after["resume_text"] is None and after["resume_parsed"] is None
    files = recruiter.get(f"/api/candidates/{candidate['id']}/files").json()
    assert files["total"] == 1


def test_the_upload_activity_says_what_was_filled(recruiter: TestClient) -> None:
    candidate = blank_candidate(recruiter)
    upload(recruiter, candidate["id"], "cv.txt", RESUMES["resume.txt"])
    activities = recruiter.get(f"/api/candidates/{candidate['id']}/activities").json()["data"]
    uploaded = next(a for a in activities if a["activity_type"] == "file_uploaded")
    assert uploaded["data"]["filled"] == EVERY_FIELD
    assert uploaded["actor"] == "recruiter@example.com"


def parse(client: TestClient, name: str, content: bytes) -> httpx.Response:
    return client.post("/api/resumes/parse", files={"file": (name, content)})


@pytest.mark.parametrize("name", list(RESUMES))
def test_parse_returns_the_facts_and_keeps_nothing(
    app: FastAPI, recruiter: TestClient, name: str
) -> None:
    before = list(app.state.storage.keys())
    response = parse(recruiter, name, RESUMES[name])
    assert response.status_code == 200, response.text
    assert response.json()["data"] == EXPECTED
    assert list(app.state.storage.keys()) == before


def test_parse_refuses_what_it_cannot_read(recruiter: TestClient, viewer: TestClient) -> None:
    assert parse(recruiter, "cv.pdf", documents.PNG).status_code == 415
    assert parse(recruiter, "cv.exe", documents.EXE).status_code == 415
    corrupt = parse(recruiter, "cv.pdf", documents.CORRUPT_PDF)
    assert corrupt.status_code == 422
    assert corrupt.json()["error"]["details"][0]["field"] == "file"
    assert parse(recruiter, "cv.txt", b"").status_code == 422
    assert parse(viewer, "cv.txt", RESUMES["resume.txt"]).status_code == 403


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("I bring 7+ yrs building APIs", 7),
        ("Over 12 years of professional experience; 3 years of experience with Go", 12),
        ("Experience: 4.5 years", 4.5),
        ("Graduated in 2015", None),
    ],
)
def test_stated_years_of_experience(text: str, years: float | None) -> None:
    assert parse_resume(text)["years_of_experience"] == years


def test_a_doc_resume_is_stored_and_reported_as_unreadable(recruiter: TestClient) -> None:
    candidate = blank_candidate(recruiter)
    response = upload(recruiter, candidate["id"], "cv.doc", documents.ole("WordDocument"))
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["content_type"] == "application/msword"
    assert data["kind"] == "other"
    other = blank_candidate(recruiter)
    resume = upload(recruiter, other["id"], "cv.doc", documents.ole("WordDocument"), kind="resume")
    assert resume.json()["data"]["extracted"]["parse_error"] == "Text cannot be read from DOC files"
