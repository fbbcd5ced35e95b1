"""The scoring rules on profiles alone: no database."""

from hiring.ranking.scoring import JobText, Profile, Ranking

JOB = JobText("Platform Engineer", "", "Kubernetes and Go.", "Berlin, Germany", "contract")


def _profile(cid: str, location: str | None = None, availability: str | None = None) -> Profile:
    return Profile(cid, "Platform Engineer", ("k8s",), (), None, location, availability, ())


def test_equal_scores_rank_by_candidate_id_whatever_the_input_order() -> None:
    profiles = [_profile(cid) for cid in ("cand_c", "cand_a", "cand_b")]
    for ordering in (profiles, profiles[::-1]):
        ranking = Ranking(JOB, ordering)
        assert [s.candidate_id for s in ranking.top(3)] == ["cand_a", "cand_b", "cand_c"]
        assert [s.candidate_id for s in ranking.top(2)] == ["cand_a", "cand_b"]


def test_location_and_job_type_fit_break_a_tie_in_skills() -> None:
    ranking = Ranking(
        JOB,
        [
            _profile("elsewhere", "Madrid, Spain", "full-time"),
            _profile("unknown"),
            _profile("here", "Berlin, Germany", "contract"),
        ],
    )
    assert [s.candidate_id for s in ranking.top(3)] == ["here", "unknown", "elsewhere"]
    assert ranking.top(1)[0].matched_skills == ["Kubernetes"]


def test_no_profiles_rank_nobody() -> None:
    assert Ranking(JOB, []).top(5) == []
