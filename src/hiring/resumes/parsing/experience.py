"""Positions: title, company and period, on one line or two or three, in any order.

Recognised layouts include ``Senior Backend Engineer, Acme Corp (2020 - present)``,
``Acme Corp — Senior Backend Engineer`` over ``Jan 2020 – Present``, ``Title at Company |
2019–2021``, ``Title bei Firma``, ``Poste chez Société``, the title, company and dates each
on a line of their own, dates first, and table rows (``2019 – 2021 | Title | Company``).
"""

import re
from dataclasses import dataclass

from hiring.resumes.parsing.dates import Period, find_period
from hiring.resumes.parsing.location import country_code
from hiring.resumes.parsing.roles import is_legal_entity, is_organisation, is_role
from hiring.resumes.parsing.text import DASHES, MAX_ENTRIES, is_bullet

AT = re.compile(r"(.{2,80}?)\s+(?:at|@|bei|chez)\s+(.{2,80})")
# Words that also join a title's own words (``Stagiaire en analyse``): tried after separators.
WEAK_AT = re.compile(r"(.{2,80}?)\s+(?:en|with|für|pour|para)\s+(.{2,80})")
PARTS = re.compile(rf"\s+[|{DASHES}]\s+|\s+-\s+|,\s+|\s*\|\s*|\s+[•·]\s+")
MAX_NAME_WORDS = 8
# Longer lines (or sentences) describe a position rather than name it.
MAX_HEADER_WORDS = 12


@dataclass
class Entry:
    title: str | None
    company: str | None
    period: Period | None

    def as_dict(self) -> dict[str, str | None]:
        period = self.period
        return {
            "title": self.title,
            "company": self.company,
            "period": period.text if period else None,
            "start": period.start if period else None,
            "end": period.end if period else None,
        }


def _short(text: str) -> bool:
    return 0 < len(text.split()) <= MAX_NAME_WORDS


def _is_place(text: str) -> bool:
    """``Berlin, Germany``, ``Remote``, ``Paris``-style lines that only say where."""
    parts = [p.strip() for p in text.split(",")]
    return country_code(parts[-1]) is not None or text.casefold() in {
        "remote",
        "hybrid",
        "télétravail",
        "remoto",
        "homeoffice",
    }


def _clean(text: str) -> str:
    return text.strip(f" ,.;:|()-{DASHES}")


def split_pair(text: str) -> tuple[str, str] | None:
    """(title, company) of a line naming both."""
    weak = _joined(WEAK_AT, text)
    # After a weak word only a name counts (``Ingeniera en Indra``, not ``en sistemas``).
    return (
        _joined(AT, text) or _separated(text) or (weak if weak and weak[1][:1].isupper() else None)
    )


def _joined(pattern: re.Pattern[str], text: str) -> tuple[str, str] | None:
    """``Title at Company``."""
    at = pattern.fullmatch(text)
    if at and is_role(at.group(1)) and not is_role(at.group(2)):
        company = PARTS.split(at.group(2))[0]
        if _short(at.group(1)) and _short(company):
            return _clean(at.group(1)), _clean(company)
    return None


def _separated(text: str) -> tuple[str, str] | None:
    """``Title, Company``, ``Company — Title``, ``Title | Company | City``."""
    parts = [_clean(p) for p in PARTS.split(text)]
    parts = [p for p in parts if p and not _is_place(p)]
    if not 2 <= len(parts) <= 4 or not all(_short(p) for p in parts):
        return None
    roles = [is_role(p) for p in parts]
    if roles[0] and not roles[1]:
        return parts[0], _organisation_of(parts[1:])
    if roles[1] and not roles[0]:
        return parts[1], parts[0]
    if roles[0] and roles[1] and is_organisation(parts[1]) and not is_organisation(parts[0]):
        return parts[0], parts[1]
    return None


def _organisation_of(parts: list[str]) -> str:
    """``Acme, Inc.`` stays whole; otherwise the first part (a city may follow it)."""
    if len(parts) > 1 and re.fullmatch(r"(?i)inc|ltd|llc|gmbh|s\.?a|s\.?l|plc|corp", parts[1]):
        return f"{parts[0]}, {parts[1]}"
    return parts[0]


def _describes(line: str, rest: str) -> bool:
    words = len(rest.split())
    return is_bullet(line) or words > MAX_HEADER_WORDS or (rest.endswith(".") and words > 5)


def positions(lines: list[str], *, strict: bool) -> list[dict[str, str | None]]:
    """Positions in ``lines`` (an Experience section). Without one (``strict``), only lines
    naming a title and a company with a period, or ``Title at Company``, count."""
    entries: list[Entry] = []
    current: Entry | None = None
    waiting: Period | None = None  # a period on a line of its own before its position
    for line in lines:
        rest, period = find_period(line)
        if not rest:
            if period is None:
                continue
            if current is not None and current.period is None:
                current.period = period
            else:
                waiting = period
            continue
        if _describes(line, rest):
            current = None
            continue
        pair = split_pair(rest)
        if pair is not None:
            if strict and period is None and not (AT.fullmatch(rest) or WEAK_AT.fullmatch(rest)):
                continue
            current = Entry(pair[0], pair[1], period or waiting)
            entries.append(current)
            waiting = None
            continue
        if strict or not _short(rest) or _is_place(rest):
            continue
        if is_role(rest) and not is_legal_entity(rest):
            if current is not None and current.title is None:
                current.title = _clean(rest)
                current.period = current.period or period
            else:
                current = Entry(_clean(rest), None, period or waiting)
                entries.append(current)
                waiting = None
        elif current is not None and current.company is None:
            current.company = _organisation_of([_clean(p) for p in rest.split(", ")])
            current.period = current.period or period
        else:
            current = Entry(None, _clean(rest), period or waiting)
            entries.append(current)
            waiting = None
    complete = [e.as_dict() for e in entries if e.title and e.company]
    return complete[:MAX_ENTRIES]
