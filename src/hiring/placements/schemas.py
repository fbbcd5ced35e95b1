from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from hiring.placements.models import PayPeriod, PlacementStatus
from hiring.validation import Currency, IsoDate, LongText, Money, MoneyOut

PERIOD_HELP = "year, month, day or hour; required with a salary or rate"


class PlacementCreate(BaseModel):
    """Either ``salary`` or ``rate`` (not both), with its ``period``."""

    model_config = ConfigDict(extra="forbid")

    candidate_id: str = Field(max_length=40)
    job_id: str = Field(max_length=40)
    start_date: IsoDate
    end_date: IsoDate | None = Field(default=None, description="After start_date")
    salary: Money | None = None
    rate: Money | None = None
    currency: Currency = "USD"
    period: PayPeriod | None = Field(default=None, description=PERIOD_HELP)
    fee: Money | None = Field(default=None, description="The agency fee")
    status: PlacementStatus = PlacementStatus.active
    notes: LongText | None = None


class PlacementUpdate(BaseModel):
    """Only the fields sent are changed; the same rules apply to the result."""

    model_config = ConfigDict(extra="forbid")

    start_date: IsoDate = None  # type: ignore[assignment]
    end_date: IsoDate | None = None
    salary: Money | None = None
    rate: Money | None = None
    currency: Currency = None  # type: ignore[assignment]
    period: PayPeriod | None = Field(default=None, description=PERIOD_HELP)
    fee: Money | None = None
    status: PlacementStatus = None  # type: ignore[assignment]
    notes: LongText | None = None


class PlacementOut(BaseModel):
    """Money fields are decimal strings with two decimals, e.g. "85000.00"."""

    model_config = ConfigDict(from_attributes=True)

    id: str
    candidate_id: str | None = Field(description="Null once the candidate was erased")
    job_id: str
    start_date: date
    end_date: date | None
    salary: MoneyOut | None
    rate: MoneyOut | None
    currency: str
    period: PayPeriod | None
    fee: MoneyOut | None
    status: PlacementStatus
    notes: str | None
    created_by: str | None
    created_at: datetime
    updated_at: datetime


class PlacementFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    job_id: str | None = None
    candidate_id: str | None = None
    status: PlacementStatus | None = None
    product: str | None = None
    date_from: IsoDate | None = None
    date_to: IsoDate | None = None
