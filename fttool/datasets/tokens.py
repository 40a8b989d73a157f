"""Token counting offline: tiktoken encodings built from the BPE files that ship in resources/tiktoken/.

tiktoken itself downloads `o200k_base` / `cl100k_base` on first use and fails offline; here the same files
(byte-identical to OpenAI's: their sha256 is the one tiktoken checks, and it is checked here on every parse) are
read from the app's resources and handed to `tiktoken.Encoding`, so nothing is ever downloaded.

Chat examples are counted with the rule of OpenAI's cookbook ("How to count tokens with tiktoken",
"Data preparation and analysis for chat model fine-tuning"): 3 tokens per message, every string value of the
message, 1 more for a `name`, and 3 for the reply priming.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import threading
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import tiktoken

TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
REPLY_PRIMING = 3

ENDOFTEXT = "<|endoftext|>"
FIM_PREFIX = "<|fim_prefix|>"
FIM_MIDDLE = "<|fim_middle|>"
FIM_SUFFIX = "<|fim_suffix|>"
ENDOFPROMPT = "<|endofprompt|>"

# The definitions tiktoken_ext/openai_public.py uses (pattern, special tokens, and the sha256 of the BPE file).
_O200K_PAT = "|".join([
    r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
    r"""[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?""",
    r"""\p{N}{1,3}""",
    r""" ?[^\s\p{L}\p{N}]+[\r\n/]*""",
    r"""\s*[\r\n]+""",
    r"""\s+(?!\S)""",
    r"""\s+""",
])
ENCODINGS: dict[str, dict[str, Any]] = {
    "o200k_base": {
        "pat_str": _O200K_PAT,
        "special_tokens": {ENDOFTEXT: 199999, ENDOFPROMPT: 200018},
        "sha256": "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d",
        "url": "https://openaipublic.blob.core.windows.net/encodings/o200k_base.tiktoken",
    },
    "cl100k_base": {
        "pat_str": r"""'(?i:[sdmt]|ll|ve|re)|[^\r\n\p{L}\p{N}]?+\p{L}++|\p{N}{1,3}+| ?[^\s\p{L}\p{N}]++[\r\n]*+|\s++$|\s*[\r\n]|\s+(?!\S)|\s""",
        "special_tokens": {ENDOFTEXT: 100257, FIM_PREFIX: 100258, FIM_MIDDLE: 100259, FIM_SUFFIX: 100260,
                           ENDOFPROMPT: 100276},
        "sha256": "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7",
        "url": "https://openaipublic.blob.core.windows.net/encodings/cl100k_base.tiktoken",
    },
}


def bpe_file(name: str) -> Path:
    """The gzipped BPE file of an encoding, from resources/tiktoken/."""
    if name not in ENCODINGS:
        raise KeyError(f"unknown encoding {name!r}; known: {', '.join(ENCODINGS)}")
    from fttool.resources import resource

    return resource("tiktoken", f"{name}.tiktoken.gz")


def bpe_bytes(name: str) -> bytes:
    """The unzipped BPE file, refused (FtError "token_file_damaged", naming the file) unless its sha256 is the one
    tiktoken checks: a damaged or swapped file would give wrong counts and prices without a word."""
    path = bpe_file(name)
    try:
        data = gzip.decompress(path.read_bytes())
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        from fttool.errors import FtError

        raise FtError("token_file_damaged", path=str(path), details=str(exc)) from None
    if hashlib.sha256(data).hexdigest() != ENCODINGS[name]["sha256"]:
        from fttool.errors import FtError

        raise FtError("token_file_damaged", path=str(path), details=f"sha256 {hashlib.sha256(data).hexdigest()}")
    return data


def check_bpe_file(name: str) -> bool:
    """True when the shipped file is byte-identical to the one tiktoken downloads (same sha256 it checks)."""
    from fttool.errors import FtError

    try:
        bpe_bytes(name)
    except FtError:
        return False
    return True


