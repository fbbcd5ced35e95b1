"""The ranking index: what the local ranker knows about each candidate whatever the job.

Tokenising resumes and finding skills in them is the slow part of ranking, and it does not
depend on the job. The index does it once per candidate and keeps the result as numpy arrays:
an inverted index of text tokens (token → rows and counts), the canonical skills found in all
of a candidate's text, and integer codes for the distinct (title, desired roles), location and
(availability, tags) values. Each process keeps one index per database, refreshed before
every ranking through a connection of its own (so it holds committed data only): candidates
updated since the last refresh (looking back a little, for late commits) are read again when
their updated_at differs from the one indexed, and when the number of candidates says some
appeared or vanished unseen, their ids are compared.
"""

import gc
import json
import logging
import re
import threading
import weakref
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime, timedelta
from itertools import islice
from typing import Generic, NamedTuple, TypeVar

import numpy as np
from sqlalchemy import ColumnElement, Connection, Engine, Pool, Text, cast, func, select
from sqlalchemy.orm import Session, sessionmaker

from hiring.candidates.models import Candidate
from hiring.skills import all_skills, canonical, find_skills

log = logging.getLogger(__name__)

TOKEN = re.compile(r"[a-z0-9][a-z0-9+#]*(?:\.[a-z0-9]+)*")
# Words that say nothing about fit (left out of the query) and seniority words (left out of
# title comparison: a Senior Backend Engineer fits a Backend Engineer role).
_STOPWORDS = (
    "a an and are as at be by for from has have in is it of on or our the to we will with you "
    "your who what this that their they join looking team work working role experience years "
    "plus strong good great ability etc using use must nice"
)
_LEVELS = "senior junior staff lead principal sr jr head mid level i ii iii iv"
STOPWORDS = frozenset(_STOPWORDS.split())
LEVELS = frozenset(_LEVELS.split())
JOB_TYPE_WORDS = {
    "contract": "contract",
    "contractor": "contract",
    "freelance": "contract",
    "freelancer": "contract",
    "part-time": "part_time",
    "part time": "part_time",
    "full-time": "full_time",
    "full time": "full_time",
    "permanent": "full_time",
}
JOB_TYPES = tuple(sorted(set(JOB_TYPE_WORDS.values())))
# Candidates read per query when the index loads many at once (the first ranking).
LOAD_BATCH = 2000
# Candidate rows per postings segment: a first load builds segments of this size, smaller
# ones (from updates) are merged once there are more than MAX_RECENT of them. Each query
# walks every segment; dead rows' postings in full segments wait for a rebuild.
SEGMENT_ROWS = 10_000
MAX_RECENT = 8


class Profile(NamedTuple):
    """The columns of a candidate that ranking reads."""

    id: str
    current_title: str | None
    skills: tuple[str, ...]
    desired_roles: tuple[str, ...]
    resume_text: str | None
    location: str | None
    availability: str | None
    tags: tuple[str, ...]
    archived: bool = False


def tokens(text: str) -> list[str]:
    return TOKEN.findall(text.lower())


def words(text: str | None) -> set[str]:
    """The words of a title that say what the job is (no stopwords, no seniority)."""
    return {t for t in tokens(text or "") if t not in STOPWORDS and t not in LEVELS}


def places(location: str | None) -> set[str]:
    found = set(map(str.strip, (location or "").lower().split(",")))
    found.discard("")
    return found


def job_kinds(availability: str | None, tags: Sequence[str]) -> set[str]:
    """The job types a candidate's availability and tags name (contract, part- or full-time)."""
    text = " ".join([availability or "", *tags]).lower()
    return {kind for word, kind in JOB_TYPE_WORDS.items() if word in text}


Value = TypeVar("Value")
# (title, desired roles) or (availability, tags)
TextAndList = tuple[str | None, tuple[str, ...]]


