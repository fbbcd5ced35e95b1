"""Full-text search on candidates: semantics, hostile input, index sync, relevance, rebuild."""

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import insert, select, text

from hiring.candidates import search_index
from hiring.candidates.models import Candidate, CandidateLabel
from hiring.candidates.search_text import parse_search
from hiring.db import unit_of_work
from tests.factories import make_candidate


def _search(client: TestClient, query: str, **params: Any) -> list[str]:
    response = client.get("/api/candidates", params={"search": query, "limit": 200, **params})
    assert response.status_code == 200, response.text
    return [c["name"] for c in response.json()["data"]]


def _found(client: TestClient, query: str) -> set[str]:
    return set(_search(client, query))


@pytest.fixture
def people(recruiter: TestClient) -> dict[str, dict[str, Any]]:
    return {
        "jose": make_candidate(
            recruiter,
            name="José Álvarez",
            email="jalvarez@correo.example",
            current_title="Senior Java Developer",
            current_company="Telefónica",
            skills=["Java", "Kubernetes"],
        ),
        "ana": make_candidate(
            recruiter,
            name="Ana Smith",
            email="ana.smith@example.com",
            current_title="Data Engineer",
            current_company="Acme Analytics",
            skills=["Python", "SQL"],
            tags=["Remote-First"],
            resume_text="Built machine learning pipelines at scale for retail clients.",
        ),
        "bob": make_candidate(
            recruiter,
            name="Bob Learning",
            email="bob@example.com",
            current_title="JavaScript Engineer",
            current_company="Machine Works",
            skills=["JavaScript", "Node.js"],
        ),
    }


def test_word_prefix_case_and_accents(recruiter: TestClient, people: dict) -> None:
    assert _found(recruiter, "jav") == {"José Álvarez", "Bob Learning"}
    assert _found(recruiter, "JAVA") == {"José Álvarez", "Bob Learning"}
    assert _found(recruiter, "jose") == {"José Álvarez"}
    assert _found(recruiter, "ÁLVAREZ") == {"José Álvarez"}
    assert _found(recruiter, "telefonica") == {"José Álvarez"}
    assert _found(recruiter, "kube") == {"José Álvarez"}
    assert _found(recruiter, "remote") == {"Ana Smith"}
    assert _found(recruiter, "pipelines") == {"Ana Smith"}
    # A word inside a word is not a word prefix.
    assert _found(recruiter, "ava") == set()


def test_letters_without_decomposition(recruiter: TestClient) -> None:
    make_candidate(recruiter, name="Søren Łukasiewicz")
    assert _found(recruiter, "søren") == {"Søren Łukasiewicz"}
    assert _found(recruiter, "SØR łuk") == {"Søren Łukasiewicz"}


def test_email_parts_are_words(recruiter: TestClient, people: dict) -> None:
    assert _found(recruiter, "ana.smith@example.com") == {"Ana Smith"}
    assert _found(recruiter, "correo") == {"José Álvarez"}


def test_several_words_must_all_match(recruiter: TestClient, people: dict) -> None:
    assert _found(recruiter, "java senior") == {"José Álvarez"}
    assert _found(recruiter, "machine") == {"Ana Smith", "Bob Learning"}
    assert _found(recruiter, "machine engineer") == {"Ana Smith", "Bob Learning"}
    assert _found(recruiter, "machine java") == {"Bob Learning"}
    assert _found(recruiter, "java python") == set()


def test_quoted_phrases_are_exact(recruiter: TestClient, people: dict) -> None:
    assert _found(recruiter, '"machine learning"') == {"Ana Smith"}
    assert _found(recruiter, '"learning machine"') == set()
    assert _found(recruiter, '"senior java"') == {"José Álvarez"}
    # Inside quotes a word is whole: "jav" is not Java.
    assert _found(recruiter, '"jav"') == set()
    assert _found(recruiter, 'engineer "data engineer"') == {"Ana Smith"}


def test_punctuated_words_match_as_a_phrase(recruiter: TestClient, people: dict) -> None:
    assert _found(recruiter, "node.js") == {"Bob Learning"}
    assert _found(recruiter, "remote-first") == {"Ana Smith"}


