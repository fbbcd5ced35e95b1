"""The person's name and headline (the title written under it) from the resume's header."""

import re

from hiring.resumes.parsing.roles import is_role
from hiring.resumes.parsing.text import DASHES

DOCUMENT_TITLES = {
    "resume", "résumé", "cv", "curriculum vitae", "lebenslauf", "curriculum",
    "tabellarischer lebenslauf", "hoja de vida",
}  # fmt: skip
PARTICLES = {"van", "von", "der", "den", "de", "da", "del", "la", "le", "di", "du", "dos", "y"}
SEGMENTS = re.compile(rf"\s+[|•·{DASHES}]\s+|\s+-\s+|\s*\|\s*|,\s+")
NAME_LABEL = re.compile(r"(?i)(?:name|nom|nombre)\s*:\s*(.+)")
HEADER_LINES = 8


def _is_name(text: str) -> bool:
    words = text.split()
    if not 2 <= len(words) <= 5:
        return False
    for word in words:
        bare = word.replace("-", "").replace("'", "").replace("’", "").replace(".", "")
        if not bare.isalpha():
            return False
        if not word[:1].isupper() and word.casefold() not in PARTICLES:
            return False
    return not is_role(text)


def name(header: list[str]) -> str | None:
    """The first header line that is a name (two to five capitalised words), or its first
    part (``Jane Doe | Senior Engineer``)."""
    for line in header[:HEADER_LINES]:
        labelled = NAME_LABEL.fullmatch(line)
        candidate = labelled.group(1) if labelled else SEGMENTS.split(line)[0]
        candidate = candidate.strip()
        if candidate.casefold() in DOCUMENT_TITLES:
            continue
        if _is_name(candidate):
            return candidate.title() if candidate.isupper() else candidate
        if labelled is None and line.strip():
            return None
    return None


def headline(header: list[str]) -> str | None:
    """A short line (or part of one) near the top naming a role, such as ``Senior Backend
    Engineer`` under the name."""
    for line in header[:HEADER_LINES]:
        if "@" in line or any(c.isdigit() for c in line):
            continue
        for part in SEGMENTS.split(line):
            part = part.strip()
            if is_role(part) and 1 <= len(part.split()) <= 6 and not _is_name(part):
                return part
    return None
