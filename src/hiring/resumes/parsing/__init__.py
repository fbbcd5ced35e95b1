"""Structured facts from a resume's text, one module per kind of fact.

Heuristics for common resume layouts in English, German, French and Spanish; anything not
recognised is simply left out. Each pattern runs on one bounded line at a time
(``text.clean_lines``), so hostile text costs time in proportion to its (capped) length.
"""

from typing import Any

from hiring.resumes.parsing import contacts, person
from hiring.resumes.parsing.education import schooling
from hiring.resumes.parsing.experience import positions
from hiring.resumes.parsing.languages import spoken
from hiring.resumes.parsing.location import find_location
from hiring.resumes.parsing.sections import split_sections
from hiring.resumes.parsing.text import clean_lines
from hiring.resumes.parsing.years import years_stated
from hiring.skills import find_skills


def parse_resume(text: str, *, region: str | None = None) -> dict[str, Any]:
    """The facts found in ``text``; every key is present, empty when nothing was found.

    Phone numbers written without a country code are read in ``region`` (the phone region
    setting), else in the country of the location the resume states."""
    lines = clean_lines(text)
    bounded = "\n".join(lines)
    sections = split_sections(lines)
    place, country = find_location(sections.header or lines[:8])
    return {
        "name": person.name(sections.header or lines),
        "headline": person.headline(sections.header),
        "location": place,
        "emails": contacts.emails(bounded),
        "phones": contacts.phones(lines, region or country),
        "links": contacts.links(bounded),
        "skills": find_skills(bounded),
        "languages": spoken(lines, sections.get("languages")),
        "years_of_experience": years_stated(bounded),
        "experience": positions(
            sections.get("experience") or lines, strict="experience" not in sections.found
        ),
        "education": schooling(
            sections.get("education") or lines, strict="education" not in sections.found
        ),
    }
