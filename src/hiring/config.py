"""Settings: one instance per app, read from HIRING_* environment variables."""

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    max_upload_mb: int = Field(default=20, ge=1, description="Largest accepted upload, in MB")
    max_json_body_kb: int = Field(default=1024, ge=1, description="Largest accepted JSON body")
    log_level: str = Field(default="INFO")
    public_apply_per_minute: int = Field(
        default=5, ge=1, description="Public applications accepted per IP per minute"
    )

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
