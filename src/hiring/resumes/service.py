"""Resumes: their text and parsed facts, and the candidate fields they may fill."""

from dataclasses import dataclass
from functools import cache
from typing import BinaryIO

from hiring.candidates.models import Candidate
from hiring.errors import Invalid, PayloadTooLarge, UnsupportedMediaType
from hiring.files.filetypes import FileType, sniff
from hiring.resumes.extract import READABLE, ExtractionError, extract_text
from hiring.resumes.fill import fill_from_resume
from hiring.resumes.limits import ParseLimits
from hiring.resumes.parser import parse_resume
from hiring.resumes.schemas import Extracted, ResumeParsed


def parse_upload(
    source: BinaryIO, *, max_bytes: int, limits: ParseLimits | None = None
) -> ResumeParsed:
    """Parse a resume without keeping it (to prefill a new candidate); a file that cannot be
    read within the limits is a 422 saying why."""
    source.seek(0, 2)
    if source.tell() > max_bytes:
        raise PayloadTooLarge(f"The file is larger than {max_bytes} bytes")
    file_type = sniff(source)
    if file_type not in READABLE:
        raise UnsupportedMediaType("Resumes can be parsed from PDF, DOCX, ODT, RTF and TXT files")
    read = read_resume(source, file_type, limits)
    if read.parsed is None:
        raise Invalid.field("file", read.error or "The resume could not be read")
    return read.parsed


@dataclass(frozen=True)
class ResumeRead:
    """A resume's text and parse, or why it could not be read."""

    text: str = ""
    parsed: ResumeParsed | None = None
    error: str | None = None


def read_resume(
    source: BinaryIO, file_type: FileType, limits: ParseLimits | None = None
) -> ResumeRead:
    """Read a resume: slow and bounded (see ``hiring.resumes.limits``), so callers do it with
    no transaction open. A file that cannot be read, or not within the limits, says why."""
    try:
        text = extract_text(source, file_type, limits)
    except ExtractionError as exc:
        return ResumeRead(error=str(exc))
    parsed = parse_resume(text, region=default_phone_region())
    return ResumeRead(text=text, parsed=ResumeParsed.model_validate(parsed))


@cache
def default_phone_region() -> str | None:
    """The HIRING_PHONE_REGION setting in the environment (read once), as ``default_limits``."""
    from hiring.config import Settings

    return Settings().phone_region


def apply_resume(candidate: Candidate, read: ResumeRead, *, keep_resume_text: bool) -> Extracted:
    """Put a resume read beforehand into the candidate: its text, its parse, and the
    candidate's empty fields.

    Values the user entered are never overwritten; labels are merged (``fill_from_resume``,
    the one rule for what a resume fills). A resume that could not
    be read is reported in ``parse_error`` and changes nothing.
    """
    if read.parsed is None:
        return Extracted(parse_error=read.error)
    updated = not (keep_resume_text and candidate.resume_text)
    if updated:
        candidate.resume_text = read.text
    candidate.resume_parsed = read.parsed.model_dump(mode="json")
    return Extracted(
        parsed=read.parsed,
        resume_text_updated=updated,
        filled=fill_from_resume(candidate, read.parsed),
    )
