"""What semantic matching compares, and how it is blended with word matching.

Two pieces of evidence come from the sentence model (``hiring.ranking.embedding``):
- **meaning**: the candidate's whole profile (title, roles, skills, resume) against the job's
  title, description and requirements;
- **role**: what the candidate does now (their current title, or without one the role of
  their most recent experience) against the job's title. A role mentioned in passing ("hired
  React developers") moves the profile's meaning a little, never the role.

The blend: ``W_MEANING`` · meaning + ``W_ROLE`` · role + ``W_WORDS`` · the word engine's score
(skills, BM25 text relevance, title words, location and job type; ``hiring.ranking.scoring``),
each on 0..1, times 100. Cosine similarities of this model between unrelated texts sit near
0.1 and between texts about the same work from 0.6 to 0.8, so they are stretched from
[``COSINE_FLOOR``, ``COSINE_CEILING``] to 0..1 first.
"""

import hashlib
import re
from collections.abc import Sequence

import numpy as np

from hiring.ranking.scoring import JobText

W_MEANING, W_ROLE, W_WORDS = 0.45, 0.30, 0.25
COSINE_FLOOR, COSINE_CEILING = 0.15, 0.75
# A resume line naming a role held, with its dates: "Staff Nurse at St. Anne's (2019 to now)",
# "Accountant, Acme Ltd, 2018-2021", "Backend Engineer - Northwind (since 2020)".
_ROLE_AT = re.compile(r"^\s*(.{3,80}?)(?:\s+at\s+|\s*[,@|]\s+|\s+[-\u2013\u2014]\s+)\S")
_DATED = re.compile(r"\b(?:19|20)\d{2}\b|\bpresent\b|\bnow\b|\bcurrent\b", re.IGNORECASE)
# What is embedded of a resume: the model reads at most 256 tokens anyway.
RESUME_CHARS = 1500


def _line(items: Sequence[str]) -> str:
    return ", ".join(item for item in items if item)


def candidate_document(
    current_title: str | None,
    desired_roles: Sequence[str],
    skills: Sequence[str],
    resume_text: str | None,
) -> str:
    """The text embedded for a candidate's meaning, what says most about them first."""
    parts = [
        current_title or "",
        _line(desired_roles),
        _line(skills),
        (resume_text or "")[:RESUME_CHARS],
    ]
    return "\n".join(part for part in parts if part.strip())


def recent_role(resume_text: str | None) -> str:
    """The role of the first (most recent) experience line of a resume, or ''."""
    for line in (resume_text or "").splitlines():
        found = _ROLE_AT.match(line)
        if found and _DATED.search(line):
            return found.group(1).strip()
    return ""


def candidate_role(current_title: str | None, resume_text: str | None) -> str:
    """What the candidate does now: their current title, else their most recent role."""
    return (current_title or "").strip() or recent_role(resume_text)


def text_hash(document: str, role: str) -> str:
    """Changes when what is embedded of a candidate changes (and only then)."""
    return hashlib.sha256(f"{role}\x00{document}".encode()).hexdigest()


def job_document(job: JobText) -> str:
    return "\n".join(part for part in (job.title, job.description, job.requirements) if part)


def stretch(cosines: np.ndarray) -> np.ndarray:
    """Cosine similarities onto 0..1 (see the module's docstring)."""
    scaled = (cosines - COSINE_FLOOR) / (COSINE_CEILING - COSINE_FLOOR)
    return np.clip(scaled, 0.0, 1.0)


def blend(words: np.ndarray, meaning: np.ndarray, role: np.ndarray) -> np.ndarray:
    """The blended 0..100 score from the word score (0..100) and the two cosines."""
    return 100.0 * (
        W_MEANING * stretch(meaning)
        + W_ROLE * stretch(role)
        + W_WORDS * np.clip(words, 0, 100) / 100
    )
