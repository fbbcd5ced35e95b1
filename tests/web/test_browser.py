"""The portal and the careers page in a real browser (Debian's Chromium driven by Playwright;
the fixtures and the skip without Chromium are in ``tests.web.browser``). Screenshots of the
main pages land in tests/artifacts/ on every run.
"""

import json
import re
from pathlib import Path

from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Page, expect

from hiring import demo
from hiring.db import unit_of_work
from tests.conftest import Persona
from tests.factories import make_candidate, make_job
from tests.files.documents import RESUME_LINES, pdf
from tests.ranking.helpers import LOCAL_ENGINE
from tests.web.browser import (  # noqa: F401 (fixtures)
    DESKTOP,
    PHONE,
    WIDER_THAN_VIEWPORT,
    base_url_fixture,
    browser_fixture,
    column,
    page_fixture,
    shot,
    sign_in,
)
from tests.web.conftest import PASSWORD


def test_login_logout_and_wrong_password(page: Page, personas: dict[str, Persona]) -> None:
    sign_in(page, personas["admin"].email, "not the password")
    expect(page.get_by_role("alert")).to_have_text("Wrong email or password.")
    expect(page.get_by_label("Email")).to_have_value(personas["admin"].email)
    shot(page, "login-error")

    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/admin/login$"))
    page.goto("/admin/jobs")
    expect(page).to_have_url(re.compile(r"/admin/login\?next="))


def test_create_job_keeps_input_on_error(page: Page, personas: dict[str, Persona]) -> None:
    sign_in(page, personas["recruiter"].email)
    page.goto("/admin/jobs/new")
    page.get_by_label("Team").fill("Platform")
    page.get_by_label("Description").fill("Own our data platform.")
    page.get_by_role("button", name="Create job").click()
    expect(page.locator("#title-error")).to_have_text("Required")
    expect(page.get_by_label("Description")).to_have_value("Own our data platform.")

    page.get_by_label("Title").fill("Staff Data Engineer")
    page.get_by_label("Job type").select_option("full_time")
    page.get_by_role("button", name="Create job").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Staff Data Engineer")
    expect(page.locator(".subtitle")).to_contain_text("Full time")
    expect(page.locator("#activity")).to_contain_text("Job created: Staff Data Engineer")


def test_move_card_by_keyboard_persists(
    page: Page, admin: TestClient, personas: dict[str, Persona]
) -> None:
    job = make_job(admin)
    candidate = make_candidate(admin, name="Kira Keyboard", job_id=job["id"])
    sign_in(page, personas["recruiter"].email)
    page.goto(f"/admin/jobs/{job['id']}")
    select = page.get_by_label("Stage of Kira Keyboard")
    select.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    # Arrows only browse: nothing moves until Enter.
    expect(column(page, "applied")).to_contain_text("Kira Keyboard")
    with page.expect_response(re.compile(r"/stage$")) as answer:
        page.keyboard.press("Enter")
    assert answer.value.ok
    expect(column(page, "interview")).to_contain_text("Kira Keyboard")
    expect(page.get_by_label("Stage of Kira Keyboard")).to_be_focused()
    shot(page, "job-board")

    page.reload()
    expect(column(page, "interview")).to_contain_text("Kira Keyboard")
    expect(column(page, "applied")).not_to_contain_text("Kira Keyboard")
    detail = admin.get(f"/api/candidates/{candidate['id']}").json()["data"]
    assert detail["stage"] == "interview"


def test_move_card_by_drag_persists(
    page: Page, admin: TestClient, personas: dict[str, Persona]
) -> None:
    job = make_job(admin)
    make_candidate(admin, name="Dana Drag", job_id=job["id"])
    sign_in(page, personas["admin"].email)
    page.goto(f"/admin/jobs/{job['id']}")
    with page.expect_response(re.compile(r"/stage$")) as answer:
        # Grab the card by its edge: the middle of a card holds its stage menu.
        page.locator(".kanban-card", has_text="Dana Drag").drag_to(
            column(page, "interview").locator(".cards"), source_position={"x": 4, "y": 4}
        )
    assert answer.value.ok
    page.reload()
    expect(column(page, "interview")).to_contain_text("Dana Drag")
    expect(page.locator("#activity")).to_contain_text("Dana Drag: applied → interview")

    # Picked with the mouse from the card's menu, the choice saves at once.
    with page.expect_response(re.compile(r"/stage$")) as answer:
        page.get_by_label("Stage of Dana Drag").select_option("offer")
    assert answer.value.ok
    page.reload()
    expect(column(page, "offer")).to_contain_text("Dana Drag")