HOSTILE = [
    '"',
    '""',
    '"unterminated java',
    "*",
    "jav*",
    "-java",
    "java -bob",
    "NEAR",
    "NEAR(java senior)",
    "java AND NOT bob",
    "java OR python",
    "AND",
    "OR",
    "NOT",
    "(",
    ")",
    "(java",
    "java)",
    "^java",
    "name:java",
    "{name email}: java",
    "'; DROP TABLE candidates; --",
    "' OR 1=1 --",
    "%",
    "_",
    "\\",
    "java\\",
    "a & b | !c <-> d:*",
    "\u0149 \u02bcjava",
    "x" * 200,
    " ".join(["java"] * 100)[:200],
    "🙂 java",
    "東京",
]


@pytest.mark.parametrize("query", HOSTILE)
def test_hostile_input_never_breaks_the_query(
    recruiter: TestClient, people: dict, query: str
) -> None:
    response = recruiter.get("/api/candidates", params={"search": query, "sort": "relevance"})
    assert response.status_code == 200, response.text
    assert response.json()["total"] == len(response.json()["data"])


def test_operators_are_plain_words(recruiter: TestClient, people: dict) -> None:
    # Neither OR nor NOT nor a leading minus change the meaning: they are words to find.
    assert _found(recruiter, "java OR python") == set()
    assert _found(recruiter, "-java") == {"José Álvarez", "Bob Learning"}
    assert _found(recruiter, "jav*") == {"José Álvarez", "Bob Learning"}
    assert _found(recruiter, "'; DROP TABLE candidates; --") == set()
    assert len(_search(recruiter, "")) == 3
    # Only punctuation: no word to look for, so nothing matches.
    assert _found(recruiter, '"*"') == set()


def test_search_terms_are_bounded() -> None:
    terms = parse_search(" ".join(f"w{i}" for i in range(50)))
    assert len(terms) == 10
    assert parse_search('"' + " ".join(["w"] * 50) + '"')[0].words == ["w"] * 10


def test_long_search_is_422(recruiter: TestClient) -> None:
    response = recruiter.get("/api/candidates", params={"search": "x" * 201})
    assert response.status_code == 422
    assert response.json()["error"]["details"][0]["field"] == "search"


def test_index_follows_create_patch_archive_and_delete(recruiter: TestClient, people: dict) -> None:
    ana = people["ana"]["id"]
    patched = recruiter.patch(
        f"/api/candidates/{ana}",
        json={"name": "Anabel Quartz", "current_company": "Zephyr", "skills": ["Rust"]},
    )
    assert patched.status_code == 200
    assert _found(recruiter, "quartz zephyr rust") == {"Anabel Quartz"}
    assert _found(recruiter, "analytics") == set()
    assert _found(recruiter, "python") == set()

    archived = recruiter.patch(f"/api/candidates/{ana}", json={"archived_at": "2026-01-01T00:00Z"})
    assert archived.status_code == 200
    assert _found(recruiter, "quartz") == set()
    assert set(_search(recruiter, "quartz", show_archived=1)) == {"Anabel Quartz"}
    assert set(_search(recruiter, "quartz", archived="only")) == {"Anabel Quartz"}

    assert recruiter.delete(f"/api/candidates/{ana}").status_code == 200
    assert set(_search(recruiter, "quartz", show_archived=1)) == set()


def test_relevance_puts_name_hits_first(recruiter: TestClient) -> None:
    make_candidate(recruiter, name="Pat Resume", resume_text="Once met someone called Kowalski.")
    make_candidate(recruiter, name="Kim Kowalski")
    make_candidate(recruiter, name="Lee Other")
    assert _search(recruiter, "kowalski", sort="relevance") == ["Kim Kowalski", "Pat Resume"]


def test_relevance_without_search_falls_back_to_newest_first(recruiter: TestClient) -> None:
    for name in ("First", "Second", "Third"):
        make_candidate(recruiter, name=name)
    newest_first = _search(recruiter, "")
    assert _search(recruiter, "", sort="relevance") == newest_first


