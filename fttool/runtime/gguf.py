"""Export a model folder to GGUF (llama.cpp, Ollama, LM Studio) with llama.cpp's own converter.

Why fttool has code here at all: converting to GGUF is llama.cpp's job. Its converter (convert_hf_to_gguf.py,
its conversion/ package and gguf-py/) knows the architectures, tokenizers and quantisation layouts, and
changes with every model family; fttool never converts a tensor by itself. This module only
  1. fetches that converter, pinned by version, size and sha256 (resources/runtime/llama_cpp.json): it ships
     inside llama-cpp-python's source distribution on PyPI (there is no binary wheel, and only three parts of
     the 77 MB archive are needed), downloaded with the runtime's own pip and unpacked path-safely and
     atomically (a temp folder renamed into place);
  2. runs it with the runtime's Python (which has torch, transformers and gguf), in a process group of its
     own, writing `<out>.partial` then renaming it, the log kept beside the output, cancel ending the group;
  3. turns its failures into messages a person can act on (a BPE pre-tokenizer it does not know, an
     architecture it does not know) instead of a traceback;
The Ollama Modelfile written beside the GGUF (its TEMPLATE cut from the model's own chat template) is
modelfile.py's.
Nothing here imports torch, transformers or Qt.
"""

from __future__ import annotations

import codecs
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path, PurePosixPath
from typing import IO, Any

from fttool.clock import iso_now
from fttool.errors import Cancelled, FtError
from fttool.fsutil import atomic_write_json
from fttool.messages import register
from fttool.resources import resource
from fttool.runtime.process import end_process_group, group_alive, popen_new_session

register({
    "gguf_download_failed": (
        "Downloading llama.cpp's converter (the {package} {version} source from the package index) "
        "failed (exit {exit}). Check the internet connection and try again. The log is kept in {log}. "
        "Last lines:\n{tail}"
    ),
    "gguf_converter_mismatch": (
        "The downloaded llama.cpp converter {filename} is not the file fttool pinned ({what}: got {found}, "
        "expected {expected}). It was deleted and nothing was unpacked; try again, and if it repeats, the "
        "package index or a proxy is serving another file."
    ),
    "gguf_converter_unsafe": (
        "The llama.cpp converter archive {filename} holds an unsafe entry ({member}: {reason}); nothing was "
        "unpacked."
    ),
    "gguf_converter_incomplete": (
        "The llama.cpp converter archive {filename} lacks {missing}; nothing was unpacked."
    ),
    "gguf_converter_missing": (
        "llama.cpp's converter is not unpacked in {path}: fetch it first (fttool does so before an export)."
    ),
    "gguf_bad_outtype": "Unknown GGUF type '{outtype}': choose one of {known}.",
    "gguf_no_model": (
        "{path} is not a model folder (it has no config.json); export needs a merged model folder."
    ),
    "gguf_tokenizer_unsupported": (
        "llama.cpp's converter (llama-cpp-python {version}) does not recognise this model's tokenizer: "
        "{tokenizer}. It identifies each BPE tokenizer by how it splits a test text (here hash {chkhsh}) "
        "and knows those of the model families it supports. A model fine-tuned from such a base keeps its "
        "tokenizer and converts; this one was trained or changed. Export with the base model's tokenizer "
        "files unchanged, or start from a base model llama.cpp supports (Llama, Qwen, Gemma, Mistral, "
        "SmolLM, Phi ...). The converter's log is kept in {log}."
    ),
    "gguf_arch_unsupported": (
        "llama.cpp's converter (llama-cpp-python {version}) cannot convert the architecture {architecture} "
        "(model_type {model_type}) to GGUF. Keep the model as a Hugging Face folder, or export it with a "
        "newer llama.cpp that supports it. The converter's log is kept in {log}."
    ),
    "gguf_convert_failed": (
        "Converting {model} to GGUF failed (exit {exit}). The converter's log is kept in {log}. "
        "Last lines:\n{tail}"
    ),
    "gguf_tools_failed": "The runtime could not {action}: {detail}",
    "gguf_timeout": (
        "Converting {model} to GGUF took longer than {seconds} s and was stopped. The log is kept in {log}."
    ),
})

Progress = Callable[[int, int, str], None]
CancelCheck = Callable[[], bool]
PROGRESS_TOTAL = 1000
OUTTYPES = ("f16", "bf16", "q8_0", "f32")
MARKER = ".fttool-converter.json"
SCRIPT = "convert_hf_to_gguf.py"


