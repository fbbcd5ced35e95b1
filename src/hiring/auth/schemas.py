from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from hiring.auth.models import Role


class UserOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: str
    email: str
    role: Role
    is_active: bool
    created_at: datetime


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="default", min_length=1, max_length=100)


class TokenOut(BaseModel):
    id: str
    name: str
    prefix: str
    created_at: datetime
    token: str = Field(description="The token itself; shown only in this answer")
