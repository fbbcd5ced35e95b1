"""The one fill rule: empty fields are filled, labels added, filled fields never overwritten."""

from hiring.candidates.fill import MAX_LABELS, FieldConflict, fill_empty
from hiring.candidates.models import Candidate


def test_fills_only_empty_fields_and_reports_conflicts() -> None:
    person = Candidate(name="Ada", email=None, location="  ", current_company="Acme")
    filled = fill_empty(
        person,
        {"email": "ada@example.com", "location": "Berlin", "current_company": "Initech"},
    )
    assert (person.email, person.location, person.current_company) == (
        "ada@example.com",
        "Berlin",
        "Acme",
    )
    assert filled.fields == ["email", "location"]
    assert filled.conflicts == [FieldConflict("current_company", "Acme", "Initech")]


def test_same_value_in_other_case_is_no_conflict() -> None:
    person = Candidate(name="Ada", current_company="Acme")
    assert fill_empty(person, {"current_company": " acme ", "phone": ""}).conflicts == []


def test_labels_are_unioned_case_insensitively_within_the_cap() -> None:
    person = Candidate(name="Ada", skills=["Python", "Go"])
    filled = fill_empty(person, {"skills": ["go", "Rust", "PYTHON"]})
    assert person.skills == ["Python", "Go", "Rust"]
    assert filled.fields == ["skills"]

    full = Candidate(name="Bo", tags=[f"t{n}" for n in range(MAX_LABELS)])
    assert fill_empty(full, {"tags": ["new"]}).fields == []
    assert len(full.tags) == MAX_LABELS
