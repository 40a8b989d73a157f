"""The one English message catalog of the core.

`fttool/` speaks in codes with parameters; the CLI prints these English texts and `ui/` translates the
same codes with Qt's tr() (ui/messages.py), so a translation covers messages from the core too.
Rooms add their own codes with `register()` at import time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

CATALOG: dict[str, str] = {
    # general
    "internal_error": "Something went wrong inside fttool: {detail}",
    "cancelled": "Cancelled.",
    "file_not_found": "{path}: no such file.",
    "not_a_file": "{path} is a folder, not a file.",
    "unreadable_file": "{path} cannot be read: {reason}",
    "special_file_fifo": "{path} is a named pipe (FIFO), not a file: reading it would wait for a writer. Give "
                         "fttool a file.",
    "special_file_device": "{path} is a device or a socket, not a file. Give fttool a file.",
    "special_file_loop": "{path} is a symbolic link that leads back to itself. Give fttool the file it should "
                         "point to.",
    "cli_crashed": "fttool {command} stopped on an unexpected error ({error}). Your files were not changed. A "
                   "report without your data is in {report}: please attach it when you report the problem.",
    # credentials
    "no_keyring": (
        "No usable keyring was found ({reason}). fttool keeps secrets only in the system keyring, never in a "
        "plain file. On Linux install and unlock a Secret Service such as GNOME Keyring or KeePassXC "
        "(Debian: apt install gnome-keyring), or set the secret in an environment variable ({env}) for this session."
    ),
    "keyring_error": "The keyring refused the request: {reason}",
    "unknown_secret": "Unknown secret name '{name}'. Known: {known}.",
    "secret_empty": "No secret was given on standard input.",
    "secret_control_chars": "The {name} secret (from: {source}) has a control character inside it (a line break "
                            "or a tab), so it was not used. Set it again, pasted on one line.",
    "secret_saved": "Saved {name} in the keyring.",
    "secret_deleted": "Deleted {name} from the keyring.",
    "secret_not_set": "{name} is not in the keyring.",
    # connection tests
    "connection_ok": "Connected to {provider}: {detail}",
    "bad_key": "{provider} rejected the key (HTTP {status}). Check that you pasted the whole key.",
    "forbidden": "{provider} says this key may not do that (HTTP {status}): {detail}",
    "unreachable": "Cannot reach {provider} at {url}: {detail}",
    "tls_error": "A secure connection to {provider} at {url} failed (TLS/certificate problem): {detail}",
    "rate_limited": "{provider} is rate limiting requests (HTTP 429). Try again in {retry_after}.",
    "server_error": "{provider} had a server error (HTTP {status}). Try again later.",
    "timeout": "{provider} did not answer in time ({seconds} s).",
    "missing_setting": "{provider}: {field} is not set. Add it in Settings.",
    "missing_secret": "{provider}: no key is set. Add it in Settings or with `fttool auth set {name}`.",
    # jobs
    "job_not_found": "No job with id '{job_id}'.",
    "unknown_backend": "No training backend named '{backend}'. Known: {known}.",
    "store_busy": "The job store is busy (another fttool process is writing); try again.",
    "store_newer": "The job store {path} was written by a newer fttool (schema {found}, this one knows {known}).",
    "command_failed": "The command '{command}' failed: {detail}",
    "unknown_command": "The service has no command '{command}'.",
}


def register(entries: Mapping[str, str]) -> None:
    """Add a room's codes to the catalog (a code may be registered once)."""
    for code, text in entries.items():
        if code in CATALOG and CATALOG[code] != text:
            raise ValueError(f"message code registered twice with different text: {code}")
        CATALOG[code] = text


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def render(code: str, params: Mapping[str, Any] | None = None) -> str:
    """The English text of a code, with its parameters filled in (a missing one stays as {name})."""
    template = CATALOG.get(code)
    if template is None:
        return f"{code}: {dict(params or {})}"
    return template.format_map(_Missing(params or {}))
