"""Every date in the portal is written one way: the reader's locale's medium form."""

import pytest
from fastapi.testclient import TestClient

from hiring.web.render import DEFAULT_LOCALE, reader_locale
from tests.factories import make_placement
from tests.web.conftest import Portal


@pytest.mark.parametrize(
    ("accept_language", "written"),
    [
        ("", "1 Mar 2026"),
        ("en-US,en;q=0.9", "Mar 1, 2026"),
        ("de-DE,de;q=0.9,en;q=0.8", "01.03.2026"),
        ("xx-XX, fr;q=0.5", "1 mars 2026"),
    ],
)
def test_placement_dates_follow_the_readers_locale(
    recruiter: TestClient, portal_recruiter: Portal, accept_language: str, written: str
) -> None:
    make_placement(recruiter, start_date="2026-03-01")
    headers = {"accept-language": accept_language} if accept_language else {}
    page = portal_recruiter.get("/admin/placements", headers=headers).text
    assert written in page
    assert "2026-03-01<" not in page


@pytest.mark.parametrize("header", ["*", ";;;,,,", "x" * 5000, "zz-ZZ"])
def test_odd_headers_fall_back_to_the_default(header: str) -> None:
    assert reader_locale(header) == DEFAULT_LOCALE
