from pydantic import BaseModel, Field


class Links(BaseModel):
    linkedin: str | None = None
    github: str | None = None
    portfolio: str | None = None
    other: list[str] = []


class Position(BaseModel):
    title: str | None
    company: str | None
    period: str | None = Field(description="As written, e.g. `2021 - present`")
    start: str | None = Field(default=None, description="`YYYY` or `YYYY-MM`")
    end: str | None = Field(default=None, description="`YYYY`, `YYYY-MM` or `present`")


class Schooling(BaseModel):
    degree: str | None
    institution: str | None
    period: str | None


class ResumeParsed(BaseModel):
    """What a resume states, as far as it could be recognised."""

    name: str | None = Field(default=None, description="The first line, when it looks like a name")
    headline: str | None = Field(
        default=None, description="The title written under the name, e.g. `Backend Engineer`"
    )
    location: str | None = Field(default=None, description="Where the person lives, as written")
    emails: list[str] = []
    phones: list[str] = Field(
        default=[],
        description="International format; numbers without a country code are read in the "
        "HIRING_PHONE_REGION country, else the country of the resume's location",
    )
    links: Links = Links()
    skills: list[str] = Field(default=[], description="Canonical names from the skills vocabulary")
    languages: list[str] = Field(default=[], description="Spoken languages")
    years_of_experience: float | None = Field(default=None, description="Only when stated")
    experience: list[Position] = Field(default=[], description="Recent positions, as listed")
    education: list[Schooling] = []


class Extracted(BaseModel):
    """What a resume upload did to its candidate."""

    parsed: ResumeParsed | None = None
    parse_error: str | None = Field(
        default=None, description="Why the text could not be read; the file is stored anyway"
    )
    resume_text_updated: bool = False
    filled: list[str] = Field(
        default=[], description="Candidate fields filled from the resume (empty ones only)"
    )
