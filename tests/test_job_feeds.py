"""Jobs' structured location and pay, as job boards and search engines read them."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from hiring.migrate import upgrade
from tests.conftest import fresh_database_url
from tests.factories import make_job


@pytest.mark.parametrize(
    ("location", "country"),
    [
        ("Berlin, Germany", "DE"),
        ("London, UK", "GB"),
        ("Lisbon - Portugal", "PT"),
        ("Seoul, South Korea", "KR"),
        ("Remote (EU)", None),
        ("Austin, TX", None),
        ("Berlin", None),
    ],
)
def test_country_is_read_from_the_location(
    recruiter: TestClient, location: str, country: str | None
) -> None:
    assert make_job(recruiter, location=location)["country"] == country


def test_a_country_sent_wins_over_the_location(recruiter: TestClient) -> None:
    job = make_job(recruiter, location="Berlin, Germany", country="at")
    assert job["country"] == "AT"
    moved = recruiter.patch(f"/api/jobs/{job['id']}", json={"location": "Paris, France"})
    assert moved.json()["data"]["country"] == "FR"
    kept = recruiter.patch(
        f"/api/jobs/{job['id']}", json={"location": "Lyon, France", "country": "BE"}
    )
    assert kept.json()["data"]["country"] == "BE"
    cleared = recruiter.patch(f"/api/jobs/{job['id']}", json={"country": None})
    assert cleared.json()["data"]["country"] is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"country": "XX"}, "country"),
        ({"country": "DEU"}, "country"),
        ({"remote_countries": ["DE", "Germany"]}, "remote_countries.1"),
        ({"salary_currency": "EURO"}, "salary_currency"),
        ({"salary_period": "fortnight"}, "salary_period"),
        ({"salary_min": -1}, "salary_min"),
        ({"valid_through": "soon"}, "valid_through"),
    ],
)
def test_bad_job_fields_are_refused_naming_the_field(
    recruiter: TestClient, fields: dict, field: str
) -> None:
    response = recruiter.post("/api/jobs", json={"title": "Engineer", **fields})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == field


def test_structured_pay_is_kept_and_published(recruiter: TestClient, anon: TestClient) -> None:
    job = make_job(
        recruiter,
        location="Remote",
        salary_min="60000",
        salary_max=80000,
        salary_currency="eur",
        salary_period="year",
        valid_through="2027-01-31",
        remote_countries=["de", "AT"],
    )
    public = anon.get(f"/api/jobs/public/{job['id']}").json()["data"]
    for data in (job, public):
        assert data["salary_min"] == "60000.00"
        assert data["salary_max"] == "80000.00"
        assert data["salary_currency"] == "EUR"
        assert data["salary_period"] == "year"
        assert data["valid_through"] == "2027-01-31"
        assert data["remote_countries"] == ["DE", "AT"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        (
            {"salary_min": 9, "salary_max": 8, "salary_currency": "USD", "salary_period": "hour"},
            "salary_max",
        ),
        ({"salary_min": 90000, "salary_period": "year"}, "salary_currency"),
        ({"salary_max": 90000, "salary_currency": "USD"}, "salary_period"),
    ],
)
def test_pay_must_be_whole_and_in_order(recruiter: TestClient, fields: dict, field: str) -> None:
    response = recruiter.post("/api/jobs", json={"title": "Engineer", **fields})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == field


def test_an_update_is_checked_against_the_pay_already_there(recruiter: TestClient) -> None:
    job = make_job(
        recruiter, salary_min=50, salary_max=60, salary_currency="USD", salary_period="hour"
    )
    response = recruiter.patch(f"/api/jobs/{job['id']}", json={"salary_min": 70})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "salary_max"
    assert recruiter.get(f"/api/jobs/{job['id']}").json()["data"]["salary_min"] == "50.00"


def test_the_upgrade_reads_the_country_of_jobs_already_there(tmp_path: Path) -> None:
    for url in fresh_database_url(tmp_path):
        upgrade(url, "0018_name_sort")
        engine = create_engine(url)
        with engine.begin() as connection:
            for job_id, location in (("job_1", "Madrid, Spain"), ("job_2", "Remote (EU)")):
                connection.execute(
                    text(
                        "INSERT INTO jobs (id, title, product, location, job_type, status, "
                        "created_at, updated_at) VALUES (:id, 'Engineer', 'studios', :location, "
                        "'contract', 'open', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
                    ),
                    {"id": job_id, "location": location},
                )
        upgrade(url)
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT id, country, remote_countries FROM jobs ORDER BY id")
            ).all()
        engine.dispose()
        assert [(row[0], row[1]) for row in rows] == [("job_1", "ES"), ("job_2", None)]
        assert all(row[2] in ([], "[]") for row in rows)
