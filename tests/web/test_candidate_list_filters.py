"""The portal's candidate list offers every filter of the API: labels, rating and phone too."""

from fastapi.testclient import TestClient

from tests.factories import make_candidate
from tests.web.conftest import Portal


def _listed(portal: Portal, **params: str) -> str:
    response = portal.get("/admin/candidates", params=params)
    assert response.status_code == 200
    return response.text


def test_label_rating_and_phone_filters(recruiter: TestClient, portal_recruiter: Portal) -> None:
    make_candidate(
        recruiter,
        name="Pythonista Polyglot",
        skills=["Python", "Go"],
        tags=["priority"],
        languages=["German"],
        rating=5,
        phone="+49 30 1234567",
    )
    make_candidate(recruiter, name="Rusty Reader", skills=["Rust"], rating=2)

    page = _listed(portal_recruiter)
    for field in ('name="skills"', 'name="skills_mode"', 'name="tags"', 'name="languages"'):
        assert field in page
    assert 'name="rating_min"' in page and 'name="has_phone"' in page

    both = _listed(portal_recruiter, skills="python, go", skills_mode="all")
    assert "Pythonista Polyglot" in both and "Rusty Reader" not in both
    either = _listed(portal_recruiter, skills="Go, rust")
    assert "Pythonista Polyglot" in either and "Rusty Reader" in either
    assert "Rusty Reader" not in _listed(portal_recruiter, tags="PRIORITY")
    assert "Rusty Reader" not in _listed(portal_recruiter, languages="german")
    rated = _listed(portal_recruiter, rating_min="4")
    assert "Pythonista Polyglot" in rated and "Rusty Reader" not in rated
    phoned = _listed(portal_recruiter, has_phone="1")
    assert "Pythonista Polyglot" in phoned and "Rusty Reader" not in phoned
    # The typed filters come back in the form.
    assert 'value="python, go"' in both


def test_a_refused_filter_is_named_and_left_out(
    recruiter: TestClient, portal_recruiter: Portal
) -> None:
    make_candidate(recruiter, name="Still Listed")
    page = _listed(portal_recruiter, skills="x" * 101)
    assert "could not be used" in page
    assert "Still Listed" in page
