"""The chunk engine: a file cut into byte ranges of whole lines, each scanned (parsed, checked by the rules,
tokenised, keyed for duplicates, MinHash-signed) in this process or in worker processes. Imports the rules, the
duplicates module, pii and tokens; knows nothing of the report."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import threading
from array import array
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from fttool.datasets import pii
from fttool.datasets.validate.duplicates import signatures
from fttool.datasets.validate.rules import SHORT_ANSWER_CHARS, check_record, pii_scan
from fttool.errors import Cancelled, InputError

# Large files are cut into chunks at line boundaries (byte offsets) and checked by worker processes (forked by the
# CLI on Linux, else started with the `spawn` method: safe under Qt threads and in a frozen app that calls
# `multiprocessing.freeze_support()`). Within a chunk, each distinct text is tokenised once, and each distinct
# word once per process (tokens.WordCounter).
SEP = "<|endoftext|>"
BOM = b"\xef\xbb\xbf"
MAX_EXAMPLE_BYTES = 8 << 20  # a longer line is no training example (about 2M tokens): named, never tokenised
INPROCESS_BYTES = 8 << 20   # smaller files are checked in the calling process (no spawn cost)
CHUNK_BYTES = 8 << 20       # in-process chunks; worker chunks are 1-4 MB (even load, prompt cancel)
WORKER_CHUNK_BYTES = 4 << 20

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]


# -- one chunk (runs in worker processes) --------------------------------------------------------------------
_UNPARSED = object()


def _fast_loads() -> Callable[[bytes], Any]:
    """orjson's loads (parses UTF-8 bytes directly, about twice as fast as json.loads on a decoded line), or
    the stdlib's reading when orjson is not installed."""
    try:
        import orjson
    except ImportError:  # pragma: no cover - orjson is a dependency
        return _stdlib_loads
    return orjson.loads


def _stdlib_loads(s: bytes) -> Any:
    # decoded first: json.loads given bytes would take UTF-16 and UTF-32 too, and such a line is not UTF-8
    return json.loads(s.decode("utf-8"))


def _parse_stdlib(s: bytes, ln: int, problems: list[tuple[Any, ...]]) -> Any:
    """A line orjson refused, read the way json.loads reads it: it accepts a little more than orjson (NaN,
    Infinity, lone surrogate escapes, integers past 64 bits), and its wording of an error is the one we report.
    Returns the object, or _UNPARSED after adding the line's invalid_encoding / invalid_json problem."""
    try:
        text = s.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append((ln, "invalid_encoding", None, {
            "where": f"Line {ln}", "encoding": f"byte 0x{s[e.start]:02x} at column {e.start + 1}"}))
        return _UNPARSED
    try:
        return json.loads(text)
    except ValueError as e:
        problems.append((ln, "invalid_json", None, {"detail": getattr(e, "msg", str(e)),
                                                    "column": getattr(e, "colno", 0)}))
        return _UNPARSED
    except RecursionError:  # thousands of nested brackets: no example nests that deep
        problems.append((ln, "invalid_json", None, {"detail": "nested too deeply", "column": 1}))
        return _UNPARSED


_OVERSIZED = b"\x00oversized "  # stands for a line over MAX_EXAMPLE_BYTES (no JSON line starts with NUL)


def scan_chunk(path: str, start: int, end: int, opts: dict[str, Any]) -> dict[str, Any]:
    """Check the lines of path[start:end] (whole lines). Line numbers in the result are local (1-based)."""
    return scan_bytes(_read_bounded(path, start, end), opts, first=start == 0)


