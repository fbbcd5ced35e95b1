"""The API benchmark runs end to end on a tiny database (no timing is asserted)."""

import importlib
import json
import os
import shutil
from pathlib import Path

import pytest
from benchmarks import explain, portal, run

from tests.conftest import PG_URL, fresh_database_url


def test_defaults_are_the_issue_targets() -> None:
    args = run.parse_args([])
    assert (args.candidates, args.clients, args.database_url) == (100_000, 16, None)
    assert run.parse_args(["--candidates", "1000000"]).candidates == 1_000_000


def test_runs_every_request_type_and_writes_json(tmp_path: Path) -> None:
    if not shutil.which("wrk") and os.environ.get("CI") != "true":
        pytest.skip("wrk (the load generator) is missing: apt-get install -y wrk")
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    small = ["--candidates", "40", "--jobs", "3", "--database-url", url, "--workers", "1"]
    quick = ["--runs", "3", "--clients", "2", "--load-seconds", "1", "--floor-runs", "2"]
    run.main([*small, *quick, "--results", str(tmp_path / "results")])

    (written,) = (tmp_path / "results").glob("*-sqlite-40.json")
    document = json.loads(written.read_text())
    assert document["candidates"] == 40
    results = {r["name"]: r for r in document["results"]}
    assert len(results) == 8
    measured = [r for r in results.values() if not r["note"].startswith("skipped")]
    assert len(measured) >= 7
    for result in measured:
        assert result["runs"] == 3
        assert not result["failed"]
        assert result["p50_ms"] <= result["p99_ms"]
        assert result["throughput_rps"] > 0
    assert results["candidates list"]["count_p50_ms"] is not None
    assert results["candidates list"]["ratio"] is not None


def test_reuses_a_database_of_its_size_and_refuses_another(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'bench.db'}"
    run.prepare_database(url, candidates=25, jobs=2)
    run.prepare_database(url, candidates=25, jobs=2)
    with pytest.raises(SystemExit, match="holds 25 candidates"):
        run.prepare_database(url, candidates=30, jobs=2)


def test_portal_benchmark_signs_in_and_times_every_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'portal.db'}"
    portal.main(["--candidates", "30", "--jobs", "2", "--runs", "2", "--database-url", url])
    lines = capsys.readouterr().out.splitlines()
    timed = [line for line in lines if line.rstrip().endswith(("ok", "over"))]
    assert [line[:24].strip() for line in timed] == [name for name, _ in portal.PAGES]


def test_explain_writes_a_plan_per_request_type(tmp_path: Path) -> None:
    if not PG_URL:
        with pytest.raises(SystemExit, match="PostgreSQL"):
            explain.main(["--database-url", f"sqlite:///{tmp_path / 'x.db'}"])
        return
    fresh = fresh_database_url(tmp_path)
    url = next(fresh)
    try:
        run.prepare_database(url, 40, 3)
        explain.main(["--database-url", url, "--out", str(tmp_path / "plans")])
    finally:
        next(fresh, None)
    plans = {path.stem: path.read_text() for path in (tmp_path / "plans").glob("*.txt")}
    assert len(plans) == 8
    assert all("Execution Time" in plan and "Buffers:" in plan for plan in plans.values())
    assert "FROM candidates" in plans["candidates-list"]


def test_every_benchmark_module_imports() -> None:
    """`make bench` runs them all: none may lag behind a rename in the product."""
    names = sorted(p.stem for p in Path("benchmarks").glob("*.py") if p.stem != "__init__")
    assert {"run", "ranking", "portal", "imports"} <= set(names)
    for name in names:
        importlib.import_module(f"benchmarks.{name}")
