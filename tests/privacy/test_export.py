"""The access export: a ZIP with person.json and the original files, for admins and recruiters."""

import io
import json
import zipfile

from fastapi.testclient import TestClient

from tests.conftest import Persona
from tests.privacy.conftest import ENRICHMENT, Person


def _archive(client: TestClient, candidate_id: str) -> zipfile.ZipFile:
    response = client.get(f"/api/candidates/{candidate_id}/export")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    assert "attachment" in response.headers["content-disposition"]
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_export_holds_every_part_of_the_persons_data(recruiter: TestClient, person: Person) -> None:
    archive = _archive(recruiter, person.id)
    data = json.loads(archive.read("person.json"))

    assert data["format"] == "hiring.person/1"
    assert data["profile"]["name"] == person.name
    assert data["profile"]["email"] == person.email
    assert data["enrichment"]["facts"] == ENRICHMENT
    [pipeline] = data["pipelines"]
    assert pipeline["job_id"] == person.job_id
    assert [c["to_stage"] for c in pipeline["history"]] == ["applied", "interview", "hired"]
    assert [n["body"] for n in data["notes"]] == [person.note]
    assert {"assigned", "stage_change", "file_uploaded"} <= {
        a["activity_type"] for a in data["activities"]
    }
    assert [p["id"] for p in data["placements"]] == [person.placement_id]
    assert data["placements"][0]["fee"] == "12000.00"
    assert [r["id"] for r in data["referrals"]] == [person.referral_id]
    assert data["referrals"][0]["referrer_name"] == "Rita Referrer"
    [application] = data["applications"]
    assert application["submitted"]["email"] == person.email


def test_export_includes_the_original_files_byte_for_byte(
    admin: TestClient, person: Person
) -> None:
    archive = _archive(admin, person.id)
    [listed] = json.loads(archive.read("person.json"))["files"]
    assert listed["path"] == f"files/{person.file_id}-portfolio.png"
    assert archive.read(listed["path"]) == person.file_bytes
    assert sorted(archive.namelist()) == [
        "files/" + f"{person.file_id}-portfolio.png",
        "person.json",
    ]


def test_a_viewer_cannot_export(viewer: TestClient, person: Person) -> None:
    response = viewer.get(f"/api/candidates/{person.id}/export")
    assert response.status_code == 403
    assert response.json()["ok"] is False


def test_exporting_an_unknown_candidate_is_404(admin: TestClient) -> None:
    response = admin.get("/api/candidates/cand_nobody/export")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_an_access_export_is_in_the_audit_log_with_ids_only(
    admin: TestClient, recruiter: TestClient, person: Person, personas: dict[str, Persona]
) -> None:
    _archive(recruiter, person.id)
    listed = admin.get(
        "/api/audit-log", params={"action": "candidate.exported", "target_id": person.id}
    )
    [entry] = listed.json()["data"]
    assert entry["target_type"] == "candidate"
    assert entry["actor_label"] == personas["recruiter"].email
    assert entry["details"] == {"format": "hiring.person/1", "files": 1}
    assert person.email not in json.dumps(entry) and person.name not in json.dumps(entry)


def test_a_refused_export_is_not_in_the_audit_log(admin: TestClient, viewer: TestClient) -> None:
    assert viewer.get("/api/candidates/cand_nobody/export").status_code == 403
    assert admin.get("/api/candidates/cand_nobody/export").status_code == 404
    listed = admin.get("/api/audit-log", params={"target_id": "cand_nobody"})
    assert listed.json()["data"] == []
