"""What search engines and job boards read: JobPosting data on each careers page (Google's
documented properties), the Indeed XML feed, the sitemap, robots.txt, and HEAD."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import FreshApp
from tests.factories import make_job

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
BASE = "https://jobs.example.com"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
# Google's JobPosting properties
# (https://developers.google.com/search/docs/appearance/structured-data/job-posting).
GOOGLE_REQUIRED = {"title", "description", "datePosted", "hiringOrganization"}
# jobLocation is required unless the job is fully remote; its address needs addressCountry.
GOOGLE_REQUIRED_ON_SITE = {"jobLocation"}
# Fully remote: jobLocationType TELECOMMUTE, with applicantLocationRequirements.
GOOGLE_REQUIRED_REMOTE = {"jobLocationType", "applicantLocationRequirements"}
# The recommended ones we fill for every job; baseSalary and validThrough when they are set.
GOOGLE_RECOMMENDED = {"employmentType", "identifier", "directApply"}
GOOGLE_RECOMMENDED_WHEN_SET = {"baseSalary", "validThrough"}
PAY = {"salary_min": 60000, "salary_max": "80000.50", "salary_currency": "EUR"}


@pytest.fixture
def employer(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> str:
    """HIRING_COMPANY_NAME set for one test (the shared app's default names no employer)."""
    monkeypatch.setattr(app.state.settings, "company_name", "Hiring Co")
    return "Hiring Co"


def _posting(client: TestClient, job_id: str) -> dict[str, Any]:
    page = client.get(f"/careers/{job_id}")
    assert page.status_code == 200
    found = JSON_LD.findall(page.text)
    assert len(found) == 1
    posting: dict[str, Any] = json.loads(found[0])
    return posting


def test_an_on_site_job_has_every_required_property(
    admin: TestClient, anon: TestClient, employer: str
) -> None:
    job = make_job(admin, title="Welder", location="Hamburg, Germany", job_type="full_time")
    posting = _posting(anon, job["id"])
    assert set(posting) >= GOOGLE_REQUIRED | GOOGLE_REQUIRED_ON_SITE | GOOGLE_RECOMMENDED
    assert not (GOOGLE_REQUIRED_REMOTE | GOOGLE_RECOMMENDED_WHEN_SET) & set(posting)
    assert posting["@type"] == "JobPosting"
    assert posting["title"] == "Welder"
    assert posting["employmentType"] == "FULL_TIME"
    assert posting["directApply"] is True
    assert posting["identifier"]["value"] == job["id"]
    assert posting["hiringOrganization"] == {"@type": "Organization", "name": employer}
    assert posting["identifier"]["name"] == employer
    address = posting["jobLocation"]["address"]
    assert address == {
        "@type": "PostalAddress",
        "addressLocality": "Hamburg",
        "addressCountry": "DE",
    }


def test_a_job_with_pay_and_an_end_carries_them(
    admin: TestClient, anon: TestClient, employer: str
) -> None:
    job = make_job(
        admin, location="Paris, France", salary_period="month", valid_through="2027-03-31", **PAY
    )
    posting = _posting(anon, job["id"])
    assert set(posting) >= GOOGLE_REQUIRED | GOOGLE_RECOMMENDED | GOOGLE_RECOMMENDED_WHEN_SET
    assert posting["validThrough"] == "2027-03-31"
    assert posting["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {
            "@type": "QuantitativeValue",
            "minValue": 60000,
            "maxValue": 80000.5,
            "unitText": "MONTH",
        },
    }
    page = anon.get(f"/careers/{job['id']}").text
    assert "60,000 - 80,000.5 EUR per month" in page


