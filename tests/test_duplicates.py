"""One person, one record: identity keys, refusing a second record, likely duplicates."""

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from hiring.candidates.identity import email_key, linkedin_key, phone_key
from hiring.candidates.models import Candidate
from hiring.db import unit_of_work
from tests.conftest import FreshApp, client_for
from tests.factories import make_candidate

# Identity keys


@pytest.mark.parametrize("value", ["jane@example.com", "  Jane@Example.COM ", "JANE@example.com"])
def test_email_key_ignores_case_and_spaces(value: str) -> None:
    assert email_key(value) == "jane@example.com"


@pytest.mark.parametrize(
    "value",
    [
        "https://www.linkedin.com/in/jane-smith",
        "http://linkedin.com/in/jane-smith/",
        "HTTPS://WWW.LinkedIn.com/in/Jane-Smith/?trk=public_profile#about",
        "linkedin.com/in/jane-smith",
        "https://uk.linkedin.com/in/jane-smith",
    ],
)
def test_linkedin_key_ignores_scheme_www_query_slash_and_case(value: str) -> None:
    assert linkedin_key(value) == "linkedin.com/in/jane-smith"


def test_linkedin_key_keeps_the_profile_apart() -> None:
    assert linkedin_key("https://linkedin.com/in/jane-smith-2") != linkedin_key(
        "https://linkedin.com/in/jane-smith"
    )


def test_phone_key_is_e164_and_reads_local_numbers_in_the_region() -> None:
    assert phone_key("+44 20 7183 8750") == "+442071838750"
    assert phone_key("(020) 7183-8750", "GB") == "+442071838750"
    assert phone_key("020 7183 8750") is None  # no country code and no region: no key
    assert phone_key("12") is None
    assert phone_key("", "GB") is None


def test_keys_are_kept_on_every_write(app: FastAPI, recruiter: TestClient) -> None:
    made = make_candidate(
        recruiter,
        email=" Ada@Example.com",
        linkedin_url="https://www.linkedin.com/in/Ada/",
        phone="+44 20 7183 8750",
    )
    patched = recruiter.patch(
        f"/api/candidates/{made['id']}", json={"email": "ada.l@example.com", "phone": None}
    )
    assert patched.status_code == 200, patched.text
    with unit_of_work(app.state.sessions, write=False) as session:
        row = session.scalars(select(Candidate).where(Candidate.id == made["id"])).one()
        assert (row.email_key, row.linkedin_key, row.phone_key) == (
            "ada.l@example.com",
            "linkedin.com/in/ada",
            None,
        )


# A second record for the same person


def test_create_with_a_known_email_is_a_409_naming_the_existing_candidate(
    recruiter: TestClient,
) -> None:
    first = make_candidate(recruiter, email="jane@example.com")
    response = recruiter.post(
        "/api/candidates", json={"name": "Jane S.", "email": " JANE@example.com"}
    )
    assert response.status_code == 409, response.text
    error = response.json()["error"]
    assert error["code"] == "duplicate"
    assert first["id"] in error["message"]
    assert error["details"] == [
        {"field": "email", "message": error["message"], "candidate_id": first["id"]}
    ]
    total = recruiter.get("/api/candidates", params={"search": "Jane"}).json()["total"]
    assert total == 1


def test_create_with_a_known_linkedin_profile_is_a_409(recruiter: TestClient) -> None:
    first = make_candidate(recruiter, linkedin_url="https://www.linkedin.com/in/jane-smith")
    response = recruiter.post(
        "/api/candidates",
        json={"name": "Jane Smith", "linkedin_url": "http://linkedin.com/in/Jane-Smith/?x=1"},
    )
    assert response.status_code == 409, response.text
    assert response.json()["error"]["details"][0] == {
        "field": "linkedin_url",
        "message": response.json()["error"]["message"],
        "candidate_id": first["id"],
    }


def test_allow_duplicate_creates_it_anyway(recruiter: TestClient) -> None:
    make_candidate(recruiter, email="jane@example.com")
    response = recruiter.post(
        "/api/candidates?allow_duplicate=true", json={"name": "Jane", "email": "jane@example.com"}
    )
    assert response.status_code == 201, response.text


