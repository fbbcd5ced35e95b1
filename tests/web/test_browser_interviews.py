"""Interviews in a real browser: scheduling from a pipeline card in the browser's time zone, a
clash shown before the form is sent, and an interviewer's scorecard; and the segment preview
at a wide desktop width (the fixtures and the skip without Chromium are in
``tests.web.browser``)."""

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, expect

from tests.conftest import Persona
from tests.factories import make_candidate, make_job
from tests.web.browser import (  # noqa: F401 (fixtures)
    WIDER_THAN_VIEWPORT,
    base_url_fixture,
    browser_fixture,
    column,
    new_tab,
    page_fixture,
    shot,
    sign_in,
)

VIEWER = "viewer@example.com"
WIDE = {"width": 1440, "height": 900}


def book_viewer(admin: TestClient, candidate_id: str, job_id: str) -> dict[str, Any]:
    """The viewer booked through the API on 3 June 2030, from 10:00 to 11:00 UTC."""
    response = admin.post(
        "/api/interviews",
        json={
            "candidate_id": candidate_id,
            "job_id": job_id,
            "starts_at": "2030-06-03T10:00:00",
            "ends_at": "2030-06-03T11:00:00",
            "timezone": "UTC",
            "interviewers": [VIEWER],
            "kind": "technical",
        },
    )
    assert response.status_code == 201, response.text
    return dict(response.json()["data"])


@pytest.fixture
def berlin_page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A browser whose time zone is Berlin's, as a user there would have."""
    with new_tab(browser, base_url, timezone_id="Europe/Berlin") as tab:
        yield tab


def test_schedule_from_the_pipeline_card_in_my_time_zone(
    berlin_page: Page, admin: TestClient, personas: dict[str, Persona]
) -> None:
    page = berlin_page
    job = make_job(admin, title="Site Reliability Engineer")
    candidate = make_candidate(admin, name="Sol Schedule", job_id=job["id"])
    sign_in(page, personas["recruiter"].email)
    page.goto(f"/admin/jobs/{job['id']}")
    page.get_by_role("link", name="Schedule interview with Sol Schedule").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule an interview: Sol Schedule")
    form = page.get_by_role("form", name="Schedule an interview")
    expect(form.get_by_label("Job")).to_have_value(job["id"])
    expect(form.get_by_label("Time zone")).to_have_value("Europe/Berlin")
    expect(form.get_by_label("Interviewers")).to_have_value(personas["recruiter"].email)
    form.get_by_label("Kind").select_option("technical")
    form.get_by_label("Starts").fill("2030-07-01T09:30")
    form.get_by_label("Ends").fill("2030-07-01T10:15")
    form.get_by_label("Interviewers").fill(f"{personas['recruiter'].email}, {VIEWER}")
    shot(page, "interview-schedule")
    form.get_by_role("button", name="Schedule").click()

    expect(page).to_have_url(re.compile(rf"/admin/jobs/{job['id']}#board$"))
    expect(column(page, "applied")).to_contain_text("Sol Schedule")
    [interview] = admin.get("/api/interviews", params={"candidate_id": candidate["id"]}).json()[
        "data"
    ]
    assert interview["timezone"] == "Europe/Berlin"
    assert interview["starts_at"].startswith("2030-07-01T07:30")
    assert interview["interviewers"] == sorted([personas["recruiter"].email, VIEWER])


def test_a_clash_is_shown_before_sending_and_can_be_booked_anyway(
    page: Page, admin: TestClient, personas: dict[str, Persona]
) -> None:
    job = make_job(admin, title="Backend Engineer")
    booked_for = make_candidate(admin, name="Bo Booked")
    booked = book_viewer(admin, booked_for["id"], job["id"])
    candidate = make_candidate(admin, name="Cleo Clash")
    sign_in(page, personas["recruiter"].email)
    page.goto(f"/admin/candidates/{candidate['id']}")
    page.locator("#interviews summary", has_text="Schedule an interview").click()
    form = page.get_by_role("form", name="Schedule an interview")
    form.get_by_label("Job").select_option(job["id"])
    form.get_by_label("Time zone").fill("UTC")
    form.get_by_label("Starts").fill("2030-06-03T10:30")
    form.get_by_label("Ends").fill("2030-06-03T11:30")
    form.get_by_label("Interviewers").fill(VIEWER)

    clashes = page.locator("#interview-clashes")
    expect(clashes).to_contain_text(f"{VIEWER} has interview {booked['id']}")
    anyway = clashes.get_by_label("Schedule anyway")
    expect(anyway).not_to_be_checked()
    shot(page, "interview-clash")
    # Nothing was sent: only the check ran.
    assert admin.get("/api/interviews", params={"interviewer": VIEWER}).json()["total"] == 1

    # A time that clashes with nothing clears the warning.
    form.get_by_label("Starts").fill("2030-06-03T11:00")
    expect(clashes).to_be_empty()
    form.get_by_label("Starts").fill("2030-06-03T10:30")
    expect(anyway).to_be_visible()

    # Sent without the box ticked, the server refuses with the same clash.
    form.get_by_role("button", name="Schedule").click()
    expect(page.locator("#interview-clashes")).to_contain_text(booked["id"])
    assert admin.get("/api/interviews", params={"interviewer": VIEWER}).json()["total"] == 1
    page.get_by_label("Schedule anyway").check()
    page.get_by_role("form", name="Schedule an interview").get_by_role(
        "button", name="Schedule"
    ).click()
    expect(page.locator("#interviews .interviews > li")).to_have_count(1)
    assert admin.get("/api/interviews", params={"interviewer": VIEWER}).json()["total"] == 2


