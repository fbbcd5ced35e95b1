"""The local ranker on the honest evaluation set (tests/data/ranking_eval.json): jobs from
unrelated fields, people in everyday phrasing, graded by the role each holds."""

import json
from pathlib import Path

import pytest
from benchmarks.ranking_eval_build import OUT, build

from hiring.ranking.evaluation import (
    EvaluationSet,
    available_engines,
    evaluate,
    load,
    ndcg,
    precision,
    words_engine,
)
from hiring.ranking.scoring import JobText, Profile, Ranking

# Measured 2026-12-06: mean nDCG@10 0.924, precision@5 0.925; the floors sit just below.
WORDS_MEAN_NDCG = 0.90
WORDS_MEAN_PRECISION = 0.90


@pytest.fixture(scope="module")
def honest() -> EvaluationSet:
    return load(OUT)


def test_the_committed_set_is_what_its_builder_makes() -> None:
    assert json.loads(Path(OUT).read_text()) == json.loads(json.dumps(build()))


def test_the_set_spans_unrelated_fields_and_people_who_only_mention_a_role(
    honest: EvaluationSet,
) -> None:
    data = json.loads(Path(OUT).read_text())
    assert len(honest.cases) >= 15
    assert len(honest.profiles) >= 300
    mentioning = [p for p in data["candidates"] if "mentions" in p]
    assert len(mentioning) >= 50
    for person in mentioning:
        case = next(c for c in honest.cases if c.job_id == person["mentions"])
        assert case.grades.get(person["id"], 0) < 2


def test_word_engine_floor(honest: EvaluationSet) -> None:
    report = evaluate(honest, words_engine, "words")
    assert report.mean_ndcg >= WORDS_MEAN_NDCG, report.table()
    assert report.mean_precision >= WORDS_MEAN_PRECISION, report.table()


def test_ndcg_and_precision_reward_the_right_order() -> None:
    grades = {"a": 2, "b": 2, "c": 1}
    assert ndcg(["a", "b", "c", "x"], grades) == 1.0
    assert ndcg(["x", "c", "b", "a"], grades) < ndcg(["c", "a", "b", "x"], grades) < 1.0
    assert ndcg(["x", "y"], grades) == 0.0
    assert precision(["a", "c", "b", "x", "y"], grades) == pytest.approx(0.4)


def _profile(cid: str, skills: tuple[str, ...]) -> Profile:
    return Profile(cid, "Platform Engineer", skills, (), None, None, None, ())


def test_skill_synonyms_match_their_canonical_names() -> None:
    job = JobText("Platform Engineer", "", "Kubernetes, JavaScript and Go.", "Remote", "contract")
    ranking = Ranking(job, [_profile("syn", ("k8s", "js", "golang")), _profile("no", ())])
    best = ranking.top(1)[0]
    assert best.candidate_id == "syn"
    assert best.matched_skills == ["Kubernetes", "JavaScript", "Go"]
    assert best.reasoning.startswith("3 of 3 required skills: Kubernetes, JavaScript, Go")


def test_blended_engine_meets_the_target(honest: EvaluationSet) -> None:
    """With the sentence model: mean nDCG@10 ≥ 0.95 and no job below 0.85 (measured
    2026-12-06: 1.000 on every job)."""
    engines = available_engines()
    if "blended" not in engines:
        pytest.skip("the semantic extra is not installed")
    report = evaluate(honest, engines["blended"], "blended")
    assert report.mean_ndcg >= 0.95, report.table()
    assert report.worst.ndcg >= 0.85, report.table()
    assert report.mean_precision >= 0.95, report.table()
