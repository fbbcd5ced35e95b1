"""The resume parser's entry point (the parsers themselves are in ``hiring.resumes.parsing``)."""

from hiring.resumes.parsing import parse_resume

__all__ = ["parse_resume"]
