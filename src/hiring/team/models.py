from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from hiring.db import Base, utcnow
from hiring.ids import new_id


class PasswordLink(Base):
    """A one-time link that lets a user set their password (a new member's first, or a
    reset an admin hands over). Only the token's SHA-256 digest is stored; the link is shown
    once to the admin who made it. It works once, until ``expires_at``."""

    __tablename__ = "password_links"

    id: Mapped[str] = mapped_column(String(40), primary_key=True, default=lambda: new_id("pwl"))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