def _ranks(name: str) -> dict[bytes, int]:
    """The BPE ranks of an encoding. Parsing the shipped base64 file takes ~0.3 s, so a parsed copy is kept in
    the data dir (marshal format, named by the file's sha256) for the next process, e.g. validation workers."""
    import marshal

    sha = ENCODINGS[name]["sha256"]
    cached: Path | None = None
    try:
        from fttool.paths import data_dir

        cached = data_dir() / "cache" / "tiktoken" / f"{name}-{sha[:16]}.marshal"
        ranks = marshal.loads(cached.read_bytes())
        if isinstance(ranks, dict) and len(ranks) > 1000:
            return ranks
    except (OSError, ValueError, EOFError, TypeError):
        pass
    ranks = {}
    b64 = base64.b64decode
    for line in bpe_bytes(name).splitlines():
        if line:
            token, rank = line.split()
            ranks[b64(token)] = int(rank)
    if cached is not None:
        try:
            from fttool.fsutil import atomic_write_bytes

            atomic_write_bytes(cached, marshal.dumps(ranks))
        except OSError:
            pass
    return ranks


@cache
def get_encoding(name: str) -> tiktoken.Encoding:
    """A tiktoken Encoding built offline from the shipped BPE ranks (cached per process)."""
    import tiktoken

    spec = ENCODINGS[name]
    return tiktoken.Encoding(name=name, pat_str=spec["pat_str"], mergeable_ranks=_ranks(name),
                             special_tokens=spec["special_tokens"])


def encoding_name_for_model(model: str | None) -> str:
    from fttool.tables import model_limits

    info = model_limits(model)
    return str(info.get("encoding") or "o200k_base")


def encoding_for_model(model: str | None) -> tiktoken.Encoding:
    return get_encoding(encoding_name_for_model(model))


def _content_text(content: Any) -> str:
    """Text of a message content: a string, or the text parts of a list of content parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict) and isinstance(p.get("text"), str))
    return ""


def count_messages(messages: list[Any], enc: tiktoken.Encoding, tools: Any = None) -> int:
    """The cookbook's rule; tool calls and tool definitions are counted as their JSON text."""
    encode = enc.encode_ordinary
    n = REPLY_PRIMING
    for m in messages:
        n += TOKENS_PER_MESSAGE
        if not isinstance(m, dict):
            continue
        for key, value in m.items():
            if key == "weight":
                continue
            if key == "content":
                text = _content_text(value)
            elif isinstance(value, str):
                text = value
            elif value is None:
                continue
            else:
                text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
            if text:
                n += len(encode(text))
            if key == "name":
                n += TOKENS_PER_NAME
    if tools:
        n += len(encode(json.dumps(tools, ensure_ascii=False, separators=(",", ":"))))
    return n


def example_messages(example: dict[str, Any]) -> list[Any]:
    """The messages of an example, whatever its method (DPO: input + preferred output)."""
    if "messages" in example:
        msgs = example.get("messages")
        return msgs if isinstance(msgs, list) else []
    inp = example.get("input")
    msgs = list(inp.get("messages") or []) if isinstance(inp, dict) else []
    pref = example.get("preferred_output")
    if isinstance(pref, list):
        msgs += pref
    return msgs


def count_example(example: dict[str, Any], model: str | None = None) -> int:
    tools = example.get("tools")
    if tools is None and isinstance(example.get("input"), dict):
        tools = example["input"].get("tools")
    return count_messages(example_messages(example), encoding_for_model(model), tools)


def assistant_tokens(example: dict[str, Any], enc: tiktoken.Encoding) -> int:
    """Tokens of the assistant answers (what the model learns to write)."""
    return sum(len(enc.encode_ordinary(_content_text(m.get("content"))))
               for m in example_messages(example) if isinstance(m, dict) and m.get("role") == "assistant")


_LOCAL_COUNT = r"""
import json, sys
from transformers import AutoTokenizer
tok = AutoTokenizer.from_pretrained(sys.argv[1])
out = []
with open(sys.argv[2], "rb") as f:
    for raw in f:
        if not raw.strip():
            continue
        try:
            ex = json.loads(raw.decode("utf-8-sig"))
            msgs = ex.get("messages")
            if msgs is None and isinstance(ex.get("input"), dict):
                msgs = ex["input"].get("messages", []) + ex.get("preferred_output", [])
            msgs = [{"role": m["role"], "content": m.get("content") or ""} for m in msgs]
            if getattr(tok, "chat_template", None):
                text = tok.apply_chat_template(msgs, tokenize=False)
            else:
                text = "\n".join(m["content"] for m in msgs)
            n = len(tok(text, add_special_tokens=False)["input_ids"])
        except Exception:
            n = -1
        out.append(n)
print(json.dumps(out))
"""