def _read_bounded(path: str, start: int, end: int) -> bytes:
    """path[start:end], except that a line over MAX_EXAMPLE_BYTES is read past in blocks, never held, and stands
    as _OVERSIZED + its size (so memory stays bounded whatever one line holds)."""
    with open(path, "rb") as f:
        f.seek(start)
        if end - start <= MAX_EXAMPLE_BYTES:
            return f.read(end - start)
        parts: list[bytes] = []
        pos = start
        while pos < end:
            line = f.readline(min(MAX_EXAMPLE_BYTES + 1, end - pos))
            if not line:
                break
            pos += len(line)
            if len(line) > MAX_EXAMPLE_BYTES and not line.endswith(b"\n"):
                size = len(line)
                while pos < end:  # the rest of that line, a block at a time
                    block = f.readline(min(1 << 20, end - pos))
                    if not block:
                        break
                    pos += len(block)
                    size += len(block)
                    if block.endswith(b"\n"):
                        break
                parts.append(_OVERSIZED + str(size).encode() + b"\n")
            else:
                parts.append(line)
        return b"".join(parts)


def scan_bytes(data: bytes, opts: dict[str, Any], first: bool = True) -> dict[str, Any]:
    """Check whole lines (a chunk's bytes; `first`: the file's start, where a BOM may be): per-example problems,
    token counts, duplicate and system-prompt keys and MinHash signatures, by example in line order."""
    import numpy as np

    from fttool.datasets.tokens import TOKENS_PER_MESSAGE, get_encoding

    method = opts.get("method") or "supervised"
    enc = get_encoding(opts["encoding"])
    encode_ordinary = enc.encode_ordinary

    def encode(t: str) -> list[int]:  # a lone surrogate (see below) must not stop the scan
        try:
            return encode_ordinary(t)
        except UnicodeEncodeError:
            return encode_ordinary(t.encode("utf-8", "replace").decode("utf-8"))
    near = bool(opts.get("near_duplicates", True))
    if first and data.startswith(BOM):
        data = b"   " + data[3:]  # keep byte positions
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    line_ends = np.cumsum(np.fromiter((len(x) + 1 for x in lines), dtype=np.int64, count=len(lines))) - 1
    pii_lines = pii.candidate_lines(data, line_ends)
    fast_loads = _fast_loads()
    blake2b = hashlib.blake2b
    problems: list[tuple[Any, ...]] = []
    ex_line = array("i")
    fixed = array("q")
    nmsgs = array("i")
    valid = bytearray()
    dupkeys = bytearray()
    syskeys = bytearray()
    cache: dict[str, int] = {}
    sys_cache: dict[str, tuple[int, bytes]] = {}
    uniq: dict[str, int] = {}
    u_texts: list[str] = []
    own_text: list[int] = []
    own_ex: list[int] = []
    own_asst: list[bool] = []
    zero8 = bytes(8)
    uniq_get = uniq.get
    u_texts_append = u_texts.append
    own_text_append = own_text.append
    own_ex_append = own_ex.append
    own_asst_append = own_asst.append
    # the fast path counts 1 token per role: true of system/user/assistant in both encodings (checked here)
    fast_ok = method != "dpo" and all(len(encode(r)) == 1 for r in ("system", "user", "assistant"))
    for i, raw in enumerate(lines):
        ln = i + 1
        s = raw.strip()
        if not s:  # (the newline that ends the file was dropped above: this is a real blank line)
            problems.append((ln, "blank_line", None, {}))
            continue
        k = len(ex_line)
        ex_line.append(ln)
        big = int(s[len(_OVERSIZED):]) if s.startswith(_OVERSIZED.strip()) else len(s)
        if big > MAX_EXAMPLE_BYTES:  # bounded time and memory: never parsed nor tokenised
            problems.append((ln, "example_too_large", None, {"size_mb": round(big / 1e6, 1),
                                                              "limit_mb": MAX_EXAMPLE_BYTES >> 20}))
            fixed.append(-1)
            nmsgs.append(0)
            valid.append(0)
            dupkeys += zero8
            syskeys += zero8
            continue
        try:
            ex = fast_loads(s)
        except ValueError:  # not JSON to orjson: the stdlib's reading and wording decide (see _parse_stdlib)
            ex = _parse_stdlib(s, ln, problems)
            if ex is _UNPARSED:
                fixed.append(-1)
                nmsgs.append(0)
                valid.append(0)
                dupkeys += zero8
                syskeys += zero8
                continue
        # fast path: a plain chat example ({"messages": [...]} with role/content string messages in a usual
        # order); anything else goes through the full checks below
        fast = False
        msgs: Any = None
        if fast_ok and type(ex) is dict and len(ex) == 1:
            msgs = ex.get("messages")
            if type(msgs) is list and msgs:
                n0 = len(own_text)
                prev = system = None
                has_a = False
                fast = True
                for m in msgs:
                    if type(m) is not dict or len(m) != 2:
                        fast = False
                        break
                    c = m.get("content")
                    if type(c) is not str:
                        fast = False
                        break
                    role = m.get("role")
                    if role == "user":
                        if prev == "user":
                            fast = False
                            break
                        is_a = False
                    elif role == "assistant":
                        if prev is None or prev == "system" or (len(c) < 16 and len(c.strip()) < SHORT_ANSWER_CHARS):
                            fast = False
                            break
                        has_a = is_a = True
                    elif role == "system" and prev is None:
                        system = c
                        prev = role
                        continue
                    else:
                        fast = False
                        break
                    prev = role
                    ti = uniq_get(c)
                    if ti is None:
                        ti = uniq[c] = len(u_texts)
                        u_texts_append(c)
                    own_text_append(ti)
                    own_ex_append(k)
                    own_asst_append(is_a)
                if not (fast and has_a):
                    fast = False
                    del own_text[n0:], own_ex[n0:], own_asst[n0:]
        if fast:
            nm = len(msgs)
            valid.append(1)
            nmsgs.append(nm)
            base = 3 + (TOKENS_PER_MESSAGE + 1) * nm
            texts: list[tuple[str, bool]] = []
            small: list[str] = []
            pii_msgs = [("messages", msgs)]
        else:
            ok, texts, small, system, nm, pii_msgs = check_record(ex, ln, method, problems)
            valid.append(1 if ok else 0)
            nmsgs.append(nm)
            if not nm:
                fixed.append(-1)
                dupkeys += zero8
                syskeys += zero8
                continue
            base = 3 + TOKENS_PER_MESSAGE * nm
        kinds = pii_lines.get(i)
        if kinds:
            pii_scan(pii_msgs, ln, problems, kinds)
        for sm in small:
            c = cache.get(sm)
            if c is None:
                c = cache[sm] = len(encode(sm)) if sm else 1
            base += c
        if system is not None:
            sc = sys_cache.get(system)
            if sc is None:
                sc = sys_cache[system] = (len(encode(system)),
                                          hashlib.blake2b(system.encode("utf-8", "surrogatepass"),
                                                          digest_size=8).digest())
            base += sc[0]
            syskeys += sc[1]
        else:
            syskeys += zero8
        fixed.append(base)
        dupkeys += blake2b(s, digest_size=8).digest()
        for t, is_a in texts:
            ti = uniq_get(t)
            if ti is None:
                ti = uniq[t] = len(u_texts)
                u_texts_append(t)
            own_text_append(ti)
            own_ex_append(k)
            own_asst_append(is_a)
    n_ex = len(ex_line)
    # count the tokens of every distinct text of the chunk (each distinct word once per process)
    counter = _word_counter(opts["encoding"])
    try:
        counts, words, nwords = counter.count(u_texts)
    except UnicodeEncodeError:  # a "\\ud800" escape with no partner: not text a tokenizer (or provider) takes
        bad_texts = {i for i, t in enumerate(u_texts) if _SURROGATE.search(t)}
        for ti in bad_texts:
            u_texts[ti] = u_texts[ti].encode("utf-8", "replace").decode("utf-8")  # counted as "?"
        for k in sorted({own_ex[j] for j, ti in enumerate(own_text) if ti in bad_texts}):
            problems.append((ex_line[k], "invalid_encoding", None, {
                "where": f"Line {ex_line[k]}", "encoding": "a lone surrogate escape (\\ud800-\\udfff)"}))
            valid[k] = 0
        counts, words, nwords = counter.count(u_texts)
    fixed_np = np.frombuffer(fixed, dtype=np.int64) if n_ex else np.zeros(0, dtype=np.int64)
    ot = np.asarray(own_text, dtype=np.int64)
    oe = np.asarray(own_ex, dtype=np.int64)
    oa = np.asarray(own_asst, dtype=bool)
    per = counts[ot] if len(ot) else np.zeros(0, dtype=np.int64)
    var = np.bincount(oe, weights=per, minlength=n_ex).astype(np.int64) if n_ex else np.zeros(0, dtype=np.int64)
    tokens = np.where(fixed_np >= 0, fixed_np + var, -1)
    asst = np.bincount(oe[oa], weights=per[oa], minlength=n_ex).astype(np.int64) if n_ex else var
    limit = opts.get("limit")
    if limit is not None and n_ex:
        for k in np.flatnonzero(tokens > limit).tolist():
            problems.append((ex_line[k], opts["limit_code"], None,
                             {"tokens": int(tokens[k]), "limit": limit, "model": opts["model"]}))
    sigs, sig_ok = b"", b""
    if near and n_ex and method != "dpo":
        sigs, sig_ok = signatures(words, nwords, (ot, oe), n_ex)
    return {
        "n_lines": len(lines), "ex_line": ex_line, "tokens": array("q", tokens.tolist()) if n_ex else array("q"),
        "asst": array("q", asst.tolist()) if n_ex else array("q"), "nmsgs": nmsgs, "valid": bytes(valid),
        "problems": problems, "dupkeys": bytes(dupkeys), "syskeys": bytes(syskeys), "sigs": sigs,
        "sig_ok": sig_ok,
    }


