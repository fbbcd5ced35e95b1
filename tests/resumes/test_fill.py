"""One rule fills a candidate from a resume, on every path a resume comes in by: only empty
fields are filled (labels merged), whether the resume is uploaded to a candidate, sent with an
application or read into the New candidate form (tests/web/test_new_candidate_resume.py)."""

from typing import Any

from fastapi.testclient import TestClient

from hiring.candidates.models import Candidate
from hiring.resumes.fill import fill_from_resume, prefill_form, resume_values
from hiring.resumes.parsing import parse_resume
from hiring.resumes.schemas import ResumeParsed
from tests.factories import make_candidate, make_job
from tests.files.documents import docx_file

LINES = [
    "Lena Vogel",
    "Hamburg, Germany | lena.vogel@example.de | +49 40 822 4410",
    "Experience",
    "Data Engineer, Otto Group (2021 - present)",
    "Analyst at Hapag-Lloyd | 2018 - 2021",
    "Languages",
    "German (native), English (fluent), French (basic)",
    "Skills: Python, Airflow, SQL",
]
TEXT = "\n".join(LINES)


def parsed() -> ResumeParsed:
    return ResumeParsed.model_validate(parse_resume(TEXT))


def test_the_values_a_resume_states() -> None:
    assert resume_values(parsed()) == {
        "name": "Lena Vogel",
        "email": "lena.vogel@example.de",
        "phone": "+49 40 8224410",
        "linkedin_url": None,
        "github_url": None,
        "location": "Hamburg, Germany",
        "current_title": "Data Engineer",
        "current_company": "Otto Group",
        "languages": ["German", "English", "French"],
        "skills": ["Python", "Apache Airflow", "SQL"],
    }


def test_the_position_held_now_is_the_current_one_wherever_it_is_listed() -> None:
    text = "Experience\nAnalyst at Hapag-Lloyd | 2018 - 2021\nData Engineer, Otto (2021 - present)"
    values = resume_values(ResumeParsed.model_validate(parse_resume(text)))
    assert (values["current_title"], values["current_company"]) == ("Data Engineer", "Otto")


def test_filled_fields_are_never_overwritten() -> None:
    candidate = Candidate(
        name="L. Vogel", location="Berlin", current_title="Lead", languages=["Danish"], skills=[]
    )
    filled = fill_from_resume(candidate, parsed())
    assert filled == ["email", "phone", "current_company", "languages", "skills"]
    assert (candidate.name, candidate.location, candidate.current_title) == (
        "L. Vogel",
        "Berlin",
        "Lead",
    )
    assert candidate.languages == ["Danish", "German", "English", "French"]


def test_the_form_prefill_follows_the_same_rule() -> None:
    values = {"name": "", "location": "Kiel", "skills": "Go", "languages": ""}
    merged, filled = prefill_form(values, parsed())
    assert merged["location"] == "Kiel"
    assert merged["name"] == "Lena Vogel"
    assert merged["current_title"] == "Data Engineer"
    assert merged["languages"] == "German, English, French"
    assert merged["skills"] == "Go, Python, Apache Airflow, SQL"
    assert "location" not in filled


def _upload(client: TestClient, candidate_id: str, **form: Any) -> dict[str, Any]:
    response = client.post(
        f"/api/candidates/{candidate_id}/files",
        files={"file": ("cv.docx", docx_file(LINES))},
        data=form,
    )
    assert response.status_code == 201, response.text
    return dict(response.json()["data"]["extracted"])


def test_an_upload_to_an_existing_candidate_fills_location_title_and_languages(
    recruiter: TestClient,
) -> None:
    candidate = make_candidate(recruiter, name="Lena Vogel", email=None)
    extracted = _upload(recruiter, candidate["id"])
    assert {"location", "current_title", "current_company", "languages"} <= set(extracted["filled"])
    after = recruiter.get(f"/api/candidates/{candidate['id']}").json()["data"]
    assert after["location"] == "Hamburg, Germany"
    assert (after["current_title"], after["current_company"]) == ("Data Engineer", "Otto Group")
    assert after["languages"] == ["German", "English", "French"]
    assert after["phone"] == "+49 40 8224410"


def test_an_upload_keeps_what_the_candidate_has(recruiter: TestClient) -> None:
    candidate = make_candidate(
        recruiter,
        name="Lena Vogel",
        location="Bremen",
        current_title="Head of Data",
        current_company="Beiersdorf",
        languages=["German"],
    )
    extracted = _upload(recruiter, candidate["id"], kind="resume")
    assert "location" not in extracted["filled"]
    assert "current_title" not in extracted["filled"]
    after = recruiter.get(f"/api/candidates/{candidate['id']}").json()["data"]
    assert (after["location"], after["current_title"], after["current_company"]) == (
        "Bremen",
        "Head of Data",
        "Beiersdorf",
    )
    assert after["languages"] == ["German", "English", "French"]


def test_an_application_with_a_resume_fills_the_same_fields(
    anon: TestClient, recruiter: TestClient
) -> None:
    job = make_job(recruiter)
    response = anon.post(
        f"/api/jobs/public/{job['id']}/apply",
        data={"name": "Lena Vogel", "email": "lena@example.org"},
        files={"resume": ("cv.txt", TEXT.encode(), "text/plain")},
    )
    assert response.status_code == 201, response.text
    [candidate] = recruiter.get("/api/candidates").json()["data"]
    assert candidate["email"] == "lena@example.org"
    assert candidate["location"] == "Hamburg, Germany"
    assert candidate["current_title"] == "Data Engineer"
    assert candidate["languages"] == ["German", "English", "French"]
