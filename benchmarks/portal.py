"""The admin portal's pages at scale, timed server-side (in process, no network): the issue's
target is the candidates page under 300 ms at 100k candidates.

python -m benchmarks.portal                       # 100k candidates, SQLite (cached database)
python -m benchmarks.portal --candidates 1000000 --runs 5
"""

import argparse
import secrets
import statistics
import time

from fastapi.testclient import TestClient

from benchmarks.run import percentile, prepare_database, sqlite_url
from hiring.app import create_app
from hiring.auth import service as auth
from hiring.auth.models import Role
from hiring.config import Settings
from hiring.db import unit_of_work

TARGET_MS = 300
PORTAL_USER = "portal-bench@example.com"
PAGES = (
    ("candidates page", "/admin/candidates"),
    ("search by a word", "/admin/candidates?search=python"),
    ("search by two letters", "/admin/candidates?search=ma"),
    ("stage and location", "/admin/candidates?stage=interview&location=berlin"),
    ("page 200", "/admin/candidates?page=200"),
    ("sorted by name", "/admin/candidates?sort=name"),
    ("dashboard", "/admin"),
    ("jobs", "/admin/jobs"),
    ("segment preview", "/admin/segments/preview?skills=python&location=a"),
)


def signed_in(url: str) -> TestClient:
    app = create_app(Settings(database_url=url))
    password = secrets.token_urlsafe(16)
    with unit_of_work(app.state.sessions) as session:
        user = auth.get_user_by_email(session, PORTAL_USER)
        if user is None:
            auth.create_user(session, PORTAL_USER, password, Role.admin)
        else:  # a fresh password each run: the benchmark never keeps one
            user.password_hash = auth.hash_password(password)
    client = TestClient(app, follow_redirects=False)
    form = client.get("/admin/login").text
    csrf = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    login = {"email": PORTAL_USER, "password": password, "csrf_token": csrf}
    assert client.post("/admin/login", data=login).status_code == 303, "sign-in failed"
    return client


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--candidates", type=int, default=100_000)
    parser.add_argument("--jobs", type=int, default=36)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args(argv)
    url = args.database_url or sqlite_url(args.candidates)
    prepare_database(url, args.candidates, args.jobs)
    client = signed_in(url)
    print(f"{'page':24} {'p50 ms':>8} {'p95 ms':>8}   target {TARGET_MS} ms")
    for name, path in PAGES:
        client.get(path)  # warm-up
        samples = []
        for _ in range(args.runs):
            started = time.perf_counter()
            response = client.get(path)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (path, response.status_code)
        p50, p95 = statistics.median(samples), percentile(samples, 95)
        verdict = "ok" if p95 < TARGET_MS else "over"
        print(f"{name:24} {p50:8.1f} {p95:8.1f}   {verdict}")


if __name__ == "__main__":
    main()
