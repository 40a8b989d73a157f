"""Personal data and secrets in training text: one rule set, used by the single-example check (the Data view's
row check) and by the whole-file scan, so both always report the same lines.

Rules (kinds): `email`; `phone`, by the shapes numbers are written in across countries (see `is_phone` and the
test table in tests/unit/test_pii.py); `api_key`, the key formats of the services this app talks to (OpenAI,
Azure OpenAI, Hugging Face, Together) and the common ones people paste (Stripe, AWS, GitHub, Slack, Google, JWT,
PEM private keys). IPv4 addresses, dates, order and invoice numbers, ISBNs, card-like digit runs and decimals are
not phones.

Why rules of our own: the phonenumbers library finds numbers by region one region at a time (about 40 MB with
its metadata, and slow over a 100 MB file); a training file mixes countries and needs a yes/no per field.

The whole-file scan first picks candidate lines with a byte scan (`candidate_lines`), then runs the rules on those
lines only. Each trigger there is a necessary condition of a rule (an `@`; a key's literal prefix or a run of 32
hex digits; 8 digits each at most 3 bytes after the one before, since a phone's separators are at most 2
characters), so the scan never
skips a line the rules would flag; tests/unit/test_pii.py checks that on a generated corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

KIND_TEXT = {"email": "an e-mail address", "phone": "a phone number", "api_key": "an API key or secret"}
EMAIL, PHONE, SECRET = 1, 2, 4
ALL = EMAIL | PHONE | SECRET

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")

# A run of 8 to 15 digits, each at most 2 separator characters from the next, not inside a word or a longer
# number; then `is_phone` decides by its shape.
_PHONE_CANDIDATE = re.compile(r"(?<![\w.+/-])[+(]?\d(?:[ ./()-]{0,2}\d){7,14}(?![\w])")
_GROUPS = re.compile(r"\d+")
_IPV4 = re.compile(r"\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}")

# key formats; each starts with a literal in SECRET_LITERALS, except Azure's 32 hex digits (scanned as a run)
_SECRET = re.compile(
    r"\b(?:sk-(?:proj-|ant-|svcacct-)?[A-Za-z0-9_-]{20,}"       # OpenAI, Anthropic
    r"|hf_[A-Za-z0-9]{30,}"                                     # Hugging Face
    r"|tgp_v1_[A-Za-z0-9_-]{20,}"                               # Together AI
    r"|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}"                # Stripe-style secret and restricted keys
    r"|AKIA[0-9A-Z]{16}"                                        # AWS access key id
    r"|gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{30,}"  # GitHub
    r"|xox[baprs]-[A-Za-z0-9-]{10,}"                            # Slack
    r"|AIza[0-9A-Za-z_-]{35}"                                   # Google
    r"|eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}"  # JWT (header.payload.signature)
    r"|[0-9a-f]{32})\b"                                         # Azure OpenAI / Cognitive Services key
    r"|-----BEGIN [A-Z ]*PRIVATE KEY-----")
SECRET_LITERALS = (b"sk-", b"hf_", b"tgp_v1_", b"sk_", b"rk_", b"AKIA", b"ghp_", b"gho_", b"ghu_", b"ghs_",
                   b"ghr_", b"github_pat_", b"xoxb-", b"xoxa-", b"xoxp-", b"xoxr-", b"xoxs-", b"AIza", b"eyJ",
                   b"PRIVATE KEY")
HEX_KEY_LEN = 32
PHONE_DIGITS, PHONE_GAP = 8, 3  # the byte scan: 8 digits, each at most 3 bytes after the one before


def is_phone(candidate: str) -> bool:
    """Whether a digit run (from _PHONE_CANDIDATE) is written the way phone numbers are:

    - international: `+` and 8 to 15 digits (+44 20 7946 0958, +1 555 123 4567, +65 9123 4567);
    - an area code in brackets and 9 to 12 digits ((555) 123-4567, (02) 9876 5432, (11) 91234-5678);
    - a trunk prefix 0, an area code, 9 to 12 digits in groups (020 7946 0958, 030 12345678, 06 12 34 56 78,
      090-1234-5678, 012-345 6789, 089/1234567, 0412 345 678) or 10 to 11 in a row (0201234567);
    - North America: 3-3-4 digits with separators (555-123-4567, 555.123.4567), 1 first or not;
    - India: 5-5 digits, the first 6 to 9 (98765 43210).
    Not phones: IPv4 addresses, dates and times, 123-456-789, ISBNs, 4-4-4 card-like runs, 0.5 0.25."""
    if _IPV4.fullmatch(candidate.strip("()")):
        return False
    groups = _GROUPS.findall(candidate)
    digits = sum(len(g) for g in groups)
    if candidate.startswith("+"):
        return 8 <= digits <= 15
    if candidate.startswith("("):
        return 9 <= digits <= 12 and 2 <= len(groups[0]) <= 4
    if candidate.startswith("0"):
        if len(groups) == 1:
            return 10 <= digits <= 11
        return 9 <= digits <= 12 and len(groups[0]) >= 2 and all(len(g) >= 2 for g in groups)
    sizes = [len(g) for g in groups]
    if sizes in ([3, 3, 4], [1, 3, 3, 4]) and (len(sizes) == 3 or groups[0] == "1"):
        return True
    return sizes == [5, 5] and candidate[0] in "6789"


def has_phone(text: str) -> bool:
    return any(is_phone(m.group()) for m in _PHONE_CANDIDATE.finditer(text))


def has_email(text: str) -> bool:
    return _EMAIL.search(text) is not None


def has_secret(text: str) -> bool:
    return _SECRET.search(text) is not None


RULES: tuple[tuple[int, str, Callable[[str], bool]], ...] = (
    (EMAIL, "email", has_email), (PHONE, "phone", has_phone), (SECRET, "api_key", has_secret))


_PEM_BLOCK = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----(?:.*?-----END [A-Z ]*PRIVATE KEY-----)?", re.DOTALL)
PLACEHOLDER = {"email": "[EMAIL]", "phone": "[PHONE]", "api_key": "[SECRET]"}


def mask(text: str, kind: str) -> str:
    """The text with every match of one kind replaced by its placeholder (`PLACEHOLDER`): what "Mask this
    number" writes. The same rules as the check, so a masked text no longer reports that kind."""
    if kind == "email":
        return _EMAIL.sub(PLACEHOLDER["email"], text)
    if kind == "phone":
        return _PHONE_CANDIDATE.sub(lambda m: PLACEHOLDER["phone"] if is_phone(m.group()) else m.group(), text)
    if kind == "api_key":  # a PEM key goes whole (its body too), not just its first line
        return _SECRET.sub(PLACEHOLDER["api_key"], _PEM_BLOCK.sub(PLACEHOLDER["api_key"], text))
    raise ValueError(f"unknown kind of personal data: {kind}")


