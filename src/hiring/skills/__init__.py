"""The skills vocabulary shipped with the package: canonical names and their synonyms.

Resume parsing finds skills in text with it, the ranker matches job requirements against
candidates with it, and demo data draws realistic skills from it.
"""

import re
from collections.abc import Callable, Iterable
from functools import cache
from importlib.resources import files


@cache
def _entries() -> tuple[dict[str, str], list[str]]:
    """(every spelling lower-cased → canonical name, canonical names in file order)."""
    lookup: dict[str, str] = {}
    names: list[str] = []
    text = files(__package__).joinpath("vocabulary.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        spellings = [s.strip() for s in line.split("|") if s.strip()]
        name = spellings[0]
        names.append(name)
        for spelling in spellings:
            lookup.setdefault(spelling.casefold(), name)
    return lookup, names


def all_skills() -> list[str]:
    """Every canonical skill name."""
    return list(_entries()[1])


def canonical(skill: str) -> str | None:
    """The canonical name for a skill or any of its synonyms (`k8s` → `Kubernetes`), else None."""
    return _entries()[0].get(" ".join(skill.split()).casefold())


def normalise(skill: str) -> str:
    """The canonical name when the vocabulary knows the skill, else the trimmed input."""
    cleaned = " ".join(skill.split())
    return canonical(cleaned) or cleaned


def spellings(name: str) -> list[str]:
    """Every lower-cased spelling of the canonical skill ``name`` (its own included)."""
    return [s for s, found in _entries()[0].items() if found == name]


# Spellings that are also everyday words or letters match only when written as given.
_CASE_SENSITIVE = {"c", "r", "go", "ts", "js", "py", "cv", "ml", "pr", "hr", "ddd", "oop", "sre"}


def _trie(spellings: Iterable[str]) -> str:
    """The spellings as one regex body factored by common prefixes, longest first: Python's
    regex engine tries alternatives one by one, and a trie makes that a walk down one path."""
    root: dict[str, dict] = {}
    for spelling in spellings:
        node = root
        for char in spelling:
            node = node.setdefault(char, {})
        node[""] = {}

    def body(node: dict[str, dict]) -> str:
        branches = [re.escape(char) + body(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        ends_here = "" in node
        if len(branches) == 1 and not ends_here:
            return branches[0]
        return "(?:" + "|".join(branches) + ")" + ("?" if ends_here else "")

    return body(root)


def _compile(spellings: Iterable[str]) -> re.Pattern[str]:
    # A skill stands alone: no letter/digit before it, none (nor +, #) right after it. A word
    # that starts no skill is consumed whole (group 1 empty): the engine then skips its
    # letters instead of trying the lookbehind at each of them, several times faster.
    return re.compile(
        rf"(?<![\w.+#/-])(?:({_trie(spellings)})(?![\w+#]|\.\w)|[\w.+#/-]+)", re.IGNORECASE
    )


@cache
def _pattern() -> re.Pattern[str]:
    return _compile(_entries()[0])


def _find(pattern: re.Pattern[str], text: str) -> list[str]:
    lookup = _entries()[0]
    found: dict[str, None] = {}
    # Words that start no skill come back empty: filtered out before the Python loop.
    for spelling in filter(None, pattern.findall(text)):
        key = spelling.casefold()
        if key in _CASE_SENSITIVE and spelling not in _case_sensitive_forms(key):
            continue
        found.setdefault(lookup[key], None)
    return list(found)


def find_skills(text: str) -> list[str]:
    """Canonical skills mentioned in ``text``, in order of first mention, without duplicates."""
    return _find(_pattern(), text)


def skill_finder(names: Iterable[str]) -> Callable[[str], list[str]]:
    """``find_skills`` limited to the canonical ``names``: a small pattern, fast enough to
    run over many texts (the ranker checks a job's skills against every candidate)."""
    wanted = set(names)
    known = [s for s, name in _entries()[0].items() if name in wanted]
    if not known:
        return lambda _text: []
    pattern = _compile(known)
    return lambda text: _find(pattern, text)


@cache
def _case_sensitive_forms(key: str) -> set[str]:
    """How a short, ambiguous spelling must be written to count (`Go`, `R`, `C`, `JS`)."""
    canonical_name = _entries()[0][key]
    forms = {key.upper()}
    if canonical_name.casefold() == key:
        forms.add(canonical_name)
    return forms
