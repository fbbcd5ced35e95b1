"""Resumes written from tests/data/resumes/people.toml in varied layouts and file formats, for
the parser evaluation (``hiring.resumes.evaluation``, tests/resumes/test_evaluation.py and
``python -m benchmarks.resumes``).

A layout is a list of blocks (paragraphs, tables, two columns, page header and footer) written
the way resume templates write them; each format renders the blocks as its tools do. Nothing
here knows the parser's vocabulary: the layouts follow common templates, not the parser.
"""

import io
import tomllib
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

PEOPLE = Path(__file__).resolve().parent.parent / "tests" / "data" / "resumes" / "people.toml"

LABELS = {
    "en": {
        "experience": "Experience", "education": "Education", "languages": "Languages",
        "skills": "Skills", "profile": "Profile", "present": "Present",
        "months": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
        "profile_text": "{headline} with a record of shipping reliable work and mentoring.",
        "page": "Page 1 of 1",
    },
    "de": {
        "experience": "Berufserfahrung", "education": "Ausbildung", "languages": "Sprachen",
        "skills": "Kenntnisse", "profile": "Profil", "present": "heute",
        "months": "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.",
        "profile_text": "{headline} mit Erfahrung in agilen Teams und großen Projekten.",
        "page": "Seite 1 von 1",
    },
    "fr": {
        "experience": "Expérience professionnelle", "education": "Formation",
        "languages": "Langues", "skills": "Compétences", "profile": "Profil",
        "present": "aujourd'hui",
        "months": "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc.",
        "profile_text": "{headline} habituée aux projets exigeants et au travail en équipe.",
        "page": "Page 1 sur 1",
    },
    "es": {
        "experience": "Experiencia profesional", "education": "Formación",
        "languages": "Idiomas", "skills": "Habilidades", "profile": "Perfil",
        "present": "actualidad",
        "months": "enero febrero marzo abril mayo junio julio agosto septiembre octubre "
        "noviembre diciembre",
        "profile_text": "{headline} con experiencia en equipos ágiles y proyectos grandes.",
        "page": "Página 1 de 1",
    },
}  # fmt: skip
BULLET = {
    "en": "• Improved the reliability of core services and reviewed the team's code.",
    "de": "• Verantwortlich für die Weiterentwicklung zentraler Systeme im Team.",
    "fr": "• Responsable de l'évolution des systèmes centraux au sein de l'équipe.",
    "es": "• Responsable de la evolución de los sistemas centrales del equipo.",
}


@dataclass
class Document:
    """A resume as blocks: ``("p", text)``, ``("table", rows)``, ``("columns", left, right)``;
    and the page header and footer lines."""

    blocks: list[tuple[Any, ...]] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    footer: list[str] = field(default_factory=list)

    def p(self, *lines: str) -> None:
        self.blocks.extend(("p", line) for line in lines if line)


@dataclass(frozen=True)
class Resume:
    person: dict[str, Any]
    layout: str
    file_format: str
    filename: str
    content: bytes


def people() -> list[dict[str, Any]]:
    with PEOPLE.open("rb") as source:
        return list(tomllib.load(source)["person"])


# ---- dates -------------------------------------------------------------------------------


def _month(person: dict[str, Any], value: str, style: str) -> str:
    labels = LABELS[person["lang"]]
    if value == "present":
        return str(labels["present"])
    year, _, month = value.partition("-")
    if not month or style == "year":
        return year
    if style == "numeric":
        separator = "." if person["lang"] == "de" else "/"
        return f"{month}{separator}{year}"
    return f"{labels['months'].split()[int(month) - 1]} {year}"


def period(person: dict[str, Any], start: str, end: str, style: str) -> str:
    return f"{_month(person, start, style)} – {_month(person, end, style)}"


# ---- the parts every layout writes -----------------------------------------------------


def _location(person: dict[str, Any]) -> str:
    return f"{person['city']}, {person['country']}"


def _languages(person: dict[str, Any]) -> list[str]:
    return [
        f"{_language_name(person, name)} ({level})"
        for name, level in zip(person["languages"], person["language_levels"], strict=True)
    ]


