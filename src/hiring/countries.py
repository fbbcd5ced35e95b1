"""Countries as ISO 3166-1 alpha-2 codes (pycountry's list): checked, and read from the
location text of a job."""

import re
from functools import cache

import pycountry

# Names people write that are not the standard's own (pycountry knows "Germany", "South Korea").
ALIASES = {
    "uk": "GB",
    "great britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "usa": "US",
    "us": "US",
    "u.s.": "US",
    "u.s.a.": "US",
    "united states of america": "US",
    "uae": "AE",
    "russia": "RU",
    "czech republic": "CZ",
    "holland": "NL",
    "the netherlands": "NL",
    "turkey": "TR",
}
# The parts of a location: "Berlin, Germany", "Remote / Spain", "Lisbon - Portugal".
_SEPARATORS = re.compile(r"[,;|/]|\s[-\u2013\u2014]\s")
_PARENTHESES = re.compile(r"\([^)]*\)")


def known_country(code: str) -> str | None:
    """The alpha-2 code in capitals when ``code`` is one, else None."""
    code = code.strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        return None
    return code


@cache
def _codes_by_name() -> dict[str, str]:
    names = dict(ALIASES)
    for country in pycountry.countries:
        for attribute in ("name", "common_name", "official_name"):
            name = getattr(country, attribute, None)
            if name:
                names[name.casefold()] = country.alpha_2
    return names


def _parts(location: str) -> list[str]:
    parts = _SEPARATORS.split(_PARENTHESES.sub(" ", location))
    return [" ".join(part.split()) for part in parts]


def country_of(location: str | None) -> str | None:
    """The country a location names in its last part: "Berlin, Germany" → DE, "London, UK"
    → GB, "Remote (EU)" and "Berlin" → None. Only the last part counts, and only whole
    names, so a region code ("Austin, TX") or a city named like a country is not taken."""
    if not location:
        return None
    return _codes_by_name().get(_parts(location)[-1].casefold())


def place_of(location: str) -> str | None:
    """The location without its country and remarks: "Berlin, Germany (hybrid)" → "Berlin",
    "Austin, TX" → "Austin, TX", "Germany" → None."""
    parts = [part for part in _parts(location) if part]
    if parts and country_of(parts[-1]):
        parts.pop()
    return ", ".join(parts) or None
