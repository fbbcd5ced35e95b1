"""Schooling: degree, institution and period; an institution on the line after its degree
joins it."""

import re

from hiring.resumes.parsing.dates import find_period
from hiring.resumes.parsing.text import DASHES, MAX_ENTRIES, is_bullet

DEGREE = re.compile(
    r"(?<!\w)(bachelor(?:'s)?|master(?:'s)?|ph\.?\s?d\.?|doctorate|mba|b\.?\s?sc\.?|m\.?\s?sc\.?|"
    r"b\.?\s?eng\.?|m\.?\s?eng\.?|b\.a\.|m\.a\.|b\.s\.|m\.s\.|bs|ms|ba|ma|associate degree|"
    r"diploma|diplom|abitur|promotion|staatsexamen|magister|"
    r"licence|licenciatura|laurea|diplôme|baccalauréat|bts|dut|doctorat|mastère|"
    r"grado|máster|doctorado|ingeniería|título|técnico superior|"
    r"degree|a-levels?|hnd|postgraduate|graduate)(?![\w])",
    re.IGNORECASE,
)
INSTITUTION = re.compile(
    r"(?<!\w)(university|universidad|universidade|universität|université|università|college|"
    r"institute|instituto|institut|school|polytechnic|politecnico|politécnica|academy|"
    r"akademie|hochschule|fachhochschule|ecole|école|escuela|lycée|gymnasium|"
    r"conservatoire|sorbonne|sciences po|insead|essec)(?!\w)"
    # Known by their initials, written in capitals (``mit`` is also German for "with").
    r"|(?-i:(?<!\w)(?:TU|ETH|EPFL|MIT|UCL|LSE|HEC|KIT|RWTH|LMU|UPM|UPC|UNAM|INSA)(?!\w))",
    re.IGNORECASE,
)
PARTS = re.compile(rf"\s+[|•·{DASHES}]\s+|\s+-\s+|,\s+|\s*\|\s*")


def schooling(lines: list[str], *, strict: bool) -> list[dict[str, str | None]]:
    """Degree and institution lines. Outside an Education section (``strict``) only lines
    naming a degree count."""
    entries: list[dict[str, str | None]] = []
    for line in lines:
        if is_bullet(line):
            continue
        rest, period = find_period(line)
        parts = [p.strip(" ,.()") for p in PARTS.split(rest) if p.strip(" ,.()")]
        degree = next((p for p in parts if DEGREE.search(p)), None)
        institution = next((p for p in parts if INSTITUTION.search(p) and p != degree), None)
        if (degree is None and institution is None) or (strict and degree is None):
            if entries and period and not rest and entries[-1]["period"] is None:
                entries[-1]["period"] = period.text
            continue
        if degree and institution is None and INSTITUTION.search(degree):
            degree, institution = None, degree
        last = entries[-1] if entries else None
        if last and degree is None and last["institution"] is None:
            last["institution"] = institution
            last["period"] = last["period"] or (period.text if period else None)
        elif last and institution is None and last["degree"] is None:
            last["degree"] = degree
            last["period"] = last["period"] or (period.text if period else None)
        elif len(entries) < MAX_ENTRIES:
            entries.append(
                {
                    "degree": degree,
                    "institution": institution,
                    "period": period.text if period else None,
                }
            )
    return entries