_SURROGATE = re.compile("[\ud800-\udfff]")


@cache
def _word_counter(encoding: str) -> Any:
    """This process's WordCounter for an encoding (its word table serves every chunk the process checks)."""
    from fttool.datasets.tokens import WordCounter, get_encoding

    return WordCounter(get_encoding(encoding))


# -- the file in chunks --------------------------------------------------------------------------------------
def plan_chunks(path: Path, size: int, chunk_bytes: int, tail: float = 0.0) -> list[tuple[int, int]]:
    """Byte ranges of whole lines, about chunk_bytes each; the last `tail` fraction of the file in chunks a
    quarter that size (so parallel workers finish together)."""
    bounds = [0]
    tail_start = size - int(size * tail)
    with open(path, "rb") as f:
        pos = chunk_bytes
        while pos < size:
            f.seek(pos)
            while f.readline(1 << 20)[-1:] not in (b"\n", b""):  # to the line's end, never a whole huge line
                pass
            b = f.tell()
            if b >= size:
                break
            if b > bounds[-1]:
                bounds.append(b)
            pos = b + (chunk_bytes if b < tail_start else max(1 << 18, chunk_bytes // 4))
    bounds.append(size)
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1) if bounds[i + 1] > bounds[i]]


def _worker_init(niceness: int) -> None:
    if niceness and hasattr(os, "nice"):
        try:
            os.nice(niceness)
        except OSError:
            pass


