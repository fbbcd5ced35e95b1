"""Conventions every endpoint shares: envelope, errors, health, limits."""

from collections.abc import Callable

import pytest
from fastapi.testclient import TestClient

from hiring.app import create_app
from hiring.config import Settings
from tests.conftest import FreshApp
from tests.factories import make_candidate
from tests.files.documents import docx_file

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def test_health_reports_database_ok(anon: TestClient) -> None:
    response = anon.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "data": {"database": "ok"}}


def test_health_is_503_when_database_is_unreachable(tmp_path) -> None:
    broken = create_app(Settings(database_url=f"sqlite:///{tmp_path}/missing/dir/x.db"))
    response = TestClient(broken).get("/healthz")
    assert response.status_code == 503
    assert response.json()["error"]["code"] == "unavailable"


def test_unknown_route_uses_error_envelope(anon: TestClient) -> None:
    response = anon.get("/api/does-not-exist")
    assert response.status_code == 404
    assert response.json() == {
        "ok": False,
        "error": {"code": "not_found", "message": "No such resource", "details": []},
    }


def test_wrong_method_uses_error_envelope(recruiter: TestClient) -> None:
    response = recruiter.put("/api/jobs")
    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


def test_unexpected_error_is_500_envelope_without_traceback(
    fresh_app: Callable[..., FreshApp],
) -> None:
    app = fresh_app().app

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internal detail")

    # The one client that answers a server error with its response instead of raising it.
    response = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text


def test_malformed_json_is_400(recruiter: TestClient) -> None:
    response = recruiter.post(
        "/api/jobs", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "bad_request"


def test_oversized_json_body_is_413(recruiter: TestClient) -> None:
    response = recruiter.post("/api/jobs", json={"title": "x", "description": "a" * 1_100_000})
    assert response.status_code == 413
    assert response.json()["error"]["code"] == "payload_too_large"


def test_oversized_chunked_body_is_413_while_streaming(recruiter: TestClient) -> None:
    def chunks():
        yield b'{"title": "x", "description": "'
        for _ in range(200):
            yield b"a" * 10_000
        yield b'"}'

    response = recruiter.post(
        "/api/jobs", content=chunks(), headers={"content-type": "application/json"}
    )
    assert response.status_code == 413


def test_openapi_describes_every_api_route(anon: TestClient) -> None:
    schema = anon.get("/openapi.json").json()
    assert "/api/jobs" in schema["paths"]
    assert "/api/candidates/{candidate_id}" in schema["paths"]
    assert anon.get("/docs").status_code == 200


def test_negative_or_non_numeric_limit_is_422(recruiter: TestClient) -> None:
    for bad in ("-1", "ten"):
        response = recruiter.get("/api/jobs", params={"limit": bad})
        assert response.status_code == 422
        assert response.json()["error"]["details"][0]["field"] == "limit"


@pytest.mark.parametrize(
    ("method", "path", "kwargs"),
    [
        ("post", "/api/candidates", {"json": {"name": "Ann\u0000Lee"}}),
        ("post", "/api/jobs", {"json": {"title": "x", "tags": ["a\u0000"]}}),
        ("get", "/api/candidates", {"params": {"search": "a\u0000b"}}),
        ("post", "/api/candidates", {"data": {"name": "Ann\u0000"}}),
        ("post", "/api/companies", {"json": {"name": "Acme\u0000"}}),
    ],
)
def test_nul_characters_are_refused_the_same_way_everywhere(
    recruiter: TestClient, method: str, path: str, kwargs: dict
) -> None:
    response = getattr(recruiter, method)(path, **kwargs)
    assert response.status_code == 422
    assert response.json()["error"]["message"] == "Text may not contain NUL characters"
    assert recruiter.get("/api/candidates").json()["total"] == 0


def test_an_escaped_backslash_before_u0000_is_plain_text(recruiter: TestClient) -> None:
    # JSON "\\u0000" is a backslash and the letters u0000, not a NUL.
    response = recruiter.post(
        "/api/candidates",
        content=b'{"name": "Ann \\\\u0000"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 201, response.text
    assert response.json()["data"]["name"] == "Ann \\u0000"


def test_uploads_may_carry_nul_bytes(recruiter: TestClient) -> None:
    candidate = make_candidate(recruiter)
    document = docx_file(["A resume"])
    assert b"\x00" in document
    files = {"file": ("resume.docx", document, DOCX)}
    response = recruiter.post(f"/api/candidates/{candidate['id']}/files", files=files)
    assert response.status_code == 201, response.text


def test_options_and_405_name_every_method_of_the_path(recruiter: TestClient) -> None:
    candidate = make_candidate(recruiter, name="Ada")
    path = f"/api/candidates/{candidate['id']}"
    options = recruiter.options(path)
    assert options.status_code == 204
    assert options.headers["allow"] == "DELETE, GET, OPTIONS, PATCH"
    wrong = recruiter.put(path, json={})
    assert wrong.status_code == 405
    assert wrong.headers["allow"] == "DELETE, GET, OPTIONS, PATCH"
    assert recruiter.options("/api/candidates").headers["allow"] == "GET, OPTIONS, POST"


def test_json_numbers_and_flags_must_be_typed_while_query_text_is_converted(
    recruiter: TestClient,
) -> None:
    """JSON says what a number or a yes/no is; a query string can only say it as text."""
    refused = recruiter.post("/api/candidates", json={"name": "Ann Lee", "rating": "5"})
    assert refused.status_code == 422
    assert refused.json()["error"]["details"][0]["field"] == "rating"
    created = recruiter.post("/api/candidates", json={"name": "Ann Lee", "rating": 5})
    assert created.status_code == 201, created.text
    listed = recruiter.get("/api/candidates", params={"rating_min": "5", "has_phone": "false"})
    assert [c["id"] for c in listed.json()["data"]] == [created.json()["data"]["id"]]


@pytest.mark.parametrize(
    ("path", "typo"),
    [
        ("/api/candidates", "stgae"),
        ("/api/jobs", "stauts"),
        ("/api/placements", "candidate"),
        ("/api/referrals", "limt"),
    ],
)
def test_unknown_query_parameter_is_422_naming_it(
    recruiter: TestClient, path: str, typo: str
) -> None:
    response = recruiter.get(path, params={typo: "hired"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["details"][0]["field"] == typo
    assert typo in error["message"]
    # The same endpoint with only the parameters it knows answers as usual.
    assert recruiter.get(path, params={"limit": 5}).status_code == 200


def test_known_parameters_from_shared_dependencies_are_accepted(recruiter: TestClient) -> None:
    response = recruiter.get(
        "/api/candidates", params={"stage": "hired", "skills": "python", "sort": "name"}
    )
    assert response.status_code == 200
