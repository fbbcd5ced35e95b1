"""The portal's job form sets what job boards and search engines read (country, structured pay,
the last day to apply, where remote applicants may live) with the API's rules, errors shown
next to each field, and the job's page shows them."""

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import Portal

BASE = {
    "title": "Welder",
    "product": "studios",
    "location": "Hamburg, Germany",
    "job_type": "full_time",
    "status": "open",
}
PAY = {
    "salary_min": "60000",
    "salary_max": "80000.50",
    "salary_currency": "eur",
    "salary_period": "year",
    "valid_through": "2027-03-31",
}


def _field_errors(html: str) -> dict[str, str]:
    return dict(re.findall(r'<p class="field-error" id="([a-z_]+)-error">([^<]*)</p>', html))


def _created(portal: Portal, fields: dict[str, str]) -> str:
    response = portal.post("/admin/jobs", BASE | fields)
    assert response.status_code == 303, _field_errors(response.text) or response.text
    return str(response.headers["location"]).rsplit("/", 1)[1]


def _job(admin: TestClient, job_id: str) -> dict[str, Any]:
    data: dict[str, Any] = admin.get(f"/api/jobs/{job_id}").json()["data"]
    return data


def test_a_job_created_in_the_portal_carries_its_posting_fields(
    portal_recruiter: Portal, admin: TestClient, anon: TestClient
) -> None:
    job_id = _created(portal_recruiter, PAY)
    job = _job(admin, job_id)
    assert {key: job[key] for key in (*PAY, "country", "remote_countries")} == {
        "salary_min": "60000.00",
        "salary_max": "80000.50",
        "salary_currency": "EUR",
        "salary_period": "year",
        "valid_through": "2027-03-31",
        # Left empty: read from the location, as the API does.
        "country": "DE",
        "remote_countries": [],
    }
    page = portal_recruiter.client.get(f"/admin/jobs/{job_id}").text
    assert "<dt>Published pay</dt><dd>60,000 - 80,000.5 EUR per year</dd>" in page
    assert "<dt>Country</dt><dd>DE</dd>" in page
    assert "31 Mar 2027" in page
    careers = anon.get(f"/careers/{job_id}").text
    assert '"baseSalary"' in careers
    assert "60,000 - 80,000.5 EUR per year" in careers


def test_a_remote_job_is_edited_with_its_countries_and_its_pay_cleared(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    job_id = _created(portal_recruiter, PAY)
    form = portal_recruiter.client.get(f"/admin/jobs/{job_id}/edit").text
    assert 'name="salary_min" type="text" value="60000.00"' in form
    assert 'name="valid_through" type="date" value="2027-03-31"' in form
    assert '<option value="year" selected>per year</option>' in form
    edited = portal_recruiter.post(
        f"/admin/jobs/{job_id}",
        BASE
        | {
            "location": "Remote",
            "country": "pt",
            "remote_countries": "es, FR\nPT",
            "salary_min": "",
            "salary_max": "",
            "salary_currency": "",
            "salary_period": "",
            "valid_through": "",
        },
    )
    assert edited.status_code == 303, _field_errors(edited.text)
    job = _job(admin, job_id)
    assert (job["country"], job["remote_countries"]) == ("PT", ["ES", "FR", "PT"])
    assert [job[key] for key in PAY] == [None] * len(PAY)
    form = portal_recruiter.client.get(f"/admin/jobs/{job_id}/edit").text
    assert 'name="remote_countries" type="text" value="ES, FR, PT"' in form


def test_an_emptied_country_is_read_from_the_new_location(
    portal_recruiter: Portal, admin: TestClient
) -> None:
    job_id = _created(portal_recruiter, {"country": "AT"})
    assert _job(admin, job_id)["country"] == "AT"
    moved = portal_recruiter.post(
        f"/admin/jobs/{job_id}", BASE | {"location": "Lyon, France", "country": ""}
    )
    assert moved.status_code == 303
    assert _job(admin, job_id)["country"] == "FR"


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"salary_min": "90000", "salary_max": "80000"},
            {"salary_max": "Must be at least salary_min"},
        ),
        ({"salary_currency": "XYZ"}, {"salary_currency": "Unknown currency XYZ"}),
        ({"salary_currency": "EURO"}, {"salary_currency": "Use an ISO 4217 code"}),
        ({"country": "XX"}, {"country": "Use an ISO 3166-1 alpha-2 country code"}),
        ({"remote_countries": "DE, Narnia"}, {"remote_countries": "Use an ISO 3166-1"}),
        ({"salary_min": "60,000"}, {"salary_min": "Use a decimal number"}),
        ({"salary_period": "fortnight"}, {"salary_period": "Choose one of the options"}),
        ({"valid_through": "31/03/2027"}, {"valid_through": ""}),
        (
            {"salary_min": "50000", "salary_currency": "", "salary_period": ""},
            {
                "salary_currency": "A salary needs its currency",
                "salary_period": "A salary needs its period",
            },
        ),
    ],
)
def test_bad_posting_fields_are_shown_next_to_each_field(
    portal_recruiter: Portal,
    admin: TestClient,
    fields: dict[str, str],
    errors: dict[str, str],
) -> None:
    sent = PAY | fields
    response = portal_recruiter.post("/admin/jobs", BASE | sent)
    assert response.status_code == 422
    shown = _field_errors(response.text)
    assert set(shown) == set(errors)
    for name, message in errors.items():
        assert shown[name].startswith(message)
    # What was typed stays in the form.
    for name, text in fields.items():
        if name != "salary_period" and text and "\n" not in text:
            assert f'name="{name}"' in response.text
            assert f'value="{text}"' in response.text
    assert admin.get("/api/jobs").json()["total"] == 0


def test_the_salary_range_hint_says_what_is_published(portal_recruiter: Portal) -> None:
    form = portal_recruiter.client.get("/admin/jobs/new").text
    assert "Internal only: never shown on the careers page" not in form
    assert "the careers page, its JobPosting data and the job feed show the pay set below" in form
    assert "<code>baseSalary</code>" in form
    for name in ("salary_min", "salary_max", "salary_currency", "salary_period", "country"):
        assert f'name="{name}"' in form
    assert 'name="valid_through" type="date"' in form
