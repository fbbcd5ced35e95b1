"""The candidate filter object shared by the list endpoint, the portal, segments and ranking."""

from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from hiring.candidates.models import Source
from hiring.errors import Invalid
from hiring.pipeline.models import Stage
from hiring.text import MAX_SEARCH_LENGTH
from hiring.validation import FROM_TEXT, DateFrom, DateTo, LabelList, TypedNumber, YesNo


class CandidateSort(StrEnum):
    created_at = "created_at"
    oldest = "-created_at"
    name = "name"
    rating = "rating"
    updated_at = "updated_at"
    relevance = "relevance"


class ArchivedFilter(StrEnum):
    exclude = "exclude"
    include = "include"
    only = "only"


class LabelMode(StrEnum):
    any = "any"
    all = "all"


def _one_or_many(value: object) -> object:
    return [value] if isinstance(value, str) else value


StageList = Annotated[list[Stage], BeforeValidator(_one_or_many), Field(min_length=1)]
SourceList = Annotated[list[Source], BeforeValidator(_one_or_many), Field(min_length=1)]


class CandidateFilters(BaseModel):
    """The candidate filter object (list endpoint, segments, recommendations). Every filter
    given must hold (AND). ``job_id`` and ``stage`` match any of a candidate's assignments
    (or its own stage when it is in no pipeline)."""

    model_config = ConfigDict(extra="forbid")

    search: str | None = Field(
        default=None,
        max_length=MAX_SEARCH_LENGTH,
        description='Full-text: every word as a word prefix; "quoted phrase" exact',
    )
    job_id: str | None = Field(default=None, max_length=40, description="In this job's pipeline")
    stage: StageList | None = Field(default=None, description="One stage or a list (any of)")
    source: SourceList | None = Field(default=None, description="One source or a list (any of)")
    product: str | None = Field(default=None, max_length=100, description="Exact, any case")
    location: str | None = Field(default=None, max_length=200, description="Substring, any case")
    skills: LabelList | None = Field(default=None, description="Any case; see skills_mode")
    skills_mode: LabelMode = Field(default=LabelMode.any, description="any of, or all of")
    tags: LabelList | None = Field(default=None, description="Any case; see tags_mode")
    tags_mode: LabelMode = LabelMode.any
    languages: LabelList | None = Field(default=None, description="Any case; languages_mode")
    languages_mode: LabelMode = LabelMode.any
    rating_min: Annotated[int, Field(ge=1, le=5), TypedNumber] | None = Field(
        default=None, description="Rated at least"
    )
    has_email: YesNo | None = Field(default=None, description="true: with, false: without")
    has_phone: YesNo | None = Field(default=None, description="true: with, false: without")
    created_from: DateFrom | None = Field(default=None, description="Created on or after")
    created_to: DateTo | None = Field(default=None, description="Created on or before")
    updated_from: DateFrom | None = Field(default=None, description="Updated on or after")
    archived: ArchivedFilter = Field(
        default=ArchivedFilter.exclude, description="exclude (default), include or only"
    )


def validated_filters(values: dict[str, Any]) -> CandidateFilters:
    """``CandidateFilters`` from text gathered outside a request body (query parameters, a
    form): refused values leave as a 422 naming each offending key, like a body's would."""
    try:
        return CandidateFilters.model_validate(values, context=FROM_TEXT)
    except ValidationError as exc:
        details = [
            {
                "field": ".".join(str(part) for part in error["loc"]) or "filters",
                "message": "Unknown field" if error["type"] == "extra_forbidden" else error["msg"],
            }
            for error in exc.errors()
        ]
        raise Invalid("Some fields are invalid", details) from exc
