"""Precision and recall of the resume parser per field, against what a reader of each resume
knows it states (the evaluation set is written independently of the parser: see
benchmarks/resume_corpus.py and tests/data/resumes/people.toml).

Single-valued fields (name, email, phone, location, current title and company, LinkedIn)
count a right value as a true positive, a wrong one as a false positive and a false negative,
and a missing one as a false negative. List fields (positions, their periods, schools,
languages, skills) count each item.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import phonenumbers

from hiring.resumes.fill import resume_values
from hiring.resumes.schemas import ResumeParsed

FIELDS = (
    "name",
    "email",
    "phone",
    "location",
    "linkedin",
    "current_title",
    "current_company",
    "experience",
    "periods",
    "education",
    "languages",
    "skills",
)


@dataclass
class Score:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        stated = self.true_positives + self.false_negatives
        return self.true_positives / stated if stated else 1.0


@dataclass
class Evaluation:
    scores: dict[str, Score] = field(default_factory=lambda: {f: Score() for f in FIELDS})
    # Per resume (its label): the fields it missed or got wrong, for the report.
    misses: dict[str, list[str]] = field(default_factory=dict)

    def table(self) -> str:
        rows = [f"{'field':<16} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}"]
        for name, s in self.scores.items():
            rows.append(
                f"{name:<16} {s.precision:>9.2f} {s.recall:>7.2f} {s.true_positives:>4} "
                f"{s.false_positives:>4} {s.false_negatives:>4}"
            )
        return "\n".join(rows)


def _key(text: str | None) -> str:
    """Case, accents and punctuation ignored (``Hooli Inc.`` is ``Hooli Inc``)."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w+#]+", " ", bare).split())


def _phone(text: str | None) -> str | None:
    try:
        number = phonenumbers.parse(text or "", None)
    except phonenumbers.NumberParseException:
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _single(score: Score, expected: str | None, found: str | None, right: bool) -> bool:
    if not expected and not found:
        return True
    if right:
        score.true_positives += 1
        return True
    if found:
        score.false_positives += 1
    if expected:
        score.false_negatives += 1
    return False


def _items(score: Score, expected: Iterable[str], found: Iterable[str]) -> bool:
    wanted, got = set(expected), set(found)
    score.true_positives += len(wanted & got)
    score.false_positives += len(got - wanted)
    score.false_negatives += len(wanted - got)
    return wanted == got


def _period_key(start: str | None, end: str | None) -> str:
    return f"{start}..{end}"


def evaluate(cases: Iterable[tuple[str, dict[str, Any], dict[str, Any] | None]]) -> Evaluation:
    """Score ``(label, person, parsed)`` cases; ``parsed`` is None for a resume whose text
    could not be read (every field it states is then missed)."""
    evaluation = Evaluation()
    for label, person, raw in cases:
        parsed = ResumeParsed.model_validate(raw or {})
        values = resume_values(parsed)
        current = person["experience"][0]
        written_linkedin = person.get("linkedin") or None
        found_linkedin = parsed.links.linkedin
        checks = {
            "name": (person["name"], parsed.name, _key(parsed.name) == _key(person["name"])),
            "email": (person["email"], values["email"], values["email"] == person["email"]),
            "phone": (
                person["phone_e164"],
                values["phone"],
                _phone(values["phone"]) == person["phone_e164"],
            ),
            "location": (
                person["city"],
                parsed.location,
                _key(person["city"]) in _key(parsed.location).split(", ")[0]
                if parsed.location
                else False,
            ),
            "linkedin": (
                written_linkedin,
                found_linkedin,
                bool(
                    written_linkedin
                    and found_linkedin
                    and found_linkedin.endswith(written_linkedin)
                ),
            ),
            "current_title": (
                current[0],
                values["current_title"],
                _key(values["current_title"]) == _key(current[0]),
            ),
            "current_company": (
                current[1],
                values["current_company"],
                _key(values["current_company"]) == _key(current[1]),
            ),
        }
        missed = [
            name
            for name, (expected, found, right) in checks.items()
            if not _single(evaluation.scores[name], expected, found, right)
        ]
        expected_positions = {(_key(t), _key(c)) for t, c, _s, _e in person["experience"]}
        found_positions = {(_key(p.title), _key(p.company)) for p in parsed.experience}
        lists: dict[str, tuple[set[Any], set[Any]]] = {
            "experience": (expected_positions, found_positions),
            # Periods of the positions found: a period is right when its ends are the
            # expected ones as precisely as the resume wrote them.
            "periods": (
                {
                    _period_key(s, e)
                    for t, c, s, e in person["experience"]
                    if (_key(t), _key(c)) in found_positions
                },
                {
                    _period_key(*_as_expected(p.start, p.end, person["experience"]))
                    for p in parsed.experience
                    if (_key(p.title), _key(p.company)) in expected_positions
                },
            ),
            "education": (
                {_key(school) for _d, school, _s, _e in person["education"]},
                {_key(s.institution) for s in parsed.education if s.institution},
            ),
            "languages": (set(person["languages"]), set(parsed.languages)),
            "skills": ({_key(s) for s in person["skills"]}, {_key(s) for s in parsed.skills}),
        }
        for name, (expected, found) in lists.items():
            if not _items(evaluation.scores[name], expected, found):
                missed.append(name)
        evaluation.misses[label] = missed
    return evaluation


def _as_expected(
    start: str | None, end: str | None, experience: list[list[str]]
) -> tuple[str | None, str | None]:
    """A found period in the expected precision: ``2021`` for an expected ``2021-03`` when the
    resume wrote only years counts as the expected value."""
    for _t, _c, want_start, want_end in experience:
        if (
            start
            and want_start.startswith(start)
            and (end == want_end or (end and want_end.startswith(end)))
        ):
            return want_start, want_end
    return start, end