def test_a_remote_job_names_where_applicants_may_live(fresh_app) -> None:  # type: ignore[no-untyped-def]
    own: FreshApp = fresh_app(
        company_country="pt", company_url="https://example.com", company_name="Acme"
    )
    admin, anon = own.client("admin"), own.client()
    default = make_job(admin, location="Remote (EU)")
    listed = make_job(admin, location="Remote", remote_countries=["ES", "FR"])
    posting = _posting(anon, default["id"])
    assert set(posting) >= GOOGLE_REQUIRED | GOOGLE_REQUIRED_REMOTE | GOOGLE_RECOMMENDED
    assert "jobLocation" not in posting
    assert posting["jobLocationType"] == "TELECOMMUTE"
    assert posting["applicantLocationRequirements"] == [{"@type": "Country", "name": "PT"}]
    assert posting["hiringOrganization"]["sameAs"] == "https://example.com"
    assert posting["hiringOrganization"]["name"] == "Acme"
    countries = _posting(anon, listed["id"])["applicantLocationRequirements"]
    assert [country["name"] for country in countries] == ["ES", "FR"]


def test_without_a_company_name_no_employer_is_made_up(admin: TestClient, anon: TestClient) -> None:
    job = make_job(admin, location="Hamburg, Germany", public_department="Engineering")
    posting = _posting(anon, job["id"])
    assert "hiringOrganization" not in posting
    assert posting["identifier"] == {"@type": "PropertyValue", "value": job["id"]}
    assert "Hiring" not in json.dumps(posting)


def test_the_department_is_published_and_the_product_never(
    admin: TestClient, anon: TestClient, employer: str
) -> None:
    job = make_job(admin, product="zebracorn", public_department="Data & AI")
    posting = _posting(anon, job["id"])
    assert posting["hiringOrganization"]["department"] == {
        "@type": "Organization",
        "name": "Data & AI",
    }
    assert "zebracorn" not in anon.get(f"/careers/{job['id']}").text
    plain = _posting(anon, make_job(admin, product="zebracorn")["id"])
    assert "department" not in plain["hiringOrganization"]


def test_job_text_cannot_break_out_of_the_json_ld(admin: TestClient, anon: TestClient) -> None:
    title = "</script><script>alert(1)</script> & <!-- Dev"
    job = make_job(admin, title=title, description="Say ]]> and </SCRIPT>")
    page = anon.get(f"/careers/{job['id']}").text
    assert "<script>alert(1)" not in page
    assert _posting(anon, job["id"])["title"] == title


def _feed_app(fresh_app: Any) -> tuple[TestClient, TestClient]:
    own: FreshApp = fresh_app(public_url=f"{BASE}/", company_name="Acme")
    return own.client("admin"), own.client()


def test_the_feed_lists_every_open_job_in_indeeds_format(fresh_app) -> None:  # type: ignore[no-untyped-def]
    admin, anon = _feed_app(fresh_app)
    description = "Build <b>things</b> & more; ]]> stays text"
    on_site = make_job(
        admin,
        title="Baker",
        location="Lyon, France",
        job_type="part_time",
        description=description,
        salary_period="year",
        **PAY,
    )
    remote = make_job(
        admin, title="Writer", location="Remote", product="zebracorn", public_department="Words"
    )
    make_job(admin, title="Gone", status="closed")
    response = anon.get("/careers/feed.xml")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/xml")
    assert "<![CDATA[Build <b>things</b>" in response.text
    source = ET.fromstring(response.content)
    assert source.tag == "source"
    assert source.findtext("publisher") == "Acme"
    assert source.findtext("lastBuildDate")
    jobs = {job.findtext("referencenumber"): job for job in source.findall("job")}
    assert set(jobs) == {on_site["id"], remote["id"]}
    baker = jobs[on_site["id"]]
    assert baker.findtext("title") == "Baker"
    assert baker.findtext("url") == f"{BASE}/careers/{on_site['id']}"
    assert baker.findtext("company") == "Acme"
    assert baker.findtext("city") == "Lyon"
    assert baker.findtext("country") == "FR"
    assert baker.findtext("description") == description
    assert baker.findtext("salary") == "60,000 - 80,000.5 EUR per year"
    assert baker.findtext("jobtype") == "parttime"
    assert baker.findtext("date", "").startswith(on_site["created_at"][:10])
    writer = jobs[remote["id"]]
    assert writer.findtext("jobtype") == "contract"
    assert writer.findtext("remotetype") == "Fully remote"
    assert writer.findtext("category") == "Words"
    assert baker.find("category") is None
    assert "zebracorn" not in response.text