def run_chunks(path: Path, chunks: list[tuple[int, int]], opts: dict[str, Any], workers: int,
               progress: ProgressFn | None, cancel: CancelFn | None, total: int,
               done_before: int = 0, inline: bool = False) -> list[dict[str, Any]]:
    """scan_chunk over the chunks, in worker processes (spawn) when workers > 1; results in chunk order.

    With `inline` the calling process is one of the `workers` (a pool of workers-1 processes plus this one):
    for a process that has nothing else to do, such as the CLI. A GUI process must not (it would hold the GIL)."""
    results: list[dict[str, Any] | None] = [None] * len(chunks)
    done = done_before

    def finish(i: int, result: dict[str, Any]) -> None:
        nonlocal done
        results[i] = result
        done += chunks[i][1] - chunks[i][0]
        if progress:
            progress(done, total, "validating")

    if workers <= 1 or len(chunks) == 1:
        for i, (a, b) in enumerate(chunks):
            if cancel is not None and cancel():
                raise Cancelled()
            finish(i, scan_chunk(str(path), a, b, opts))
        return [r for r in results if r is not None]
    import concurrent.futures as cf
    import multiprocessing

    # Inline (the CLI) on Linux, the workers are forked: they start at once with the tokenizer this process has
    # built (a spawned worker first spends about 0.3 s of CPU starting Python, importing and building it) and
    # need no resource-tracker process. A GUI process (not inline) spawns them: forking a process that runs
    # Qt's threads is unsafe, and so is fork on macOS.
    fork = inline and sys.platform.startswith("linux") and threading.active_count() == 1
    if fork:
        from fttool.datasets.tokens import get_encoding

        get_encoding(opts["encoding"])
    ctx = multiprocessing.get_context("fork" if fork else "spawn")
    n_pool = workers - 1 if inline else workers
    # behind a GUI (not inline) the workers run at a lower priority, so the window stays responsive when every
    # core is busy; the CLI keeps normal priority
    def new_pool(n: int) -> cf.ProcessPoolExecutor:
        return cf.ProcessPoolExecutor(max_workers=n, mp_context=ctx, initializer=_worker_init,
                                      initargs=(0 if inline else 10,))

    pool = new_pool(n_pool)
    queue = list(range(len(chunks)))
    futures: dict[cf.Future[dict[str, Any]], int] = {}
    try:
        while queue or futures:
            # keep every pool worker fed (two chunks each), then work on a chunk here or wait
            while queue and len(futures) < 2 * n_pool:
                i = queue.pop(0)
                futures[pool.submit(scan_chunk, str(path), chunks[i][0], chunks[i][1], opts)] = i
            if inline and queue:
                i = queue.pop(0)
                finish(i, scan_chunk(str(path), chunks[i][0], chunks[i][1], opts))
                finished = {f for f in futures if f.done()}
            else:
                finished, _ = cf.wait(set(futures), timeout=0.1, return_when=cf.FIRST_COMPLETED)
            broken: list[int] = []
            for fut in finished:
                i = futures.pop(fut)
                try:
                    finish(i, fut.result())
                except cf.process.BrokenProcessPool:
                    broken.append(i)
            if broken:  # a worker died (killed, out of memory): every chunk it shared the pool with is redone
                broken += list(futures.values())
                futures.clear()
                pool.shutdown(wait=True, cancel_futures=True)
                for i in sorted(broken):  # one at a time, alone, so the chunk that kills its worker is the one named
                    pool = new_pool(1)
                    try:
                        finish(i, pool.submit(scan_chunk, str(path), chunks[i][0], chunks[i][1], opts).result())
                    except cf.process.BrokenProcessPool:
                        raise InputError("validation_worker_died", path=str(path),
                                         line=_line_at(path, chunks[i][0])) from None
                    finally:
                        pool.shutdown(wait=True)
                pool = new_pool(n_pool)
            if cancel is not None and cancel():
                raise Cancelled()
    except BaseException:  # cancelled, Ctrl-C or a failed chunk: stop the workers now, not after their chunk
        for proc in list((getattr(pool, "_processes", None) or {}).values()):
            proc.terminate()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return [r for r in results if r is not None]


def _line_at(path: Path, offset: int) -> int:
    """The 1-based number of the line that starts at byte `offset`."""
    n = 1
    with open(path, "rb") as f:
        while offset > 0:
            block = f.read(min(offset, 1 << 20))
            if not block:
                break
            n += block.count(b"\n")
            offset -= len(block)
    return n
