"""A Manatal candidate as an import row: Manatal's field names mapped to ours.

Manatal's candidate object (``GET /candidates/``) holds ``full_name``, ``email``,
``phone_number``, ``current_position``, ``current_company``, ``address`` and, in many accounts,
``candidate_location``, ``skills`` and ``candidate_tags`` (lists of objects or of names) and
``description``. Profiles (LinkedIn, GitHub, …) come from the candidate's social media list.
Values are passed on as text; the import checks them by the API's rules like any row.
"""

import html
import re
from typing import Any

# Keys a label object may name itself by, in Manatal's answers and older exports.
LABEL_KEYS = ("name", "skill_name", "tag_name", "tag", "skill")
PROFILE_FIELDS = {"linkedin": "linkedin_url", "github": "github_url"}
TAGS = re.compile(r"<[^>]+>")


def _text(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    return value.strip() or None


def _plain(value: Any) -> str | None:
    """Manatal's rich-text fields as plain text (tags dropped, entities read)."""
    text = _text(value)
    if text is None:
        return None
    return _text(" ".join(html.unescape(TAGS.sub(" ", text)).split()))


def _labels(value: Any) -> list[str]:
    """A list of names, or of objects naming themselves by one of ``LABEL_KEYS``."""
    if not isinstance(value, list):
        return []
    found: list[str] = []
    for item in value:
        if isinstance(item, dict):
            item = next((item[key] for key in LABEL_KEYS if _text(item.get(key))), None)
        label = _text(item)
        if label and label not in found:
            found.append(label)
    return found


def manatal_id(candidate: dict[str, Any]) -> str | None:
    return _text(candidate.get("id"))


def profiles(social_media: list[dict[str, Any]]) -> dict[str, str]:
    """LinkedIn and GitHub profile URLs from the candidate's social media list, by field."""
    found: dict[str, str] = {}
    for item in social_media:
        url = _text(item.get("social_media_url") or item.get("url"))
        kind = (_text(item.get("social_media")) or "").lower()
        if url is None:
            continue
        for name, field in PROFILE_FIELDS.items():
            if kind == name or f"{name}.com" in url.lower():
                found.setdefault(field, url if "://" in url else f"https://{url}")
    return found


def row_values(candidate: dict[str, Any], social_media: list[dict[str, Any]]) -> dict[str, Any]:
    """The candidate's non-empty values by Hiring field."""
    name = _text(candidate.get("full_name")) or _text(
        " ".join(p for p in (_text(candidate.get(k)) for k in ("first_name", "last_name")) if p)
    )
    values: dict[str, Any] = {
        "name": name,
        "email": _text(candidate.get("email")),
        "phone": _text(candidate.get("phone_number")),
        "current_title": _text(candidate.get("current_position")),
        "current_company": _text(candidate.get("current_company")),
        "location": _text(candidate.get("candidate_location")) or _text(candidate.get("address")),
        "notes": _plain(candidate.get("description")),
        "skills": _labels(candidate.get("skills")),
        "tags": _labels(candidate.get("candidate_tags") or candidate.get("tags")),
    }
    values |= profiles(social_media)
    return {field: value for field, value in values.items() if value}


def resume_link(resumes: list[dict[str, Any]]) -> tuple[str, str] | None:
    """The newest resume's link and a file name for it (Manatal keeps one or a few)."""
    dated = sorted(resumes, key=lambda r: str(r.get("created_at") or ""), reverse=True)
    for resume in dated:
        url = _text(resume.get("resume_file") or resume.get("file"))
        if url:
            name = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "resume"
            return url, _text(resume.get("file_name") or resume.get("name")) or name
    return None
