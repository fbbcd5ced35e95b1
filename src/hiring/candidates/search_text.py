"""The search box's text: parsed into terms, then written as a full-text query.

Search syntax: words separated by spaces must all match (AND), each as the start of a word
(``jav`` finds Java) of the name, email, company, title, skills, tags or resume text, case-
and accent-insensitively (``jose`` finds José). Text in double quotes is an exact phrase.
Everything else (``*``, ``-``, ``NEAR``, ``AND``/``OR``/``NOT``, parentheses, SQL) is plain
text: the query sent to the full-text index is built from words only, never from raw input.
"""

import re
import unicodedata
from collections.abc import Sequence

from pydantic import BaseModel

from hiring.text import MAX_SEARCH_LENGTH

MAX_SEARCH_TERMS = 10
MAX_PHRASE_WORDS = 10

_CHUNK = re.compile(r'"([^"]*)"?|([^\s"]+)')
_WORD = re.compile(r"[^\W_]+")
# Letters without a Unicode decomposition that PostgreSQL's unaccent folds all the same
# (FTS5's remove_diacritics keeps them, so SQLite queries keep them too).
_UNACCENT_EXTRA = str.maketrans(
    {"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ß": "ss", "\u0131": "i"}
)


class SearchTerm(BaseModel):
    words: list[str]
    prefix: bool  # the last word may be the start of a longer word


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def parse_search(text: str) -> list[SearchTerm]:
    """The terms of a search box: each unquoted chunk is a phrase of its words ending in a
    prefix (``node.js``: ``node`` then a word starting ``js``), each quoted one an exact
    phrase. Only words (letters and digits) survive, so no input can change the query's
    structure."""
    terms: list[SearchTerm] = []
    for match in _CHUNK.finditer(_fold(text[:MAX_SEARCH_LENGTH])):
        quoted, bare = match.groups()
        words = _WORD.findall(quoted if quoted is not None else bare)[:MAX_PHRASE_WORDS]
        if words:
            terms.append(SearchTerm(words=words, prefix=quoted is None))
        if len(terms) == MAX_SEARCH_TERMS:
            break
    return terms


def fts5_query(terms: Sequence[SearchTerm]) -> str:
    """An FTS5 MATCH expression: quoted phrases (words hold no quote) joined by AND."""
    return " AND ".join(f'"{" ".join(t.words)}"' + ("*" if t.prefix else "") for t in terms)


def tsquery(terms: Sequence[SearchTerm]) -> str:
    """A PostgreSQL to_tsquery expression: quoted lexemes, <-> inside a phrase, & between."""

    def phrase(term: SearchTerm) -> str:
        lexemes = [f"'{w.translate(_UNACCENT_EXTRA)}'" for w in term.words]
        if term.prefix:
            lexemes[-1] += ":*"
        return " <-> ".join(lexemes)

    return " & ".join(f"({phrase(t)})" for t in terms)
