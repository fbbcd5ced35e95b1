"""How much reading one resume may cost, from settings; and the error a refused file raises.

Standard library only: the child process that reads a resume imports this before it has
set its own resource limits.
"""

import dataclasses
import json
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from hiring.config import Settings

MB = 1024 * 1024


class ExtractionError(Exception):
    """The file is of a readable type but its text cannot be read (damaged, locked, too large
    to read safely...); the message says why, in words a recruiter understands."""


@dataclass(frozen=True)
class ParseLimits:
    max_text_chars: int = 500_000
    max_uncompressed_bytes: int = 50 * MB
    max_compression_ratio: int = 100
    max_xml_elements: int = 200_000
    max_pdf_pages: int = 50
    parse_seconds: float = 10.0
    memory_bytes: int = 512 * MB
    concurrency: int = 4

    @classmethod
    def from_settings(cls, settings: "Settings") -> "ParseLimits":
        return cls(
            max_text_chars=settings.resume_max_text_chars,
            max_uncompressed_bytes=settings.resume_max_uncompressed_mb * MB,
            max_compression_ratio=settings.resume_max_compression_ratio,
            max_xml_elements=settings.resume_max_xml_elements,
            max_pdf_pages=settings.resume_max_pdf_pages,
            parse_seconds=settings.resume_parse_seconds,
            memory_bytes=settings.resume_parse_memory_mb * MB,
            concurrency=settings.resume_parse_concurrency,
        )

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, raw: str) -> "ParseLimits":
        values: dict[str, Any] = json.loads(raw)
        return cls(**values)


@cache
def default_limits() -> ParseLimits:
    """The limits of the HIRING_RESUME_* settings in the environment (read once)."""
    from hiring.config import Settings

    return ParseLimits.from_settings(Settings())
