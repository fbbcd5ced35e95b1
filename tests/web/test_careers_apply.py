"""The careers page's application form: the public apply service behind an HTML form."""

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.factories import make_candidate, make_job
from tests.files.documents import EXE, pdf

APPLICANT = {
    "name": "Ann Lee",
    "email": "ann@example.com",
    "phone": "+44 20 7946 0958",
    "linkedin_url": "https://www.linkedin.com/in/annlee",
    "cover_note": "I love data platforms.",
}


def _browser(app: FastAPI) -> TestClient:
    return TestClient(app, follow_redirects=False)


def test_job_page_has_the_application_form(anon: TestClient, admin: TestClient) -> None:
    job = make_job(admin, title="Data Engineer")
    html = anon.get(f"/careers/{job['id']}").text
    assert f'action="/careers/{job["id"]}/apply"' in html
    assert 'enctype="multipart/form-data"' in html
    for label in ("Full name", "Email", "Phone", "LinkedIn profile", "Resume", "Cover note"):
        assert f">{label}" in html
    assert "csrf_token" not in html


def test_applying_creates_the_candidate_in_the_pipeline(app: FastAPI, admin: TestClient) -> None:
    job = make_job(admin, title="Data Engineer")
    resume = pdf(["Ann Lee", "Skills: Python, PostgreSQL"])
    response = _browser(app).post(
        f"/careers/{job['id']}/apply",
        data=APPLICANT,
        files={"resume": ("cv.pdf", resume, "application/pdf")},
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/careers/{job['id']}/applied"
    thanks = _browser(app).get(response.headers["location"]).text
    assert "Thank you for applying to Data Engineer" in thanks

    rows = admin.get(f"/api/candidates?job_id={job['id']}").json()["data"]
    assert [(r["name"], r["email"], r["source"]) for r in rows] == [
        ("Ann Lee", "ann@example.com", "direct")
    ]
    files = admin.get(f"/api/candidates/{rows[0]['id']}/files").json()["data"]
    assert [(f["filename"], f["kind"]) for f in files] == [("cv.pdf", "resume")]
    notes = admin.get(f"/api/candidates/{rows[0]['id']}/notes").json()["data"]
    assert [n["body"] for n in notes] == ["I love data platforms."]


def test_an_application_without_a_file_is_accepted(app: FastAPI, admin: TestClient) -> None:
    job = make_job(admin)
    response = _browser(app).post(
        f"/careers/{job['id']}/apply",
        data={"name": "Bo Kim", "email": "bo@example.com"},
        files={"resume": ("", b"", "application/octet-stream")},
    )
    assert response.status_code == 303
    assert admin.get("/api/candidates?search=bo").json()["total"] == 1


def test_invalid_fields_show_next_to_them_and_keep_what_was_typed(
    app: FastAPI, admin: TestClient
) -> None:
    job = make_job(admin)
    typed = APPLICANT | {"email": "not-an-email", "linkedin_url": "linkedin"}
    response = _browser(app).post(f"/careers/{job['id']}/apply", data=typed)
    assert response.status_code == 422
    assert 'id="email-error"' in response.text
    assert 'id="linkedin_url-error"' in response.text
    assert 'value="not-an-email"' in response.text
    assert 'value="+44 20 7946 0958"' in response.text
    assert "I love data platforms.</textarea>" in response.text
    assert admin.get("/api/candidates").json()["total"] == 0


def test_a_refused_resume_file_is_reported_on_its_field(app: FastAPI, admin: TestClient) -> None:
    job = make_job(admin)
    response = _browser(app).post(
        f"/careers/{job['id']}/apply",
        data=APPLICANT,
        files={"resume": ("cv.exe", EXE, "application/octet-stream")},
    )
    assert response.status_code == 422
    assert 'id="resume-error"' in response.text
    assert 'value="Ann Lee"' in response.text
    assert admin.get("/api/candidates").json()["total"] == 0


def test_the_honeypot_stores_nothing_but_looks_accepted(app: FastAPI, admin: TestClient) -> None:
    job = make_job(admin)
    data = APPLICANT | {"website": "https://spam.example"}
    response = _browser(app).post(f"/careers/{job['id']}/apply", data=data)
    assert response.status_code == 303
    assert admin.get("/api/candidates").json()["total"] == 0


def test_applications_are_rate_limited_per_address(app: FastAPI, admin: TestClient) -> None:
    job = make_job(admin)
    limit = app.state.settings.public_apply_per_minute
    client = _browser(app)
    for n in range(limit):
        data = {"name": f"Person {n}", "email": f"p{n}@example.com"}
        assert client.post(f"/careers/{job['id']}/apply", data=data).status_code == 303
    refused = client.post(f"/careers/{job['id']}/apply", data=APPLICANT)
    assert refused.status_code == 429
    assert "Too many applications from this address" in refused.text
    assert int(refused.headers["retry-after"]) > 0
    assert admin.get("/api/candidates?search=ann").json()["total"] == 0


def test_an_existing_candidate_is_matched_not_duplicated(app: FastAPI, admin: TestClient) -> None:
    job = make_job(admin)
    known = make_candidate(admin, name="Ann Lee", email="ANN@example.com")
    assert _browser(app).post(f"/careers/{job['id']}/apply", data=APPLICANT).status_code == 303
    rows = admin.get("/api/candidates").json()["data"]
    assert [r["id"] for r in rows] == [known["id"]]


def test_closed_jobs_take_no_applications(app: FastAPI, admin: TestClient) -> None:
    job = make_job(admin, status="closed")
    response = _browser(app).post(f"/careers/{job['id']}/apply", data=APPLICANT)
    assert response.status_code == 404
    assert admin.get("/api/candidates").json()["total"] == 0


def test_a_known_email_in_another_case_changes_nothing_on_the_record(
    app: FastAPI, admin: TestClient
) -> None:
    job = make_job(admin)
    known = make_candidate(
        admin,
        name="Ann Lee-Smith",
        email="ANN@example.com",
        phone="+1 555 0199",
        linkedin_url="https://www.linkedin.com/in/ann-real",
        github_url="https://github.com/ann-real",
        skills=["Go"],
    )
    kept = ("name", "email", "phone", "linkedin_url", "github_url", "skills", "resume_text")
    before = {k: admin.get(f"/api/candidates/{known['id']}").json()["data"][k] for k in kept}
    resume = pdf(["Mallory", "github.com/mallory", "Skills: Rust, Kubernetes"])
    response = _browser(app).post(
        f"/careers/{job['id']}/apply",
        data=APPLICANT | {"name": "Mallory", "email": "ann@EXAMPLE.com"},
        files={"resume": ("cv.pdf", resume, "application/pdf")},
    )
    assert response.status_code == 303
    after = admin.get(f"/api/candidates/{known['id']}").json()["data"]
    assert {k: after[k] for k in kept} == before
    assert after["job_id"] == job["id"]
    [stored] = admin.get(f"/api/candidates/{known['id']}/files").json()["data"]
    [note] = admin.get(f"/api/candidates/{known['id']}/notes").json()["data"]
    [application] = admin.get(f"/api/candidates/{known['id']}/applications").json()["data"]
    assert (application["file_id"], note["application_id"]) == (stored["id"], application["id"])
    assert (stored["uploaded_by"], note["created_by"]) == (None, None)
    assert application["submitted"] == {
        "name": "Mallory",
        "email": "ann@example.com",
        "phone": APPLICANT["phone"],
        "linkedin_url": APPLICANT["linkedin_url"],
        "cover_note": APPLICANT["cover_note"],
        "resume_text": None,
    }