def test_sorts(recruiter: TestClient) -> None:
    for name, rating in (("Bea", 3), ("Al", 5), ("Cy", None)):
        make_candidate(recruiter, name=name, rating=rating)
    assert _search(recruiter, "", sort="name") == ["Al", "Bea", "Cy"]
    assert _search(recruiter, "", sort="rating") == ["Al", "Bea", "Cy"]
    assert _search(recruiter, "", sort="-created_at") == ["Bea", "Al", "Cy"]
    assert _search(recruiter, "", sort="created_at") == ["Cy", "Al", "Bea"]


def test_rows_inserted_with_core_are_indexed(app: FastAPI, recruiter: TestClient) -> None:
    with unit_of_work(app.state.sessions) as session:
        session.execute(
            insert(Candidate),
            [
                {"id": "cand_bulk1", "name": "Bulk Zed", "skills": ["Go", "gRPC"], "tags": []},
                {"id": "cand_bulk2", "name": "Bulk Yan", "skills": ["go"], "languages": ["FR"]},
            ],
        )
    assert _found(recruiter, "zed grpc") == {"Bulk Zed"}
    labels = _labels(app)
    assert ("cand_bulk1", "skill", "go") in labels and ("cand_bulk2", "language", "fr") in labels


def _labels(app: FastAPI) -> set[tuple[str, str, str]]:
    with unit_of_work(app.state.sessions, write=False) as session:
        rows = session.execute(
            select(CandidateLabel.candidate_id, CandidateLabel.kind, CandidateLabel.value)
        )
        return {(r[0], r[1], r[2]) for r in rows}


def _archived_labels(app: FastAPI) -> set[str]:
    with unit_of_work(app.state.sessions, write=False) as session:
        query = select(CandidateLabel.value).where(CandidateLabel.archived.is_(True))
        return set(session.scalars(query))


def test_labels_follow_the_json_lists(app: FastAPI, recruiter: TestClient) -> None:
    cid = make_candidate(recruiter, skills=["Python", " SQL "], tags=["VIP"], languages=["EN"])[
        "id"
    ]
    assert _labels(app) == {
        (cid, "skill", "python"),
        (cid, "skill", "sql"),
        (cid, "tag", "vip"),
        (cid, "language", "en"),
    }
    recruiter.patch(f"/api/candidates/{cid}", json={"skills": ["Rust"], "tags": []})
    assert _labels(app) == {(cid, "skill", "rust"), (cid, "language", "en")}
    assert _archived_labels(app) == set()
    recruiter.patch(f"/api/candidates/{cid}", json={"archived_at": "2026-01-01T00:00Z"})
    assert _archived_labels(app) == {"rust", "en"}
    recruiter.patch(f"/api/candidates/{cid}", json={"archived_at": None})
    assert _archived_labels(app) == set()
    recruiter.delete(f"/api/candidates/{cid}")
    assert _labels(app) == set()


def test_rebuild_restores_a_wiped_index(app: FastAPI, recruiter: TestClient, people: dict) -> None:
    with app.state.engine.begin() as connection:
        connection.execute(text("DELETE FROM candidate_labels"))
        if connection.dialect.name == "sqlite":
            connection.execute(text("DELETE FROM candidates_fts"))
    if app.state.engine.dialect.name == "sqlite":
        assert _found(recruiter, "jav") == set()
    with app.state.engine.begin() as connection:
        assert search_index.rebuild(connection) == 3
    assert _found(recruiter, "jav") == {"José Álvarez", "Bob Learning"}
    assert (people["ana"]["id"], "tag", "remote-first") in _labels(app)
    with app.state.engine.begin() as connection:
        assert search_index.rebuild(connection) == 3  # idempotent
    assert _found(recruiter, "python sql") == {"Ana Smith"}


def test_search_survives_vacuum(app: FastAPI, recruiter: TestClient) -> None:
    if app.state.engine.dialect.name != "sqlite":
        pytest.skip("VACUUM renumbering is a SQLite matter")
    doomed = [make_candidate(recruiter, name=f"Gone {i}")["id"] for i in range(5)]
    make_candidate(recruiter, name="Kept Person", skills=["Haskell"])
    for candidate_id in doomed:
        recruiter.delete(f"/api/candidates/{candidate_id}")
    driver = app.state.engine.raw_connection()  # VACUUM runs outside any transaction
    try:
        driver.cursor().execute("VACUUM")
    finally:
        driver.close()
    assert _found(recruiter, "haskell") == {"Kept Person"}
    assert _found(recruiter, "kept") == {"Kept Person"}


