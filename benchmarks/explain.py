"""EXPLAIN (ANALYZE, BUFFERS) of every statement behind each benchmark request, on PostgreSQL.

python -m benchmarks.explain --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench1m

Runs each request type's in-process work (the floor of ``benchmarks.run``) once to warm the
cache, again to catch the statements it sends, then explains each with its parameters and
writes them to ``benchmarks/explain/<request>.txt``: the plans behind the numbers in
benchmarks/README.md.
"""

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from benchmarks.run import HERE, Floor, cases
from hiring.db import make_engine, make_session_factory, unit_of_work


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", required=True, help="A database benchmarks.run built")
    parser.add_argument("--out", type=Path, default=HERE / "explain")
    parser.add_argument("--only", nargs="*", help="Only these request types")
    return parser.parse_args(argv)


def statements_of(engine: Engine, sessions: sessionmaker[Session], work: Floor) -> list[Any]:
    """The queries (not EXPLAINs) ``work`` sends, with their parameters, in order."""
    sent: list[tuple[str, Any]] = []

    def catch(_conn: Connection, _cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if re.match(r"\s*(SELECT|WITH)\b", statement, re.IGNORECASE):
            sent.append((statement, params))

    with unit_of_work(sessions, write=False) as session:
        work(session)
    event.listen(engine, "before_cursor_execute", catch)
    try:
        with unit_of_work(sessions, write=False) as session:
            work(session)
    finally:
        event.remove(engine, "before_cursor_execute", catch)
    return sent


def explain(sessions: sessionmaker[Session], statement: str, params: Any) -> str:
    with unit_of_work(sessions, write=False) as session:
        plan = session.connection().exec_driver_sql(
            f"EXPLAIN (ANALYZE, BUFFERS) {statement}", params
        )
        return "\n".join(row[0] for row in plan)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if not args.database_url.startswith("postgresql"):
        sys.exit("EXPLAIN (ANALYZE, BUFFERS) is PostgreSQL's: give a postgresql+psycopg:// URL")
    engine = make_engine(args.database_url)
    sessions = make_session_factory(engine)
    with unit_of_work(sessions) as session:
        planned = [c for c in cases(session) if c.floor is not None]
    if args.only:
        planned = [c for c in planned if any(word in c.name for word in args.only)]
    args.out.mkdir(exist_ok=True)
    for case in planned:
        assert case.floor is not None
        parts = [f"-- {case.name}: {case.method} {case.path} {case.params or case.body or ''}"]
        for statement, params in statements_of(engine, sessions, case.floor):
            parts += [
                "",
                statement,
                f"-- parameters: {params}",
                explain(sessions, statement, params),
            ]
        path = args.out / f"{slug(case.name)}.txt"
        path.write_text("\n".join(parts) + "\n")
        print(path)
    engine.dispose()


if __name__ == "__main__":
    main()
