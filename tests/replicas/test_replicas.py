"""Two `hiring serve` processes behind no load balancer at all: what one writes, the other
sees at once, through the shared PostgreSQL database, Redis, S3 and Apollo; and a replica
killed mid-write loses nothing it acknowledged.

Each step writes on A and reads on B (or the reverse), with data of its own, so a step can
run alone (`make replicas PYTEST_ARGS="-k apply"`). The last step kills A and restarts it.
"""

import re
import secrets
import signal
import threading
import time

import httpx

from tests.fakes.apollo import person
from tests.replicas.cluster import ADMIN_EMAIL, APPLY_LIMIT, Cluster

BURST_WRITERS = 3
BURST_BEFORE_KILL = 20
BURST_SECONDS = 60.0
CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')
MATCH = "/api/v1/people/match"
BULK = "/api/v1/people/bulk_match"
# A bound on waiting for the worker, not a speed expectation.
JOB_SECONDS = 60.0


def word() -> str:
    """A made-up word that matches nothing but the rows of this step."""
    return "zq" + secrets.token_hex(4)


def test_a_candidate_written_on_a_is_listed_and_searched_on_b(cluster: Cluster) -> None:
    surname = word().capitalize()
    created = cluster.create_candidate("A", name=f"Ada {surname}", current_title="Engineer")
    with cluster.client("B") as b:
        found = b.get("/api/candidates", params={"search": surname}).json()
        listed = b.get("/api/candidates", params={"limit": 200}).json()
        detail = b.get(f"/api/candidates/{created['id']}")
    assert (found["total"], [c["id"] for c in found["data"]]) == (1, [created["id"]])
    assert created["id"] in {c["id"] for c in listed["data"]}
    assert detail.status_code == 200
    assert detail.json()["data"]["name"] == f"Ada {surname}"


def test_a_candidate_written_on_a_ranks_on_b_at_once(cluster: Cluster) -> None:
    skill = word()
    with cluster.client("A") as a:
        job = a.post(
            "/api/jobs",
            json={"title": f"Backend engineer ({skill})", "requirements": f"{skill}, PostgreSQL"},
        ).json()["data"]
    recommend = f"/api/jobs/{job['id']}/recommend-candidates"
    with cluster.client("B") as b:
        # B ranks once before the candidate exists: whatever B keeps from that run must not
        # hide a candidate written afterwards on A.
        before = b.post(recommend, json={"limit": 50})
        assert before.status_code == 200, before.text
        other = cluster.create_candidate("A", name=f"Pat {word()}", current_title="Pastry chef")
        fit = cluster.create_candidate(
            "A",
            name=f"Lin {word()}",
            current_title="Backend engineer",
            resume_text=f"Eight years of {skill} and PostgreSQL services.",
        )
        after = b.post(recommend, json={"limit": 50})
    assert after.status_code == 200, after.text
    ranked = [r["candidate_id"] for r in after.json()["data"]["recommendations"]]
    assert fit["id"] in ranked
    assert other["id"] not in ranked or ranked.index(fit["id"]) < ranked.index(other["id"])


def test_a_candidate_written_on_a_is_enriched_on_b(cluster: Cluster) -> None:
    email = f"{word()}@example.com"
    known = person(1, email=email, linkedin_url=f"http://www.linkedin.com/in/{word()}")
    cluster.apollo.people.append(known)
    created = cluster.create_candidate("A", name=f"Kim {word()}", email=email)
    with cluster.client("B") as b:
        enriched = b.post(f"/api/candidates/{created['id']}/enrich")
    assert enriched.status_code == 200, enriched.text
    assert enriched.json()["data"]["outcome"] == "matched"
    assert any(call.body.get("email") == email for call in cluster.apollo.calls(MATCH))
    with cluster.client("A") as a:
        stored = a.get(f"/api/candidates/{created['id']}").json()["data"]
    assert stored["linkedin_url"] == known["linkedin_url"]


def test_a_portal_sign_in_on_a_is_valid_on_b(cluster: Cluster) -> None:
    a, b = cluster.replicas["A"], cluster.replicas["B"]
    with httpx.Client(base_url=a.url, timeout=30) as browser:
        form = browser.get("/admin/login")
        csrf = CSRF_INPUT.search(form.text)
        assert csrf, form.text
        signed_in = browser.post(
            "/admin/login",
            data={
                "email": ADMIN_EMAIL,
                "password": cluster.admin_password,
                "csrf_token": csrf.group(1),
            },
        )
        assert signed_in.status_code == 303, signed_in.text
        cookie = signed_in.cookies["hiring_session"]
    with httpx.Client(base_url=b.url, timeout=30) as anonymous:
        assert anonymous.get("/admin").status_code == 303
    with httpx.Client(base_url=b.url, timeout=30, cookies={"hiring_session": cookie}) as same:
        dashboard = same.get("/admin")
    assert dashboard.status_code == 200, dashboard.text
    assert ADMIN_EMAIL in dashboard.text


def test_the_public_apply_limit_counts_across_replicas(cluster: Cluster) -> None:
    with cluster.client("A") as a:
        job = a.post("/api/jobs", json={"title": f"Designer {word()}"}).json()["data"]
    apply = f"/api/jobs/public/{job['id']}/apply"
    with cluster.replicas["A"].client() as a:
        for n in range(APPLY_LIMIT):
            sent = a.post(apply, json={"name": f"Applicant {n}", "email": f"{word()}@example.com"})
            assert sent.status_code == 201, sent.text
    with cluster.replicas["B"].client() as b:
        refused = b.post(apply, json={"name": "One too many", "email": f"{word()}@example.com"})
    assert refused.status_code == 429, refused.text
    assert int(refused.headers["retry-after"]) >= 1


