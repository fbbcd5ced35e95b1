"""Where the person lives: a labelled line (``Location: Berlin``), or ``City, Country`` in the
resume's header; its country's code reads phone numbers written without one."""

import re
from functools import cache

import pycountry

from hiring.resumes.parsing.text import DASHES

# Country names as resumes write them in German, French and Spanish, and common short forms.
LOCAL_NAMES = {
    "uk": "GB", "england": "GB", "scotland": "GB", "wales": "GB", "great britain": "GB",
    "usa": "US", "u.s.a.": "US", "us": "US", "united states": "US",
    "deutschland": "DE", "allemagne": "DE", "alemania": "DE",
    "frankreich": "FR", "espagne": "ES", "españa": "ES", "spanien": "ES",
    "royaume-uni": "GB", "reino unido": "GB", "vereinigtes königreich": "GB",
    "schweiz": "CH", "suisse": "CH", "suiza": "CH", "svizzera": "CH",
    "österreich": "AT", "autriche": "AT",
    "italien": "IT", "italie": "IT", "italia": "IT",
    "niederlande": "NL", "pays-bas": "NL", "países bajos": "NL", "netherlands": "NL",
    "belgien": "BE", "belgique": "BE", "bélgica": "BE",
    "méxico": "MX", "mexiko": "MX", "mexique": "MX",
    "estados unidos": "US", "états-unis": "US", "vereinigte staaten": "US",
    "irland": "IE", "irlande": "IE", "irlanda": "IE",
    "portugal": "PT", "polen": "PL", "pologne": "PL", "polonia": "PL",
    "schweden": "SE", "suède": "SE", "suecia": "SE",
    "dänemark": "DK", "danemark": "DK", "dinamarca": "DK",
    "kanada": "CA", "canadá": "CA",
    "argentinien": "AR", "argentine": "AR",
    "brasilien": "BR", "brésil": "BR", "brasil": "BR",
    "luxemburg": "LU", "luxembourg": "LU", "luxemburgo": "LU",
    "czech republic": "CZ", "tschechien": "CZ",
}  # fmt: skip
LABEL = re.compile(
    r"(?<!\w)(?:location|address|based in|lives in|residence|city|wohnort|adresse|anschrift|"
    r"standort|ort|lieu|localisation|domicile|ville|ubicación|ubicacion|dirección|"
    r"direccion|residencia|ciudad|localidad)\s*:\s*(.{2,120})",
    re.IGNORECASE,
)
SEGMENTS = re.compile(rf"\s+[|•·{DASHES}]\s+|\s+-\s+|\s*[|•·]\s*")
# ``Berlin, Germany``, ``Lyon, France``, ``Austin, TX``, ``10115 Berlin, Deutschland``.
CITY_REGION = re.compile(r"(?:\d{4,5}\s)?([^\W\d_][\w .'’-]{1,40}?),\s?([^\W\d_][\w .'’()-]{1,40})")
US_STATES = frozenset(
    "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV "  # noqa: SIM905
    "NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY".split()
)


@cache
def _countries() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value:
                names[value.casefold()] = country.alpha_2
    return names | LOCAL_NAMES


def country_code(name: str) -> str | None:
    return _countries().get(name.strip(" .").casefold())


def find_location(header: list[str]) -> tuple[str | None, str | None]:
    """The location stated in ``header`` (the lines above the first heading) and its
    country's ISO code when named."""
    for line in header:
        labelled = LABEL.search(line)
        if labelled:
            place = SEGMENTS.split(labelled.group(1))[0].strip(" ,.")
            return place, _country_of(place)
    for line in header:
        for segment in SEGMENTS.split(line):
            match = CITY_REGION.fullmatch(segment.strip(" ."))
            if match is None or "@" in segment:
                continue
            region = match.group(2).strip()
            code = country_code(region)
            if code is not None:
                return f"{match.group(1).strip()}, {region}", code
            if region in US_STATES:
                return f"{match.group(1).strip()}, {region}", "US"
    return None, None


def _country_of(place: str) -> str | None:
    parts = [p for p in re.split(r",\s*", place) if p]
    return country_code(parts[-1]) if parts else None
