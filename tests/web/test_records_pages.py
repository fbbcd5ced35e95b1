"""Placements and referrals pages: filtered lists and create/edit forms."""

from fastapi.testclient import TestClient

from tests.factories import make_candidate, make_job, make_placement
from tests.web.conftest import Portal


def test_placements_list_filters_by_status_and_job(
    portal_viewer: Portal, admin: TestClient
) -> None:
    job = make_job(admin, title="Platform Lead")
    make_placement(
        admin, job_id=job["id"], candidate_id=make_candidate(admin, name="Ida Active")["id"]
    )
    done = make_placement(admin, candidate_id=make_candidate(admin, name="Cal Completed")["id"])
    admin.patch(f"/api/placements/{done['id']}", json={"status": "completed"})
    page = portal_viewer.get("/admin/placements").text
    assert "Ida Active" in page and "Cal Completed" in page
    assert "USD 85,000.00 / year" in page
    completed = portal_viewer.get("/admin/placements?status=completed").text
    assert "Cal Completed" in completed and "Ida Active" not in completed
    by_job = portal_viewer.get(f"/admin/placements?job_id={job['id']}").text
    assert "Ida Active" in by_job and "Cal Completed" not in by_job
    unusable = portal_viewer.get("/admin/placements?status=bogus&date_from=yesterday")
    assert unusable.status_code == 200
    assert "Ida Active" in unusable.text


def test_record_a_placement_moves_the_candidate_to_hired(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    job = make_job(admin)
    candidate = make_candidate(admin, name="Hana Hired")
    form = portal_recruiter.get(f"/admin/placements/new?candidate_id={candidate['id']}").text
    assert "Placing Hana Hired" in form
    response = portal_recruiter.post(
        "/admin/placements",
        {
            "candidate_id": candidate["id"],
            "job_id": job["id"],
            "start_date": "2026-05-01",
            "salary": "90000",
            "currency": "EUR",
            "period": "year",
            "status": "active",
        },
    )
    assert response.status_code == 303
    placed = admin.get("/api/placements").json()["data"]
    assert [(p["candidate_id"], p["salary"], p["currency"]) for p in placed] == [
        (candidate["id"], "90000.00", "EUR")
    ]
    board = admin.get(f"/api/jobs/{job['id']}/candidates").json()["data"]
    assert board[0]["stage"] == "hired"


def test_placement_errors_show_next_to_fields_and_keep_values(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    job = make_job(admin)
    candidate = make_candidate(admin)
    typed = {
        "candidate_id": candidate["id"],
        "job_id": job["id"],
        "start_date": "2026-05-01",
        "end_date": "2026-04-01",
        "salary": "90000",
        "rate": "500",
        "currency": "EUR",
        "period": "year",
        "status": "active",
        "notes": "Keep this note",
    }
    response = portal_recruiter.post("/admin/placements", typed)
    assert response.status_code == 422
    assert 'id="end_date-error"' in response.text
    assert 'id="rate-error"' in response.text
    assert "Keep this note</textarea>" in response.text
    assert 'value="90000"' in response.text
    missing = portal_recruiter.post("/admin/placements", typed | {"start_date": "", "salary": "x"})
    assert 'id="start_date-error"' in missing.text
    assert 'id="salary-error"' in missing.text
    assert admin.get("/api/placements").json()["total"] == 0


def test_edit_a_placement(portal_recruiter: Portal, admin: TestClient) -> None:
    placement = make_placement(admin)
    edit = portal_recruiter.get(f"/admin/placements/{placement['id']}/edit").text
    assert 'value="85000.00"' in edit
    assert 'value="2026-03-01"' in edit
    base = {"start_date": "2026-03-01", "salary": "85000.00", "currency": "USD", "period": "year"}
    saved = portal_recruiter.post(
        f"/admin/placements/{placement['id']}", base | {"status": "completed", "fee": "12000"}
    )
    assert saved.status_code == 303
    data = admin.get(f"/api/placements/{placement['id']}").json()["data"]
    assert (data["status"], data["fee"]) == ("completed", "12000.00")
    refused = portal_recruiter.post(
        f"/admin/placements/{placement['id']}", base | {"status": "active", "period": ""}
    )
    assert refused.status_code == 422
    assert 'id="period-error"' in refused.text


def test_referrals_list_create_and_edit(portal_recruiter: Portal, admin: TestClient) -> None:
    job = make_job(admin, title="Growth Marketer")
    response = portal_recruiter.post(
        "/admin/referrals",
        {
            "referrer_name": "Rob Referrer",
            "referrer_email": "rob@example.com",
            "name": "Nia New",
            "email": "nia@example.com",
            "job_id": job["id"],
            "status": "submitted",
            "currency": "USD",
            "bonus_amount": "1000",
        },
    )
    assert response.status_code == 303
    (referral,) = admin.get("/api/referrals").json()["data"]
    assert referral["candidate_created"] is True
    page = portal_recruiter.get("/admin/referrals?referrer_email=ROB@example.com").text
    assert "Nia New" in page and "Growth Marketer" in page
    assert "Nia New" not in portal_recruiter.get("/admin/referrals?status=paid").text

    saved = portal_recruiter.post(
        f"/admin/referrals/{referral['id']}",
        {
            "referrer_name": "Rob Referrer",
            "referrer_email": "rob@example.com",
            "job_id": job["id"],
            "status": "paid",
            "bonus_amount": "1500",
            "currency": "USD",
        },
    )
    assert saved.status_code == 303
    data = admin.get(f"/api/referrals/{referral['id']}").json()["data"]
    assert (data["status"], data["bonus_amount"]) == ("paid", "1500.00")


def test_referral_errors_keep_values(portal_recruiter: Portal, admin: TestClient) -> None:
    response = portal_recruiter.post(
        "/admin/referrals",
        {"referrer_name": "Rob", "referrer_email": "not-an-email", "name": "Nia New"},
    )
    assert response.status_code == 422
    assert 'id="referrer_email-error"' in response.text
    assert 'value="Nia New"' in response.text
    both = portal_recruiter.post(
        "/admin/referrals",
        {
            "referrer_name": "Rob",
            "referrer_email": "rob@example.com",
            "candidate_id": make_candidate(admin)["id"],
            "name": "Nia New",
        },
    )
    assert both.status_code == 422
    assert 'id="name-error"' in both.text
    assert admin.get("/api/referrals").json()["total"] == 0


def test_viewer_reads_but_cannot_write_records(portal_viewer: Portal, admin: TestClient) -> None:
    placement = make_placement(admin)
    for path in ("/admin/placements", "/admin/referrals"):
        html = portal_viewer.get(path).text
        assert "/new" not in html and "/edit" not in html
    for path in (
        "/admin/placements/new",
        f"/admin/placements/{placement['id']}/edit",
        "/admin/referrals/new",
    ):
        assert portal_viewer.get(path).status_code == 403
    refused = portal_viewer.post(f"/admin/placements/{placement['id']}", {"status": "cancelled"})
    assert refused.status_code == 403
    assert admin.get(f"/api/placements/{placement['id']}").json()["data"]["status"] == "active"


def test_record_forms_need_the_csrf_token(portal_recruiter: Portal, admin: TestClient) -> None:
    placement = make_placement(admin)
    forged = portal_recruiter.client.post(
        f"/admin/placements/{placement['id']}", data={"status": "cancelled"}
    )
    assert forged.status_code == 403
    no_token = portal_recruiter.client.post(
        "/admin/referrals", data={"referrer_name": "R", "referrer_email": "r@example.com"}
    )
    assert no_token.status_code == 403
    assert admin.get("/api/referrals").json()["total"] == 0
