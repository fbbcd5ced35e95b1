"""Settings: one instance per app, read from HIRING_* environment variables."""

from functools import cached_property
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import phonenumbers
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from hiring.countries import known_country


class Settings(BaseSettings):
    """Every setting has a safe default for the embedded mode (SQLite + local files)."""

    model_config = SettingsConfigDict(env_prefix="HIRING_", extra="ignore")

    database_url: str = Field(
        default="sqlite:///./var/hiring.db",
        description="SQLAlchemy URL; PostgreSQL: postgresql+psycopg://user@host:5432/db",
    )
    storage_url: str = Field(
        default="file://./var/files",
        description="Where uploaded files live: file:///path or s3://bucket[/prefix]",
    )
    s3_endpoint_url: str | None = Field(
        default=None,
        description="S3 API endpoint for s3:// storage: an R2 endpoint or any S3-compatible server",
    )
    s3_addressing_style: Literal["path", "virtual", "auto"] = Field(
        default="path", description="S3 bucket addressing: path-style works with most servers"
    )
    s3_presign: bool = Field(
        default=False,
        description="S3 storage: downloads redirect to a short-lived presigned URL",
    )
    secret_key: SecretStr = Field(
        default=SecretStr(""),
        description="Signs portal sessions; generated into ./var/secret_key when empty",
    )
    session_hours: int = Field(
        default=12, ge=1, le=24 * 30, description="Hours a portal sign-in lasts"
    )
    phone_region: str | None = Field(
        default=None,
        description="Country (ISO 3166 code, e.g. GB) of phone numbers written without a "
        "country code, for matching people by phone; without it such numbers match nobody",
    )
    company_name: str = Field(
        default="",
        max_length=200,
        description="Employer name on the careers page, in its JobPosting data and the job feed; "
        "empty: the careers page names no employer",
    )
    company_country: str | None = Field(
        default=None,
        description="The employer's country (ISO 3166-1 alpha-2, e.g. DE): where applicants to "
        "remote jobs may live when a job names no countries of its own",
    )
    company_url: str = Field(
        default="",
        description="The employer's website, named in JobPosting data (sameAs) and the job feed",
    )
    company_logo_url: str = Field(
        default="", description="The employer's logo (an absolute URL), for JobPosting data"
    )
    public_url: str = Field(
        default="",
        description="The site's public base URL (https://jobs.example.com): absolute links "
        "(canonical URLs, JobPosting data) are built from it, never from the request's Host "
        "header. Empty: links are relative and JobPosting data has no url",
    )
    smtp_url: SecretStr = Field(
        default=SecretStr(""),
        description="Mail server for interview invites: smtp://user:pass@host:587 (STARTTLS, "
        "required) or smtps://user:pass@host:465 (TLS). Empty: nothing is emailed",
    )
    smtp_from: str = Field(
        default="",
        max_length=254,
        description="Sender address of emails; empty: noreply@ the public URL's host",
    )
    max_upload_mb: int = Field(default=20, ge=1, description="Largest accepted upload, in MB")
    max_json_body_kb: int = Field(default=1024, ge=1, description="Largest accepted JSON body")
    # Resumes are read in a child process with these bounds (hiring.resumes.sandbox): a hostile
    # file costs at most these seconds and this memory, and the upload is kept unread.
    resume_max_text_chars: int = Field(
        default=500_000, ge=1000, description="Most characters of text kept from a resume"
    )
    resume_max_uncompressed_mb: int = Field(
        default=50,
        ge=1,
        le=1024,
        description="Most MB the parts of a DOCX or ODT resume that are read may expand to",
    )
    resume_max_compression_ratio: int = Field(
        default=100,
        ge=10,
        description="A DOCX or ODT part over 1 MB compressed more tightly than this is refused",
    )
    resume_max_xml_elements: int = Field(
        default=200_000, ge=1000, description="Most XML elements read from a DOCX or ODT resume"
    )
    resume_max_pdf_pages: int = Field(
        default=50, ge=1, description="PDF resumes with more pages are stored but not read"
    )
    resume_parse_seconds: float = Field(
        default=10.0, gt=0, le=300, description="Time (wall clock and CPU) one resume may take"
    )
    resume_parse_memory_mb: int = Field(
        default=512, ge=128, description="Address space of the process that reads one resume"
    )
    resume_parse_concurrency: int = Field(
        default=4, ge=1, le=64, description="Resumes read at once by one server process"
    )
    log_level: str = Field(default="INFO")
    public_apply_per_minute: int = Field(
        default=5, ge=1, description="Public applications accepted per IP per minute"
    )
    rate_limit_storage_url: str = Field(
        default="memory://",
        description="Where rate-limit counters live: memory:// (one process) or "
        "redis://host:6379/0 (shared by every copy of the app)",
    )
    write_wait_seconds: float = Field(
        default=10.0,
        gt=0,
        le=120,
        description="How long a request may wait for its turn (SQLite: to write; PostgreSQL: "
        "for a pooled connection) and a SQLite writer for the lock, before it is answered 503 "
        "with Retry-After",
    )
    count_exact_up_to: int = Field(
        default=10_000,
        ge=1,
        description="PostgreSQL: candidate lists count their matches exactly up to this many; "
        "beyond, `total` is the planner's estimate and `total_exact` is false (SQLite always "
        "counts exactly)",
    )
    trusted_proxies: str = Field(
        default="",
        description="Comma-separated addresses or networks (CIDR) of the proxies or load "
        "balancers in front of the app; only requests from them may name the client's address "
        "in X-Forwarded-For (and the scheme in X-Forwarded-Proto). Empty: no one (the default)",
    )
    rate_limit_key_prefix: str = Field(
        default="hiring", min_length=1, description="Prefix of the counters' keys in Redis"
    )

    privacy_policy_url: str = Field(
        default="",
        description="The privacy policy applicants must accept (an absolute http(s) URL): with "
        "it, the apply endpoint and the careers form require `consent`, which is kept on the "
        "candidate. Empty: no consent is asked (the default)",
    )
    retention_months: int = Field(
        default=0,
        ge=0,
        le=1200,
        description="Candidates with no activity for this many months, neither hired nor placed "
        "nor in an active pipeline of an open job, are erased (daily, and by `hiring retention "
        "run`). 0: never (the default)",
    )

    queue_url: str = Field(
        default="",
        description="Where background jobs wait: empty for a SQLite file beside the database "
        "(./var/queue.db when the database is not SQLite), sqlite:///path, redis://host:6379/0 "
        "(shared by every copy of the app and every `hiring worker`), or memory:// to run each "
        "job at once in the request that queues it",
    )
    queue_name: str = Field(
        default="hiring",
        min_length=1,
        max_length=100,
        description="Name of the queue (its keys' prefix in Redis): one per deployment",
    )
    queue_in_process: bool | None = Field(
        default=None,
        description="Whether `hiring serve` runs a job consumer in a thread of its own; default: "
        "yes unless the queue is in Redis, where `hiring worker` processes take the jobs",
    )
    task_retries: int = Field(
        default=3, ge=0, le=20, description="Retries of a background job that failed"
    )
    task_retry_delay_seconds: float = Field(
        default=10.0, ge=0, le=3600, description="First retry delay of a job; doubles each retry"
    )

    events_keep_days: int = Field(
        default=30, ge=1, le=3650, description="Days the event feed keeps each event"
    )
    webhook_retry_base_seconds: float = Field(
        default=60.0,
        ge=0,
        le=3600,
        description="A webhook's first retry delay; later ones follow 5x, 30x, 120x, 360x, "
        "720x and 1440x of it (about 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h)",
    )
    webhook_timeout_seconds: float = Field(
        default=10.0, gt=0, le=60, description="Seconds a webhook receiver has to answer"
    )
    webhooks_allow_http: bool = Field(
        default=False, description="Accept plain http:// webhook URLs (https only by default)"
    )
    webhooks_allow_private: bool = Field(
        default=False,
        description="Accept webhook URLs on loopback, private or link-local addresses "
        "(tests and on-premise receivers)",
    )

    import_max_rows: int = Field(
        default=200_000, ge=1, description="Most rows of a candidate import file"
    )
    import_max_columns: int = Field(
        default=200, ge=1, description="Most columns of a candidate import file"
    )
    import_background_rows: int = Field(
        default=500,
        ge=0,
        description="Import files with more rows than this run as a background job (202)",
    )
    import_batch_rows: int = Field(
        default=1000, ge=1, le=100_000, description="Rows an import writes per transaction"
    )
    import_max_uncompressed_mb: int = Field(
        default=200,
        ge=1,
        le=4096,
        description="Most MB the parts of an XLSX import may expand to",
    )

    apollo_base_url: str = Field(
        default="https://api.apollo.io/api/v1", description="Apollo API base URL"
    )
    apollo_api_key: SecretStr = Field(
        default=SecretStr(""),
        validation_alias=AliasChoices("APOLLO_API_KEY", "HIRING_APOLLO_API_KEY"),
        description="Apollo API key; enrichment answers 503 without one",
    )
    apollo_timeout_seconds: float = Field(
        default=10.0, gt=0, le=120, description="Timeout of each call to Apollo"
    )
    apollo_max_retries: int = Field(
        default=2, ge=0, le=5, description="Retries of a call Apollo answered 429 or 5xx"
    )
    apollo_backoff_seconds: float = Field(
        default=1.0, ge=0, le=60, description="First retry delay; doubles on each retry"
    )
    apollo_max_wait_seconds: float = Field(
        default=20.0, ge=0, le=300, description="Most time one call may spend waiting to retry"
    )
    manatal_base_url: str = Field(
        default="https://api.manatal.com/open/v3",
        description="Manatal Open API base URL (`hiring import manatal`)",
    )
    manatal_api_token: SecretStr = Field(
        default=SecretStr(""),
        validation_alias=AliasChoices("MANATAL_API_TOKEN", "HIRING_MANATAL_API_TOKEN"),
        description="Manatal Open API token (Administration > Features > Open API)",
    )
    manatal_timeout_seconds: float = Field(
        default=30.0, gt=0, le=300, description="Timeout of each call to Manatal"
    )
    manatal_max_retries: int = Field(
        default=5, ge=0, le=10, description="Retries of a call Manatal answered 429 or 5xx"
    )
    enrich_ttl_days: int = Field(
        default=30, ge=0, description="Records enriched this recently are skipped unless forced"
    )
    enrich_job_max_candidates: int = Field(
        default=10_000,
        ge=1,
        description="Most candidates one enrich-all job may cover (a larger filter is refused)",
    )
    enrich_per_minute: int = Field(
        default=10, ge=1, description="Enrichment requests accepted per user per minute"
    )

    anthropic_api_key: SecretStr = Field(
        default=SecretStr(""),
        validation_alias=AliasChoices("ANTHROPIC_API_KEY", "HIRING_ANTHROPIC_API_KEY"),
        description="Claude API key; without one recommendations use the local ranker only",
    )
    anthropic_base_url: str = Field(
        default="",
        validation_alias=AliasChoices("ANTHROPIC_BASE_URL", "HIRING_ANTHROPIC_BASE_URL"),
        description="Claude API base URL; empty means the SDK's default",
    )
    anthropic_model: str = Field(
        default="claude-sonnet-5", min_length=1, description="Claude model that re-ranks"
    )
    anthropic_timeout_seconds: float = Field(
        default=60.0, gt=0, le=600, description="Timeout of each call to Claude"
    )
    anthropic_max_retries: int = Field(
        default=2, ge=0, le=5, description="Retries of a Claude call that got 429, 5xx or no answer"
    )
    anthropic_max_tokens: int = Field(
        default=4096, ge=256, le=32_000, description="Most output tokens of one ranking answer"
    )
    rank_shortlist: int = Field(
        default=30, ge=1, le=100, description="Top local candidates Claude re-ranks in one request"
    )
    rank_resume_chars: int = Field(
        default=1500, ge=0, le=20_000, description="Resume characters sent to Claude per candidate"
    )
    recommend_per_minute: int = Field(
        default=10, ge=1, description="Recommendation runs accepted per user per minute"
    )

    @field_validator("queue_url")
    @classmethod
    def _queue_url(cls, value: str) -> str:
        value = value.strip()
        schemes = ("sqlite:///", "redis://", "rediss://", "unix://", "memory://")
        if value and not value.startswith(schemes):
            raise ValueError("must be empty or start with " + ", ".join(schemes))
        return value

    @field_validator("smtp_url")
    @classmethod
    def _smtp_url(cls, value: SecretStr) -> SecretStr:
        url = value.get_secret_value().strip()
        if not url:
            return SecretStr("")
        try:
            parts = urlsplit(url)
            parts.port  # noqa: B018 (raises on a port that is not a number)
        except ValueError as exc:
            raise ValueError("must be smtp://user:pass@host:587 or smtps://…") from exc
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("must be smtp://user:pass@host:587 or smtps://user:pass@host:465")
        return SecretStr(url)

    @field_validator("phone_region")
    @classmethod
    def _known_region(cls, value: str | None) -> str | None:
        if not value or not value.strip():
            return None
        region = value.strip().upper()
        if region not in phonenumbers.SUPPORTED_REGIONS:
            raise ValueError(f"Unknown phone region {value!r}: use a country code such as GB")
        return region

    @field_validator("company_name")
    @classmethod
    def _one_line_name(cls, value: str) -> str:
        # Shown in page titles and feeds: blanks are no name, line breaks are spaces.
        return " ".join(value.split())

    @field_validator("company_country")
    @classmethod
    def _known_country(cls, value: str | None) -> str | None:
        if not value or not value.strip():
            return None
        code = known_country(value)
        if code is None:
            raise ValueError(f"Unknown country {value!r}: use an ISO 3166-1 code such as DE")
        return code

    @field_validator("company_url", "company_logo_url", "privacy_policy_url")
    @classmethod
    def _absolute_url(cls, value: str) -> str:
        value = value.strip()
        if not value:
            return ""
        try:
            parts = urlsplit(value)
        except ValueError as exc:
            raise ValueError("must be an http(s) URL such as https://example.com") from exc
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
            raise ValueError("must be an http(s) URL such as https://example.com")
        if any(ch.isspace() or ord(ch) < 32 for ch in value):
            raise ValueError("must be a URL without spaces")
        return value

    @field_validator("public_url")
    @classmethod
    def _public_base_url(cls, value: str) -> str:
        """An http(s) URL with a host and no query, fragment or credentials; kept without
        its trailing slash, so links are ``public_url + "/careers/…"``."""
        value = value.strip()
        if not value:
            return ""
        if any(ch.isspace() or ord(ch) < 32 for ch in value):
            raise ValueError("must be a URL without spaces")
        try:
            parts = urlsplit(value)
            port_ok = parts.port is None or parts.port > 0
        except ValueError as exc:
            raise ValueError("must be an http(s) URL such as https://jobs.example.com") from exc
        if parts.scheme.lower() not in ("http", "https") or not parts.hostname or not port_ok:
            raise ValueError("must be an http(s) URL such as https://jobs.example.com")
        if parts.username is not None or parts.password is not None:
            raise ValueError("must not carry a user name or password")
        if parts.query or parts.fragment or "?" in value or "#" in value:
            raise ValueError("must not carry a query or a fragment")
        return f"{parts.scheme.lower()}://{parts.netloc}{parts.path.rstrip('/')}"

    def trusted_proxy_list(self) -> list[str]:
        return [entry.strip() for entry in self.trusted_proxies.split(",") if entry.strip()]

    @property
    def queue_is_redis(self) -> bool:
        return self.queue_url.startswith(("redis://", "rediss://", "unix://"))

    @property
    def runs_jobs_in_process(self) -> bool:
        """Whether the server consumes jobs itself (the embedded default) or leaves them to
        `hiring worker` processes (a queue in Redis)."""
        if self.queue_in_process is not None:
            return self.queue_in_process
        return not self.queue_is_redis and not self.queue_url.startswith("memory://")

    def queue_path(self) -> Path:
        """The SQLite file of an embedded queue: ``queue_url``'s, or one beside the database."""
        prefix = "sqlite:///"
        if self.queue_url.startswith(prefix):
            return Path(self.queue_url[len(prefix) :])
        database = self.sqlite_path()
        if database is None:
            return Path("var") / "queue.db"
        return database.with_name(f"{database.stem}-queue.db")

    @cached_property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def sqlite_path(self) -> Path | None:
        """The database file of a sqlite:/// URL, or None for memory or other databases."""
        prefix = "sqlite:///"
        if not self.database_url.startswith(prefix):
            return None
        raw = self.database_url[len(prefix) :].split("?", 1)[0]
        return Path(raw) if raw and raw != ":memory:" else None