def test_an_interviewer_submits_a_scorecard(
    page: Page, admin: TestClient, personas: dict[str, Persona]
) -> None:
    job = make_job(admin, title="Frontend Engineer")
    admin.put(
        f"/api/jobs/{job['id']}/scorecard",
        json={"attributes": [{"name": "Coding"}, {"name": "Communication"}]},
    )
    candidate = make_candidate(admin, name="Sam Scored")
    interview = book_viewer(admin, candidate["id"], job["id"])
    sign_in(page, personas["viewer"].email)
    page.goto("/admin/interviews")
    page.get_by_role("link", name="Sam Scored").first.click()
    item = page.locator(f"#interview-{interview['id']}")
    item.get_by_label("Coding").select_option("4")
    item.get_by_label("Communication").select_option("3")
    item.get_by_label("Recommendation").select_option("strong_yes")
    item.get_by_label("Notes").fill("Explained trade-offs clearly.")
    item.get_by_role("button", name="Submit scorecard").click()

    summary = page.locator(f"#scorecards-{job['id']}")
    expect(summary).to_contain_text("Strong yes: 1")
    expect(summary).to_contain_text("Explained trade-offs clearly.")
    expect(page.locator(f"#interview-{interview['id']} summary")).to_have_text("Edit my scorecard")
    shot(page, "interview-scorecard")
    [for_job] = admin.get(f"/api/candidates/{candidate['id']}/scorecards").json()["data"]
    [card] = for_job["scorecards"]
    assert (card["recommendation"], card["ratings"]) == (
        "strong_yes",
        {"Coding": 4, "Communication": 3},
    )


def test_the_segment_preview_is_never_cut_off_at_desktop_width(
    page: Page, admin: TestClient, personas: dict[str, Persona]
) -> None:
    for n in range(3):
        make_candidate(
            admin,
            name=f"Maximiliane Wolkenstein-Rabensberg {n}",
            email=f"maximiliane.wolkenstein{n}@example.org",
            current_title="Principal Distributed Systems Engineer, Payments Infrastructure",
            current_company="Internationale Zahlungsverkehrsgesellschaft",
            location="Frankfurt am Main, Hessen, Germany",
            skills=["Kubernetes", "PostgreSQL", "Distributed systems", "Observability"],
        )
    sign_in(page, personas["recruiter"].email)
    page.set_viewport_size(WIDE)
    page.goto("/admin/segments/new")
    expect(page.locator("#preview tbody tr")).to_have_count(3)
    shot(page, "segment-preview-1440")
    assert not page.evaluate(WIDER_THAN_VIEWPORT)
    # Every column of the table is inside its card: nothing hides behind a sideways scroll.
    fits = page.evaluate(
        """() => {
          const wrap = document.querySelector("#preview .table-wrap");
          const card = wrap.closest(".card").getBoundingClientRect();
          const cells = [...wrap.querySelectorAll("th, td, td *")];
          const edges = cells.map((cell) => cell.getBoundingClientRect().right);
          return {
            right: Math.max(...edges), card: card.right,
            scrollWidth: wrap.scrollWidth, clientWidth: wrap.clientWidth,
          };
        }"""
    )
    assert fits["right"] <= fits["card"] + 1, fits
    assert fits["scrollWidth"] <= fits["clientWidth"], fits
    expect(page.locator("#preview thead th").last).to_be_in_viewport(ratio=1)
