"""Importing candidates from a file in the request: columns mapped, rows checked by the API's
rules, people matched to the candidates they already are, and a report by spreadsheet row."""

from fastapi.testclient import TestClient

from tests.factories import make_candidate
from tests.imports.conftest import candidates, csv_bytes, report_of, send

COUNTS = ("rows", "created", "updated", "skipped", "failed")


def counts(report: dict) -> tuple[int, ...]:
    return tuple(report[key] for key in COUNTS)


def test_common_headers_are_mapped_whatever_their_spelling(recruiter: TestClient) -> None:
    content = csv_bytes(
        "Full Name,E-mail Address,Mobile,LinkedIn URL,Job Title,Employer,City,Country,"
        "Skills,Tags,Notes",
        "Ada Lovelace,ADA@example.com,+44 20 7183 8750,linkedin.com/in/ada,Engineer,"
        'Analytical,London,UK,"Python; SQL",vip,Met at a conference',
    )

    report = report_of(recruiter, content)

    assert counts(report) == (1, 1, 0, 0, 0), report["errors"]
    [ada] = candidates(recruiter)
    assert ada["name"] == "Ada Lovelace"
    assert ada["email"] == "ADA@example.com"
    assert ada["phone"] == "+44 20 7183 8750"
    assert ada["linkedin_url"] == "https://linkedin.com/in/ada"
    assert (ada["current_title"], ada["current_company"]) == ("Engineer", "Analytical")
    assert ada["location"] == "London, UK"
    assert (ada["skills"], ada["tags"]) == (["Python", "SQL"], ["vip"])
    assert ada["notes"] == "Met at a conference"
    assert ada["source"] == "direct"


def test_first_and_last_name_make_the_name(recruiter: TestClient) -> None:
    report = report_of(recruiter, csv_bytes("First name;Last name", "Grace;Hopper"))
    assert report["created"] == 1
    assert [c["name"] for c in candidates(recruiter)] == ["Grace Hopper"]


def test_an_explicit_mapping_wins_and_null_leaves_a_column_out(recruiter: TestClient) -> None:
    content = csv_bytes("Who,Mail,Title", "Alan Turing,alan@example.com,Secret")
    mapping = {"Who": "name", "Mail": "email", "Title": None}

    report = report_of(recruiter, content, mapping=mapping, source="referral")

    assert report["created"] == 1
    [alan] = candidates(recruiter)
    assert (alan["name"], alan["email"]) == ("Alan Turing", "alan@example.com")
    assert alan["current_title"] is None
    assert alan["source"] == "referral"


def test_an_export_imports_back_unchanged(recruiter: TestClient) -> None:
    header = (
        "id,name,email,phone,linkedin_url,github_url,location,current_title,current_company,"
        "source,stage,job_id,product,skills,tags,languages,desired_roles,rating,availability,"
        "salary_expectation,notice_period,assigned_to,notes,created_at,updated_at"
    )
    row = (
        "cand_x,Joan Clarke,joan@example.com,,https://linkedin.com/in/joan,https://github.com/joan,"
        "Bletchley,Analyst,GCCS,linkedin,interview,job_gone,Enigma,Maths; Cryptanalysis,"
        "hut8,English; French,Analyst,4,Immediately,50k,1 month,admin@example.com,Quiet,"
        "2026-01-01T00:00:00Z,2026-01-02T00:00:00Z"
    )

    report = report_of(recruiter, csv_bytes(header, row))

    assert counts(report) == (1, 1, 0, 0, 0), report["errors"]
    [joan] = candidates(recruiter)
    assert joan["id"] != "cand_x"
    assert joan["stage"] == "applied" and joan["job_id"] is None
    assert (joan["source"], joan["product"], joan["rating"]) == ("linkedin", "Enigma", 4)
    assert joan["skills"] == ["Maths", "Cryptanalysis"]
    assert (joan["languages"], joan["desired_roles"]) == (["English", "French"], ["Analyst"])
    assert (joan["availability"], joan["salary_expectation"]) == ("Immediately", "50k")
    assert (joan["notice_period"], joan["assigned_to"]) == ("1 month", "admin@example.com")
    assert report_of(recruiter, csv_bytes(header, row))["skipped"] == 1


def test_bad_rows_are_reported_by_row_number_and_the_others_imported(
    recruiter: TestClient,
) -> None:
    content = csv_bytes(
        "Name,Email,Rating",
        "Good One,good1@example.com,5",
        ",nameless@example.com,",
        "Bad Mail,not-an-email,",
        "",
        "Bad Rating,rating@example.com,9",
        "Good Two,good2@example.com,",
    )

    report = report_of(recruiter, content)

    assert counts(report) == (6, 2, 0, 1, 3)
    assert [(e["row"], e["field"]) for e in report["errors"]] == [
        (3, "name"),
        (4, "email"),
        (6, "rating"),
    ]
    assert report["errors_total"] == 3
    assert all(e["message"] for e in report["errors"])
    assert [c["name"] for c in candidates(recruiter)] == ["Good One", "Good Two"]


def test_a_known_person_gains_empty_fields_and_labels_but_keeps_their_values(
    recruiter: TestClient,
) -> None:
    known = make_candidate(
        recruiter,
        name="Ada Lovelace",
        email="ada@example.com",
        current_title="Countess",
        skills=["Maths"],
    )
    content = csv_bytes(
        "Name,Email,Title,Company,Skills",
        "A. Lovelace,Ada@Example.com,Engineer,Analytical Engines,maths; Poetry",
    )

    report = report_of(recruiter, content)

    assert counts(report) == (1, 0, 1, 0, 0)
    [ada] = candidates(recruiter)
    assert ada["id"] == known["id"]
    assert ada["name"] == "Ada Lovelace"
    assert ada["current_title"] == "Countess"
    assert ada["current_company"] == "Analytical Engines"
    assert ada["skills"] == ["Maths", "Poetry"]
    activities = recruiter.get(f"/api/candidates/{known['id']}/activities").json()["data"]
    assert "from an import" in activities[0]["title"]