def test_an_archived_record_does_not_block_a_new_one(recruiter: TestClient) -> None:
    first = make_candidate(recruiter, email="jane@example.com")
    archived = recruiter.patch(
        f"/api/candidates/{first['id']}", json={"archived_at": "2026-01-01T00:00:00Z"}
    )
    assert archived.status_code == 200
    again = recruiter.post("/api/candidates", json={"name": "Jane", "email": "jane@example.com"})
    assert again.status_code == 201, again.text


def test_patch_to_someone_elses_email_is_a_409(recruiter: TestClient) -> None:
    jane = make_candidate(recruiter, email="jane@example.com")
    john = make_candidate(recruiter, email="john@example.com")
    taken = recruiter.patch(f"/api/candidates/{john['id']}", json={"email": "Jane@example.com"})
    assert taken.status_code == 409, taken.text
    assert taken.json()["error"]["details"][0]["candidate_id"] == jane["id"]
    still = recruiter.get(f"/api/candidates/{john['id']}").json()["data"]
    assert still["email"] == "john@example.com"
    anyway = recruiter.patch(
        f"/api/candidates/{john['id']}?allow_duplicate=true", json={"email": "jane@example.com"}
    )
    assert anyway.status_code == 200, anyway.text


def test_patch_keeping_ones_own_email_in_another_case_is_fine(recruiter: TestClient) -> None:
    jane = make_candidate(recruiter, email="jane@example.com")
    response = recruiter.patch(
        f"/api/candidates/{jane['id']}", json={"email": "JANE@example.com", "name": "Jane"}
    )
    assert response.status_code == 200, response.text


def test_concurrent_creates_of_one_person_make_one_record(
    fresh_app: Callable[..., FreshApp],
) -> None:
    built = fresh_app()
    clients = [client_for(built.app, built.personas["recruiter"].token) for _ in range(6)]

    def create(client: TestClient) -> int:
        body = {"name": "Jane", "email": "jane@example.com"}
        return client.post("/api/candidates", json=body).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = sorted(pool.map(create, clients))
    assert codes == [201, 409, 409, 409, 409, 409]
    with unit_of_work(built.app.state.sessions, write=False) as session:
        emails = session.scalars(select(Candidate.email)).all()
    assert emails == ["jane@example.com"]


# Likely duplicates


def test_duplicates_lists_matches_with_reasons_most_likely_first(
    fresh_app: Callable[..., FreshApp],
) -> None:
    built = fresh_app(phone_region="GB")
    client = client_for(built.app, built.personas["recruiter"].token)
    jane = make_candidate(
        client,
        name="Jane Smith",
        email="jane@example.com",
        phone="+44 20 7183 8750",
        current_company="Acme",
    )
    by_phone = make_candidate(
        client, name="J. Smith", email="js@example.org", phone="020 7183 8750"
    )
    by_name = make_candidate(
        client, name="jane smith", email="other@example.org", current_company="ACME"
    )
    by_email = client.post(
        "/api/candidates?allow_duplicate=true",
        json={"name": "Jane Smith", "email": "Jane@Example.com", "current_company": "Acme"},
    ).json()["data"]
    make_candidate(client, name="Jane Smith", email="unrelated@example.org")

    response = client.get(f"/api/candidates/{jane['id']}/duplicates")
    assert response.status_code == 200, response.text
    found = [(d["candidate"]["id"], d["reasons"], d["score"]) for d in response.json()["data"]]
    assert found == [
        (by_email["id"], ["email", "name_and_company"], 1.0),
        (by_phone["id"], ["phone"], 0.8),
        (by_name["id"], ["name_and_company"], 0.6),
    ]


def test_duplicates_of_a_person_without_keys_is_empty(recruiter: TestClient) -> None:
    alone = make_candidate(recruiter, email=None)
    make_candidate(recruiter, email=None)
    response = recruiter.get(f"/api/candidates/{alone['id']}/duplicates")
    assert response.status_code == 200
    assert response.json()["data"] == []


def test_duplicates_of_an_unknown_candidate_is_404(recruiter: TestClient) -> None:
    assert recruiter.get("/api/candidates/cand_nobody/duplicates").status_code == 404
