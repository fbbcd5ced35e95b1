"""Every domain's tables, imported once so Alembic and the tests see the whole schema."""

from hiring.activities.models import Activity
from hiring.applications.models import JobApplication
from hiring.audit.models import AuditEntry
from hiring.auth.models import ApiToken, User
from hiring.candidates.models import Candidate, CandidateLabel
from hiring.crm.models import Company, Contact
from hiring.db import Base
from hiring.events.models import Event
from hiring.files.models import ObjectDeletion, StoredFile
from hiring.imports.models import CandidateImport
from hiring.interviews.models import (
    Interview,
    InterviewInterviewer,
    Scorecard,
    ScorecardAttribute,
)
from hiring.jobs.models import Job
from hiring.notes.models import Note
from hiring.pipeline.models import Assignment, StageChange
from hiring.placements.models import Placement
from hiring.privacy.models import Consent
from hiring.ranking.models import CandidateEmbedding, RecommendationRun
from hiring.referrals.models import Referral
from hiring.segments.models import CandidateSegment
from hiring.tasks.models import ScheduledRun, Task
from hiring.team.models import PasswordLink
from hiring.webhooks.models import WebhookDelivery, WebhookEndpoint

__all__ = [
    "Activity",
    "ApiToken",
    "Assignment",
    "AuditEntry",
    "Base",
    "Candidate",
    "CandidateEmbedding",
    "CandidateImport",
    "CandidateLabel",
    "CandidateSegment",
    "Company",
    "Consent",
    "Contact",
    "Event",
    "Interview",
    "InterviewInterviewer",
    "Job",
    "JobApplication",
    "Note",
    "ObjectDeletion",
    "PasswordLink",
    "Placement",
    "RecommendationRun",
    "Referral",
    "ScheduledRun",
    "Scorecard",
    "ScorecardAttribute",
    "StageChange",
    "StoredFile",
    "Task",
    "User",
    "WebhookDelivery",
    "WebhookEndpoint",
]
