"""Emails, phone numbers (found and validated by ``phonenumbers``) and links."""

import re
from typing import Any

import phonenumbers

from hiring.resumes.parsing.dates import looks_like_range
from hiring.resumes.parsing.text import unique

# Bounded repetitions: the text is untrusted, and an unbounded run before `@` is quadratic.
EMAIL = re.compile(
    r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}"
)
URL = re.compile(
    r"(?:https?://|www\.)[^\s<>()\"',;|]{1,300}"
    r"|(?:[a-z]{2,3}\.)?(?:linkedin\.com/in|github\.com|xing\.com/profile)/[A-Za-z0-9_.%-]{1,100}",
    re.IGNORECASE,
)
GITHUB_PROFILE = re.compile(r"github\.com/[A-Za-z0-9-]+/?$")
# phonenumbers gives up after this many candidates: a page of digits costs a bounded time.
MAX_PHONE_TRIES = 200
MAX_PHONES = 5
# Lines with digits searched for numbers: the contact lines of a resume come early.
MAX_PHONE_LINES = 400


def emails(text: str) -> list[str]:
    return unique([m.lower() for m in EMAIL.findall(text)])


def phones(lines: list[str], region: str | None) -> list[str]:
    """Phone numbers in international format (``+44 20 7946 0958``). A number written without
    a country code is read in ``region`` (without one, only international numbers count) and
    must be valid there; one written with its country code must be of a possible length
    (reserved ranges such as the UK's 07700 900xxx are not "valid", yet resumes use them).
    Periods such as ``(2019-2024)`` are never phones. Lines are searched one at a time, so a
    number never runs across a line break."""
    found: list[str] = []
    searched = 0
    for line in lines:
        if not any(c.isdigit() for c in line):
            continue
        text = EMAIL.sub(" ", line)
        matcher = phonenumbers.PhoneNumberMatcher(
            text, region, leniency=phonenumbers.Leniency.POSSIBLE, max_tries=MAX_PHONE_TRIES
        )
        for match in matcher:
            international = match.raw_string.lstrip("(").startswith("+")
            if looks_like_range(match.raw_string) or not (
                international or phonenumbers.is_valid_number(match.number)
            ):
                continue
            found.append(
                phonenumbers.format_number(
                    match.number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
                )
            )
        searched += 1
        if len(found) >= MAX_PHONES or searched > MAX_PHONE_LINES:
            break
    return unique(found)[:MAX_PHONES]


def links(text: str) -> dict[str, Any]:
    linkedin = github = portfolio = None
    other: list[str] = []
    for raw in unique([m.rstrip(".") for m in URL.findall(text)]):
        url = raw if raw.lower().startswith("http") else f"https://{raw}"
        lowered = url.lower()
        if "linkedin.com/in/" in lowered:
            linkedin = linkedin or url
        elif GITHUB_PROFILE.search(lowered):
            github = github or url
        elif portfolio is None and "github.com" not in lowered and "linkedin.com" not in lowered:
            portfolio = url
        else:
            other.append(url)
    return {"linkedin": linkedin, "github": github, "portfolio": portfolio, "other": other}
