"""A resume of 100,000 lines, and lines built to make patterns backtrack, cost the parser a
bounded amount of work: it reads at most MAX_LINES lines of at most MAX_LINE_CHARS each, and
every pattern runs on one line at a time (counted here, not timed)."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st

from hiring.resumes.parsing import contacts, education, experience, parse_resume
from hiring.resumes.parsing.experience import MAX_ENTRIES
from hiring.resumes.parsing.text import MAX_LINE_CHARS, MAX_LINES, clean_lines

# Lines built to make patterns backtrack, among short lines a long resume is made of.
HOSTILE_LINES = [
    "2019-" * 60,
    "+1 (" * 75,
    "Senior Engineer at " * 15,
    "Acme, " * 50,
    "a" * 64 + "@" + "b." * 100,
    "03/2019 – " * 30,
    "Engineer | " * 27,
    "\t  ".join(["Data Analyst"] * 40),
    "https://" + "x" * 400,
    "1" * 1000,
]
SHORT_LINES = ["2019-2024", "+1 (", "•", "Engineer at", "", "März 2020 –", "Acme, Inc"]


def hundred_thousand_lines() -> str:
    body = [
        HOSTILE_LINES[i % len(HOSTILE_LINES)] if i % 50 == 0 else SHORT_LINES[i % len(SHORT_LINES)]
        for i in range(100_000)
    ]
    return "\n".join(["Jane Doe", "jane@example.com | +44 20 7946 0958", "Experience", *body])


def counting(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    calls: list[int] = []
    original: Callable[..., Any] = getattr(module, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(len(str(args[0])))
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_only_a_bounded_number_of_bounded_lines_is_read() -> None:
    lines = clean_lines(hundred_thousand_lines())
    assert len(lines) <= MAX_LINES
    assert max(len(line) for line in lines) <= MAX_LINE_CHARS
    assert len(clean_lines("x\n" * 100_000)) == MAX_LINES


def test_a_hundred_thousand_line_resume_is_parsed_with_bounded_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    periods = counting(monkeypatch, experience, "find_period")
    schooling = counting(monkeypatch, education, "find_period")
    matchers = counting(monkeypatch, contacts.phonenumbers, "PhoneNumberMatcher")
    parsed = parse_resume(hundred_thousand_lines())
    assert parsed["name"] == "Jane Doe"
    assert parsed["emails"][0] == "jane@example.com"
    assert parsed["phones"][0] == "+44 20 7946 0958"
    assert len(parsed["experience"]) <= MAX_ENTRIES
    # Each line is looked at once per kind of fact, and never more than MAX_LINE_CHARS of it.
    for calls in (periods, schooling, matchers):
        assert 0 < len(calls) <= MAX_LINES
        assert max(calls) <= MAX_LINE_CHARS
    assert len(matchers) <= contacts.MAX_PHONE_LINES + 1


def test_the_api_parses_a_hundred_thousand_line_text_resume(recruiter: TestClient) -> None:
    content = hundred_thousand_lines().encode()
    response = recruiter.post("/api/resumes/parse", files={"file": ("cv.txt", content)})
    assert response.status_code == 200, response.text
    assert response.json()["data"]["emails"] == ["jane@example.com"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([*SHORT_LINES, "Experience", "Education", "Sprachen"]) | st.text()))
def test_any_text_parses_without_error(pieces: list[str]) -> None:
    parsed = parse_resume("\n".join(pieces))
    assert set(parsed) >= {"name", "emails", "phones", "experience", "education"}
