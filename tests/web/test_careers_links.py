"""Absolute links on the careers pages come from HIRING_PUBLIC_URL, never from the request."""

import json
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hiring.config import Settings
from tests.conftest import FreshApp
from tests.factories import make_job

EVIL = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)">')


def _careers_pages(client: TestClient, job_id: str) -> list[str]:
    """Every careers page a visitor can reach for an open job, asked with a forged Host."""
    pages = [
        client.get("/careers", headers=EVIL),
        client.get(f"/careers/{job_id}", headers=EVIL),
        client.get(f"/careers/{job_id}/applied", headers=EVIL),
        client.get("/careers/job_nope", headers=EVIL),
        client.post(f"/careers/{job_id}/apply", data={"name": "Ann"}, headers=EVIL),
    ]
    assert [p.status_code for p in pages] == [200, 200, 200, 404, 422]
    return [page.text for page in pages]


def _posting(html: str) -> dict:
    found = JSON_LD.search(html)
    assert found
    return json.loads(found.group(1))


def test_a_forged_host_is_never_reflected_without_a_public_url(
    app: FastAPI, admin: TestClient
) -> None:
    job = make_job(admin)
    client = TestClient(app, follow_redirects=False)
    for html in _careers_pages(client, job["id"]):
        assert "evil.example" not in html
    html = client.get(f"/careers/{job['id']}", headers=EVIL).text
    assert CANONICAL.findall(html) == [f"/careers/{job['id']}"]
    assert "url" not in _posting(html)


def test_links_use_the_public_url_and_ignore_the_host(fresh_app) -> None:  # type: ignore[no-untyped-def]
    own: FreshApp = fresh_app(public_url="https://jobs.example.com/")
    job = make_job(own.client("admin"))
    client = own.client(follow_redirects=False)
    for html in _careers_pages(client, job["id"]):
        assert "evil.example" not in html
    html = client.get(f"/careers/{job['id']}", headers=EVIL).text
    expected = f"https://jobs.example.com/careers/{job['id']}"
    assert CANONICAL.findall(html) == [expected]
    assert _posting(html)["url"] == expected


@pytest.mark.parametrize(
    "value",
    [
        "jobs.example.com",
        "ftp://jobs.example.com",
        "https://",
        "https://a@b.example",
        "https://x.example/?q=1",
    ],
)
def test_the_public_url_must_be_an_http_url(value: str) -> None:
    with pytest.raises(ValueError, match="public_url"):
        Settings(public_url=value)


def test_the_public_url_is_kept_without_its_trailing_slash() -> None:
    assert (
        Settings(public_url=" https://jobs.example.com/ ").public_url == "https://jobs.example.com"
    )
    assert Settings().public_url == ""