@cache
def pin() -> dict[str, Any]:
    """The dated pin of the converter's source (resources/runtime/llama_cpp.json)."""
    data: dict[str, Any] = json.loads(resource("runtime", "llama_cpp.json").read_text(encoding="utf-8"))
    return data


def converter_dir(root: Path) -> Path:
    """Where the pinned converter is (or will be) unpacked under `root`."""
    return Path(root) / f"llama.cpp-converter-{pin()['version']}"


def converter_ready(folder: Path) -> bool:
    """Whether `folder` holds a complete unpack of the pinned archive (its marker names the pinned sha256)."""
    try:
        rec = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return (rec.get("sha256") == pin()["sha256"] and (folder / SCRIPT).is_file()
            and (folder / "gguf-py" / "gguf" / "__init__.py").is_file())


def _report(progress: Progress | None, done: int, message: str) -> None:
    if progress is not None:
        progress(max(0, min(done, PROGRESS_TOTAL)), PROGRESS_TOTAL, message)


def _check_cancel(cancel: CancelCheck | None) -> None:
    if cancel is not None and cancel():
        raise Cancelled()


def _tail(text: str, n: int = 15) -> str:
    return "\n".join(text.replace("\r", "\n").splitlines()[-n:])


# -- running a process with a kept log ------------------------------------------------------------------
class _TimedOut(Exception):
    pass


