"""Field types shared by the schemas of every domain: one rule each, defined once.

The OpenAPI document states each rule as the server checks it: a pattern below is both
declared (JSON Schema ``pattern``) and searched for with Python's ``re`` by the check, so the
two cannot disagree. Text that is trimmed before it is kept may have whitespace around it."""

import re
import unicodedata
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import urlsplit

import pycountry
from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    HttpUrl,
    PlainSerializer,
    TypeAdapter,
    ValidationInfo,
    WithJsonSchema,
)
from pydantic.networks import validate_email

from hiring.countries import known_country

_http_url = TypeAdapter(HttpUrl)

# A host name: dot-separated letters and digits, single hyphens inside a label (so no
# Punycode "xn--" label a URL parser would refuse), the last label starting with a letter
# (a parser takes a numeric one for an IPv4 address).
_LABEL = r"[A-Za-z0-9]+(-[A-Za-z0-9]+)*"
_HOST = rf"({_LABEL}\.)*[A-Za-z][A-Za-z0-9]*(-[A-Za-z0-9]+)*"
# http(s), a host, a port, then path, query and fragment in characters a URL keeps as they are.
URL_PATTERN = (
    rf"^\s*https?://{_HOST}(:[0-9]{{1,4}})?([/?#][A-Za-z0-9\-._~:/?#\[\]@!$&()*+,;=%]*)?\s*$"
)
URL_MAX_LENGTH = 500
# 3 to 50 of digits, spaces and + ( ) - . / x, at least 3 of them digits.
PHONE_PATTERN = r"^([\s+()./x-]*[0-9]){3}[\s0-9+()./x-]*$"
DOMAIN_PATTERN = r"^\s*([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}\s*$"
# At least one character that is not whitespace.
NOT_BLANK_PATTERN = r"\S"
# A row's id as the app makes them (cand_3k9x0q1m2z7a8b4c), or one a client names.
ID_PATTERN = r"^[A-Za-z0-9_-]+$"
# An email address as a mail system takes it: before the @, up to 32 characters with single
# dots between them; host labels of up to 32 letters and digits with single hyphens between
# them; a top-level domain not reserved for special use (.test, .local...), which gets no mail.
_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_SHORT_LABEL = r"[A-Za-z0-9]([A-Za-z0-9]|-[A-Za-z0-9]){0,31}"
_SPECIAL_USE = "|".join(
    "".join(f"[{c.upper()}{c}]" for c in name)
    for name in ("arpa", "invalid", "local", "localhost", "onion", "test")
)
EMAIL_PATTERN = (
    rf"^\s*{_ATEXT}({_ATEXT}|\.{_ATEXT}){{0,31}}@({_SHORT_LABEL}\.)+"
    rf"(?!({_SPECIAL_USE})\s*$)[A-Za-z]{{2,63}}\s*$"
)


def _pattern(pattern: str) -> dict[str, Any]:
    return {"pattern": pattern}


def _check_url(value: str) -> str:
    if not re.search(URL_PATTERN, value):
        raise ValueError("URL must start with http:// or https:// and name a host")
    value = value.strip()
    url = str(_http_url.validate_python(value))
    # The parser adds a "/" to a bare host: a URL at the length limit is kept as given.
    return url if len(url) <= URL_MAX_LENGTH else value


def _check_phone(value: str) -> str:
    if not re.search(PHONE_PATTERN, value):
        raise ValueError("Phone may contain digits, spaces and + ( ) - . / x only")
    return value.strip()


def _check_domain(value: str) -> str:
    if not re.search(DOMAIN_PATTERN, value):
        raise ValueError("Domain must look like example.com (no scheme, path or port)")
    value = value.strip().lower()
    bare = value.removeprefix("www.")
    return bare if re.search(DOMAIN_PATTERN, bare) else value


def _check_id(value: str) -> str:
    if not re.search(ID_PATTERN, value):
        raise ValueError("An id has letters, digits, _ and - only")
    return value


# The longest address email_validator accepts.
EMAIL_MAX_LENGTH = 254


@lru_cache(maxsize=1024)
def _email_domain(domain: str) -> str:
    """``domain`` as email_validator checks and normalises it after the @."""
    return validate_email(f"a@{domain}")[1].rpartition("@")[2]