def test_add_edit_delete_note(page: Page, admin: TestClient, personas: dict[str, Persona]) -> None:
    candidate = make_candidate(admin, name="Noah Notes")
    sign_in(page, personas["recruiter"].email)
    page.goto(f"/admin/candidates/{candidate['id']}")
    page.get_by_label("New note").fill("Strong portfolio")
    page.get_by_role("button", name="Add note").click()
    notes = page.locator("#notes .note")
    expect(notes).to_have_count(1)
    expect(notes.first.locator(".note-body")).to_have_text("Strong portfolio")

    notes.first.get_by_text("Edit", exact=True).click()
    notes.first.get_by_label("Edit note").fill("Strong portfolio, call Friday")
    notes.first.get_by_role("button", name="Save note").click()
    expect(page.locator("#notes .note-body")).to_have_text("Strong portfolio, call Friday")

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#notes .note").get_by_role("button", name="Delete").click()
    expect(page.locator("#notes .note")).to_have_count(0)
    expect(page.locator("#activity")).to_contain_text("Note deleted")


def test_filter_and_search_candidates(
    page: Page, admin: TestClient, personas: dict[str, Persona]
) -> None:
    job = make_job(admin, title="Frontend Engineer")
    make_candidate(admin, name="Ada Lovelace", location="London", job_id=job["id"])
    make_candidate(admin, name="Grace Hopper", location="Arlington", source="referral")
    make_candidate(admin, name="Alan Turing", location="London", email=None)
    sign_in(page, personas["viewer"].email)
    page.goto("/admin/candidates")
    rows = page.locator("#results tbody tr")
    expect(rows).to_have_count(3)

    page.get_by_label("Search").press_sequentially("ada", delay=40)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Ada Lovelace")
    expect(page).to_have_url(re.compile(r"search=ada"))

    page.get_by_label("Search").fill("")
    page.get_by_label("Search").press("Backspace")
    expect(rows).to_have_count(3)
    page.get_by_label("Source").select_option("referral")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Grace Hopper")

    page.goto("/admin/candidates?location=london&has_email=1")
    expect(rows).to_have_count(1)
    expect(page.locator("[data-total]").first).to_have_text("1")
    page.goto(f"/admin/candidates?job_id={job['id']}")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Frontend Engineer")

    page.goto("/admin/candidates")
    page.get_by_role("link", name="Name").click()
    expect(rows.first).to_contain_text("Ada Lovelace")
    expect(page).to_have_url(re.compile(r"sort=name"))


def test_viewer_cannot_change_anything(
    page: Page, admin: TestClient, personas: dict[str, Persona]
) -> None:
    job = make_job(admin)
    candidate = make_candidate(admin, name="Vera Viewer", job_id=job["id"])
    admin.post(f"/api/candidates/{candidate['id']}/notes", json={"body": "Seen by all"})
    sign_in(page, personas["viewer"].email)
    for path in (
        "/admin",
        "/admin/jobs",
        f"/admin/jobs/{job['id']}",
        "/admin/candidates",
        f"/admin/candidates/{candidate['id']}",
        "/admin/placements",
        "/admin/referrals",
    ):
        page.goto(path)
        # The only form a viewer gets is signing out.
        expect(page.locator("main form[method=post]")).to_have_count(0)
        expect(page.locator("main .move-form, main [draggable=true]")).to_have_count(0)
        expect(page.get_by_role("link", name=re.compile("^(New|Edit)"))).to_have_count(0)

    token = page.locator('meta[name="csrf-token"]').get_attribute("content") or ""
    forged = page.request.post(
        f"/admin/candidates/{candidate['id']}/notes",
        form={"body": "sneaky", "csrf_token": token},
    )
    assert forged.status == 403
    no_token = page.request.post("/admin/jobs", form={"title": "Sneaky job"})
    assert no_token.status == 403
    notes = admin.get(f"/api/candidates/{candidate['id']}/notes").json()
    assert [n["body"] for n in notes["data"]] == ["Seen by all"]


