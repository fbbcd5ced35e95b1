"""Structured facts from a resume's text: contacts, links, skills, languages, experience, education.

Heuristics for common resume layouts; anything not recognised is simply left out.
"""

import re
from typing import Any

from hiring.skills import find_skills

MAX_ENTRIES = 5
# A resume is a few pages: only so much text is parsed, and only lines of a sensible length.
MAX_PARSED_CHARS = 100_000
MAX_LINE_CHARS = 300
DASHES = "\u2013\u2014"  # en and em dash, as resumes write ranges and separators

# Bounded repetitions: the text is untrusted, and an unbounded run before `@` is quadratic.
EMAIL = re.compile(
    r"[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}"
)
PHONE = re.compile(r"(?<![\w+])(\+?\(?\d[\d\s().-]{5,22}\d)(?![\w])")
URL = re.compile(
    r"(?:https?://|www\.)[^\s<>()\"',;]{1,300}"
    r"|(?:linkedin\.com/in|github\.com)/[A-Za-z0-9_.%-]{1,100}",
    re.IGNORECASE,
)
YEAR_RANGE = re.compile(
    rf"\(?\b((?:[A-Za-z]{{3,9}}\.?\s+)?(?:19|20)\d{{2}})\s*(?:[-{DASHES}]|to)\s*"
    r"((?:[A-Za-z]{3,9}\.?\s+)?(?:19|20)\d{2}|present|now|current|today)\b\)?",
    re.IGNORECASE,
)
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
]

SECTIONS = {
    "experience": {
        "experience",
        "work experience",
        "professional experience",
        "employment",
        "employment history",
        "work history",
        "career history",
        "relevant experience",
    },
    "education": {"education", "academic background", "education and training", "studies"},
    "languages": {"languages", "language skills", "spoken languages"},
    "other": {
        "summary",
        "profile",
        "about",
        "about me",
        "skills",
        "technical skills",
        "core skills",
        "projects",
        "certifications",
        "certificates",
        "interests",
        "hobbies",
        "references",
        "contact",
        "publications",
        "awards",
        "volunteering",
    },
}
HEADING_LOOKUP = {name: section for section, names in SECTIONS.items() for name in names}

ROLE_WORDS = re.compile(
    r"\b(engineer|developer|programmer|manager|designer|lead|director|analyst|scientist|"
    r"architect|consultant|intern|head|officer|specialist|administrator|recruiter|owner|"
    r"cto|ceo|cfo|coo|vp|president|founder|co-founder|researcher|tester|devops|sre|"
    r"technician|coordinator|associate|editor|writer|marketer|accountant|teacher|"
    r"product manager|staff|principal)\b",
    re.IGNORECASE,
)
DEGREE = re.compile(
    r"\b(bachelor(?:'s)?|master(?:'s)?|ph\.?\s?d\.?|doctorate|mba|b\.?\s?sc\.?|m\.?\s?sc\.?|"
    r"b\.?\s?eng\.?|m\.?\s?eng\.?|b\.a\.|m\.a\.|b\.s\.|m\.s\.|bs|ms|ba|ma|associate degree|"
    r"diploma|licenciatura|licence|laurea)(?![\w])",
    re.IGNORECASE,
)
INSTITUTION = re.compile(
    r"\b(university|universidad|universidade|universität|université|università|college|"
    r"institute|school|polytechnic|politecnico|academy|hochschule|ecole|école)\b",
    re.IGNORECASE,
)
SPOKEN = [
    "English",
    "Spanish",
    "French",
    "German",
    "Portuguese",
    "Italian",
    "Dutch",
    "Polish",
    "Russian",
    "Ukrainian",
    "Mandarin",
    "Cantonese",
    "Chinese",
    "Japanese",
    "Korean",
    "Arabic",
    "Hindi",
    "Bengali",
    "Urdu",
    "Turkish",
    "Swedish",
    "Norwegian",
    "Danish",
    "Finnish",
    "Greek",
    "Czech",
    "Slovak",
    "Hungarian",
    "Romanian",
    "Bulgarian",
    "Serbian",
    "Croatian",
    "Hebrew",
    "Persian",
    "Vietnamese",
    "Thai",
    "Indonesian",
    "Malay",
    "Tagalog",
    "Catalan",
    "Basque",
    "Galician",
    "Swahili",
    "Tamil",
    "Telugu",
    "Estonian",
    "Latvian",
    "Lithuanian",
]
SPOKEN_PATTERN = re.compile(r"\b(" + "|".join(SPOKEN) + r")\b", re.IGNORECASE)
PROFICIENCY = re.compile(
    r"\b(native|fluent|fluency|proficient|proficiency|bilingual|mother tongue|intermediate|"
    r"conversational|basic|advanced|working knowledge|languages?|[ABC][12])\b",
    re.IGNORECASE,
)
SEPARATORS = re.compile(rf"\s+[|•·]\s+|\s+[-{DASHES}]\s+|,\s+")
DATE_LIKE = re.compile(rf"[\d\s]*\d{{4}}\s*[-{DASHES}]\s*\d{{2,4}}")


def parse_resume(text: str) -> dict[str, Any]:
    """The facts found in ``text``; every key is present, empty when nothing was found."""
    text = text[:MAX_PARSED_CHARS]
    lines = [" ".join(line.split())[:MAX_LINE_CHARS] for line in text.splitlines()]
    sections = _sections(lines)
    links = _links(text)
    return {
        "name": _name(lines),
        "emails": _unique(m.lower() for m in EMAIL.findall(text)),
        "phones": _phones(text),
        "links": links,
        "skills": find_skills(text),
        "languages": _languages(lines, sections.get("languages")),
        "years_of_experience": _years(text),
        "experience": _experience(
            sections.get("experience", lines), strict="experience" not in sections
        ),
        "education": _education(
            sections.get("education", lines), strict="education" not in sections
        ),
    }


