"""The one translator from request parameters to the candidate filter object."""

from datetime import UTC, datetime

import pytest
from fastapi import FastAPI

from hiring.candidates.filters import ArchivedFilter, LabelMode
from hiring.candidates.params import PARAMS, filters_from_params
from hiring.errors import Invalid
from hiring.pipeline.models import Stage


def test_the_api_names_become_the_filter_fields() -> None:
    filters = filters_from_params(
        {
            "date_from": "2026-01-31",
            "date_to": "2026-02-01",
            "stage": "offer",
            "skills": ["Python", "Go"],
            "skills_mode": "all",
            "has_email": "1",
            "show_archived": "1",
            "rating_min": "4",
            "search": "  ",
            "sort": "name",  # not a filter: ignored
        }
    )
    assert filters.created_from == datetime(2026, 1, 31, tzinfo=UTC)
    assert filters.created_to is not None and filters.created_to.date().isoformat() == "2026-02-01"
    assert filters.stage == [Stage.offer]
    assert (filters.skills, filters.skills_mode) == (["Python", "Go"], LabelMode.all)
    assert (filters.has_email, filters.rating_min, filters.search) == (True, 4, None)
    assert filters.archived is ArchivedFilter.include


def test_archived_wins_over_show_archived_and_blanks_are_not_given() -> None:
    both = filters_from_params({"archived": "only", "show_archived": "1"})
    assert both.archived is ArchivedFilter.only
    nothing = filters_from_params({"stage": "", "tags": [" "], "tags_mode": "all", "job_id": ""})
    # Only what was given is set (a segment stores exactly that).
    assert nothing.model_fields_set == set()


def test_refusals_name_each_parameter_as_sent() -> None:
    with pytest.raises(Invalid) as refused:
        filters_from_params(
            {"date_from": "yesterday", "stage": ["offer", "limbo"], "show_archived": "maybe"}
        )
    fields = {detail["field"] for detail in refused.value.details}
    assert fields == {"date_from", "stage.1", "show_archived"}


def test_the_api_still_documents_every_parameter(app: FastAPI) -> None:
    declared = app.openapi()["paths"]["/api/candidates"]["get"]["parameters"]
    assert set(PARAMS) <= {p["name"] for p in declared}