def test_a_file_uploaded_on_a_downloads_on_b(cluster: Cluster) -> None:
    created = cluster.create_candidate("A", name=f"Sam {word()}")
    content = f"Portfolio notes {word()}\n".encode()
    files = f"/api/candidates/{created['id']}/files"
    with cluster.client("A") as a:
        uploaded = a.post(
            files,
            files={"file": ("notes.txt", content, "text/plain")},
            data={"kind": "other"},
        )
    assert uploaded.status_code == 201, uploaded.text
    file_id = uploaded.json()["data"]["id"]
    with cluster.client("B") as b:
        listed = b.get(files).json()
        downloaded = b.get(f"{files}/{file_id}/download")
    assert [f["id"] for f in listed["data"]] == [file_id]
    assert downloaded.status_code == 200
    assert downloaded.content == content
    # The bytes are in the bucket (not in a folder that both replicas happen to reach).
    keys = [o["Key"] for o in cluster.s3.list_objects_v2(Bucket=cluster.bucket)["Contents"]]
    stored = [cluster.s3.get_object(Bucket=cluster.bucket, Key=k)["Body"].read() for k in keys]
    assert content in stored


def test_a_background_job_queued_by_a_runs_once_on_a_worker(cluster: Cluster) -> None:
    tag = word()
    emails = [f"{word()}@example.com" for _ in range(12)]
    ids = [
        cluster.create_candidate("A", name=f"Noor {word()}", email=email, tags=[tag])["id"]
        for email in emails
    ]
    known = person(2, email=emails[0], linkedin_url=f"http://www.linkedin.com/in/{word()}")
    cluster.apollo.people.append(known)
    with cluster.client("A") as a:
        queued = a.post("/api/candidates/enrich-all", json={"filters": {"tags": [tag]}})
    assert queued.status_code == 202, queued.text
    task_id = queued.json()["data"]["id"]
    with cluster.client("B") as b:
        # The replicas only queue (the queue is in Redis): the job waits for a worker.
        assert b.get(f"/api/tasks/{task_id}").json()["data"]["status"] == "queued"
        worker = cluster.start_worker()
        deadline = time.monotonic() + JOB_SECONDS
        task = {"status": "queued"}
        while task["status"] not in ("succeeded", "failed") and time.monotonic() < deadline:
            assert worker.process.poll() is None, worker.log_tail()
            time.sleep(0.2)
            task = b.get(f"/api/tasks/{task_id}").json()["data"]
        enriched = b.get(f"/api/candidates/{ids[0]}").json()["data"]
        logged = b.get(f"/api/candidates/{ids[0]}/activities").json()["data"]
    assert task["status"] == "succeeded", (task, worker.log_tail())
    assert (task["attempts"], task["progress"]) == (1, {"matched": 1, "missed": 11})
    # Apollo was asked about each candidate exactly once, and the match was saved once.
    sent = [d.get("email") for call in cluster.apollo.calls(BULK) for d in call.body["details"]]
    assert sorted(e for e in sent if e in emails) == sorted(emails)
    assert enriched["linkedin_url"] == known["linkedin_url"]
    filled = [a for a in logged if a["activity_type"] == "enriched"]
    assert len(filled) == len({a["data"]["field"] for a in filled}) > 0


def test_killing_a_replica_mid_write_loses_nothing_it_acknowledged(cluster: Cluster) -> None:
    victim, survivor = cluster.replicas["A"], cluster.replicas["B"]
    tag = word()
    acknowledged: dict[str, str] = {}
    refused: list[int] = []
    interrupted: list[str] = []
    lock = threading.Lock()
    stop = threading.Event()

    def write(writer: int) -> None:
        with victim.client(cluster.admin_token) as client:
            for n in range(10_000):
                if stop.is_set():
                    return
                name = f"Burst {tag} {writer}-{n}"
                try:
                    response = client.post("/api/candidates", json={"name": name})
                except httpx.TransportError as exc:
                    with lock:
                        interrupted.append(type(exc).__name__)
                    return
                with lock:
                    if response.status_code == 201:
                        acknowledged[response.json()["data"]["id"]] = name
                    else:
                        refused.append(response.status_code)

    writers = [threading.Thread(target=write, args=(n,)) for n in range(BURST_WRITERS)]
    for thread in writers:
        thread.start()
    deadline = time.monotonic() + BURST_SECONDS
    while len(acknowledged) < BURST_BEFORE_KILL and time.monotonic() < deadline:
        time.sleep(0.05)
    victim.kill()
    stop.set()
    for thread in writers:
        thread.join(BURST_SECONDS)
    assert victim.process.returncode == -signal.SIGKILL
    assert len(acknowledged) >= BURST_BEFORE_KILL, (refused, victim.log_tail())

    # Everything any replica acknowledged in the scenario, burst included, is there on B.
    expected = cluster.acknowledged | acknowledged
    with cluster.client("B") as b:
        missing = {
            cid: name
            for cid, name in expected.items()
            if (found := b.get(f"/api/candidates/{cid}")).status_code != 200
            or found.json()["data"]["name"] != name
        }
        burst = b.get("/api/candidates", params={"search": tag, "limit": 1}).json()
    assert missing == {}, f"lost after SIGKILL: {missing}"
    # Writes cut off before their answer may have committed or not; none is counted twice.
    assert len(acknowledged) <= burst["total"] <= len(acknowledged) + BURST_WRITERS
    assert survivor.process.poll() is None

    [restarted] = cluster.start("A")
    with restarted.client(cluster.admin_token) as a:
        assert a.get(f"/api/candidates/{next(iter(acknowledged))}").status_code == 200