def test_the_migrations_leave_the_sync_triggers_in_place(app: FastAPI) -> None:
    # A later SQLite batch migration of `candidates` recreates the table, which drops its
    # triggers: it must install them again.
    with app.state.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
            expected = {
                "candidates_search_insert",
                "candidates_search_update",
                "candidates_search_delete",
                "candidates_labels_insert",
                "candidates_labels_update",
            }
        else:
            query = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
            expected = {"candidates_labels_sync"}
        names = set(connection.execute(text(query)).scalars())
    assert expected <= names


def test_bulk_load_without_triggers_then_install_and_rebuild(
    app: FastAPI, recruiter: TestClient
) -> None:
    # The fast path for very large loads: drop the index objects, insert, put them back.
    with app.state.engine.begin() as connection:
        search_index.uninstall(connection)
        connection.execute(
            insert(Candidate), [{"id": "cand_fast", "name": "Fast Loaded", "skills": ["Zig"]}]
        )
        search_index.install(connection)
        assert search_index.rebuild(connection) == 1
    assert _found(recruiter, "fast zig") == {"Fast Loaded"}
    assert ("cand_fast", "skill", "zig") in _labels(app)


def _totals(client: TestClient, counted: dict[str, Any]) -> dict[str, int]:
    """The `total` of ``counted`` under each archived choice, and of the same filters with a
    second one that every candidate here meets (which counts by rows instead) to compare."""
    totals = {}
    for choice in ("exclude", "include", "only"):
        params = {**counted, "archived": choice, "limit": 1}
        totals[choice] = client.get("/api/candidates", params=params).json()["total"]
        params["has_email"] = "true"
        totals[f"{choice} (counted by rows)"] = client.get("/api/candidates", params=params).json()[
            "total"
        ]
    return totals


@pytest.mark.parametrize(
    "counted",
    [{}, {"search": "zirc"}, {"skills": "ZIRCONIUM"}, {"skills": ["hafnium", "Zirconium"]}],
    ids=["no filter", "search box", "one label filter", "any of two labels"],
)
def test_indexed_totals_follow_archiving_restoring_and_deleting(
    recruiter: TestClient, counted: dict[str, Any]
) -> None:
    # These three are counted from what the triggers keep (totals, full-text keys, label
    # rows), not by rows: they must agree with a count by rows through every change.
    ids = [
        make_candidate(
            recruiter,
            name=f"Quinn Zircon {n}",
            email=f"q{n}@example.com",
            skills=["Zirconium", "Hafnium"],  # both of "any of two": counted once
        )["id"]
        for n in range(3)
    ]
    make_candidate(recruiter, name="Other Person", email="o@example.com")
    others = 0 if counted else 1

    def expect(exclude: int, only: int) -> None:
        totals = _totals(recruiter, counted)
        assert totals["exclude"] == totals["exclude (counted by rows)"] == exclude + others
        assert totals["only"] == totals["only (counted by rows)"] == only
        assert totals["include"] == totals["include (counted by rows)"] == exclude + others + only

    expect(3, 0)
    archive = {"archived_at": "2026-01-01T00:00Z"}
    assert recruiter.patch(f"/api/candidates/{ids[0]}", json=archive).status_code == 200
    expect(2, 1)
    later = {"archived_at": "2026-02-01T00:00Z"}  # archived again: still one archived
    assert recruiter.patch(f"/api/candidates/{ids[0]}", json=later).status_code == 200
    expect(2, 1)
    assert recruiter.patch(f"/api/candidates/{ids[0]}", json={"archived_at": None}).status_code
    expect(3, 0)
    assert recruiter.patch(f"/api/candidates/{ids[2]}", json=archive).status_code == 200
    assert recruiter.delete(f"/api/candidates/{ids[2]}").status_code == 200
    expect(2, 0)
    assert recruiter.delete(f"/api/candidates/{ids[1]}").status_code == 200
    expect(1, 0)