LANGUAGE_NAMES = {
    "de": {"German": "Deutsch", "English": "Englisch", "Italian": "Italienisch",
           "French": "Französisch"},
    "fr": {"French": "Français", "English": "Anglais", "Spanish": "Espagnol",
           "Dutch": "Néerlandais"},
    "es": {"Spanish": "Español", "English": "Inglés", "Catalan": "Catalán",
           "French": "Francés"},
}  # fmt: skip


def _language_name(person: dict[str, Any], name: str) -> str:
    return LANGUAGE_NAMES.get(person["lang"], {}).get(name, name)


def _contacts(person: dict[str, Any]) -> list[str]:
    return [person["email"], person["phone"], person.get("linkedin", "")]


def _education_lines(person: dict[str, Any], style: str) -> list[str]:
    return [
        f"{degree}, {school}, {period(person, start, end, 'year')}"
        for degree, school, start, end in person["education"]
    ]


# ---- layouts -----------------------------------------------------------------------------


def classic(person: dict[str, Any]) -> Document:
    """One column: ``Title, Company (Mar 2021 – Present)`` and a bullet per position."""
    labels, doc = LABELS[person["lang"]], Document()
    doc.p(person["name"], person["headline"])
    doc.p(" | ".join(x for x in [_location(person), *_contacts(person)] if x))
    doc.p(labels["profile"], labels["profile_text"].format(headline=person["headline"]))
    doc.p(labels["experience"])
    for title, company, start, end in person["experience"]:
        doc.p(f"{title}, {company} ({period(person, start, end, 'month')})", BULLET[person["lang"]])
    doc.p(labels["education"], *_education_lines(person, "year"))
    doc.p(labels["languages"], ", ".join(_languages(person)))
    doc.p(labels["skills"], person["skills_written"])
    return doc


def company_first(person: dict[str, Any]) -> Document:
    """``Company — Title`` over ``03/2021 – Present``; contacts a line each."""
    labels, doc = LABELS[person["lang"]], Document()
    doc.p(person["name"].upper(), *[x for x in _contacts(person) if x], _location(person))
    doc.p(labels["experience"])
    for title, company, start, end in person["experience"]:
        doc.p(f"{company} — {title}", period(person, start, end, "numeric"))
        doc.p(BULLET[person["lang"]])
    doc.p(labels["education"])
    for degree, school, start, end in person["education"]:
        doc.p(degree, school, period(person, start, end, "year"))
    doc.p(f"{labels['skills']}: {person['skills_written']}")
    doc.p(f"{labels['languages']}: {', '.join(_languages(person))}")
    return doc


def three_lines(person: dict[str, Any]) -> Document:
    """Title, then ``Company, City``, then the years, each on a line of its own."""
    labels, doc = LABELS[person["lang"]], Document()
    doc.p(person["name"], person["headline"], _location(person))
    doc.p(" · ".join(x for x in _contacts(person) if x))
    doc.p(labels["experience"])
    for title, company, start, end in person["experience"]:
        doc.p(title, f"{company}, {person['city']}", period(person, start, end, "year"))
        doc.p(BULLET[person["lang"]])
    doc.p(labels["education"], *_education_lines(person, "year"))
    doc.p(labels["skills"], person["skills_written"])
    doc.p(labels["languages"])
    doc.p(*[f"{line}" for line in _languages(person)])
    return doc


def tables(person: dict[str, Any]) -> Document:
    """Positions, schooling and languages in tables: dates | title | company."""
    labels, doc = LABELS[person["lang"]], Document()
    doc.p(person["name"], person["headline"])
    contacts = [_location(person), *[x for x in _contacts(person) if x]]
    doc.blocks.append(("table", [contacts]))
    doc.p(labels["experience"])
    rows = [
        [period(person, start, end, "numeric"), title, company]
        for title, company, start, end in person["experience"]
    ]
    doc.blocks.append(("table", rows))
    doc.p(labels["education"])
    doc.blocks.append(
        (
            "table",
            [
                [period(person, start, end, "year"), degree, school]
                for degree, school, start, end in person["education"]
            ],
        )
    )
    doc.p(labels["languages"])
    doc.blocks.append(
        (
            "table",
            [
                [_language_name(person, n), level]
                for n, level in zip(person["languages"], person["language_levels"], strict=True)
            ],
        )
    )
    doc.p(labels["skills"], person["skills_written"])
    return doc


