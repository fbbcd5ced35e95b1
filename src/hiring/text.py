"""Small text helpers for queries."""

MAX_SEARCH_LENGTH = 200


def escape_like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def like_pattern(value: str) -> str:
    """A lower-cased substring pattern for LIKE … ESCAPE '\\'."""
    return f"%{escape_like(value.strip().lower())}%"
