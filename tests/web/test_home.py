"""The front door and the API docs, which must work without internet."""

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import Portal


def test_front_door_links_the_portal_careers_page_and_docs(app: FastAPI) -> None:
    response = TestClient(app, follow_redirects=False).get("/")
    assert response.status_code == 200
    assert "text/html" in response.headers["content-type"]
    for link in ('href="/admin"', 'href="/careers"', 'href="/docs"'):
        assert link in response.text
    assert "content-security-policy" in response.headers


def test_signed_in_user_goes_to_the_portal(portal_recruiter: Portal) -> None:
    response = portal_recruiter.get("/")
    assert response.status_code == 303
    assert response.headers["location"] == "/admin"


def test_api_docs_load_nothing_from_other_sites(anon: TestClient) -> None:
    page = anon.get("/docs")
    assert page.status_code == 200
    assets = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert assets, "the docs page loads its scripts and styles"
    assert not [url for url in assets if url.startswith(("http:", "https:", "//"))]
    for url in assets:
        assert anon.get(url).status_code == 200, url
    redoc = anon.get("/redoc")
    assert redoc.status_code == 200
    assert "cdn." not in redoc.text
