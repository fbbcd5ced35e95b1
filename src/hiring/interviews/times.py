"""Time zones and wall-clock times of interviews."""

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from hiring.errors import Invalid


@cache
def _known_zones() -> frozenset[str]:
    return frozenset(available_timezones())


def zone(name: str, field: str = "timezone") -> ZoneInfo:
    """The IANA time zone named ``name`` (only names of the time zone database: no paths)."""
    name = name.strip()
    if name not in _known_zones():
        raise Invalid.field(
            field, f"Unknown time zone {name!r}: use an IANA name such as Europe/Berlin"
        )
    return ZoneInfo(name)


def to_utc(value: datetime, tz: ZoneInfo, field: str) -> datetime:
    """``value`` in UTC: with an offset as it says, without one as a wall-clock time in ``tz``.
    A wall-clock time that a daylight saving change skips does not exist there: refused."""
    if value.tzinfo is not None:
        return value.astimezone(UTC)
    local = value.replace(tzinfo=tz)
    instant = local.astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != value:
        raise Invalid.field(
            field, f"{value:%Y-%m-%d %H:%M} does not exist in {tz.key} (clocks skip it)"
        )
    return instant