def local_token_counts(path: str | Path, tokenizer_dir: str | os.PathLike[str],
                       python: str | os.PathLike[str] | None = None) -> list[int]:
    """Tokens of every example of a JSONL file (one per non-blank line, -1 when unreadable) with a local/HF base
    model's own tokenizer on disk and its chat template, as AutoTrain's sft trainer formats them.

    The app's own environment carries no `transformers`: the script runs in the local-training runtime's Python
    (or in `python` when given)."""
    import subprocess
    import sys

    from fttool.errors import FtError

    if python is None:
        try:
            import transformers  # type: ignore[import-not-found]  # noqa: F401

            python = sys.executable
        except ImportError:
            from fttool.runtime.env import runtime_dir, venv_python

            candidates = [venv_python(runtime_dir(e)) for e in ("trl", "autotrain")]
            candidate = next((c for c in candidates if Path(c).exists()), candidates[0])
            if not Path(candidate).exists():
                raise FtError("local_tokenizer_unavailable", detail="the runtime is not installed") from None
            python = candidate
    from fttool.runtime.install import runtime_env

    venv = Path(str(python)).parent.parent
    child_env = runtime_env(venv) if (venv / "pyvenv.cfg").exists() else {
        k: v for k, v in runtime_env(venv).items() if k != "VIRTUAL_ENV"}  # an allow-listed environment: no keys
    r = subprocess.run([str(python), "-c", _LOCAL_COUNT, str(tokenizer_dir), str(path)], capture_output=True,
                       text=True, timeout=3600, env=child_env)
    if r.returncode != 0:
        raise FtError("local_tokenizer_unavailable", detail=(r.stderr.strip().splitlines() or ["failed"])[-1][:300])
    return [int(x) for x in json.loads(r.stdout.strip().splitlines()[-1])]


def hf_tokenizer_count(example: dict[str, Any], tokenizer_dir: str | Path) -> int:
    """Tokens with a local/HF base model's own tokenizer on disk (tokenizer.json, via the `tokenizers` package
    when it is installed); its chat template is not applied, so this counts the message texts plus 4 per message."""
    try:
        from tokenizers import Tokenizer  # type: ignore[import-not-found]
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise RuntimeError("the `tokenizers` package is not installed") from exc
    tok = Tokenizer.from_file(str(Path(tokenizer_dir) / "tokenizer.json"))
    n = 0
    for m in example_messages(example):
        if isinstance(m, dict):
            n += 4 + len(tok.encode(_content_text(m.get("content")), add_special_tokens=False).ids)
    return n


# -- counting many texts fast: each space-separated word once per process -------------------------------------
WORD_SPLIT_ENCODINGS = frozenset({"o200k_base", "cl100k_base"})  # patterns checked for the rule below
_MARK = "\x01"  # between texts when they are joined for one split (a text that holds it is counted alone)