def test_the_sitemap_and_robots_point_crawlers_at_the_careers_pages(fresh_app) -> None:  # type: ignore[no-untyped-def]
    admin, anon = _feed_app(fresh_app)
    job = make_job(admin)
    make_job(admin, status="on_hold")
    sitemap = anon.get("/sitemap.xml")
    assert sitemap.status_code == 200
    urls = ET.fromstring(sitemap.content).findall(f"{SITEMAP}url")
    assert [url.findtext(f"{SITEMAP}loc") for url in urls] == [
        f"{BASE}/careers",
        f"{BASE}/careers/{job['id']}",
    ]
    assert all(url.findtext(f"{SITEMAP}lastmod") for url in urls)
    robots = anon.get("/robots.txt")
    assert robots.headers["content-type"].startswith("text/plain")
    lines = robots.text.splitlines()
    assert {"Allow: /careers", "Disallow: /admin", "Disallow: /api"} <= set(lines)
    assert f"Sitemap: {BASE}/sitemap.xml" in lines


def test_without_a_public_url_the_feeds_say_what_is_missing(anon: TestClient) -> None:
    for path in ("/careers/feed.xml", "/sitemap.xml"):
        response = anon.get(path)
        assert response.status_code == 404
        assert "HIRING_PUBLIC_URL" in response.text
    robots = anon.get("/robots.txt")
    assert robots.status_code == 200
    assert "Sitemap" not in robots.text


@pytest.mark.parametrize("path", ["/", "/careers", "/careers/{job}", "/robots.txt"])
def test_public_pages_answer_head_without_a_body(
    admin: TestClient, anon: TestClient, path: str
) -> None:
    url = path.format(job=make_job(admin)["id"])
    got = anon.get(url)
    head = anon.head(url)
    assert head.status_code == got.status_code == 200
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]


def test_the_feeds_answer_head_without_a_body(fresh_app) -> None:  # type: ignore[no-untyped-def]
    admin, anon = _feed_app(fresh_app)
    make_job(admin)
    for path in ("/careers/feed.xml", "/sitemap.xml"):
        head = anon.head(path)
        assert head.status_code == 200
        assert head.content == b""
        assert head.headers["content-type"].startswith("application/xml")


def test_a_job_past_its_last_day_to_apply_is_no_longer_advertised(fresh_app) -> None:  # type: ignore[no-untyped-def]
    admin, anon = _feed_app(fresh_app)
    today = datetime.now(UTC).date()
    last_day = make_job(admin, title="Last Day Welder", valid_through=today.isoformat())
    expired = make_job(
        admin, title="Expired Welder", valid_through=(today - timedelta(days=1)).isoformat()
    )
    feed = ET.fromstring(anon.get("/careers/feed.xml").content)
    assert {job.findtext("referencenumber") for job in feed.findall("job")} == {last_day["id"]}
    sitemap = anon.get("/sitemap.xml").text
    assert last_day["id"] in sitemap and expired["id"] not in sitemap
    careers = anon.get("/careers").text
    assert "Last Day Welder" in careers and "Expired Welder" not in careers
    listed = anon.get("/api/jobs/public").json()["data"]
    assert [job["id"] for job in listed] == [last_day["id"]]
    assert anon.get(f"/careers/{expired['id']}").status_code == 404
    assert anon.get(f"/api/jobs/public/{expired['id']}").status_code == 404
    applied = anon.post(
        f"/api/jobs/public/{expired['id']}/apply", json={"name": "Ann Lee", "email": "a@x.org"}
    )
    assert applied.status_code == 404
    # The team still sees and edits it: only the public side ends on its last day.
    assert admin.get(f"/api/jobs/{expired['id']}").status_code == 200