def test_people_are_matched_by_linkedin_and_phone_too(recruiter: TestClient) -> None:
    by_linkedin = make_candidate(recruiter, name="Lin", linkedin_url="https://linkedin.com/in/lin")
    by_phone = make_candidate(recruiter, name="Phil", phone="+44 20 7183 8750")
    content = csv_bytes(
        "Name,LinkedIn,Phone,Company",
        "Lin K,https://www.linkedin.com/in/LIN/,,Acme",
        "Phil P,,+442071838750,Initech",
    )

    report = report_of(recruiter, content)

    assert counts(report) == (2, 0, 2, 0, 0)
    companies = {c["id"]: c["current_company"] for c in candidates(recruiter)}
    assert companies == {by_linkedin["id"]: "Acme", by_phone["id"]: "Initech"}


def test_the_same_person_twice_in_a_file_is_one_candidate(recruiter: TestClient) -> None:
    content = csv_bytes(
        "Name,Email,Company,Tags",
        "Ada Lovelace,ada@example.com,,first",
        "Ada L.,ADA@example.com,Analytical,second",
        "Nameonly Person,,,",
        "Nameonly Person,,,",
    )

    report = report_of(recruiter, content)

    assert counts(report) == (4, 2, 1, 1, 0)
    found = candidates(recruiter)
    assert [c["name"] for c in found] == ["Ada Lovelace", "Nameonly Person"]
    assert found[0]["current_company"] == "Analytical"
    assert found[0]["tags"] == ["first", "second"]


def test_importing_a_file_again_creates_nobody(recruiter: TestClient) -> None:
    content = csv_bytes(
        "Name,Email,Phone,Skills",
        "Ada Lovelace,ada@example.com,,Maths",
        "Phil Phone,,+44 20 7183 8750,",
        "Nameonly Person,,,",
    )
    assert report_of(recruiter, content)["created"] == 3

    again = report_of(recruiter, content)

    assert counts(again) == (3, 0, 0, 3, 0)
    assert len(candidates(recruiter)) == 3


def test_a_dry_run_reports_the_same_and_writes_nothing(recruiter: TestClient) -> None:
    make_candidate(recruiter, name="Ada Lovelace", email="ada@example.com")
    content = csv_bytes(
        "Name,Email,Company",
        "Ada Lovelace,ada@example.com,Analytical",
        "New Person,new@example.com,",
        "New P.,new@example.com,Initech",
        "Bad,bad,",
    )

    response = send(recruiter, content, dry_run=True)

    assert response.status_code == 200, response.text
    shown = response.json()["data"]
    assert (shown["id"], shown["dry_run"], shown["status"]) == (None, True, "done")
    assert counts(shown["report"]) == (4, 1, 2, 0, 1)
    [ada] = candidates(recruiter)
    assert ada["current_company"] is None
    assert recruiter.get("/api/imports").json()["total"] == 0
    assert counts(report_of(recruiter, content)) == (4, 1, 2, 0, 1)


def test_the_import_is_recorded_with_who_ran_it(recruiter: TestClient, admin: TestClient) -> None:
    response = send(recruiter, csv_bytes("Name", "Ada Lovelace"), name="team.csv")
    shown = response.json()["data"]
    me = recruiter.get("/api/me").json()["data"]

    listed = admin.get("/api/imports").json()
    assert listed["total"] == 1
    [row] = listed["data"]
    assert row["id"] == shown["id"]
    assert (row["filename"], row["status"], row["created_by"]) == ("team.csv", "done", me["id"])
    assert (row["rows_total"], row["rows_done"], row["report"]["created"]) == (1, 1, 1)
    assert admin.get(shown["links"]["self"]).json()["data"]["report"] == row["report"]
    audited = admin.get("/api/audit-log", params={"action": "import.run"}).json()["data"]
    assert [(e["target_id"], e["actor_id"]) for e in audited] == [(shown["id"], me["id"])]
    assert "Ada" not in str(audited)


def test_files_that_cannot_be_imported_are_422(recruiter: TestClient) -> None:
    cases = [
        (b"%PDF-1.4\x00\x01binary", "people.pdf", None, "neither a CSV"),
        (csv_bytes("Email,Phone", "a@example.com,1"), "people.csv", None, "name"),
        (csv_bytes("Name,Mail", "Ada,a@example.com"), "p.csv", {"Mail": "e_mail"}, "e_mail"),
        (csv_bytes("Name,Mail", "Ada,a@example.com"), "p.csv", {"Nope": "email"}, "Nope"),
        (b"", "empty.csv", None, "empty"),
    ]
    for content, name, mapping, said in cases:
        response = send(recruiter, content, name, mapping=mapping)
        assert response.status_code == 422, (name, response.text)
        assert said in response.json()["error"]["message"]
    bad_json = recruiter.post(
        "/api/imports/candidates",
        files={"file": ("p.csv", csv_bytes("Name", "Ada"))},
        data={"mapping": "[1, 2]"},
    )
    assert bad_json.status_code == 422
    assert candidates(recruiter) == []


def test_viewers_and_strangers_cannot_import(viewer: TestClient, anon: TestClient) -> None:
    content = csv_bytes("Name", "Ada Lovelace")
    assert send(viewer, content).status_code == 403
    assert send(anon, content).status_code == 401
    assert viewer.get("/api/imports").status_code == 403
