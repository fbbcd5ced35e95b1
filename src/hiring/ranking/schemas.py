from datetime import datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from hiring.candidates.filters import CandidateFilters
from hiring.validation import TypedNumber, YesNo

MAX_RECOMMENDATIONS = 50


class Engine(StrEnum):
    auto = "auto"
    local = "local"
    claude = "claude"


class RecommendOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")

    limit: Annotated[int, Field(ge=1, le=MAX_RECOMMENDATIONS), TypedNumber] = Field(
        default=10, description="Candidates to return"
    )
    include_assigned: YesNo = Field(
        default=False,
        description="Also rank candidates already in this job's pipeline (hired, rejected too)",
    )
    filters: CandidateFilters | None = Field(
        default=None, description="Rank only within this pool (the candidate filter object)"
    )
    engine: Engine = Field(
        default=Engine.auto,
        description="`auto`: Claude when configured, else local; `claude` needs an API key",
    )


class Recommendation(BaseModel):
    candidate_id: str
    name: str
    score: int = Field(ge=0, le=100)
    reasoning: str
    engine: str = Field(
        description="Which engine scored this candidate: `claude`; `semantic` (the local "
        "ranker with the sentence model: profile meaning, role and words blended); `local` "
        "(words only: the semantic extra is not installed, or no embedding yet)"
    )
    matched_skills: list[str]
    missing_skills: list[str]


class RecommendationsOut(BaseModel):
    recommendations: list[Recommendation]
    engine_used: str = Field(
        description="`claude` when Claude scored any item, else `semantic` when the sentence "
        "model did, else `local`"
    )
    model: str | None = Field(description="The Claude model, when Claude was used")
    pool_size: int = Field(description="Eligible candidates that were ranked")
    generated_at: datetime


class RecommendationRunOut(RecommendationsOut):
    id: str
    job_id: str