def test_careers_lists_only_open_jobs_with_json_ld(page: Page, admin: TestClient) -> None:
    open_job = make_job(
        admin, title="Product Designer", location="Lisbon", salary_range="90k secret"
    )
    make_job(admin, title="Closed Role", status="closed")
    make_job(admin, title="Paused Role", status="on_hold")
    page.goto("/careers")
    jobs = page.locator(".job-list .job-item")
    expect(jobs).to_have_count(1)
    expect(jobs.first).to_contain_text("Product Designer")

    jobs.first.get_by_role("link", name="Product Designer").click()
    # No HIRING_COMPANY_NAME in the tests: the page names no employer, only the job.
    expect(page).to_have_title("Product Designer")
    assert "90k" not in page.content()
    description = page.locator('meta[name="description"]').get_attribute("content")
    assert description
    data = json.loads(page.locator('script[type="application/ld+json"]').text_content() or "")
    assert data["@type"] == "JobPosting"
    assert data["title"] == "Product Designer"
    assert data["identifier"]["value"] == open_job["id"]
    assert data["jobLocation"]["address"]["addressLocality"] == "Lisbon"
    assert page.goto("/careers/" + make_job(admin, status="closed")["id"]).status == 404


def test_screenshots_of_main_pages(
    page: Page, app: FastAPI, admin: TestClient, personas: dict[str, Persona]
) -> None:
    with unit_of_work(app.state.sessions) as session:
        demo.generate(session, candidates=400, jobs=14, seed=7)
    job = admin.get("/api/jobs?status=open&limit=1").json()["data"][0]
    rows = admin.get(f"/api/candidates?job_id={job['id']}&limit=1").json()["data"]
    candidate = rows[0] if rows else admin.get("/api/candidates?limit=1").json()["data"][0]
    sign_in(page, personas["admin"].email)
    pages = {
        "dashboard": "/admin",
        "jobs": "/admin/jobs",
        "job": f"/admin/jobs/{job['id']}",
        "job-form": "/admin/jobs/new",
        "candidates": "/admin/candidates",
        "candidate": f"/admin/candidates/{candidate['id']}",
        "candidate-new": "/admin/candidates/new",
        "segments": "/admin/segments",
        "segment-new": "/admin/segments/new",
        "placements": "/admin/placements",
        "placement-form": f"/admin/placements/new?candidate_id={candidate['id']}",
        "referrals": "/admin/referrals",
        "referral-form": "/admin/referrals/new",
        "careers": "/careers",
        "careers-job": f"/careers/{job['id']}",
    }
    for size_name, size in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(size)
        for name, path in pages.items():
            assert page.goto(path).ok, path
            shot(page, f"{name}-{size_name}")
            # Nothing spills sideways at this width (wide tables and the board scroll inside).
            wide = page.evaluate(WIDER_THAN_VIEWPORT)
            assert not wide, (name, size_name, wide)


def drop_file(page: Page, target: str, name: str, text: str) -> None:
    """Drop a file on ``target`` as a user dragging it from their desktop would."""
    transfer = page.evaluate_handle(
        """([name, text]) => {
          const transfer = new DataTransfer();
          transfer.items.add(new File([text], name, { type: "text/plain" }));
          return transfer;
        }""",
        [name, text],
    )
    page.dispatch_event(target, "drop", {"dataTransfer": transfer})


def test_upload_and_download_a_file(
    page: Page, admin: TestClient, personas: dict[str, Persona]
) -> None:
    candidate = make_candidate(admin, name="Fiona Files")
    sign_in(page, personas["recruiter"].email)
    page.goto(f"/admin/candidates/{candidate['id']}")
    page.get_by_label("Upload a file").set_input_files(
        {"name": "references.txt", "mimeType": "text/plain", "buffer": b"Two references"}
    )
    page.get_by_role("button", name="Upload", exact=True).click()
    files = page.locator("#files .files li")
    expect(files).to_have_count(1)
    expect(files.first).to_contain_text("references.txt")

    with page.expect_download() as download:
        page.get_by_role("link", name="references.txt").click()
    assert Path(download.value.path()).read_bytes() == b"Two references"

    with page.expect_navigation():
        drop_file(page, "#files [data-drop-target]", "dropped.txt", "Dropped in")
    expect(files).to_have_count(2)
    expect(page.locator("#files")).to_contain_text("dropped.txt")
    shot(page, "candidate-files")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete references.txt").click()
    expect(files).to_have_count(1)
    expect(page.locator("#activity")).to_contain_text("File deleted: references.txt")


