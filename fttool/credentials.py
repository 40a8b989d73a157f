"""Every secret passes through here: keyring service `fttool`, one named entry per secret.

Environment variables override the keyring as the official clients do (OPENAI_API_KEY, AZURE_OPENAI_API_KEY,
AZURE_OPENAI_ENDPOINT, HF_TOKEN, TOGETHER_API_KEY). With no usable keyring backend we say what is missing and how to get one;
there is never a plain-file fallback (plain-file backends such as keyrings.alt are refused).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal

from fttool.errors import CredentialError, KeyringUnavailable, UsageError
from fttool.log import remember_secret

SERVICE = "fttool"
Source = Literal["keyring", "env", "none"]


@dataclass(frozen=True)
class SecretSpec:
    name: str  # the CLI name and keyring entry name
    label: str  # what a person calls it
    env: str | None  # the environment variable that overrides it


SPECS: dict[str, SecretSpec] = {
    s.name: s
    for s in [
        SecretSpec("openai", "OpenAI API key", "OPENAI_API_KEY"),
        SecretSpec("azure", "Azure OpenAI API key", "AZURE_OPENAI_API_KEY"),
        SecretSpec("azure-endpoint", "Azure OpenAI endpoint", "AZURE_OPENAI_ENDPOINT"),
        SecretSpec("azure-management", "Azure management token", "AZURE_MANAGEMENT_TOKEN"),
        SecretSpec("hf", "Hugging Face token", "HF_TOKEN"),
        SecretSpec("together", "Together AI API key", "TOGETHER_API_KEY"),
        SecretSpec("judge", "Judge model API key", "FTTOOL_JUDGE_API_KEY"),
    ]
}
SERVER_PREFIX = "server:"  # keys of OpenAI-compatible servers: server:NAME


def spec(name: str) -> SecretSpec:
    if name in SPECS:
        return SPECS[name]
    if name.startswith(SERVER_PREFIX) and len(name) > len(SERVER_PREFIX):
        server = name[len(SERVER_PREFIX) :]
        return SecretSpec(name, f"API key of the server '{server}'", None)
    known = ", ".join([*SPECS, SERVER_PREFIX + "NAME"])
    raise UsageError("unknown_secret", name=name, known=known)


def _is_plaintext_backend(kr: object) -> bool:
    mod = type(kr).__module__
    return mod.startswith("keyrings.alt") or type(kr).__name__ in {"PlaintextKeyring", "EncryptedKeyring"}


def keyring_status() -> tuple[bool, str, str]:
    """(usable, backend name, reason when not usable)."""
    try:
        import keyring
        from keyring.backends import fail

        kr = keyring.get_keyring()
    except Exception as exc:  # a broken keyring install
        return False, "none", f"keyring failed to load: {exc}"
    name = f"{type(kr).__module__}.{type(kr).__name__}"
    inner = getattr(kr, "backends", None)  # ChainerBackend: usable when it holds a usable backend
    if isinstance(kr, fail.Keyring) or (inner is not None and not inner):
        return False, name, "no keyring backend is available on this system"
    if _is_plaintext_backend(kr):
        return False, name, "the only keyring backend stores secrets in a plain file"
    return True, name, ""


def _require_keyring() -> None:
    ok, _, reason = keyring_status()
    if not ok:
        env = ", ".join(s.env for s in SPECS.values() if s.env)
        raise KeyringUnavailable(reason=reason, env=env)


def where(name: str) -> Source:
    """Where the secret would come from: env (overrides), keyring, or none."""
    s = spec(name)
    if s.env and os.environ.get(s.env):
        return "env"
    ok, _, _ = keyring_status()
    if not ok:
        return "none"
    try:
        import keyring

        return "keyring" if keyring.get_password(SERVICE, s.name) else "none"
    except Exception:
        return "none"


def clean(value: str | None, name: str, source: str) -> str | None:
    """A secret without the whitespace around it (a trailing CR from a Windows .env file, a newline from a paste);
    a control character inside it is refused by name and source, never echoing the value."""
    if value is None:
        return None
    remember_secret(value)  # redacted in every form, even the one refused below
    stripped = value.strip(" \t\r\n\x0b\x0c")
    if any(ord(c) < 32 or ord(c) == 127 for c in stripped):
        raise CredentialError("secret_control_chars", name=name, source=source)
    return stripped or None


def get(name: str) -> str | None:
    """The secret, or None. Never logs it; remembers it so log lines and tracebacks can be redacted."""
    s = spec(name)
    value = os.environ.get(s.env) if s.env else None
    source = str(s.env)
    if not value:
        value = None
        ok, _, _ = keyring_status()
        if ok:
            import keyring

            try:
                value = keyring.get_password(SERVICE, s.name)
            except Exception as exc:
                raise CredentialError("keyring_error", reason=type(exc).__name__) from None
            source = "keyring"
    return clean(value, s.name, source)


def require(name: str, provider: str | None = None) -> str:
    value = get(name)
    if value:
        return value
    if where(name) == "none" and not keyring_status()[0]:
        _require_keyring()
    raise CredentialError("missing_secret", provider=provider or spec(name).label, name=name)


def set_secret(name: str, value: str) -> None:
    s = spec(name)
    value = clean(value, s.name, "fttool auth set") or ""
    if not value:
        raise UsageError("secret_empty")
    _require_keyring()
    import keyring

    remember_secret(value)
    try:
        keyring.set_password(SERVICE, s.name, value)
    except Exception as exc:
        raise CredentialError("keyring_error", reason=type(exc).__name__) from None


def delete_secret(name: str) -> bool:
    """True when an entry was deleted, False when there was none."""
    s = spec(name)
    _require_keyring()
    import keyring
    from keyring.errors import PasswordDeleteError

    try:
        keyring.delete_password(SERVICE, s.name)
        return True
    except PasswordDeleteError:
        return False
    except Exception as exc:
        raise CredentialError("keyring_error", reason=type(exc).__name__) from None


def status(extra_names: list[str] | None = None) -> list[dict[str, object]]:
    """One row per secret: provider, set, source. Never the secret itself."""
    rows = []
    for name in [*SPECS, *(extra_names or [])]:
        src = where(name)
        rows.append({"provider": name, "set": src != "none", "source": src})
    return rows
