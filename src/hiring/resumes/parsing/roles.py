"""Words that make a phrase a job title, or an organisation's name, in EN/DE/FR/ES."""

import re

ROLE = re.compile(
    r"(?<!\w)(?:engineer|developer|programmer|manager|designer|lead|director|analyst|scientist|"
    r"architect|consultant|intern|head|officer|specialist|administrator|recruiter|owner|"
    r"cto|ceo|cfo|coo|cio|vp|president|founder|co-founder|researcher|tester|devops|sre|"
    r"technician|coordinator|associate|editor|writer|marketer|accountant|teacher|nurse|"
    r"staff|principal|partner|assistant|advisor|adviser|executive|strategist|controller|"
    r"representative|supervisor|lecturer|professor|product owner|scrum master|"
    # French
    r"ingénieure?|développeur|développeuse|chef|cheffe|responsable|directeur|directrice|"
    r"consultante?|analyste|architecte|chargée?|stagiaire|technicienne?|gestionnaire|"
    r"comptable|commerciale?|conseiller|conseillère|chercheur|chercheuse|alternante?|"
    # Spanish
    r"ingenier[oa]|desarrollador(?:a)?|jef[ea]|director(?:a)?|consultor(?:a)?|analista|"
    r"arquitect[oa]|gerente|técnic[oa]|coordinador(?:a)?|programador(?:a)?|"
    r"diseñador(?:a)?|becari[oa]|administrador(?:a)?|contador(?:a)?|investigador(?:a)?|"
    r"asesor(?:a)?|especialista|científic[oa] de datos|"
    # German words end compounds (Softwareentwickler, Teamleiterin): no boundary before them.
    r"\w*(?:entwickler|ingenieur|leiter|berater|architekt|referent|werkstudent|praktikant|"
    r"geschäftsführer|sachbearbeiter|techniker|spezialist|wissenschaftler|"
    r"mitarbeiter|kaufmann|kauffrau)(?:in)?)(?!\w)",
    re.IGNORECASE,
)
ORGANISATION = re.compile(
    r"(?<!\w)(?:gmbh|ag|se|kg|inc|ltd|llc|llp|plc|corp|corporation|co|company|s\.?a\.?s?|"
    r"sarl|s\.?l\.?|s\.?l\.?u\.?|b\.?v\.?|n\.?v\.?|oy|ab|as|group|gruppe|groupe|grupo|labs?|"
    r"technologies|solutions|systems|bank|banco|banque|partners|consulting|software|"
    r"university|universität|université|universidad|hospital|klinikum|agency|agentur|"
    r"studio|studios|ventures|holding|e\.?\s?v\.?)(?:\.|(?!\w))",
    re.IGNORECASE,
)


def is_role(text: str) -> bool:
    return ROLE.search(text) is not None


# Only an organisation's name ends so (``Software`` may be part of a title, ``GmbH`` not).
LEGAL_FORM = re.compile(
    r"(?<!\w)(?:gmbh|ag|se|kg|inc|ltd|llc|llp|plc|corp|s\.a\.?|sas|sarl|s\.l\.?|b\.v\.?|"
    r"n\.v\.?|oy|ab)\.?$",
    re.IGNORECASE,
)


def is_legal_entity(text: str) -> bool:
    return LEGAL_FORM.search(text) is not None


def is_organisation(text: str) -> bool:
    return ORGANISATION.search(text) is not None
