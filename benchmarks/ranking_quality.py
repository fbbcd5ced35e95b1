"""Ranking quality on the honest evaluation set (tests/data/ranking_eval.json, built by
benchmarks/ranking_eval_build.py): nDCG@10 and precision@5 per job and their means, for
every ranking engine this install has.

python -m benchmarks.ranking_quality
"""

from benchmarks.ranking_eval_build import OUT
from hiring.ranking.evaluation import available_engines, evaluate, load


def main() -> None:
    evaluation = load(OUT)
    print(f"{len(evaluation.cases)} jobs, {len(evaluation.profiles)} candidates ({OUT.name})")
    reports = [evaluate(evaluation, engine, name) for name, engine in available_engines().items()]
    for report in reports:
        print()
        print(report.engine)
        print(report.table())
    print()
    for report in reports:
        print(report.summary())


if __name__ == "__main__":
    main()
