"""A person with data in every place the product keeps it, for the export and erasure tests."""

import secrets
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from hiring.candidates.models import Candidate
from hiring.db import unit_of_work
from tests.factories import assign, make_candidate, make_job, make_placement

# The storage backends of the file tests (local disk, S3), for the erasure's storage tests.
from tests.files.conftest import s3_endpoint, storage  # noqa: F401

# Signed-in portal sessions, for the consent and retention pages.
from tests.web.conftest import portal_admin, portal_recruiter, portal_viewer  # noqa: F401

ENRICHMENT = {"person": {"headline": "Builds compilers", "seniority": "senior"}}


@dataclass
class Person:
    id: str
    name: str
    email: str
    note: str
    file_id: str
    file_bytes: bytes
    job_id: str
    placement_id: str
    referral_id: str


def make_person(app: FastAPI, recruiter: TestClient, anon: TestClient) -> Person:
    """A candidate in a job's pipeline (moved once), with a note, a file, a placement, a
    referral, an application from the careers page, enrichment facts and a ranking."""
    token = secrets.token_hex(6)
    name = f"Zofia Quillfeather{token}"
    email = f"zq{token}@example.org"
    note = f"Prefers remote work, asked about relocation {token}"
    file_bytes = b"\x89PNG\r\n\x1a\n" + secrets.token_bytes(64)
    job = make_job(recruiter, title="Compiler Engineer")
    candidate = make_candidate(recruiter, name=name, email=email, phone="+1 555 0199")
    cid = candidate["id"]
    assign(recruiter, job["id"], cid)
    moved = recruiter.patch(f"/api/jobs/{job['id']}/candidates/{cid}", json={"stage": "interview"})
    assert moved.status_code == 200, moved.text
    assert recruiter.post(f"/api/candidates/{cid}/notes", json={"body": note}).status_code == 201
    uploaded = recruiter.post(
        f"/api/candidates/{cid}/files",
        files={"file": ("portfolio.png", file_bytes)},
        data={"kind": "other"},
    )
    assert uploaded.status_code == 201, uploaded.text
    placement = make_placement(
        recruiter, job_id=job["id"], candidate_id=cid, fee="12000", notes=f"Placed {name}"
    )
    referral = recruiter.post(
        "/api/referrals",
        json={
            "referrer_name": "Rita Referrer",
            "referrer_email": "rita@example.com",
            "candidate_id": cid,
            "bonus_amount": "500",
            "notes": f"{name} ({email}) is great",
        },
    )
    assert referral.status_code == 201, referral.text
    applied = anon.post(f"/api/jobs/public/{job['id']}/apply", json={"name": name, "email": email})
    assert applied.status_code in (200, 201), applied.text
    with unit_of_work(app.state.sessions) as session:
        session.get_one(Candidate, cid).enrichment = ENRICHMENT
    ranked = recruiter.post(
        f"/api/jobs/{job['id']}/recommend-candidates", json={"include_assigned": True}
    )
    assert ranked.status_code == 200, ranked.text
    return Person(
        id=cid,
        name=name,
        email=email,
        note=note,
        file_id=uploaded.json()["data"]["id"],
        file_bytes=file_bytes,
        job_id=job["id"],
        placement_id=placement["id"],
        referral_id=referral.json()["data"]["id"],
    )


@pytest.fixture
def person(app: FastAPI, recruiter: TestClient, anon: TestClient) -> Person:
    return make_person(app, recruiter, anon)