def _run_logged(argv: list[str], log_path: Path, env: Mapping[str, str], *, cwd: Path | None = None,
                on_output: Callable[[str], None] | None = None, cancel: CancelCheck | None = None,
                timeout: float | None = None, tick: float = 0.2) -> int:
    """Run argv in a session of its own with stdout+stderr appended to log_path, feeding new output to
    on_output while polling; cancel (or the timeout) ends the whole process group."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        log.write(f"\n== {iso_now()} {' '.join(argv)}\n".encode())
        log.flush()
        offset = log.tell()
        proc = popen_new_session(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 env=dict(env), cwd=str(cwd) if cwd else None)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    t0 = time.monotonic()
    try:
        while True:
            finished = proc.poll() is not None
            with open(log_path, "rb") as f:
                f.seek(offset)
                chunk = f.read()
            offset += len(chunk)
            if chunk and on_output is not None:
                on_output(decoder.decode(chunk))
            if finished:
                break
            if cancel is not None and cancel():
                end_process_group(proc.pid, proc)
                raise Cancelled()
            if timeout is not None and time.monotonic() - t0 > timeout:
                end_process_group(proc.pid, proc)
                raise _TimedOut()
            time.sleep(tick)
    finally:
        if proc.poll() is None:
            end_process_group(proc.pid, proc)
        elif os.name != "nt" and group_alive(proc.pid):  # a grandchild left behind: end it too
            end_process_group(proc.pid, proc)
    return int(proc.returncode)


class _Lines:
    """Split streamed output into lines at \\n and \\r (tqdm redraws its bar with \\r)."""

    def __init__(self, handle: Callable[[str], None]) -> None:
        self.buf = ""
        self.handle = handle

    def feed(self, text: str) -> None:
        self.buf += text
        *lines, self.buf = re.split(r"[\r\n]", self.buf)
        for line in lines:
            if line:
                self.handle(line)


# -- fetching and unpacking the converter ---------------------------------------------------------------
def _pip_version(python: Path, env: Mapping[str, str]) -> tuple[int, ...]:
    try:
        out = subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True, text=True,
                             timeout=60, env=dict(env))
    except (OSError, subprocess.TimeoutExpired):
        return (0,)
    m = re.match(r"pip (\d+)\.(\d+)", out.stdout.strip())
    return (int(m.group(1)), int(m.group(2))) if m else (0,)


def _download(python: Path, env: Mapping[str, str], dest: Path, log_path: Path, p: Mapping[str, Any],
              progress: Progress | None, cancel: CancelCheck | None) -> Path:
    """`python -m pip download PACKAGE==VERSION --no-deps --no-binary :all:` into dest, with the pinned hash
    in a requirements file so pip itself refuses another file before running any of its build code."""
    dest.mkdir(parents=True, exist_ok=True)
    req = dest.parent / "requirement.txt"
    req.write_text(f"{p['package']}=={p['version']} --hash=sha256:{p['sha256']}\n", encoding="utf-8")
    child_env = dict(env)
    child_env["PYTHONUNBUFFERED"] = "1"
    child_env.pop("PYTHONPATH", None)
    child_env.pop("PYTHONHOME", None)
    raw = _pip_version(python, child_env) >= (24, 1)  # `--progress-bar raw` prints "Progress N of M"
    argv = [str(python), "-m", "pip", "download", "-r", str(req), "--no-deps", "--no-binary", ":all:",
            "-d", str(dest), "--disable-pip-version-check", "--progress-bar", "raw" if raw else "off"]
    label = f"Downloading llama.cpp's converter ({p['package']} {p['version']}, {p['size'] / 1e6:.0f} MB)"
    state: dict[str, Any] = {"done": 0, "msg": label}

    def line(text: str) -> None:
        m = re.match(r"Progress (\d+) of (\d+)", text)
        if m and int(m.group(2)):
            state["done"] = int(600 * int(m.group(1)) / int(m.group(2)))
            state["msg"] = f"{label}: {int(m.group(1)) / 1e6:.0f} MB"
        elif "Installing build dependencies" in text or "Preparing metadata" in text:
            state["done"] = max(state["done"], 620 if "build dependencies" in text else 660)
            state["msg"] = "Checking the downloaded source"
        _report(progress, int(state["done"]), str(state["msg"]))

    lines = _Lines(line)
    _report(progress, 0, label)
    before = log_path.stat().st_size if log_path.exists() else 0  # the log keeps earlier attempts too
    code = _run_logged(argv, log_path, child_env, on_output=lines.feed, cancel=cancel)
    with open(log_path, "rb") as f:
        f.seek(before)
        log_text = f.read().decode("utf-8", "replace")
    if "DO NOT MATCH THE HASHES" in log_text:
        got = re.findall(r"Got\s+([0-9a-f]{64})", log_text)
        raise FtError("gguf_converter_mismatch", filename=p["filename"], what="sha256",
                      found=got[-1] if got else "another file", expected=p["sha256"])
    if code != 0:
        raise FtError("gguf_download_failed", package=p["package"], version=p["version"], exit=code,
                      log=str(log_path), tail=_tail(log_text), details=_tail(log_text, 60))
    files = [f for f in dest.iterdir() if f.is_file()]
    named = dest / p["filename"]
    if named.is_file():
        return named
    if len(files) == 1:
        return files[0]
    raise FtError("gguf_download_failed", package=p["package"], version=p["version"], exit=code,
                  log=str(log_path), tail=f"expected {p['filename']} in {dest}, found "
                                          f"{', '.join(f.name for f in files) or 'nothing'}")


def verify_archive(path: Path, *, size: int, sha256: str, cancel: CancelCheck | None = None) -> None:
    """Check the archive's size and sha256 against the pin; on a mismatch delete it and raise
    gguf_converter_mismatch."""
    actual = path.stat().st_size
    if actual != size:
        path.unlink(missing_ok=True)
        raise FtError("gguf_converter_mismatch", filename=path.name, what="size", found=f"{actual} bytes",
                      expected=f"{size} bytes")
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
            _check_cancel(cancel)
    if h.hexdigest() != sha256.lower():
        path.unlink(missing_ok=True)
        raise FtError("gguf_converter_mismatch", filename=path.name, what="sha256", found=h.hexdigest(),
                      expected=sha256.lower())


def member_problem(member: tarfile.TarInfo) -> str | None:
    """Why this archive entry must not be unpacked (None: a plain file or folder with a relative, inward
    path)."""
    name = member.name.replace("\\", "/")
    if not name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return "absolute path"
    if ".." in PurePosixPath(name).parts:
        return "path leaves the folder (..)"
    if member.issym() or member.islnk():
        return "link"
    if not (member.isfile() or member.isdir()):
        return "special file"
    return None


class _CountingReader:
    """A read-only file wrapper that counts the compressed bytes read (progress of a streamed unpack)."""

    def __init__(self, f: IO[bytes]) -> None:
        self.f = f
        self.count = 0

    def read(self, n: int = -1) -> bytes:
        data = self.f.read(n)
        self.count += len(data)
        return data


def _wanted(rel: str, members: Sequence[str]) -> bool:
    return any(rel == m or (m.endswith("/") and rel.startswith(m)) for m in members)


def extract_converter(archive: Path, dest: Path, *, archive_root: str, members: Sequence[str],
                      progress: Progress | None = None, cancel: CancelCheck | None = None,
                      span: tuple[int, int] = (0, PROGRESS_TOTAL)) -> int:
    """Unpack from `archive` (a .tar.gz) the entries under `archive_root` that `members` names (a file, or a
    folder ending in /) into `dest`, which must not exist yet. Refuses the whole archive when any entry is an
    absolute path, climbs out with .., is a link or a special file, or would land outside dest. Returns the
    number of files written."""
    prefix = archive_root.strip("/") + "/"
    dest.mkdir(parents=True)
    base = dest.resolve()
    total = archive.stat().st_size or 1
    written = 0
    lo, hi = span
    _report(progress, lo, "Unpacking llama.cpp's converter")
    with open(archive, "rb") as raw:
        counter = _CountingReader(raw)
        with tarfile.open(fileobj=counter, mode="r|gz") as tar:  # type: ignore[call-overload]
            for member in tar:
                problem = member_problem(member)
                if problem:
                    raise FtError("gguf_converter_unsafe", filename=archive.name, member=member.name,
                                  reason=problem)
                name = member.name.replace("\\", "/").removeprefix("./")
                if not name.startswith(prefix):
                    continue
                rel = name[len(prefix):].strip("/")
                if not rel or not _wanted(rel + ("/" if member.isdir() else ""), members):
                    continue
                target = (dest / rel).resolve()
                if not target.is_relative_to(base) or target == base:
                    raise FtError("gguf_converter_unsafe", filename=archive.name, member=member.name,
                                  reason="lands outside the target folder")
                if member.isdir():
                    target.mkdir(parents=True, exist_ok=True)
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                src = tar.extractfile(member)
                if src is None:
                    continue
                with src, open(target, "wb") as out:
                    shutil.copyfileobj(src, out)
                os.chmod(target, 0o644)
                written += 1
                if written % 20 == 0:
                    _check_cancel(cancel)
                    _report(progress, lo + int((hi - lo) * min(counter.count / total, 1.0)),
                            f"Unpacking llama.cpp's converter ({written} files)")
    _report(progress, hi, f"Unpacked llama.cpp's converter ({written} files)")
    return written


def _install(staging: Path, target: Path) -> None:
    """Put the unpacked staging folder in place atomically (an incomplete old one is removed first)."""
    if target.exists():
        if converter_ready(target):
            return  # another process finished first
        shutil.rmtree(target)
    try:
        os.replace(staging, target)
    except OSError:
        if not converter_ready(target):
            raise


def ensure_converter(root: Path, python: Path, env: dict[str, str], *, progress: Progress | None = None,
                     cancel: CancelCheck | None = None) -> Path:
    """The folder of llama.cpp's pinned converter under `root` (convert_hf_to_gguf.py, conversion/, gguf-py/),
    downloading the pinned source with `python`'s pip and unpacking it first when it is not there yet.
    Raises Cancelled, gguf_download_failed, gguf_converter_mismatch, gguf_converter_unsafe."""
    p = pin()
    root = Path(root)
    target = converter_dir(root)
    if converter_ready(target):
        _report(progress, PROGRESS_TOTAL, "llama.cpp's converter is ready")
        return target
    root.mkdir(parents=True, exist_ok=True)
    log_path = root / f"{target.name}.log"
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=root))
    try:
        archive = _download(Path(python), env, work / "download", log_path, p, progress, cancel)
        _check_cancel(cancel)
        _report(progress, 700, "Checking the converter's checksum")
        verify_archive(archive, size=int(p["size"]), sha256=str(p["sha256"]), cancel=cancel)
        staging = work / "unpacked"
        n = extract_converter(archive, staging, archive_root=p["archive_root"], members=p["members"],
                              progress=progress, cancel=cancel, span=(750, 990))
        missing = [m for m in (SCRIPT, "gguf-py/gguf/__init__.py") if not (staging / m).is_file()]
        if missing:
            raise FtError("gguf_converter_incomplete", filename=archive.name, missing=", ".join(missing))
        atomic_write_json(staging / MARKER, {
            "package": p["package"], "version": p["version"], "sha256": p["sha256"], "files": n,
            "conversion_package": (staging / "conversion").is_dir(), "unpacked_at": iso_now()})
        _check_cancel(cancel)
        _install(staging, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _report(progress, PROGRESS_TOTAL, "llama.cpp's converter is ready")
    return target


# -- converting ------------------------------------------------------------------------------------------
def _tensor_count(model_dir: Path) -> int:
    """Tensors in the folder's safetensors files, from their headers (no weights read); 0 when unknown."""
    total = 0
    for f in sorted(model_dir.glob("*.safetensors")):
        if f.name.startswith("adapter"):
            continue
        try:
            with open(f, "rb") as fh:
                n = struct.unpack("<Q", fh.read(8))[0]
                header = json.loads(fh.read(n))
        except (OSError, ValueError, struct.error):
            return 0
        total += sum(1 for k in header if k != "__metadata__")
    return total


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _pre_tokenizer_name(node: Any) -> str:
    if not isinstance(node, dict):
        return "none"
    kind = str(node.get("type") or "unknown")
    if kind == "Sequence":
        inner = [_pre_tokenizer_name(n) for n in node.get("pretokenizers") or []]
        return f"Sequence({', '.join(inner)})"
    return kind


