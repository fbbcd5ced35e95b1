from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from hiring.auth.models import Role
from hiring.auth.schemas import UserOut
from hiring.validation import Email

NewPassword = Annotated[str, Field(min_length=8, max_length=200)]


class MemberCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: Email
    role: Role = Role.recruiter
    password: str | None = Field(
        default=None,
        min_length=8,
        max_length=200,
        description="Leave out to answer a one-time link with which the user sets their own",
    )


class MemberUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    role: Role


class PasswordLinkOut(BaseModel):
    url: str = Field(
        description="Where the user sets their password; works once, until `expires_at`. "
        "Shown only in this answer: pass it on to the user"
    )
    expires_at: datetime


class MemberCreated(UserOut):
    set_password_link: PasswordLinkOut | None = Field(
        description="Present when the user was added without a password"
    )


class PasswordChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    current_password: str = Field(min_length=1, max_length=200)
    new_password: NewPassword


class PasswordSet(BaseModel):
    """The set-password page's form."""

    model_config = ConfigDict(extra="forbid")

    new_password: NewPassword


class OwnTokenOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    name: str
    prefix: str = Field(description="The token's first characters, to tell it apart")
    created_at: datetime
