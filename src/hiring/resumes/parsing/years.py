"""Years of experience, only as the resume states them (``7+ years of experience``)."""

import re

YEARS_STATED = [
    re.compile(
        r"(\d{1,2}(?:\.\d)?)\s*\+?\s*(?:years?|yrs?)\.?(?:\s+of)?"
        r"(?:\s+(?:professional|industry|relevant|hands-on|total|work|working|commercial))*"
        r"\s+(?:experience|exp\b)",
        re.IGNORECASE,
    ),
    re.compile(r"(\d{1,2})\s*\+\s*(?:years?|yrs?)\b", re.IGNORECASE),
    re.compile(
        r"experience\s*(?::|of|-)\s*(\d{1,2}(?:\.\d)?)\s*\+?\s*(?:years?|yrs?)\b", re.IGNORECASE
    ),
    re.compile(
        r"(\d{1,2})\s*\+?\s*(?:jahre?n?|ans|años)\s+(?:berufserfahrung|erfahrung|"
        r"d'expérience|d’expérience|de experiencia)",
        re.IGNORECASE,
    ),
]


def years_stated(text: str) -> float | None:
    values = [float(m) for pattern in YEARS_STATED for m in pattern.findall(text)]
    values = [v for v in values if 0 < v <= 60]
    if not values:
        return None
    best = max(values)
    return int(best) if best.is_integer() else best
