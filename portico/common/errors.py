"""Domain errors: values a person can act on. Each names the field it is about, when there is one."""

from __future__ import annotations


class DomainError(Exception):
    """Base of every error a service or query raises on purpose."""

    code = "invalid"

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code


class NotFound(DomainError):
    """Out of scope or nonexistent: the two are deliberately indistinguishable."""

    code = "not_found"


class ValidationFailed(DomainError):
    """Input failed validation; ``errors`` maps each field (or row) to its messages."""

    code = "validation_failed"

    def __init__(self, errors: dict[str, list[str]]) -> None:
        first = next(iter(errors.items()))
        super().__init__(f"{first[0]}: {first[1][0]}", field=first[0])
        self.errors = errors


class Throttled(DomainError):
    code = "throttled"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class PermissionDenied(DomainError):
    code = "permission_denied"
