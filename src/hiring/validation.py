"""Field types shared by the schemas of every domain: one rule each, defined once."""

import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field, HttpUrl, PlainSerializer, TypeAdapter

_http_url = TypeAdapter(HttpUrl)
_PHONE = re.compile(r"^[+0-9()\-.\s/x]{3,50}$")
_DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def _check_url(value: str) -> str:
    value = value.strip()
    url = _http_url.validate_python(value)
    if url.scheme not in ("http", "https"):
        raise ValueError("URL must start with http:// or https://")
    return str(url)


def _check_phone(value: str) -> str:
    value = value.strip()
    if not _PHONE.match(value) or sum(c.isdigit() for c in value) < 3:
        raise ValueError("Phone may contain digits, spaces and + ( ) - . / x only")
    return value


def _check_domain(value: str) -> str:
    value = value.strip().lower().removeprefix("www.")
    if not _DOMAIN.match(value):
        raise ValueError("Domain must look like example.com (no scheme, path or port)")
    return value


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
    return value.strip() if isinstance(value, str) else value


HttpUrlStr = Annotated[str, Field(max_length=500), AfterValidator(_check_url)]
Phone = Annotated[str, Field(max_length=50), AfterValidator(_check_phone)]
Domain = Annotated[str, Field(max_length=253), AfterValidator(_check_domain)]
ShortText = Annotated[str, BeforeValidator(_strip), Field(max_length=200)]
Label = Annotated[str, Field(min_length=1, max_length=100)]
LabelList = Annotated[list[Label], Field(max_length=100), AfterValidator(_clean_list)]
RequiredName = Annotated[str, BeforeValidator(_strip), Field(min_length=1, max_length=200)]
LongText = Annotated[str, Field(max_length=50_000)]

# Money: non-negative, at most 12 digits before the point and 2 after. Answers carry it as a
# string with exactly two decimals ("85000.00"), so no client ever sees a binary float.
Money = Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=2, examples=["85000.00"])]
MoneyOut = Annotated[
    Decimal,
    PlainSerializer(lambda value: f"{value:.2f}", return_type=str, when_used="json"),
]
Currency = Annotated[
    str,
    BeforeValidator(lambda value: value.strip().upper() if isinstance(value, str) else value),
    Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code such as USD or EUR"),
]


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