def two_columns(person: dict[str, Any]) -> Document:
    """A narrow column (contacts, skills, languages) beside the main one (positions)."""
    labels, doc = LABELS[person["lang"]], Document()
    doc.p(person["name"], person["headline"])
    left = [
        *[x for x in _contacts(person) if x],
        _location(person),
        labels["skills"],
        *person["skills_written"].split(", "),
        labels["languages"],
        *_languages(person),
    ]
    right = [labels["experience"]]
    for title, company, start, end in person["experience"]:
        right.append(f"{title} | {company} | {period(person, start, end, 'month')}")
        right.append(BULLET[person["lang"]])
    right += [labels["education"], *_education_lines(person, "year")]
    doc.blocks.append(("columns", left, right))
    return doc


def side_by_side(person: dict[str, Any]) -> Document:
    """Two columns laid out row by row (an HTML or LaTeX template, or a Word table of one row
    per line): each line of the narrow column shares its row with a line of the main one."""
    doc = two_columns(person)
    _kind, left, right = doc.blocks[-1]
    doc.blocks[-1] = ("rows", left, right)
    return doc


def header_footer(person: dict[str, Any]) -> Document:
    """Name and contacts in the page header, a page number in the footer."""
    doc = classic(person)
    doc.blocks = doc.blocks[3:]  # name, headline and contacts move to the header
    doc.header = [
        f"{person['name']} – {person['headline']}",
        " | ".join(x for x in [_location(person), *_contacts(person)] if x),
    ]
    doc.footer = [f"{person['name']} · {LABELS[person['lang']]['page']}"]
    return doc


LAYOUTS: dict[str, Callable[[dict[str, Any]], Document]] = {
    "classic": classic,
    "company-first": company_first,
    "three-lines": three_lines,
    "tables": tables,
    "two-columns": two_columns,
    "side-by-side": side_by_side,
    "header-footer": header_footer,
}


# ---- formats -----------------------------------------------------------------------------


def _flat(doc: Document, cell_gap: str = "\t") -> list[str]:
    """The lines as a text export writes them: a table row on a line, columns one after
    the other."""
    lines = list(doc.header)
    for block in doc.blocks:
        if block[0] == "p":
            lines.append(block[1])
        elif block[0] == "table":
            lines.extend(cell_gap.join(row) for row in block[1])
        elif block[0] == "rows":
            # As a text export of such a page reads: the two lines of a row side by side.
            lines.extend(f"{left:<40}{right}".rstrip() for left, right in _pairs(block))
        else:
            lines.extend([*block[1], *block[2]])
    return [*lines, *doc.footer]


def _pairs(block: tuple[Any, ...]) -> list[tuple[str, str]]:
    left, right = block[1], block[2]
    size = max(len(left), len(right))
    return [
        (left[i] if i < len(left) else "", right[i] if i < len(right) else "") for i in range(size)
    ]


def txt(doc: Document) -> bytes:
    return "\n".join(_flat(doc)).encode()


def rtf(doc: Document) -> bytes:
    def encode(text: str) -> str:
        out = text.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}")
        return "".join(c if ord(c) < 128 else f"\\u{ord(c)}?" for c in out)

    body = "".join(f"{encode(line)}\\par\n" for line in _flat(doc))
    return ("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Helvetica;}}\n" + body + "}").encode("ascii")


def pdf(doc: Document) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = _font(pdfmetrics, TTFont)
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont(font, 9)
    y = 810.0
    for line in doc.header:
        page.drawString(40, y, line)
        y -= 12
    y -= 8
    for block in doc.blocks:
        if block[0] == "p":
            page.drawString(40, y, block[1])
            y -= 13
        elif block[0] == "table":
            for row in block[1]:
                for index, cell in enumerate(row):
                    page.drawString(40 + index * 170, y, cell)
                y -= 13
        elif block[0] == "rows":
            for left, right in _pairs(block):
                page.drawString(40, y, left)
                page.drawString(200, y, right)
                y -= 13
        else:
            top = y
            for line in block[1]:
                page.drawString(40, y, line)
                y -= 13
            bottom, y = y, top
            for line in block[2]:
                page.drawString(200, y, line)
                y -= 13
            y = min(y, bottom)
    for index, line in enumerate(doc.footer):
        page.drawString(40, 30 - index * 12, line)
    page.save()
    return buffer.getvalue()


