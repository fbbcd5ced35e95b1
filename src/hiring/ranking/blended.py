"""The local ranking with the sentence model: the word engine's scores blended with the
stored embeddings' evidence (``hiring.ranking.semantic``), and reasoning that says which
evidence counted.

Embeddings are read from ``candidate_embeddings`` (every replica sees the same); a contender
without a current one (created a moment ago, before the scheduled job reached it) is embedded
on the spot, up to ``ON_THE_SPOT`` of them (the best by words), and the rest are scored on
words alone, which the reasoning says.
"""

from dataclasses import dataclass, replace

import numpy as np
from sqlalchemy.orm import Session

from hiring.ranking import embedding, embeddings
from hiring.ranking.scoring import Ranking, Scored
from hiring.ranking.semantic import blend, candidate_role, job_document, stretch

ENGINE = "semantic"
# Embedding one contender costs about 0.07 s of CPU: more than a few on the spot would take a
# ranking past its time budget while the scheduled job is still catching up after a bulk load.
ON_THE_SPOT = 8
# A stretched similarity at least this high counts as evidence for the job in the reasoning.
COUNTS = 0.5


@dataclass(frozen=True)
class Blended:
    """Blended scores of a word ranking's profiles (position i is profile i); ``meaning``
    and ``role`` are NaN where a profile has no embedding."""

    ranking: Ranking
    meaning: np.ndarray
    role: np.ndarray
    roles: list[str]
    scores: np.ndarray

    def top(self, k: int) -> list[Scored]:
        profiles = self.ranking.profiles
        order = sorted(range(len(profiles)), key=lambda p: (-self.scores[p], profiles[p].id))
        return [self.explain(position) for position in order[:k]]

    def explain(self, position: int) -> Scored:
        words = self.ranking.explain(position)
        if np.isnan(self.meaning[position]):
            return replace(words, reasoning=f"{words.reasoning}; no embedding yet, words only")
        return replace(
            words,
            score=round(min(100.0, max(0.0, float(self.scores[position])))),
            reasoning=f"{words.reasoning}; {self._evidence(position)}",
            engine=ENGINE,
        )

    def _evidence(self, position: int) -> str:
        role = self.roles[position]
        fit = float(stretch(self.role[position : position + 1])[0])
        meaning = float(stretch(self.meaning[position : position + 1])[0])
        if not role:
            said = "no current title or dated role to compare"
        elif fit >= COUNTS:
            said = f"role {role!r} matches the job ({fit:.0%})"
        else:
            said = f"role {role!r} is another kind of work ({fit:.0%})"
        how = "reads like" if meaning >= COUNTS else "is far from"
        return f"{said}; profile {how} the job ({meaning:.0%})"


def blended(session: Session, ranking: Ranking) -> Blended | None:
    """The blend for ``ranking``'s profiles, or None without the sentence model."""
    model = embedding.model()
    if model is None:
        return None
    profiles = ranking.profiles
    ids = [p.id for p in profiles]
    found = embeddings.stored_vectors(session, ids, model.name)
    # Those the words rank highest first: the ones the top of the ranking may show.
    by_words = sorted(range(len(ids)), key=lambda p: (-ranking.scores[p], ids[p]))
    missing = [ids[p] for p in by_words if ids[p] not in found]
    texts = embeddings.texts(session, missing[:ON_THE_SPOT])
    if texts:
        vectors, roles = embeddings.embed_texts(model, list(texts.values()))
        found.update(zip(texts, zip(vectors, roles, strict=True), strict=True))
    wanted = model.embed([job_document(ranking.job), ranking.job.title])
    n = len(profiles)
    meaning = np.full(n, np.nan)
    role = np.full(n, np.nan)
    for position, cid in enumerate(ids):
        if cid in found:
            meaning[position] = float(found[cid][0] @ wanted[0])
            role[position] = float(found[cid][1] @ wanted[1])
    words = ranking.scores
    known = ~np.isnan(meaning)
    # Without an embedding a profile keeps its word score, on the blend's scale.
    scores = np.where(known, blend(words, np.nan_to_num(meaning), np.nan_to_num(role)), words)
    role_texts = [candidate_role(p.current_title, p.resume_text) for p in profiles]
    return Blended(ranking, meaning, role, role_texts, scores)