def _unique(items: Any) -> list[str]:
    return list(dict.fromkeys(items))


def _heading(line: str) -> str | None:
    cleaned = line.strip(f" :#*_-{DASHES}").casefold()
    return HEADING_LOOKUP.get(cleaned) if len(cleaned) <= 40 else None


def _sections(lines: list[str]) -> dict[str, list[str]]:
    """Lines grouped under the recognised headings (a heading runs until the next one)."""
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        heading = _heading(line)
        if heading is not None:
            current = heading
            sections.setdefault(heading, [])
        elif current is not None and line:
            sections[current].append(line)
    return sections


def _name(lines: list[str]) -> str | None:
    """The first line, when it looks like a person's name (two to four capitalised words)."""
    first = next((line for line in lines if line), "")
    words = first.split()
    looks_like_name = all(
        w[:1].isupper() and w.replace("-", "").replace("'", "").isalpha() for w in words
    )
    return first if 2 <= len(words) <= 4 and looks_like_name else None


def _phones(text: str) -> list[str]:
    found = []
    for match in PHONE.finditer(EMAIL.sub(" ", text)):
        candidate = match.group(1).strip()
        digits = sum(c.isdigit() for c in candidate)
        # Year ranges and dates look like numbers too: ask for a phone's length or a leading +.
        if YEAR_RANGE.fullmatch(candidate) or DATE_LIKE.fullmatch(candidate):
            continue
        if 9 <= digits <= 15 or (candidate.startswith("+") and 7 <= digits <= 15):
            found.append(candidate)
    return _unique(found)


def _links(text: str) -> dict[str, Any]:
    linkedin = github = portfolio = None
    other: list[str] = []
    for raw in _unique(m.rstrip(".") for m in URL.findall(text)):
        url = raw if raw.lower().startswith("http") else f"https://{raw}"
        lowered = url.lower()
        if "linkedin.com/in/" in lowered:
            linkedin = linkedin or url
        elif re.search(r"github\.com/[A-Za-z0-9-]+/?$", lowered):
            github = github or url
        elif portfolio is None and "github.com" not in lowered and "linkedin.com" not in lowered:
            portfolio = url
        else:
            other.append(url)
    return {"linkedin": linkedin, "github": github, "portfolio": portfolio, "other": other}


def _languages(lines: list[str], section: list[str] | None) -> list[str]:
    """Spoken languages: from a Languages section, or lines that state a proficiency."""
    stated = section if section is not None else [s for s in lines if PROFICIENCY.search(s)]
    found: list[str] = []
    for line in stated:
        found.extend(m.capitalize() for m in SPOKEN_PATTERN.findall(line))
    return _unique(found)


def _years(text: str) -> float | None:
    values = [float(m) for pattern in YEARS_STATED for m in pattern.findall(text)]
    values = [v for v in values if 0 < v <= 60]
    if not values:
        return None
    best = max(values)
    return int(best) if best.is_integer() else best


def _period(line: str) -> tuple[str, str | None]:
    match = YEAR_RANGE.search(line)
    if match is None:
        return line, None
    rest = (line[: match.start()] + line[match.end() :]).strip(f" ,|()-{DASHES}")
    return rest, f"{match.group(1)} - {match.group(2)}"


def _experience(lines: list[str], *, strict: bool) -> list[dict[str, str | None]]:
    """``Title at Company`` and ``Company — Title`` lines; without headings only the first form."""
    entries: list[dict[str, str | None]] = []
    for line in lines:
        rest, period = _period(line)
        at = re.fullmatch(r"(.{2,80}?)\s+(?:at|@)\s+(.{2,80})", rest)
        title = company = None
        if at and ROLE_WORDS.search(at.group(1)):
            title, company = at.group(1), SEPARATORS.split(at.group(2))[0]
        elif not strict:
            parts = [p for p in re.split(rf"\s+[|{DASHES}]\s+|\s+-\s+", rest) if p]
            if len(parts) == 2:
                left, right = parts
                if ROLE_WORDS.search(right) and not ROLE_WORDS.search(left):
                    company, title = left, right
                elif ROLE_WORDS.search(left):
                    title, company = left, right
        if title and company and len(entries) < MAX_ENTRIES:
            entries.append(
                {"title": title.strip(" ,"), "company": company.strip(" ,."), "period": period}
            )
    return entries


def _education(lines: list[str], *, strict: bool) -> list[dict[str, str | None]]:
    """Degree and institution lines; an institution on the line after its degree joins it.

    Outside an Education section (``strict``) only lines naming a degree count.
    """
    entries: list[dict[str, str | None]] = []
    for line in lines:
        rest, period = _period(line)
        parts = [p.strip() for p in SEPARATORS.split(rest) if p.strip()]
        degree = next((p for p in parts if DEGREE.search(p)), None)
        institution = next((p for p in parts if INSTITUTION.search(p) and p != degree), None)
        if (degree is None and institution is None) or (strict and degree is None):
            continue
        if degree and institution is None and INSTITUTION.search(degree):
            degree, institution = None, degree
        last = entries[-1] if entries else None
        if last and degree is None and last["institution"] is None:
            last["institution"] = institution
            last["period"] = last["period"] or period
        elif len(entries) < MAX_ENTRIES:
            entries.append({"degree": degree, "institution": institution, "period": period})
    return entries
