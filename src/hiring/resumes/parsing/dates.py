"""Dates and periods as resumes write them, in English, German, French and Spanish:
``03/2019 – 2024``, ``2019-2024``, ``Jan 2020 – Present``, ``März 2018 bis heute``,
``janv. 2020 - aujourd'hui``, ``enero de 2019 – actualidad``, ``since 2021``."""

import re
import unicodedata
from dataclasses import dataclass

from hiring.resumes.parsing.text import DASHES


def _fold(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).rstrip(".")


MONTHS: dict[str, int] = {}
MONTH_NAMES: list[str] = []
for _number, _names in enumerate(
    [
        "january jan januar janv janvier enero ene jänner jän",
        "february feb februar fév févr février febrero",
        "march mar märz mrz mars marzo",
        "april apr avr avril abril abr",
        "may mai mayo",
        "june jun juni juin junio",
        "july jul juli juil juillet julio",
        "august aug août agosto ago",
        "september sep sept septembre septiembre setiembre",
        "october oct oktober okt octobre octubre",
        "november nov novembre noviembre",
        "december dec dez dezember déc décembre diciembre dic",
    ],
    start=1,
):
    for _name in _names.split():
        MONTH_NAMES.append(_name)
        MONTHS[_fold(_name)] = _number

PRESENT_WORDS = (
    "present|current|currently|now|today|ongoing|date|heute|aktuell|jetzt|dato|"
    "aujourd'hui|aujourd’hui|present|actuel|actuellement|en cours|ce jour|"
    "actualidad|presente|actual|actualmente|hoy|la fecha"
)
# Longest names first, so ``janvier`` is not read as ``jan``.
_MONTH = "(?:" + "|".join(sorted(MONTH_NAMES, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?:19|20)\d{2}"
_TOKEN = (
    rf"(?:(?:0?[1-9]|1[0-2])\s?[/.]\s?{_YEAR}"
    rf"|{_YEAR}[/.-](?:0[1-9]|1[0-2])(?!\d)"
    rf"|{_MONTH}\s(?:de\s)?{_YEAR}"
    rf"|{_YEAR})"
)
_UNTIL = rf"\s?(?:[-{DASHES}]|to|until|till|bis|à|au|a|hasta)\s?"
_END = rf"(?:{_TOKEN}|(?:(?:up\sto|to|bis|à|a|hasta)\s)?(?:{PRESENT_WORDS}))"
_START = r"(?:from|von|seit|since|de|du|desde|depuis|ab)\s"
RANGE = re.compile(
    rf"(?<!\w)(?:{_START})?(?P<start>{_TOKEN}){_UNTIL}(?P<end>{_END})(?!\w)"
    rf"|(?<!\w)(?:since|seit|depuis|desde|ab)\s(?P<since>{_TOKEN})(?!\w)",
    re.IGNORECASE,
)
ONLY_DATES = re.compile(rf"[\s()\[\],|{DASHES}-]*")


@dataclass(frozen=True)
class Period:
    """A period as written, and its ends as ``YYYY`` or ``YYYY-MM`` (``present`` when it goes
    on)."""

    text: str
    start: str | None
    end: str | None


def normalize(token: str) -> str | None:
    """``YYYY`` or ``YYYY-MM`` of a date token; ``present`` for an ongoing end."""
    token = token.strip()
    year = re.search(_YEAR, token)
    if year is None:
        return "present"
    digits = re.fullmatch(r"(\d{1,2})\s?[/.]\s?\d{4}|\d{4}[/.-](\d{2})", token)
    if digits:
        month = int(digits.group(1) or digits.group(2))
        return f"{year.group()}-{month:02d}"
    word = token.split()[0]
    if word[:1].isalpha() and _fold(word) in MONTHS:
        return f"{year.group()}-{MONTHS[_fold(word)]:02d}"
    return year.group()


def find_period(line: str) -> tuple[str, Period | None]:
    """The first period on ``line``, and the line without it."""
    match = RANGE.search(line)
    if match is None:
        return line, None
    start = match.group("start") or match.group("since")
    end = match.group("end")
    text = f"{start} - {end}" if end else f"{start} - present"
    period = Period(text, normalize(start), normalize(end) if end else "present")
    rest = re.sub(r"\(\s*\)|\[\s*\]", "", f"{line[: match.start()]} {line[match.end() :]}")
    return " ".join(rest.split()).strip(f" ,;:|()-{DASHES}"), period


def is_period_only(line: str) -> bool:
    """Whether ``line`` is a period and nothing else (a line of its own under a title)."""
    rest, period = find_period(line)
    return period is not None and (not rest or ONLY_DATES.fullmatch(rest) is not None)


def looks_like_range(text: str) -> bool:
    """Whether ``text`` is a period (``2019-2024``, ``03/2019 – 2024``): never a phone."""
    return bool(RANGE.fullmatch(text.strip(" ()[]\n")))