def kinds_in(text: str, kinds: int = ALL) -> list[str]:
    """The kinds of personal data or secrets in a text (only those in the `kinds` bits are looked for)."""
    return [kind for bit, kind, found in RULES if kinds & bit and found(text)]


def candidate_lines(data: bytes, line_ends: Any) -> dict[int, int]:
    """0-based line index -> kinds (EMAIL | PHONE | SECRET bits) of the lines of a chunk that may hold personal
    data or a secret: each trigger is a necessary condition of its rule, so no line the rules flag is skipped.
    `line_ends` holds the offset of each line's newline (numpy array, ascending)."""
    import numpy as np

    buf = np.frombuffer(data, dtype=np.uint8)
    if len(buf) < 8:
        return {}
    found: dict[int, int] = {}

    def mark(positions: Any, bit: int) -> None:
        if len(positions):
            for ln in np.unique(np.searchsorted(line_ends, positions)).tolist():
                found[ln] = found.get(ln, 0) | bit

    mark(np.flatnonzero(buf == 64), EMAIL)  # '@'
    # key prefixes: those ending in '_' or '-' are checked at every '_' / '-' at once, the others by find
    by_last: dict[int, list[bytes]] = {}
    for lit in SECRET_LITERALS:
        if lit[-1] in b"_-":
            by_last.setdefault(lit[-1], []).append(lit)
        else:
            hits = []
            start = 0
            while (q := data.find(lit, start)) >= 0:
                hits.append(q)
                start = q + 1
            mark(np.asarray(hits, dtype=np.int64), SECRET)
    for last, lits in by_last.items():
        ends = np.flatnonzero(buf == last)
        for lit in lits:
            at = ends[ends >= len(lit) - 1]
            ok = np.ones(len(at), dtype=bool)
            for back, byte in enumerate(reversed(lit[:-1]), 1):
                ok &= buf[at - back] == byte
            mark(at[ok], SECRET)
    digit = (buf - 48) < 10
    # runs of at least 32 lowercase hex digits (Azure keys): every such run holds a 16-byte block, aligned to 16,
    # that is all hex
    hexy = digit | ((buf - 97) < 6)
    whole = len(buf) // 16 * 16
    blocks = np.flatnonzero(hexy[:whole].reshape(-1, 16).all(axis=1)) * 16
    mark(blocks, SECRET)
    # 8 digits, each at most 2 bytes after the one before (a phone's separators are at most 2 characters)
    dpos = np.flatnonzero(digit)
    k = PHONE_DIGITS - 1
    if len(dpos) > k:
        near = np.concatenate(([0], np.cumsum(np.diff(dpos) <= PHONE_GAP, dtype=np.int32)))
        mark(dpos[:-k][near[k:] - near[:-k] == k], PHONE)
    return found
