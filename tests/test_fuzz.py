"""The fuzzing job: Schemathesis walks the app's own OpenAPI document, one test per operation
(so xdist spreads them), and fails on any answer the document does not promise.

Phases: the document's examples, coverage (boundary values, missing parameters, undeclared
methods) and fuzzing with valid and invalid data: 25 examples per operation
(``HIRING_FUZZ_EXAMPLES`` lowers it for a quicker local run; ``HIRING_FUZZ_SEED`` draws other
cases than CI's fixed seed). Checks: no 5xx but a documented 503, only documented status
codes, content types, headers and bodies, valid data accepted, invalid data refused, a missing
required header refused, an undeclared method answered 405 and ``Allow`` naming the path's
documented methods.

Run it alone with ``pytest -m fuzz``. The suite runs it on SQLite and again on PostgreSQL.
"""

import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from schemathesis.config import ChecksConfig, SchemathesisConfig
from schemathesis.python.asgi import ASGIClient

from hiring.app import create_app
from tests.conftest import Persona, make_settings

pytestmark = pytest.mark.fuzz

EXAMPLES_PER_OPERATION = int(os.environ.get("HIRING_FUZZ_EXAMPLES", "25"))
SEED = int(os.environ.get("HIRING_FUZZ_SEED", "20240601"))  # the same cases on every worker
DEFAULTS = ChecksConfig()
ACCEPTED = DEFAULTS.positive_data_acceptance.expected_statuses
REFUSED = DEFAULTS.negative_data_rejection.expected_statuses


def _without(check: str, operation: str) -> dict[str, Any]:
    return {"include-name": operation, "checks": {check: {"enabled": False}}}


# Where a check cannot hold for an operation, whatever the document says: one line each, why.
NOT_APPLICABLE: list[dict[str, Any]] = [
    # Each body names rows that must exist, which no schema can say: 422 names an unknown one.
    _without("positive_data_acceptance", "POST /api/jobs"),  # company_id, contact_id
    _without("positive_data_acceptance", "POST /api/candidates"),  # job_id
    _without("positive_data_acceptance", "POST /api/contacts"),  # company_id
    _without("positive_data_acceptance", "POST /api/placements"),  # candidate_id, job_id
    _without("positive_data_acceptance", "POST /api/referrals"),  # candidate_id, job_id
    _without("positive_data_acceptance", "POST /api/candidates/enrich-batch"),  # candidate_ids
    # candidate_id, job_id, and interviewers who are users (and an IANA time zone).
    _without("positive_data_acceptance", "POST /api/interviews"),
    _without("positive_data_acceptance", "PATCH /api/interviews/{interview_id}"),
    # Attribute names are distinct regardless of case: more than a schema can say.
    _without("positive_data_acceptance", "PUT /api/jobs/{job_id}/scorecard"),
    # A webhook URL must be https with a host that resolves outside the network, and "*"
    # stands alone among the event types: more than a schema says.
    _without("positive_data_acceptance", "POST /api/webhooks"),
    _without("positive_data_acceptance", "PATCH /api/webhooks/{webhook_id}"),
    # A job's country must be a real ISO 3166 code and its pay whole (an amount needs a
    # currency and a period, minimum ≤ maximum): more than the schema says.
    _without("positive_data_acceptance", "PATCH /api/jobs/{job_id}"),
    # What a file must hold (a header with a name column) is more than a schema can say.
    _without("positive_data_acceptance", "POST /api/imports/candidates"),
    # A multipart file part sent as "null" is a file of four bytes on the wire: a text resume.
    _without("negative_data_rejection", "POST /api/resumes/parse"),
    # The current password must be the right one, which no schema can say: 422 when wrong.
    _without("positive_data_acceptance", "POST /api/me/password"),
    # Its "invalid" query values read valid on the wire: has_phone=[false] sends has_phone=false.
    _without("negative_data_rejection", "GET /api/candidates"),
]


def _config() -> SchemathesisConfig:
    return SchemathesisConfig.from_dict(
        {
            "seed": SEED,
            "suppress-health-check": ["all"],
            "generation": {
                "mode": "all",
                "max-examples": EXAMPLES_PER_OPERATION,
                "database": "none",
                # Every route refuses NUL and lone surrogates in any text with a 422 (the API
                # description says so): JSON Schema cannot say it short of a pattern on each
                # string, so valid data is generated without them.
                "allow-x00": False,
                "codec": "utf-8",
                # The admin's token goes with every request; authentication has tests of its own.
                "with-security-parameters": False,
            },
            "phases": {"stateful": {"enabled": False}},
            "checks": {
                # A documented 503 (busy database, Apollo or Claude unavailable) is an answer;
                # status_code_conformance fails it where it is not documented.
                "not_a_server_error": {"expected-statuses": ["2xx", "3xx", "4xx", "503"]},
                # 413 too: the body limit counts bytes, which a field's maxLength cannot (100,000
                # characters of escaped emoji are 1.2 MB of JSON); every body route documents it.
                "positive_data_acceptance": {
                    "expected-statuses": [
                        *DEFAULTS.positive_data_acceptance.expected_statuses,
                        "413",
                    ]
                },
                "negative_data_rejection": {
                    "expected-statuses": [
                        *DEFAULTS.negative_data_rejection.expected_statuses,
                        "413",
                    ]
                },
                "status_code_conformance": {"enabled": True},
                "response_schema_conformance": {"enabled": True},
                "content_type_conformance": {"enabled": True},
                "missing_required_header": {"enabled": True},
                "unsupported_method": {"enabled": True},
                "allow_header_conformance": {"enabled": True},
                "response_headers_conformance": {"enabled": True},
                "ignored_auth": {"enabled": True},
                # These follow a resource across operations (create, delete, read again), which
                # only the stateful phase does; the API's own tests cover those sequences.
                "use_after_free": {"enabled": False},
                "ensure_resource_availability": {"enabled": False},
                # Needs a second caller's resources to compare; roles have tests of their own.
                "object_level_authorization": {"enabled": False},
            },
            "operations": NOT_APPLICABLE,
        }
    )


def _load_schema() -> Any:
    """The document of an app built for it alone: the tests are collected before any fixture
    exists. The requests go to the test's own ``app``."""
    with tempfile.TemporaryDirectory(prefix="hiring-fuzz-") as tmp:
        document_app = create_app(make_settings(f"sqlite:///{tmp}/doc.db", Path(tmp) / "files"))
        schema = schemathesis.openapi.from_asgi("/openapi.json", document_app, config=_config())
        document_app.state.engine.dispose()
    return schema


SCHEMA = _load_schema()


@SCHEMA.parametrize()
def test_operation(case: schemathesis.Case, app: FastAPI, personas: dict[str, Persona]) -> None:
    with ASGIClient(app) as client:
        case.call_and_validate(
            session=client, headers={"Authorization": f"Bearer {personas['admin'].token}"}
        )
