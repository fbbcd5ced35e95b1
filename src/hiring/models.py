"""Every domain's tables, imported once so Alembic and the tests see the whole schema."""

from hiring.activities.models import Activity
from hiring.applications.models import JobApplication
from hiring.audit.models import AuditEntry
from hiring.auth.models import ApiToken, User
from hiring.candidates.models import Candidate, CandidateLabel
from hiring.crm.models import Company, Contact
from hiring.db import Base
from hiring.files.models import StoredFile
from hiring.imports.models import CandidateImport
from hiring.jobs.models import Job
from hiring.notes.models import Note
from hiring.pipeline.models import Assignment, StageChange
from hiring.placements.models import Placement
from hiring.ranking.models import RecommendationRun
from hiring.referrals.models import Referral
from hiring.segments.models import CandidateSegment
from hiring.tasks.models import Task
from hiring.team.models import PasswordLink

__all__ = [
    "Activity",
    "ApiToken",
    "Assignment",
    "AuditEntry",
    "Base",
    "Candidate",
    "CandidateImport",
    "CandidateLabel",
    "CandidateSegment",
    "Company",
    "Contact",
    "Job",
    "JobApplication",
    "Note",
    "PasswordLink",
    "Placement",
    "RecommendationRun",
    "Referral",
    "StageChange",
    "StoredFile",
    "Task",
    "User",
]