def describe_tokenizer(model_dir: Path) -> str:
    """A short description of the folder's tokenizer for a message: its class, its model and pre-tokenizer
    (from tokenizer.json), and the model type."""
    cfg = _read_json(model_dir / "tokenizer_config.json")
    cls = cfg.get("tokenizer_class") or "unknown"
    parts = []
    tj = model_dir / "tokenizer.json"
    if tj.is_file():
        data = _read_json(tj)
        model = data.get("model")
        kind = model.get("type") if isinstance(model, dict) else None
        parts.append(f"{kind or 'unknown'} model")
        parts.append(f"pre-tokenizer {_pre_tokenizer_name(data.get('pre_tokenizer'))}")
    model_type = _read_json(model_dir / "config.json").get("model_type")
    where = f" of this {model_type} model" if model_type else ""
    inner = f" ({', '.join(parts)})" if parts else ""
    return f"the {cls} tokenizer{where}{inner}"


def classify_failure(log_text: str, model_dir: Path, log_path: Path, exit_code: int) -> FtError:
    """The error a person can act on, from the converter's log: an unknown BPE pre-tokenizer, an unknown
    architecture, or any other failure with the last log lines."""
    version = pin()["version"]
    details = _tail(log_text, 80)
    if "BPE pre-tokenizer was not recognized" in log_text:
        m = re.findall(r"chkhsh:\s+([0-9a-f]{64})", log_text)
        return FtError("gguf_tokenizer_unsupported", version=version, tokenizer=describe_tokenizer(model_dir),
                       chkhsh=m[-1] if m else "unknown", log=str(log_path), details=details)
    cfg = _read_json(model_dir / "config.json")
    model_type = cfg.get("model_type") or "unknown"
    arch = None
    for pattern in (r"Model (\S+) is not supported", r"Architecture '([^']+)' not supported"):
        found = re.findall(pattern, log_text)
        if found:
            arch = found[-1]
            break
    if arch is None and "Failed to detect model architecture" in log_text:
        arch = "(none named in config.json)"
    if arch is not None:
        return FtError("gguf_arch_unsupported", version=version, architecture=arch, model_type=model_type,
                       log=str(log_path), details=details)
    return FtError("gguf_convert_failed", model=str(model_dir), exit=exit_code, log=str(log_path),
                   tail=_tail(log_text), details=details)