def _check_email(value: str) -> str:
    if not re.search(EMAIL_PATTERN, value):
        raise ValueError("value is not a valid email address")
    # The pattern leaves only local parts email_validator accepts and keeps as they are, so
    # the address is that part and the domain checked once per domain (most of an import's
    # checking time went to checking gmail.com again); a long one is checked whole.
    local, _at, domain = value.strip().rpartition("@")
    address = f"{local}@{_email_domain(domain)}"
    if len(address) > EMAIL_MAX_LENGTH:
        return validate_email(value.strip())[1]
    return address


def domain_from_url(url: str) -> str | None:
    """The host of ``url`` as a company domain (``www.`` dropped), or None if it has none."""
    try:
        return _check_domain(urlsplit(url.strip()).hostname or "")
    except ValueError:
        return None


def _clean_list(values: list[str]) -> list[str]:
    """Trim items, drop empties, and drop case-insensitive duplicates keeping the first."""
    seen: set[str] = set()
    cleaned = []
    for raw in values:
        item = raw.strip()
        if item and item.casefold() not in seen:
            seen.add(item.casefold())
            cleaned.append(item)
    return cleaned


def _strip(value: str) -> str:
    return value.strip()


def _not_blank(value: str) -> str:
    value = value.strip()
    if not value:
        raise ValueError("Must not be blank")
    return value


_INVISIBLE = ("Cc", "Cf", "Zl", "Zp")
# Zero-width (non-)joiners are part of how some scripts and emoji are written.
_JOINERS = "\u200c\u200d"


def _public_line(value: str) -> str | None:
    """Text strangers read as one label: trimmed, blank is none, no line breaks or invisible
    control and formatting characters (which would show as nothing, or reorder the text)."""
    value = value.strip()
    if any(unicodedata.category(c) in _INVISIBLE and c not in _JOINERS for c in value):
        raise ValueError("Use one line of visible text (no line breaks or control characters)")
    return value or None


# Lengths count the text as sent; it is trimmed after.
HttpUrlStr = Annotated[
    str,
    Field(max_length=URL_MAX_LENGTH, json_schema_extra=_pattern(URL_PATTERN)),
    AfterValidator(_check_url),
]
Phone = Annotated[
    str,
    Field(max_length=50, json_schema_extra=_pattern(PHONE_PATTERN)),
    AfterValidator(_check_phone),
]
Domain = Annotated[
    str,
    Field(max_length=253, json_schema_extra=_pattern(DOMAIN_PATTERN)),
    AfterValidator(_check_domain),
]
Email = Annotated[
    str,
    Field(max_length=254, json_schema_extra=_pattern(EMAIL_PATTERN)),
    AfterValidator(_check_email),
]
RowId = Annotated[
    str,
    Field(min_length=1, max_length=40, json_schema_extra=_pattern(ID_PATTERN)),
    AfterValidator(_check_id),
]
ShortText = Annotated[str, Field(max_length=200), AfterValidator(_strip)]
Label = Annotated[str, Field(min_length=1, max_length=100)]
LabelList = Annotated[list[Label], Field(max_length=100), AfterValidator(_clean_list)]
RequiredName = Annotated[
    str,
    Field(min_length=1, max_length=200, json_schema_extra=_pattern(NOT_BLANK_PATTERN)),
    AfterValidator(_not_blank),
]
LongText = Annotated[str, Field(max_length=50_000)]
# A label shown to the public (a job's department on the careers page): blank clears it.
PublicLabel = Annotated[str, Field(max_length=100), AfterValidator(_public_line)]

# Money: non-negative, at most 12 digits before the point and 2 after, sent as a decimal
# string ("85000.50") or a whole number, never a binary float (which cannot hold every amount
# of cents). Answers carry it as a string with exactly two decimals ("85000.00").
MONEY_PATTERN = r"^\s*[0-9]{1,12}(\.[0-9]{1,2})?\s*$"
MONEY_MAX = 999_999_999_999


def _money(value: object) -> object:
    if isinstance(value, str):
        if not re.search(MONEY_PATTERN, value):
            raise ValueError('Use a decimal number with at most 2 decimals, such as "85000.50"')
        return value.strip()
    if isinstance(value, bool) or (isinstance(value, float) and not value.is_integer()):
        raise ValueError('Send money as a decimal string such as "85000.50", or a whole number')
    return int(value) if isinstance(value, float) else value


