"""Portal clients: a browser-like TestClient signed in through the login form."""

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.conftest import Persona

PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_from(html: str) -> str:
    found = CSRF.search(html) or re.search(r'name="csrf-token" content="([^"]+)"', html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def sign_in(app: FastAPI, email: str, password: str = PASSWORD) -> TestClient:
    client = TestClient(app, follow_redirects=False)
    form = client.get("/admin/login")
    response = client.post(
        "/admin/login",
        data={"email": email, "password": password, "csrf_token": csrf_from(form.text)},
    )
    assert response.status_code == 303, response.text
    return client


class Portal:
    """A signed-in browser session: ``post`` sends the page's CSRF token like a form would."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.csrf = csrf_from(client.get("/admin").text)

    def get(self, path: str, **kwargs: object):  # type: ignore[no-untyped-def]
        return self.client.get(path, **kwargs)  # type: ignore[arg-type]

    def post(self, path: str, data: dict[str, str] | None = None, **kwargs: object):  # type: ignore[no-untyped-def]
        return self.client.post(path, data={"csrf_token": self.csrf} | (data or {}), **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def portal_admin(app: FastAPI, personas: dict[str, Persona]) -> Portal:
    return Portal(sign_in(app, personas["admin"].email))


@pytest.fixture
def portal_recruiter(app: FastAPI, personas: dict[str, Persona]) -> Portal:
    return Portal(sign_in(app, personas["recruiter"].email))


@pytest.fixture
def portal_viewer(app: FastAPI, personas: dict[str, Persona]) -> Portal:
    return Portal(sign_in(app, personas["viewer"].email))