def convert(model_dir: Path, out_file: Path, outtype: str, python: Path, env: dict[str, str], *,
            converter: Path, progress: Progress | None = None, cancel: CancelCheck | None = None,
            timeout: float = 3600) -> dict[str, Any]:
    """Convert the Hugging Face folder `model_dir` to the GGUF file `out_file` with llama.cpp's converter in
    `converter` (from ensure_converter), run by the runtime's `python`. Returns {path, size_mb, outtype,
    seconds, log}. Raises Cancelled, gguf_bad_outtype, gguf_no_model, gguf_converter_missing,
    gguf_tokenizer_unsupported, gguf_arch_unsupported, gguf_convert_failed, gguf_timeout."""
    if outtype not in OUTTYPES:
        raise FtError("gguf_bad_outtype", outtype=outtype, known=", ".join(OUTTYPES))
    model_dir = Path(model_dir).absolute()
    if not (model_dir / "config.json").is_file():
        raise FtError("gguf_no_model", path=str(model_dir))
    converter = Path(converter).absolute()
    script = converter / SCRIPT
    if not script.is_file():
        raise FtError("gguf_converter_missing", path=str(converter))
    out_file = Path(out_file).absolute()
    out_file.parent.mkdir(parents=True, exist_ok=True)
    partial = out_file.with_name(out_file.name + ".partial")
    log_path = out_file.with_name(out_file.name + ".log")
    partial.unlink(missing_ok=True)
    if log_path.exists():
        log_path.unlink()
    # the converter formats the output file name ({ftype} becomes the type): double any brace of ours
    outfile_arg = partial.with_name(partial.name.replace("{", "{{").replace("}", "}}"))
    argv = [str(python), str(script), str(model_dir), "--outfile", str(outfile_arg), "--outtype", outtype]
    child_env = dict(env)
    child_env["PYTHONUNBUFFERED"] = "1"
    child_env.pop("NO_LOCAL_GGUF", None)
    paths = [str(converter / "gguf-py"), str(converter)]
    if child_env.get("PYTHONPATH"):
        paths.append(child_env["PYTHONPATH"])
    child_env["PYTHONPATH"] = os.pathsep.join(paths)
    n_tensors = _tensor_count(model_dir)
    state: dict[str, Any] = {"tensors": 0, "done": 10, "msg": "Loading the model"}

    def line(text: str) -> None:
        if re.match(r"INFO:hf-to-gguf:\S+,\s+torch\.\w+ --> ", text):
            state["tensors"] += 1
            frac = min(state["tensors"] / n_tensors, 1.0) if n_tensors else 0.5
            state["done"], state["msg"] = 50 + int(450 * frac), f"Converting tensors ({state['tensors']})"
        elif text.startswith("INFO:hf-to-gguf:Set model tokenizer"):
            state["done"], state["msg"] = max(state["done"], 500), "Writing the tokenizer"
        else:
            m = re.match(r"Writing:\s+(\d+)%", text)
            if m:
                state["done"], state["msg"] = 500 + int(4.9 * int(m.group(1))), f"Writing {out_file.name}"
        _report(progress, int(state["done"]), str(state["msg"]))

    lines = _Lines(line)
    _report(progress, 0, f"Converting {model_dir.name} to GGUF ({outtype})")
    t0 = time.monotonic()
    try:
        code = _run_logged(argv, log_path, child_env, cwd=out_file.parent, on_output=lines.feed,
                           cancel=cancel, timeout=timeout)
    except _TimedOut:
        partial.unlink(missing_ok=True)
        raise FtError("gguf_timeout", model=str(model_dir), seconds=int(timeout), log=str(log_path)) from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    seconds = time.monotonic() - t0
    log_text = log_path.read_text(encoding="utf-8", errors="replace")
    if code != 0 or not partial.is_file() or partial.stat().st_size == 0:
        partial.unlink(missing_ok=True)
        raise classify_failure(log_text, model_dir, log_path, code)
    os.replace(partial, out_file)
    size = out_file.stat().st_size
    _report(progress, PROGRESS_TOTAL, f"Exported {out_file.name}")
    return {"path": str(out_file), "size_mb": round(size / 1e6, 3), "outtype": outtype,
            "seconds": round(seconds, 1), "log": str(log_path)}


def run_tools(python: Path, env: Mapping[str, str], command: str, args: Mapping[str, Any],
              timeout: float = 600) -> dict[str, Any]:
    """Run resources/runtime/gguf_tools.py COMMAND in the runtime's Python; its last JSON line."""
    argv = [str(python), str(resource("runtime", "gguf_tools.py")), command, json.dumps(args)]
    child_env = dict(env)
    child_env["PYTHONUNBUFFERED"] = "1"
    try:
        out = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=child_env,
                             stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        raise FtError("gguf_tools_failed", action=command, detail=f"no answer in {int(timeout)} s") from None
    try:
        data: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        raise FtError("gguf_tools_failed", action=command,
                      detail=(out.stderr.strip().splitlines() or ["no output"])[-1],
                      details=out.stderr[-4000:]) from None
    if not data.get("ok"):
        raise FtError("gguf_tools_failed", action=command, detail=data.get("error", "unknown"),
                      details=data.get("traceback"))
    return data