class WordCounter:
    """Exact tiktoken counts of many texts, with each distinct space-separated word tokenised once per process.

    Why the sum is exact: in the pre-tokeniser patterns of o200k_base and cl100k_base a piece holds a space
    only as its first character, or inside a run of whitespace. So where a space follows a non-whitespace
    character, no piece spans it: a text's pieces are those of its first word and of ' ' + each later word,
    each taken alone, and its count is the sum of theirs. A text in which some space follows whitespace
    (a double space, indentation) is encoded whole. Natural text repeats its words, so after a few thousand
    examples nearly every word is a dictionary lookup instead of regex and BPE work (tests/unit/
    test_datasets_tokens.py checks the counts against tiktoken's on adversarial text).

    Each word also gets a 32-bit hash (crc32 of its UTF-8), the same in every process, for MinHash
    signatures over word shingles. `max_words` bounds the memory (about 200 bytes a word): past it the
    table starts again."""

    def __init__(self, enc: tiktoken.Encoding, max_words: int = 400_000) -> None:
        import numpy as np

        if enc.name not in WORD_SPLIT_ENCODINGS:
            raise ValueError(f"no word split rule checked for {enc.name}")
        self.enc = enc
        self.max_words = max_words
        self._np = np
        self._lock = threading.Lock()  # one table per process; two validations in threads take turns
        self._reset()

    def _reset(self) -> None:
        np = self._np
        self._index: dict[str, int] = {_MARK: 0}
        self._words: list[str] = [_MARK]
        self._n = 1
        cap = 1 << 16
        self._lead = np.zeros(cap, dtype=np.int64)    # tokens of ' ' + word
        self._first = np.full(cap, -1, dtype=np.int64)  # tokens of the word alone (-1: not counted yet)
        self._first[0] = 0
        self._hash = np.zeros(cap, dtype=np.uint32)
        self._bad_end = np.zeros(cap, dtype=bool)     # empty or ends with whitespace: no clean cut after it

    def _grow(self, need: int) -> None:
        np = self._np
        cap = len(self._lead)
        if need <= cap:
            return
        while cap < need:
            cap *= 2
        for name, fill in (("_lead", 0), ("_first", -1), ("_hash", 0), ("_bad_end", False)):
            old = getattr(self, name)
            new = np.full(cap, fill, dtype=old.dtype)
            new[:len(old)] = old
            setattr(self, name, new)

    def _encode_counts(self, texts: list[str]) -> Any:
        """Token counts of texts with one tiktoken call (texts joined by the end-of-text token)."""
        np = self._np
        enc = self.enc
        if not texts:
            return np.zeros(0, dtype=np.int64)
        joined = ENDOFTEXT.join(texts)
        if joined.count(ENDOFTEXT) == len(texts) - 1:
            ids = enc.encode_to_numpy(joined, allowed_special={ENDOFTEXT}, disallowed_special=())
            pos = np.flatnonzero(ids == enc.eot_token)
            return np.diff(np.concatenate(([-1], pos, [len(ids)]))) - 1
        return np.asarray([len(enc.encode_ordinary(t)) for t in texts], dtype=np.int64)

    def count(self, texts: list[str]) -> tuple[Any, Any, Any]:
        """(token count of each text, the word hashes of all texts one after another, words per text).
        Raises UnicodeEncodeError for a text with a lone surrogate, as tiktoken does (nothing is kept)."""
        with self._lock:
            return self._count(texts)

    def _count(self, texts: list[str]) -> tuple[Any, Any, Any]:
        np = self._np
        n = len(texts)
        if not n:
            z = np.zeros(0, dtype=np.int64)
            return z, np.zeros(0, dtype=np.uint32), z
        joined = " \x01 ".join(texts)
        whole: list[int] = []  # texts to encode whole
        if joined.count(_MARK) != n - 1:  # a text holds the mark: its words (for hashes) without it
            whole = [i for i, t in enumerate(texts) if _MARK in t]
            joined = " \x01 ".join(t.replace(_MARK, "\x02") for t in texts)
        words = joined.split(" ")
        if self._n > self.max_words:
            self._reset()
        index = self._index
        new = list(set(words).difference(index))
        if new:
            # count ' ' + word for each new word, in one call; nothing is stored before it succeeds
            lead = self._encode_counts([" " + w for w in new])
            import zlib

            crc = zlib.crc32
            hashes = [crc(w.encode("utf-8", "surrogatepass")) for w in new]
            bad = [not w or w[-1].isspace() for w in new]
            base = self._n
            self._grow(base + len(new))
            self._lead[base:base + len(new)] = lead
            self._hash[base:base + len(new)] = hashes
            self._bad_end[base:base + len(new)] = bad
            index.update(zip(new, range(base, base + len(new)), strict=True))
            self._words.extend(new)
            self._n = base + len(new)
        ids = np.fromiter(map(index.__getitem__, words), dtype=np.int64, count=len(words))
        marks = np.flatnonzero(ids == 0)
        starts = np.concatenate(([0], marks + 1))            # each text's first word
        ends = np.concatenate((marks, [len(ids)]))           # one past its last word
        fids = ids[starts]
        todo = np.unique(fids[self._first[fids] < 0])
        if len(todo):
            self._first[todo] = self._encode_counts([self._words[i] for i in todo.tolist()])
        per = self._lead[ids]
        per[starts] = self._first[fids]
        counts = np.add.reduceat(per, starts)
        # a text with a space after whitespace cannot be cut: a word followed by a space (not the last of its
        # text) that is empty or ends with whitespace, except an empty first word (the text starts with a space)
        follow = np.ones(len(ids), dtype=bool)
        follow[ends - 1] = False
        follow[marks] = False
        bad = follow & self._bad_end[ids]
        bad[starts[fids == index.get("", -1)]] = False
        if bad.any() or whole:
            texts_bad = np.union1d(np.searchsorted(starts, np.flatnonzero(bad), side="right") - 1,
                                   np.asarray(whole, dtype=np.int64))
            counts[texts_bad] = self._encode_counts([texts[i] for i in texts_bad.tolist()])
        nwords = ends - starts
        keep = np.ones(len(ids), dtype=bool)
        keep[marks] = False
        return counts, self._hash[ids[keep]], nwords