def _font(pdfmetrics: Any, ttfont: Any) -> str:
    """A font with accents and dashes where the machine has one (Helvetica lacks ``–``)."""
    for path in (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",
    ):
        if Path(path).exists():
            pdfmetrics.registerFont(ttfont("DejaVu", path))
            return "DejaVu"
    return "Helvetica"


def docx(doc: Document) -> bytes:
    import docx as python_docx

    document = python_docx.Document()
    section = document.sections[0]
    for line in doc.header:
        section.header.add_paragraph(line)
    for line in doc.footer:
        section.footer.add_paragraph(line)
    for block in doc.blocks:
        if block[0] == "p":
            document.add_paragraph(block[1])
        elif block[0] == "table":
            rows = block[1]
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, cell in enumerate(row):
                    table.cell(r, c).text = cell
        elif block[0] == "rows":
            pairs = _pairs(block)
            table = document.add_table(rows=len(pairs), cols=2)
            for r, pair in enumerate(pairs):
                for c, cell in enumerate(pair):
                    table.cell(r, c).text = cell
        else:
            table = document.add_table(rows=1, cols=2)
            for c, lines in enumerate(block[1:]):
                cell = table.cell(0, c)
                cell.text = lines[0]
                for line in lines[1:]:
                    cell.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


ODF = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"'
)


def odt(doc: Document) -> bytes:
    def p(text: str) -> str:
        return f"<text:p>{escape(text)}</text:p>"

    def table(rows: list[list[str]]) -> str:
        cells = "".join(
            "<table:table-row>"
            + "".join(f"<table:table-cell>{p(cell)}</table:table-cell>" for cell in row)
            + "</table:table-row>"
            for row in rows
        )
        return f"<table:table>{cells}</table:table>"

    body = []
    for block in doc.blocks:
        if block[0] == "p":
            body.append(p(block[1]))
        elif block[0] == "table":
            body.append(table(block[1]))
        elif block[0] == "rows":
            body.append(table([list(pair) for pair in _pairs(block)]))
        else:
            columns = "".join(
                "<table:table-cell>" + "".join(p(line) for line in lines) + "</table:table-cell>"
                for lines in block[1:]
            )
            body.append(f"<table:table><table:table-row>{columns}</table:table-row></table:table>")
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ODF}>'
        f"<office:body><office:text>{''.join(body)}</office:text></office:body>"
        "</office:document-content>"
    )
    styles = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-styles {ODF}>'
        '<office:master-styles><style:master-page style:name="Standard">'
        f"<style:header>{''.join(p(line) for line in doc.header)}</style:header>"
        f"<style:footer>{''.join(p(line) for line in doc.footer)}</style:footer>"
        "</style:master-page></office:master-styles></office:document-styles>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", content)
        archive.writestr("styles.xml", styles)
    return buffer.getvalue()


FORMATS: dict[str, Callable[[Document], bytes]] = {
    "pdf": pdf,
    "docx": docx,
    "odt": odt,
    "txt": txt,
    "rtf": rtf,
}
VARIANTS = 3


def corpus(formats: tuple[str, ...] = tuple(FORMATS)) -> list[Resume]:
    """Three resumes per person (42 for 14 people), layouts and formats taken in turn so that
    every layout meets every format and most languages."""
    layouts = list(LAYOUTS)
    resumes = []
    for index, person in enumerate(people()):
        for variant in range(VARIANTS):
            # The k-th resume: layouts in turn, and each layout's resumes in turn through the
            # formats (seven layouts, five formats: every layout meets every format).
            k = index * VARIANTS + variant
            layout = layouts[k % len(layouts)]
            file_format = formats[(k + k // len(layouts)) % len(formats)]
            content = FORMATS[file_format](LAYOUTS[layout](person))
            filename = f"{person['name'].split()[0].lower()}-{layout}.{file_format}"
            resumes.append(Resume(person, layout, file_format, filename, content))
    return resumes
