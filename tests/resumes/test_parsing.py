"""The resume parser, one kind of fact at a time, on the layouts resumes are written in."""

from typing import Any

import pytest

from hiring.resumes.parsing import parse_resume
from hiring.resumes.parsing.dates import find_period


def positions(text: str) -> list[tuple[Any, ...]]:
    return [
        (e["title"], e["company"], e["start"], e["end"]) for e in parse_resume(text)["experience"]
    ]


@pytest.mark.parametrize(
    ("line", "start", "end"),
    [
        ("03/2019 – 2024", "2019-03", "2024"),
        ("2019-2024", "2019", "2024"),
        ("Jan 2020 – Present", "2020-01", "present"),
        ("März 2018 bis heute", "2018-03", "present"),
        ("janv. 2020 - aujourd'hui", "2020-01", "present"),
        ("septembre 2017 – décembre 2019", "2017-09", "2019-12"),
        ("enero de 2019 – actualidad", "2019-01", "present"),
        ("Seit 04/2021", "2021-04", "present"),
        ("since 2021", "2021", "present"),
        ("von 2015 bis 2018", "2015", "2018"),
        ("2019-03 – 2020-11", "2019-03", "2020-11"),
        ("Sept. 2019 to date", "2019-09", "present"),
    ],
)
def test_periods_in_four_languages(line: str, start: str, end: str) -> None:
    rest, period = find_period(line)
    assert period is not None
    assert (rest, period.start, period.end) == ("", start, end)


def test_a_date_range_is_never_a_phone() -> None:
    text = "Jane Doe\n+44 7700 900123\nSenior Engineer, Acme (2019-2024)\n5 people\n2019 - 2024"
    assert parse_resume(text)["phones"] == ["+44 7700 900123"]
    dates = "Acme 2019 - 2023\nBorn 1990-05-01\n12/2019 - 03/2021\n20.03.2019"
    assert parse_resume(dates, region="DE")["phones"] == []


def test_national_numbers_are_read_in_the_region_and_validated() -> None:
    text = "Call (030) 1234 5678 or +49 30 123456, not 1234 5678 9"
    assert parse_resume(text, region="DE")["phones"] == ["+49 30 12345678", "+49 30 123456"]
    # Without a region only the number written with its country code is certain.
    assert parse_resume(text)["phones"] == ["+49 30 123456"]


def test_the_stated_location_gives_the_region_of_national_numbers() -> None:
    parsed = parse_resume("Marie Dubois\nLyon, France\nTél. : 06 12 34 56 78")
    assert parsed["location"] == "Lyon, France"
    assert parsed["phones"] == ["+33 6 12 34 56 78"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Experience\nSenior Backend Engineer, Acme Corp (2020 - present)",
            [("Senior Backend Engineer", "Acme Corp", "2020", "present")],
        ),
        (
            "Experience\nAcme Corp — Senior Backend Engineer\nJan 2020 – Present",
            [("Senior Backend Engineer", "Acme Corp", "2020-01", "present")],
        ),
        (
            "Work history\nData Analyst at Initech | 2019–2021",
            [("Data Analyst", "Initech", "2019", "2021")],
        ),
        (
            "Experience\nProduct Manager\nHooli Inc.\nMay 2018 - Jun 2021\n• Shipped things",
            [("Product Manager", "Hooli Inc", "2018-05", "2021-06")],
        ),
        (
            "Berufserfahrung\n03/2016 – 12/2018\nSoftwareentwicklerin bei Siemens AG",
            [("Softwareentwicklerin", "Siemens AG", "2016-03", "2018-12")],
        ),
        (
            "Expérience professionnelle\nIngénieure DevOps chez Ubisoft\n2019 – aujourd'hui",
            [("Ingénieure DevOps", "Ubisoft", "2019", "present")],
        ),
        (
            "Experiencia profesional\nTelefónica | Jefa de proyecto | 2015 - 2019",
            [("Jefa de proyecto", "Telefónica", "2015", "2019")],
        ),
        (
            "Experience\n2021 – present | Site Reliability Engineer | Spotify",
            [("Site Reliability Engineer", "Spotify", "2021", "present")],
        ),
        (
            # Without an Experience heading only a title and company with a period count.
            "Jane Doe | Senior Engineer\nSenior Engineer, Acme (2020 - present)",
            [("Senior Engineer", "Acme", "2020", "present")],
        ),
    ],
)
def test_positions_in_common_layouts(text: str, expected: list[tuple[Any, ...]]) -> None:
    assert positions(text) == expected


def test_descriptions_are_not_positions() -> None:
    text = (
        "Experience\nBackend Engineer, Globex (2017 - 2020)\n"
        "- Led the migration of the billing system to Kubernetes.\n"
        "Worked closely with the product manager and the design lead on the roadmap."
    )
    assert positions(text) == [("Backend Engineer", "Globex", "2017", "2020")]


def test_sections_in_four_languages() -> None:
    text = (
        "Hans Müller\nMünchen, Deutschland\nAusbildung\nMaster of Science Informatik\n"
        "TU München, 2010 - 2014\nSprachen\nDeutsch (Muttersprache), Englisch (C1)\n"
    )
    parsed = parse_resume(text)
    assert parsed["name"] == "Hans Müller"
    assert parsed["location"] == "München, Deutschland"
    assert parsed["education"] == [
        {
            "degree": "Master of Science Informatik",
            "institution": "TU München",
            "period": "2010 - 2014",
        }
    ]
    assert parsed["languages"] == ["German", "English"]
    assert parse_resume("Idiomas: español (nativo), inglés (avanzado)")["languages"] == [
        "Spanish",
        "English",
    ]
    assert parse_resume("Langues\nFrançais – langue maternelle\nAnglais courant")["languages"] == [
        "French",
        "English",
    ]


def test_languages_need_a_section_or_a_stated_level() -> None:
    assert parse_resume("Taught English literature")["languages"] == []
    assert parse_resume("German (C1), French basic")["languages"] == ["German", "French"]


def test_the_header_gives_the_name_headline_and_links() -> None:
    parsed = parse_resume(
        "CURRICULUM VITAE\nJANE DOE\nSenior Data Scientist\n"
        "Austin, TX · jane@example.com · linkedin.com/in/janedoe"
    )
    assert parsed["name"] == "Jane Doe"
    assert parsed["headline"] == "Senior Data Scientist"
    assert parsed["location"] == "Austin, TX"
    assert parsed["links"]["linkedin"] == "https://linkedin.com/in/janedoe"


def test_table_cells_are_read_apart() -> None:
    # A DOCX table row is read with two spaces between its cells.
    text = "Experience\n2018 – 2020  Frontend Developer  Zalando SE  Berlin"
    assert positions(text) == [("Frontend Developer", "Zalando SE", "2018", "2020")]
