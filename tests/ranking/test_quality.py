"""The local ranker on a labelled evaluation set built from the skills vocabulary."""

from hiring.ranking.evaluation import Fit, evaluate, evaluation_set
from hiring.ranking.scoring import JobText, Profile, Ranking


def test_every_strong_fit_ranks_above_every_non_fit() -> None:
    metrics = evaluate(evaluation_set())
    assert metrics.strong_above_none == 1.0, metrics


def test_precision_at_5_on_strong_fits_is_at_least_0_8() -> None:
    for seed in (7, 11, 23):
        metrics = evaluate(evaluation_set(seed=seed))
        assert metrics.precision_at_5 >= 0.8, (seed, metrics)


def test_partial_fits_rank_between_strong_and_non_fits_on_average() -> None:
    for case in evaluation_set(jobs=4):
        ranking = Ranking(case.job, case.profiles)
        mean = {
            kind: sum(
                float(ranking.scores[i])
                for i, p in enumerate(case.profiles)
                if case.fit[p.id] == kind
            )
            / sum(f == kind for f in case.fit.values())
            for kind in Fit
        }
        assert mean[Fit.strong] > mean[Fit.partial] > mean[Fit.none], mean


def _profile(cid: str, skills: tuple[str, ...]) -> Profile:
    return Profile(cid, "Platform Engineer", skills, (), None, None, None, ())


def test_skill_synonyms_match_their_canonical_names() -> None:
    job = JobText("Platform Engineer", "", "Kubernetes, JavaScript and Go.", "Remote", "contract")
    ranking = Ranking(job, [_profile("syn", ("k8s", "js", "golang")), _profile("no", ())])
    best = ranking.top(1)[0]
    assert best.candidate_id == "syn"
    assert best.matched_skills == ["Kubernetes", "JavaScript", "Go"]
    assert best.reasoning.startswith("3 of 3 required skills: Kubernetes, JavaScript, Go")
