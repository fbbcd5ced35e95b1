"""Domain errors. Services raise these; one handler maps them to the error envelope."""

from typing import Any


class HiringError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, message: str, details: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class Invalid(HiringError):
    status_code = 422
    code = "validation_error"

    @classmethod
    def field(cls, field: str, message: str) -> "Invalid":
        return cls(message, [{"field": field, "message": message}])


class Unauthorized(HiringError):
    status_code = 401
    code = "unauthorized"


class Forbidden(HiringError):
    status_code = 403
    code = "forbidden"


class NotFound(HiringError):
    status_code = 404
    code = "not_found"


class Conflict(HiringError):
    status_code = 409
    code = "conflict"


class PayloadTooLarge(HiringError):
    status_code = 413
    code = "payload_too_large"


class UnsupportedMediaType(HiringError):
    status_code = 415
    code = "unsupported_media_type"


class RateLimited(HiringError):
    status_code = 429
    code = "rate_limited"

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class Unavailable(HiringError):
    status_code = 503
    code = "unavailable"

    def __init__(self, message: str, code: str = "unavailable") -> None:
        super().__init__(message)
        self.code = code


class Busy(HiringError):
    """The database could not take the work in time; nothing was done, and it may be retried."""

    status_code = 503
    code = "busy"
    retry_after = 1

    def __init__(self, message: str = "The database is busy; try again shortly") -> None:
        super().__init__(message)