def test_create_a_candidate_from_a_resume(
    page: Page, admin: TestClient, personas: dict[str, Persona]
) -> None:
    sign_in(page, personas["recruiter"].email)
    page.goto("/admin/candidates/new")
    page.get_by_label("Current title").fill("Principal Engineer")
    with page.expect_response(re.compile(r"/new/resume$")) as answer:
        page.get_by_label("Resume").set_input_files(
            {"name": "jane.pdf", "mimeType": "application/pdf", "buffer": pdf(RESUME_LINES)}
        )
    assert answer.value.ok
    expect(page.locator("#resume-status")).to_contain_text("Filled from the resume")
    expect(page.get_by_label("Name")).to_have_value("Jane Resume")
    expect(page.get_by_label("Email", exact=True)).to_have_value("jane.resume@example.org")
    # What she typed stays: the resume only fills empty fields.
    expect(page.get_by_label("Current title")).to_have_value("Principal Engineer")
    expect(page.locator(".chip-input").first).to_contain_text("Kubernetes")
    shot(page, "candidate-new-from-resume")

    page.get_by_role("button", name="Create candidate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jane Resume")
    expect(page.locator("#files")).to_contain_text("jane.pdf")
    expect(page.locator("#resume .resume-text")).to_contain_text("Backend engineer with 7 years")
    rows = admin.get("/api/candidates?search=jane").json()["data"]
    assert [(r["current_title"], r["email"]) for r in rows] == [
        ("Principal Engineer", "jane.resume@example.org")
    ]


def test_a_resume_of_someone_already_here_warns_in_the_form(
    page: Page, admin: TestClient, personas: dict[str, Persona]
) -> None:
    known = make_candidate(admin, name="Jane Known", email="jane.resume@example.org")
    sign_in(page, personas["recruiter"].email)
    page.goto("/admin/candidates/new")
    with page.expect_response(re.compile(r"/new/resume$")) as answer:
        page.get_by_label("Resume").set_input_files(
            {"name": "jane.pdf", "mimeType": "application/pdf", "buffer": pdf(RESUME_LINES)}
        )
    assert answer.value.ok
    warning = page.locator(f'[data-duplicate="{known["id"]}"]')
    expect(warning).to_contain_text("Jane Known is already here with this email")
    expect(warning.get_by_role("link", name="Open Jane Known")).to_have_attribute(
        "href", f"/admin/candidates/{known['id']}"
    )
    warning.get_by_role("button", name="Create anyway").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jane Resume")
    assert admin.get("/api/candidates").json()["total"] == 2


def test_recommend_candidates_and_add_one_to_the_pipeline(
    page: Page, admin: TestClient, personas: dict[str, Persona]
) -> None:
    job = make_job(admin, title="Data Engineer", requirements="Python, SQL, Airflow")
    make_candidate(
        admin, name="Rhea Ranked", current_title="Data Engineer", skills=["Python", "SQL"]
    )
    make_candidate(admin, name="Otto Other", current_title="Chef", skills=["Cooking"])
    sign_in(page, personas["recruiter"].email)
    page.goto(f"/admin/jobs/{job['id']}")
    page.get_by_role("button", name="Recommend candidates").click()
    ranked = page.locator("#recommendations .recommendations li")
    expect(ranked.first).to_contain_text("Rhea Ranked")
    expect(page.locator("#recommendations [data-engine]")).to_have_text(LOCAL_ENGINE)
    expect(ranked.first.locator(".score")).to_have_text(re.compile(r"^\d+$"))
    shot(page, "job-recommendations")

    page.get_by_role("button", name="Add Rhea Ranked to the pipeline").click()
    expect(column(page, "applied")).to_contain_text("Rhea Ranked")
    expect(ranked.first).to_contain_text("In pipeline")
    board = admin.get(f"/api/jobs/{job['id']}/candidates").json()["data"]
    assert [c["name"] for c in board] == ["Rhea Ranked"]


