"""Typed errors. Each carries a message code and parameters (fttool/messages.py), so the CLI prints English
and the UI translates the same code. `details` holds the technical text shown one click away."""

from __future__ import annotations

from typing import Any

from fttool.messages import render


class FtError(Exception):
    """Base of every error fttool reports to a person."""

    default_code = "internal_error"
    exit_code = 1

    def __init__(self, code: str | None = None, *, details: str | None = None, **params: Any) -> None:
        from fttool.log import redact

        self.code = code or self.default_code
        self.params = params
        self.details = redact(details) if details else details
        super().__init__(self.message)

    @property
    def message(self) -> str:
        from fttool.log import redact

        return redact(render(self.code, self.params))  # a key a client put in its error never reaches a person

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message}


class InputError(FtError):
    """Input that cannot be read at all (missing file, a folder, binary data): CLI exit 2."""

    default_code = "unreadable_file"
    exit_code = 2


class UsageError(FtError):
    exit_code = 2


class CredentialError(FtError):
    default_code = "missing_secret"


class KeyringUnavailable(CredentialError):
    default_code = "no_keyring"


class ConnectionProblem(FtError):
    """The network or the provider: unreachable, TLS, 401, 429, 5xx, timeouts."""

    default_code = "unreachable"


class Cancelled(FtError):
    default_code = "cancelled"


class NotFound(FtError):
    default_code = "job_not_found"


class StoreError(FtError):
    default_code = "store_busy"
