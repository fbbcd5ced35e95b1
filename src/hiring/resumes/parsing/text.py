"""The resume's text as the parsers see it: bounded, one cleaned line per line of the file."""

import re

# A resume is a few pages: only so much text is parsed, and only lines of a sensible length.
# Every pattern of the parsers runs on one line at a time, so a hostile text costs at most
# MAX_LINES times the work of one MAX_LINE_CHARS line.
MAX_PARSED_CHARS = 100_000
MAX_LINES = 2_000
MAX_LINE_CHARS = 300
MAX_ENTRIES = 10
DASHES = "\u2013\u2014"  # en and em dash, as resumes write ranges and separators
# Table cells (DOCX rows are read with two spaces between cells) and tab stops.
CELL_GAP = re.compile(r"\t+| {2,}")
BULLETS = "•·▪‣◦●*-–—"


def clean_lines(text: str) -> list[str]:
    """Lines with their spaces collapsed; a gap between table cells becomes `` | ``."""
    lines: list[str] = []
    for raw in text[:MAX_PARSED_CHARS].splitlines()[:MAX_LINES]:
        cells = [" ".join(cell.split()) for cell in CELL_GAP.split(raw[: MAX_LINE_CHARS * 2])]
        lines.append(" | ".join(cell for cell in cells if cell)[:MAX_LINE_CHARS])
    return lines


def unique(items: "list[str]") -> list[str]:
    return list(dict.fromkeys(items))


def is_bullet(line: str) -> bool:
    """A description line (a bullet point), not an entry's title."""
    return bool(line) and line[0] in BULLETS and (len(line) == 1 or line[1] == " ")