class _Column:
    """A numpy array that grows by appended chunks, joined when next read."""

    def __init__(self, dtype: type) -> None:
        self._array: np.ndarray = np.zeros(0, dtype=dtype)
        self._chunks: list[np.ndarray] = []

    def extend(self, values: Sequence[int] | Sequence[bool] | np.ndarray) -> None:
        self._chunks.append(np.asarray(values, dtype=self._array.dtype))

    @property
    def array(self) -> np.ndarray:
        if self._chunks:
            self._array = np.concatenate([self._array, *self._chunks])
            self._chunks.clear()
        return self._array


class _Codes(Generic[Value]):
    """Distinct values numbered in order of first sight."""

    def __init__(self) -> None:
        self.code: dict[Value, int] = {}
        self.values: list[Value] = []

    def get(self, value: Value, on_new: Callable[[int], None]) -> int:
        found = self.code.get(value)
        if found is None:
            found = self.code[value] = len(self.values)
            self.values.append(value)
            on_new(found)
        return found


class Postings(NamedTuple):
    """One segment of the inverted index: the rows holding token t, and how often, are
    ``rows[starts[t]:starts[t + 1]]`` and ``counts[…]`` (tokens newer than the segment have
    no entry)."""

    starts: np.ndarray
    rows: np.ndarray
    counts: np.ndarray
    # How many candidate rows it was built from (dead ones included).
    size: int

    @classmethod
    def build(
        cls,
        token_ids: np.ndarray,
        rows: np.ndarray,
        counts: np.ndarray,
        vocabulary: int,
        size: int,
    ) -> "Postings":
        order = np.argsort(token_ids, kind="stable")
        starts = np.zeros(vocabulary + 1, dtype=np.int64)
        np.cumsum(np.bincount(token_ids, minlength=vocabulary), out=starts[1:])
        limit = np.iinfo(np.uint16).max
        counts = np.minimum(counts[order], limit).astype(np.uint16)
        return cls(starts, rows[order].astype(np.int32), counts, size)

    def triples(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        token_ids = np.repeat(np.arange(len(self.starts) - 1, dtype=np.int32), np.diff(self.starts))
        return token_ids, self.rows, self.counts

    def find(self, token_id: int) -> tuple[np.ndarray, np.ndarray]:
        if token_id + 1 >= len(self.starts):
            return self.rows[:0], self.counts[:0]
        start, end = self.starts[token_id], self.starts[token_id + 1]
        return self.rows[start:end], self.counts[start:end]


class CandidateIndex:
    """Job-independent features of candidates, one row per version of a candidate read.

    Rows are only ever appended: a candidate read again gets a new row and its old one is
    dead (left out of the postings at the next merge). Callers hold ``lock`` while they
    change the index or read its postings.
    """

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.vocabulary: dict[str, int] = {}
        self.skill_names = all_skills()
        self.skill_id = {name: i for i, name in enumerate(self.skill_names)}
        self.ids: list[str] = []
        self.stamps: list[str | None] = []
        self.row_of: dict[str, int] = {}
        self.dead = 0
        # The newest updated_at read from the database (None: nothing read yet).
        self.read_until: datetime | None = None
        # Postings: full segments stay as built; recent small ones are merged now and then.
        self.sealed: list[Postings] = []
        self.recent: list[Postings] = []
        # Per row: current version of its candidate, archived, token count, skill ids (sorted
        # by row), and the codes of its values.
        self.alive = _Column(np.bool_)
        self.archived = _Column(np.bool_)
        self.lengths = _Column(np.int32)
        self.skill_rows = _Column(np.int32)
        self.skill_ids = _Column(np.int16)
        self.title_codes = _Column(np.int32)
        self.location_codes = _Column(np.int32)
        self.kind_codes = _Column(np.int32)
        # Per code: title words (as token ids), places, and the job types named.
        self.titles: _Codes[TextAndList] = _Codes()
        self.title_word_codes = _Column(np.int32)
        self.title_word_ids = _Column(np.int32)
        self.locations: _Codes[str | None] = _Codes()
        self.place_id: dict[str, int] = {}
        self.place_codes = _Column(np.int32)
        self.place_ids = _Column(np.int32)
        self.located = _Column(np.bool_)
        self.kinds: _Codes[TextAndList] = _Codes()
        self.kind_bits = _Column(np.int8)

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def live(self) -> int:
        return len(self.ids) - self.dead

    def token_id(self, token: str) -> int | None:
        return self.vocabulary.get(token)

    def add(self, profiles: Iterable[tuple[Profile, str | None]]) -> None:
        """Append a row for each (profile, updated_at stamp); an id seen before is replaced.
        Rows go in by segment-sized batches, so a first load never holds all its postings
        as Python objects at once."""
        stream = iter(profiles)
        while batch := list(islice(stream, SEGMENT_ROWS)):
            self._add_batch(batch)

    def _add_batch(self, profiles: list[tuple[Profile, str | None]]) -> None:
        vocabulary = self.vocabulary
        short_texts: dict[str, tuple[list[str], list[int]]] = {}

        def short(text: str) -> tuple[list[str], list[int]]:
            """Tokens and skill ids of a title, role or skill: pools repeat them endlessly."""
            found = short_texts.get(text)
            if found is None:
                found = short_texts[text] = (tokens(text), self._skills(text))
            return found

        replaced: list[int] = []
        rows: dict[str, list[int]] = {name: [] for name in _ROW_COLUMNS}
        skill_rows: list[int] = []
        skill_ids: list[int] = []
        post_rows = array("i")
        post_tokens = array("i")
        post_counts = array("i")
        for profile, stamp in profiles:
            row = len(self.ids)
            old = self.row_of.get(profile.id)
            if old is not None:
                replaced.append(old)
            self.row_of[profile.id] = row
            self.ids.append(profile.id)
            self.stamps.append(stamp)
            resume = profile.resume_text or ""
            counted = Counter(tokens(resume))
            skills = set(self._skills(resume)) if resume else set()
            for text in (profile.current_title or "", *profile.desired_roles, *profile.skills):
                text_tokens, text_skills = short(text)
                counted.update(text_tokens)
                skills.update(text_skills)
            skills.update(
                self.skill_id[name] for name in map(canonical, profile.skills) if name is not None
            )
            # New words get ids by set difference and all are looked up by map: both loops
            # run in C, and a first load does this for millions of words.
            for token in set(counted).difference(vocabulary):
                vocabulary[token] = len(vocabulary)
            post_tokens.extend(map(vocabulary.__getitem__, counted))
            post_counts.extend(counted.values())
            post_rows.extend([row] * len(counted))
            skill_rows += [row] * len(skills)
            skill_ids += sorted(skills)
            rows["archived"].append(profile.archived)
            rows["lengths"].append(counted.total())
            rows["title_codes"].append(self._title_code(profile))
            rows["location_codes"].append(self._location_code(profile.location))
            rows["kind_codes"].append(self._kind_code(profile.availability, profile.tags))
        added = len(rows["lengths"])
        self.alive.extend(np.ones(added, dtype=np.bool_))
        for name, values in rows.items():
            getattr(self, name).extend(values)
        self.skill_rows.extend(skill_rows)
        self.skill_ids.extend(skill_ids)
        self._retire(replaced)
        if post_rows:
            self._add_postings(
                Postings.build(
                    np.frombuffer(post_tokens, dtype=np.int32),
                    np.frombuffer(post_rows, dtype=np.int32),
                    np.frombuffer(post_counts, dtype=np.int32),
                    len(vocabulary),
                    len(profiles),
                )
            )

    def remove(self, ids: Iterable[str]) -> None:
        """Forget candidates that no longer exist."""
        self._retire([self.row_of.pop(cid) for cid in ids])

    def _retire(self, rows: list[int]) -> None:
        self.alive.array[rows] = False
        self.dead += len(rows)

    def _skills(self, text: str) -> list[int]:
        return [self.skill_id[name] for name in find_skills(text)]

    def _title_code(self, profile: Profile) -> int:
        def on_new(code: int) -> None:
            found = words(profile.current_title).union(*map(words, profile.desired_roles))
            ids = [self.vocabulary.setdefault(w, len(self.vocabulary)) for w in found]
            self.title_word_codes.extend([code] * len(ids))
            self.title_word_ids.extend(ids)

        return self.titles.get((profile.current_title, profile.desired_roles), on_new)

    def _location_code(self, location: str | None) -> int:
        def on_new(code: int) -> None:
            found = places(location)
            ids = [self.place_id.setdefault(p, len(self.place_id)) for p in found]
            self.place_codes.extend([code] * len(ids))
            self.place_ids.extend(ids)
            self.located.extend([bool(found)])

        return self.locations.get(location, on_new)

    def _kind_code(self, availability: str | None, tags: tuple[str, ...]) -> int:
        def on_new(_code: int) -> None:
            named = job_kinds(availability, tags)
            bits = sum(1 << i for i, kind in enumerate(JOB_TYPES) if kind in named)
            self.kind_bits.extend([bits])

        return self.kinds.get((availability, tags), on_new)

    def _add_postings(self, segment: Postings) -> None:
        if segment.size >= SEGMENT_ROWS:
            self.sealed.append(segment)
            return
        self.recent.append(segment)
        if len(self.recent) > MAX_RECENT:
            merged = self._merge(self.recent)
            self.recent = []
            self._add_postings(merged)

    def _merge(self, segments: Sequence[Postings]) -> Postings:
        """One segment from several, without the postings of dead rows."""
        token_ids, rows, counts = (
            np.concatenate(part) for part in zip(*(s.triples() for s in segments), strict=True)
        )
        keep = self.alive.array[rows]
        size = sum(s.size for s in segments)
        return Postings.build(token_ids[keep], rows[keep], counts[keep], len(self.vocabulary), size)

    def postings(self, token_id: int) -> Iterator[tuple[np.ndarray, np.ndarray]]:
        for segment in (*self.sealed, *self.recent):
            yield segment.find(token_id)

    def refresh(self, connection: Connection) -> None:
        """Read what changed since the last refresh: rows updated recently (ones the index
        already holds in that version are skipped), and when the number of candidates says
        some appeared or vanished unseen, the difference."""
        newest = connection.scalar(select(func.max(Candidate.updated_at)))
        if self.read_until is None:
            # Nothing read yet, or no candidates last time: read them all.
            self.add(_read(connection, (), self._stale))
        else:
            # Late commits carry an earlier updated_at: look back a while, not just past the
            # newest seen.
            recent = Candidate.updated_at >= self.read_until - LOOK_BACK
            seen = connection.execute(select(Candidate.id, STAMP).where(recent)).all()
            self._read_ids(connection, [cid for cid, stamp in seen if self._stale(cid, stamp)])
        self.read_until = newest
        total = connection.scalar(select(func.count(Candidate.id)))
        if total != len(self.row_of):
            present = set(connection.scalars(select(Candidate.id)))
            self.remove([cid for cid in self.row_of if cid not in present])
            self._read_ids(connection, [cid for cid in present if cid not in self.row_of])

    def _stale(self, cid: str, stamp: str) -> bool:
        row = self.row_of.get(cid)
        return row is None or self.stamps[row] != stamp

    def _read_ids(self, connection: Connection, ids: list[str]) -> None:
        for start in range(0, len(ids), LOAD_BATCH):
            chunk = ids[start : start + LOAD_BATCH]
            self.add(_read(connection, [Candidate.id.in_(chunk)], self._stale))


_ROW_COLUMNS = ("archived", "lengths", "title_codes", "location_codes", "kind_codes")
# JSON lists are read as text and decoded once per distinct value: pools repeat the same
# skills, roles and tags, and decoding every row would cost more than indexing it.
COLUMNS = (
    Candidate.id,
    Candidate.current_title,
    cast(Candidate.skills, Text),
    cast(Candidate.desired_roles, Text),
    Candidate.resume_text,
    Candidate.location,
    Candidate.availability,
    cast(Candidate.tags, Text),
    Candidate.archived_at.is_not(None),
)
# The version of a row the index holds, compared as text (parsing timestamps is slow).
STAMP = cast(Candidate.updated_at, Text)
# How far before the newest updated_at seen a refresh looks for changes: a transaction that
# commits late, or an app server whose clock lags a little, writes an earlier updated_at.
# (Candidates that appear with an older one are found by the count.)
LOOK_BACK = timedelta(minutes=1)
# Garbage (rows of updated or deleted candidates) tolerated before the index is rebuilt.
REBUILD_SLACK = 10_000


def _list_decoder() -> Callable[[str | None], tuple[str, ...]]:
    seen: dict[str | None, tuple[str, ...]] = {}

    def decode(raw: str | None) -> tuple[str, ...]:
        found = seen.get(raw)
        if found is None:
            value = json.loads(raw) if raw else []
            found = tuple(str(v) for v in value) if isinstance(value, list) else ()
            seen[raw] = found
        return found

    return decode


def _read(
    connection: Connection,
    where: Sequence[ColumnElement[bool]],
    wanted: Callable[[str, str], bool],
) -> Iterator[tuple[Profile, str]]:
    """Profiles and stamps of the candidates matching ``where`` that are ``wanted``, streamed."""
    decode = _list_decoder()
    query = select(*COLUMNS, STAMP).where(*where)
    for (
        cid,
        title,
        skills,
        roles,
        resume,
        place,
        available,
        tags,
        archived,
        stamp,
    ) in connection.execution_options(yield_per=LOAD_BATCH).execute(query):
        if wanted(cid, stamp):
            profile = Profile(
                cid,
                title,
                decode(skills),
                decode(roles),
                resume,
                place,
                available,
                decode(tags),
                bool(archived),
            )
            yield profile, stamp


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Indexing makes hundreds of thousands of small lists and tuples, none in a reference
    cycle; the cyclic collector would walk them all repeatedly (it doubles the time).
    Reference counting still frees everything meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# One index per database per process, found by the engine's connection pool (sessions bind
# to engines derived with execution options, which share their parent's pool).
_indexes: "weakref.WeakKeyDictionary[Pool, CandidateIndex]" = weakref.WeakKeyDictionary()
_indexes_lock = threading.Lock()


@contextmanager
def current_index(session: Session) -> Iterator[CandidateIndex]:
    """The process's index for the session's database, refreshed and locked while in use.

    It reads through a connection of its own, so it holds committed candidates only: what a
    transaction wrote and then rolled back never enters it.
    """
    engine = session.get_bind()
    assert isinstance(engine, Engine), "ranking needs a session bound to an engine"
    with _indexes_lock:
        index = _indexes.get(engine.pool)
        if index is None or index.dead > max(REBUILD_SLACK, index.live):
            index = _indexes[engine.pool] = CandidateIndex()
    with index.lock, _cyclic_gc_paused():
        with engine.execution_options(sqlite_write=False).connect() as connection:
            index.refresh(connection)
        yield index


def warm_in_background(sessions: sessionmaker[Session]) -> threading.Thread:
    """Build the process's index on a daemon thread: at 100k candidates the first build takes
    tens of seconds, which the first recommendation of the day should not wait for."""

    def build() -> None:
        try:
            with sessions() as session, current_index(session) as index:
                log.info("Ranking index ready: %d candidates", index.live)
        except Exception:  # any failure: the first ranking builds it instead
            log.exception("Could not build the ranking index in the background")

    thread = threading.Thread(target=build, name="ranking-index-warm-up", daemon=True)
    thread.start()
    return thread