Money = Annotated[
    Decimal,
    BeforeValidator(_money),
    Field(ge=0, max_digits=14, decimal_places=2),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": MONEY_PATTERN},
                {"type": "integer", "minimum": 0, "maximum": MONEY_MAX},
            ],
            "examples": ["85000.00"],
        },
        mode="validation",
    ),
]
MoneyOut = Annotated[
    Decimal,
    PlainSerializer(lambda value: f"{value:.2f}", return_type=str, when_used="json"),
]
CURRENCY_PATTERN = r"^\s*[A-Za-z]{3}\s*$"
COUNTRY_PATTERN = r"^\s*[A-Za-z]{2}\s*$"


def _currency(value: str) -> str:
    if not re.search(CURRENCY_PATTERN, value):
        raise ValueError("Use an ISO 4217 code such as USD or EUR")
    return value.strip().upper()


Currency = Annotated[
    str,
    Field(
        description="ISO 4217 code such as USD or EUR", json_schema_extra=_pattern(CURRENCY_PATTERN)
    ),
    AfterValidator(_currency),
]


def _listed_currency(code: str) -> str:
    if pycountry.currencies.get(alpha_3=code) is None:
        raise ValueError(f"Unknown currency {code}: use an ISO 4217 code such as USD or EUR")
    return code


# What job boards are told a job pays in: a code of ISO 4217's list, not only its shape.
KnownCurrency = Annotated[Currency, AfterValidator(_listed_currency)]


def _country(value: str) -> str:
    code = known_country(value) if re.search(COUNTRY_PATTERN, value) else None
    if code is None:
        raise ValueError("Use an ISO 3166-1 alpha-2 country code such as DE or US")
    return code


CountryCode = Annotated[
    str,
    Field(
        description="ISO 3166-1 alpha-2 code such as DE or US",
        json_schema_extra=_pattern(COUNTRY_PATTERN),
    ),
    AfterValidator(_country),
]

# JSON carries a whole number or a yes/no as one: there text or a float standing for it is
# refused. Text from a form or a query string carries them as text, which the same schemas
# convert when the caller says the input is text:
# ``Model.model_validate(payload, context=FROM_TEXT)``.
FROM_TEXT: dict[str, bool] = {"from_text": True}


def _from_text(info: ValidationInfo) -> bool:
    return bool(info.context and info.context.get("from_text"))


def _typed_number(value: object, info: ValidationInfo) -> object:
    # JSON's integers include 20.0 (pydantic takes it); text and true/false are not numbers.
    if not _from_text(info) and isinstance(value, str | bool):
        raise ValueError("Input should be a whole number")
    return value


def _typed_flag(value: object, info: ValidationInfo) -> object:
    if not _from_text(info) and not isinstance(value, bool):
        raise ValueError("Input should be true or false")
    return value


# Put after a number's bounds, so the document still shows them:
# Annotated[int, Field(ge=1), TypedNumber].
TypedNumber = BeforeValidator(_typed_number)
YesNo = Annotated[bool, BeforeValidator(_typed_flag)]


def parse_date_bound(value: str, *, end: bool) -> datetime:
    """An ISO date or datetime as an inclusive bound: a bare date covers its whole day."""
    value = value.strip()
    if len(value) == 10:
        day = date.fromisoformat(value)
        start = datetime.combine(day, time.min, tzinfo=UTC)
        return start + timedelta(days=1) - timedelta(microseconds=1) if end else start
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _date_bound(end: bool):  # type: ignore[no-untyped-def]
    def convert(value: object) -> object:
        if isinstance(value, str):
            try:
                return parse_date_bound(value, end=end)
            except ValueError as exc:
                raise ValueError("Use an ISO date (2026-01-31) or datetime") from exc
        return _iso_only(value)

    return BeforeValidator(convert)


def _iso_only(value: object) -> object:
    """Dates and datetimes are ISO 8601 text, as the API documents them: pydantic would also
    take a number (or a string of digits) as seconds since 1970, so ``0`` meant 1 January 1970."""
    if isinstance(value, bool | int | float) or (isinstance(value, str) and _NUMBER.match(value)):
        raise ValueError("Use an ISO date (2026-01-31) or datetime (2026-01-31T09:00:00Z)")
    return value


_NUMBER = re.compile(r"^\s*[-+]?\d+(\.\d*)?\s*$")
DateFrom = Annotated[datetime, _date_bound(end=False)]
DateTo = Annotated[datetime, _date_bound(end=True)]
IsoDate = Annotated[date, BeforeValidator(_iso_only)]
IsoDateTime = Annotated[datetime, BeforeValidator(_iso_only)]
