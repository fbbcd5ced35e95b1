"""Section headings in English, German, French and Spanish, and the lines under each."""

import re
from dataclasses import dataclass, field

from hiring.resumes.parsing.text import DASHES

HEADINGS = {
    "experience": """
        experience | work experience | professional experience | employment
        | employment history | work history | career history | relevant experience
        | professional background | career | positions held
        | berufserfahrung | berufliche erfahrung | beruflicher werdegang | werdegang
        | erfahrung | praxiserfahrung | berufspraxis | beschäftigungsverlauf
        | expérience | expériences | expérience professionnelle | expériences professionnelles
        | parcours professionnel | parcours | emplois
        | experiencia | experiencia profesional | experiencia laboral | trayectoria profesional
        | trayectoria | historial laboral
    """,
    "education": """
        education | academic background | education and training | studies | qualifications
        | ausbildung | bildung | bildungsweg | studium | schulbildung | akademische ausbildung
        | ausbildung und studium
        | formation | formations | éducation | diplômes | études | formation académique
        | parcours académique
        | educación | formación | formación académica | estudios | titulación
    """,
    "languages": """
        languages | language skills | spoken languages | language
        | sprachen | sprachkenntnisse | fremdsprachen
        | langues | compétences linguistiques | langues parlées
        | idiomas | lenguas | conocimiento de idiomas
    """,
    "skills": """
        skills | technical skills | core skills | key skills | competencies | core competencies
        | technologies | tech stack | tools
        | kenntnisse | fähigkeiten | fachkenntnisse | it-kenntnisse | kompetenzen
        | technische kenntnisse | edv-kenntnisse
        | compétences | compétences techniques | savoir-faire
        | habilidades | competencias | conocimientos | aptitudes | conocimientos técnicos
    """,
    "other": """
        summary | profile | about | about me | projects | certifications | certificates
        | interests | hobbies | references | contact | contact details | publications | awards
        | volunteering | personal details | objective | achievements
        | profil | über mich | zusammenfassung | kontakt | persönliche daten | projekte
        | zertifikate | zertifizierungen | interessen | hobbys | referenzen
        | résumé | à propos | coordonnées | projets | centres d'intérêt | loisirs | contact
        | perfil | resumen | sobre mí | contacto | datos personales | proyectos
        | certificaciones | intereses | referencias | objetivo
    """,
}
HEADING_LOOKUP = {
    name.strip(): section
    for section, names in HEADINGS.items()
    for name in names.split("|")
    if name.strip()
}
# ``Languages: English, German`` — a heading with its content on the same line.
INLINE = re.compile(r"([^\W\d][^:]{1,38}?)\s*:\s*(.+)")
STRIP = f" :#*_-=•|{DASHES}"


@dataclass
class Sections:
    """The lines before the first heading (``header``) and under each known heading."""

    header: list[str] = field(default_factory=list)
    found: dict[str, list[str]] = field(default_factory=dict)

    def get(self, name: str) -> list[str] | None:
        return self.found.get(name)


def heading(line: str) -> str | None:
    cleaned = " ".join(line.strip(STRIP).casefold().replace("&", "and").split())
    return HEADING_LOOKUP.get(cleaned) if len(cleaned) <= 40 else None


def split_sections(lines: list[str]) -> Sections:
    """Lines grouped under the recognised headings (a heading runs until the next one)."""
    sections = Sections()
    current: list[str] = sections.header
    for line in lines:
        name = heading(line)
        inline = None if name else INLINE.fullmatch(line)
        if inline and (inline_name := heading(inline.group(1))) in ("languages", "skills"):
            sections.found.setdefault(inline_name, []).append(inline.group(2))
            continue
        if name is not None:
            current = sections.found.setdefault(name, [])
        elif line:
            current.append(line)
    return sections
