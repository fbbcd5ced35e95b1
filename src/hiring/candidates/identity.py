"""A person's identity keys: the normalised email, LinkedIn profile and phone number by which
two records are recognised as the same person. Stored beside the values they come from (see
``Candidate``) so that lookups are indexed on both databases."""

import re
import unicodedata
from functools import lru_cache
from urllib.parse import urlsplit

import phonenumbers

# The stored sort key's length (the name's own limit).
NAME_SORT_LENGTH = 200
# Country subdomains (uk.linkedin.com, de.linkedin.com) and www. name the same profile.
LINKEDIN_HOST = re.compile(r"^(?:[a-z]{2,3}\.|www\.)?linkedin\.com$")


def email_key(email: str | None) -> str | None:
    """Case-insensitive and trimmed: ``Jane@Example.com `` is ``jane@example.com``."""
    if not email or not email.strip():
        return None
    return email.strip().lower()


# An import row's keys are computed again when its candidate is written: the last few
# thousand are kept (parsing phone numbers is the slowest, then LinkedIn URLs).
@lru_cache(maxsize=4096)
def linkedin_key(url: str | None) -> str | None:
    """A LinkedIn profile whatever the scheme, ``www.``, query string, fragment, trailing
    slash or case: ``https://www.LinkedIn.com/in/Jane/?trk=x`` is ``linkedin.com/in/jane``.
    Another host is kept as given, lower-cased, without scheme, query or trailing slash."""
    if not url or not url.strip():
        return None
    text = url.strip().lower()
    if "://" not in text:
        text = f"https://{text}"
    parts = urlsplit(text)
    host = parts.hostname or ""
    if LINKEDIN_HOST.match(host):
        host = "linkedin.com"
    path = re.sub(r"/+", "/", parts.path).rstrip("/")
    return f"{host}{path}" or None


@lru_cache(maxsize=4096)
def phone_key(phone: str | None, region: str | None = None) -> str | None:
    """The number in E.164 (``+442071838750``). A number without a country code is read in
    ``region`` (ISO 3166 code, the ``phone_region`` setting); with no region, or when the
    digits cannot be a phone number, there is no key and the number matches nobody."""
    if not phone or not phone.strip():
        return None
    try:
        number = phonenumbers.parse(phone, region.upper() if region else None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def name_sort_key(name: str | None) -> str:
    """How a name is ordered, the same on every database: case and accents ignored and
    spaces collapsed (``Émile`` sorts with ``emile``, ``alice`` before ``Bob``)."""
    decomposed = unicodedata.normalize("NFKD", name or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.casefold().split())[:NAME_SORT_LENGTH]
