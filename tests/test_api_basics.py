"""Conventions every endpoint shares: envelope, errors, health, limits."""

from fastapi import FastAPI
from fastapi.testclient import TestClient

from hiring.app import create_app
from hiring.config import Settings


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


def test_unexpected_error_is_500_envelope_without_traceback(settings: Settings) -> None:
    app: FastAPI = create_app(settings)

    @app.get("/boom")
    def boom() -> None:
        raise RuntimeError("secret internal detail")

    response = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert response.status_code == 500
    assert response.json()["error"]["code"] == "internal_error"
    assert "secret internal detail" not in response.text
    assert "Traceback" not in response.text
    app.state.engine.dispose()


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


def test_text_the_database_cannot_store_is_422_not_500(app: FastAPI, recruiter: TestClient) -> None:
    response = recruiter.post("/api/companies", json={"name": "Acme\u0000"})
    expected = 422 if app.state.engine.dialect.name == "postgresql" else 201
    assert response.status_code == expected, response.text