def test_bulk_tag_after_searching_the_table(
    page: Page, admin: TestClient, personas: dict[str, Persona]
) -> None:
    make_candidate(admin, name="Beth Bulk")
    make_candidate(admin, name="Bill Bulk")
    other = make_candidate(admin, name="Ola Other")
    sign_in(page, personas["recruiter"].email)
    page.goto("/admin/candidates")
    rows = page.locator("#results tbody tr")
    page.get_by_label("Search").press_sequentially("bulk", delay=40)
    expect(rows).to_have_count(2)
    apply_button = page.get_by_role("button", name="Apply")
    expect(apply_button).to_be_disabled()
    page.get_by_label("Select all on this page").check()
    expect(page.locator("#bulk-count")).to_have_text("2 selected")
    page.get_by_label("With the selected").select_option("tag")
    expect(page.get_by_label("Stage", exact=True).and_(page.locator("#bulk-stage"))).to_be_hidden()
    page.get_by_label("Tag", exact=True).fill("shortlist")
    apply_button.click()
    expect(page.get_by_role("status").filter(has_text="Tagged 2 of 2")).to_be_visible()
    expect(page).to_have_url(re.compile(r"search=bulk"))
    shot(page, "candidates-bulk")
    tagged = admin.get("/api/candidates?search=bulk").json()["data"]
    assert [c["tags"] for c in tagged] == [["shortlist"], ["shortlist"]]
    assert admin.get(f"/api/candidates/{other['id']}").json()["data"]["tags"] == []


def test_apply_on_the_careers_page_and_appear_in_the_portal(
    page: Page, admin: TestClient, personas: dict[str, Persona]
) -> None:
    job = make_job(admin, title="Support Engineer", location="Porto")
    page.goto(f"/careers/{job['id']}")
    page.get_by_role("link", name="Apply for this job").click()
    page.get_by_label("Full name").fill("Ana Applicant")
    page.get_by_label("Email").fill("ana@")
    page.get_by_label("Cover note").fill("I have run support for five years.")
    page.get_by_role("button", name="Send application").click()
    expect(page.locator("#email-error")).to_be_visible()
    # Nothing typed is lost.
    expect(page.get_by_label("Full name")).to_have_value("Ana Applicant")
    expect(page.get_by_label("Cover note")).to_have_value("I have run support for five years.")
    shot(page, "careers-apply-error")

    page.get_by_label("Email").fill("ana@example.com")
    page.get_by_label("Resume").set_input_files(
        {"name": "ana.pdf", "mimeType": "application/pdf", "buffer": pdf(["Ana Applicant"])}
    )
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("status")).to_contain_text("Thank you for applying to Support Engineer")
    shot(page, "careers-applied")

    sign_in(page, personas["viewer"].email)
    page.goto(f"/admin/jobs/{job['id']}")
    expect(column(page, "applied")).to_contain_text("Ana Applicant")
    page.get_by_role("link", name="Ana Applicant").click()
    expect(page.locator("#files")).to_contain_text("ana.pdf")
    expect(page.locator("#notes")).to_contain_text("I have run support for five years.")


def test_build_and_save_a_segment_with_a_live_count(
    page: Page, admin: TestClient, personas: dict[str, Persona]
) -> None:
    make_candidate(admin, name="Ada Berlin", location="Berlin", skills=["Python", "Go"])
    make_candidate(admin, name="Bob Lisbon", location="Lisbon", skills=["Python"])
    make_candidate(admin, name="Cy Berlin", location="Berlin", skills=["Java"])
    sign_in(page, personas["recruiter"].email)
    page.goto("/admin/segments")
    page.get_by_role("link", name="New segment").click()
    count = page.locator("#preview [data-total]")
    expect(count).to_have_text("3")

    page.get_by_label("Skills", exact=True).press_sequentially("python", delay=30)
    expect(count).to_have_text("2")
    page.get_by_label("Location contains").fill("berlin")
    expect(count).to_have_text("1")
    expect(page.locator("#preview tbody tr")).to_have_count(1)
    expect(page.locator("#preview tbody")).to_contain_text("Ada Berlin")
    page.get_by_label("Applied").check()
    expect(count).to_have_text("1")

    page.get_by_label("Name").fill("Berlin Pythonistas")
    page.get_by_role("button", name="Save segment").click()
    expect(page.get_by_role("status").filter(has_text="Segment saved.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Location contains")).to_have_value("berlin")
    expect(page.locator("#preview [data-total]")).to_have_text("1")
    page.goto("/admin/segments")
    expect(page.locator("tbody tr")).to_contain_text("Berlin Pythonistas")
    expect(page.locator("[data-members]")).to_have_text("1")
    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    assert "Ada Berlin" in Path(download.value.path()).read_text()
    shot(page, "segments-desktop")
