"""Totals of candidate lists: exact up to count_exact_up_to; beyond it, PostgreSQL answers the
planner's estimate flagged `total_exact: false` (SQLite always counts)."""

from collections.abc import Callable

import pytest

from hiring.web.render import count_text
from tests.conftest import FreshApp
from tests.factories import make_candidate
from tests.web.conftest import sign_in

LIMIT = 5


@pytest.fixture
def crowded(fresh_app: Callable[..., FreshApp]) -> FreshApp:
    """Eight candidates who know Kotlin, three of them named Rivera, three knowing Swift and
    three Rust (two both), on an app that counts exactly up to five."""
    made = fresh_app(count_exact_up_to=LIMIT)
    client = made.client("recruiter")
    for n in range(8):
        surname = "Rivera" if n < 3 else "Okafor"
        skills = ["Kotlin", *(["Swift"] if n < 3 else []), *(["Rust"] if 1 <= n <= 3 else [])]
        make_candidate(client, name=f"Sam {surname} {n}", skills=skills)
    return made


def _postgresql(made: FreshApp) -> bool:
    return made.app.state.engine.dialect.name == "postgresql"


def test_a_total_within_the_limit_is_exact(crowded: FreshApp) -> None:
    body = crowded.client("recruiter").get("/api/candidates", params={"search": "rivera"}).json()
    assert body["total"] == 3
    assert body["total_exact"] is True
    assert len(body["data"]) == 3


def test_beyond_the_limit_postgresql_estimates_and_says_so(crowded: FreshApp) -> None:
    client = crowded.client("recruiter")
    body = client.get("/api/candidates", params={"limit": 2}).json()
    preview = client.post(
        "/api/candidate-segments/preview", json={"filters": {"skills": ["kotlin"]}}
    ).json()["data"]
    if _postgresql(crowded):
        assert body["total_exact"] is False
        assert body["total"] > LIMIT
        assert preview["total_exact"] is False
        assert preview["total"] > LIMIT
    else:
        assert (body["total"], body["total_exact"]) == (8, True)
        assert (preview["total"], preview["total_exact"]) == (8, True)
    assert len(body["data"]) == 2
    assert len(preview["candidates"]) == 8


def test_any_filters_past_the_limit_are_estimated(crowded: FreshApp) -> None:
    # Every kind of filter value reaches the planner's estimate (dates, lists, patterns).
    params = {
        "search": "sam",
        "source": "direct",
        "stage": ["applied", "screening"],
        "skills": "kotlin",
        "location": "",
        "has_email": "true",
        "date_from": "2000-01-01",
        "limit": 1,
    }
    body = crowded.client("recruiter").get("/api/candidates", params=params).json()
    assert len(body["data"]) == 1
    if _postgresql(crowded):
        assert body["total_exact"] is False
        assert body["total"] > LIMIT
    else:
        assert (body["total"], body["total_exact"]) == (8, True)


def test_a_prefix_past_the_limit_that_no_whole_word_matches_is_estimated(
    crowded: FreshApp,
) -> None:
    client = crowded.client("recruiter")
    body = client.get("/api/candidates", params={"search": "sa", "limit": 2}).json()
    assert (body["total"] > LIMIT, body["total_exact"]) == (True, not _postgresql(crowded))
    exact = client.get("/api/candidates", params={"search": "oka"}).json()
    assert (exact["total"], exact["total_exact"]) == (5, True)


def test_label_values_past_the_limit_in_all_are_still_counted_exactly(crowded: FreshApp) -> None:
    # Six label rows, four people: within the limit.
    client = crowded.client("recruiter")
    for filters, matching in (
        ({"skills": ["swift", "rust"]}, 4),
        ({"skills": ["swift", "rust"], "skills_mode": "all"}, 2),
        ({"skills": ["rust"], "tags": []}, 3),
    ):
        preview = client.post("/api/candidate-segments/preview", json={"filters": filters})
        assert (preview.json()["data"]["total"], preview.json()["data"]["total_exact"]) == (
            matching,
            True,
        ), filters


def test_pages_past_an_estimate_still_answer_their_rows(crowded: FreshApp) -> None:
    client = crowded.client("recruiter")
    body = client.get("/api/candidates", params={"limit": 3, "offset": 6}).json()
    assert [c["name"].split()[1] for c in body["data"]] == ["Rivera", "Rivera"]


def test_the_portal_shows_an_estimate_as_one(crowded: FreshApp) -> None:
    portal = sign_in(crowded.app, crowded.personas["recruiter"].email)
    page = portal.get("/admin/candidates").text
    estimated = _postgresql(crowded)
    assert ("about " in page) is estimated
    assert ("<strong data-total>8</strong>" in page) is not estimated
    filtered = portal.get("/admin/candidates", params={"search": "rivera"}).text
    assert "<strong data-total>3</strong>" in filtered


def test_count_text() -> None:
    assert count_text(12_345) == "12,345"
    assert count_text(12_345, exact=False) == "about 12k"
    assert count_text(1_234_567, exact=False) == "about 1.2M"
    assert count_text(7, exact=False) == "about 7"
