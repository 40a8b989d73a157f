"""GGUF export's own code, fast and offline: the converter's pin; path-safe unpacking of the converter
archive (a crafted tar.gz with ../, absolute, symlink and hardlink entries); the size and sha256 check;
fetching with a stand-in pip (cached, cancellable, a failed download explained); running a stand-in converter
(the .partial rename, braces in the file name, the argument list and PYTHONPATH, cancel and timeout ending the
process group); reading the real converter's failure texts; and cutting chat templates into Ollama's template
from renders recorded with transformers for ChatML (SmolLM2, Qwen3), Gemma 3 and 2, Llama 3 and 3.1, Zephyr,
Mistral and Llama 2. The real converter runs in tests/e2e/test_gguf_export.py."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import textwrap
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from fttool.errors import Cancelled, FtError
from fttool.runtime import gguf, modelfile

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="stand-in executables and process groups")
ROOT_IN_ARCHIVE = "llama_cpp_python-9.9.9/vendor/llama.cpp"


# -- the pin --------------------------------------------------------------------------------------------
def test_pin_is_dated_and_complete() -> None:
    p = gguf.pin()
    date.fromisoformat(p["as_of"])
    assert p["package"] == "llama-cpp-python" and p["version"] == "0.3.36"
    assert p["filename"] == f"llama_cpp_python-{p['version']}.tar.gz"
    assert re.fullmatch(r"[0-9a-f]{64}", p["sha256"])
    assert isinstance(p["size"], int) and 10_000_000 < p["size"] < 200_000_000
    assert "pypi.org" in p["source"] and p["archive_root"].endswith("vendor/llama.cpp")
    assert set(p["members"]) == {"convert_hf_to_gguf.py", "conversion/", "gguf-py/"}
    assert gguf.converter_dir(Path("/x")) == Path("/x") / f"llama.cpp-converter-{p['version']}"


# -- a crafted archive ------------------------------------------------------------------------------------
def _add(tar: tarfile.TarFile, name: str, data: bytes = b"", **kw: Any) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    for k, v in kw.items():
        setattr(info, k, v)
    tar.addfile(info, io.BytesIO(data) if data else None)


def make_archive(path: Path, extra: list[tuple[str, dict[str, Any]]] | None = None, *,
                 with_conversion: bool = True) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        top = ROOT_IN_ARCHIVE.split("/")[0]
        _add(tar, f"{top}/pyproject.toml", b"[project]\n")
        _add(tar, f"{top}/llama_cpp/__init__.py", b"# not wanted\n")
        _add(tar, f"{ROOT_IN_ARCHIVE}/src/llama.cpp", b"// not wanted\n")
        _add(tar, f"{ROOT_IN_ARCHIVE}/convert_hf_to_gguf.py", b"print('converter')\n")
        _add(tar, f"{ROOT_IN_ARCHIVE}/convert_hf_to_gguf_update.py", b"# not wanted\n")
        if with_conversion:
            _add(tar, f"{ROOT_IN_ARCHIVE}/conversion/__init__.py", b"# conversion\n")
            _add(tar, f"{ROOT_IN_ARCHIVE}/conversion/llama.py", b"# llama\n")
        _add(tar, f"{ROOT_IN_ARCHIVE}/gguf-py/gguf/__init__.py", b"# gguf\n")
        _add(tar, f"{ROOT_IN_ARCHIVE}/gguf-py/gguf/constants.py", b"X = 1\n")
        for name, kw in extra or []:
            data = kw.pop("data", b"")
            _add(tar, name, data, **kw)
    return path


def _spec(archive: Path) -> dict[str, Any]:
    data = archive.read_bytes()
    return {"as_of": "2026-12-05", "package": "llama-cpp-python", "version": "9.9.9",
            "filename": archive.name, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data),
            "source": "test", "archive_root": ROOT_IN_ARCHIVE,
            "members": ["convert_hf_to_gguf.py", "conversion/", "gguf-py/"]}


def _extract(archive: Path, dest: Path) -> int:
    return gguf.extract_converter(archive, dest, archive_root=ROOT_IN_ARCHIVE,
                                  members=["convert_hf_to_gguf.py", "conversion/", "gguf-py/"])


def test_extract_takes_only_the_converter(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "a.tar.gz")
    dest = tmp_path / "out"
    assert _extract(archive, dest) == 5
    files = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("*") if p.is_file())
    assert files == ["conversion/__init__.py", "conversion/llama.py", "convert_hf_to_gguf.py",
                     "gguf-py/gguf/__init__.py", "gguf-py/gguf/constants.py"]
    assert (dest / "convert_hf_to_gguf.py").read_text() == "print('converter')\n"


def test_extract_without_a_conversion_folder(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "a.tar.gz", with_conversion=False)
    assert _extract(archive, tmp_path / "out") == 3
    assert not (tmp_path / "out" / "conversion").exists()


@pytest.mark.parametrize(("name", "kw", "reason"), [
    (f"{ROOT_IN_ARCHIVE}/gguf-py/../../../../evil.py", {"data": b"x"}, ".."),
    ("../evil.py", {"data": b"x"}, ".."),
    ("/tmp/fttool-evil.py", {"data": b"x"}, "absolute"),
    (f"{ROOT_IN_ARCHIVE}/gguf-py/gguf/link.py", {"type": tarfile.SYMTYPE, "linkname": "/etc/passwd"}, "link"),
    (f"{ROOT_IN_ARCHIVE}/gguf-py/gguf/hard.py",
     {"type": tarfile.LNKTYPE, "linkname": f"{ROOT_IN_ARCHIVE}/convert_hf_to_gguf.py"}, "link"),
    (f"{ROOT_IN_ARCHIVE}/gguf-py/gguf/fifo", {"type": tarfile.FIFOTYPE}, "special"),
])
def test_extract_refuses_unsafe_entries(tmp_path: Path, name: str, kw: dict[str, Any], reason: str) -> None:
    archive = make_archive(tmp_path / "a.tar.gz", [(name, dict(kw))])
    with pytest.raises(FtError) as err:
        _extract(archive, tmp_path / "work" / "out")
    assert err.value.code == "gguf_converter_unsafe"
    assert reason in err.value.message and "nothing was unpacked" in err.value.message
    assert not (tmp_path / "evil.py").exists() and not (tmp_path / "work" / "evil.py").exists()
    assert not Path("/tmp/fttool-evil.py").exists()


def test_member_problem() -> None:
    ok = tarfile.TarInfo("a/b.py")
    assert gguf.member_problem(ok) is None
    assert gguf.member_problem(tarfile.TarInfo("C:/x.py")) == "absolute path"
    assert gguf.member_problem(tarfile.TarInfo("a\\..\\..\\x.py")) == "path leaves the folder (..)"


def test_verify_archive(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "a.tar.gz")
    spec = _spec(archive)
    gguf.verify_archive(archive, size=spec["size"], sha256=spec["sha256"])
    assert archive.exists()
    with pytest.raises(FtError) as err:
        gguf.verify_archive(archive, size=spec["size"], sha256="0" * 64)
    assert err.value.code == "gguf_converter_mismatch" and "sha256" in err.value.message
    assert not archive.exists()  # deleted
    archive = make_archive(tmp_path / "b.tar.gz")
    with pytest.raises(FtError) as err:
        gguf.verify_archive(archive, size=spec["size"] + 1, sha256=spec["sha256"])
    assert err.value.code == "gguf_converter_mismatch" and "size" in err.value.message
    assert not archive.exists()


# -- fetching with a stand-in pip -------------------------------------------------------------------------
FAKE_PIP = """#!{python}
import json, os, shutil, sys, time
calls = {calls!r}
with open(calls, "a") as f:
    f.write(json.dumps(sys.argv[1:]) + "\\n")
args = sys.argv[1:]
if args[:3] == ["-m", "pip", "--version"]:
    print("pip 26.3 from /somewhere (python 3.11)")
    sys.exit(0)
assert args[:3] == ["-m", "pip", "download"], args
mode = os.environ.get("FAKE_PIP_MODE", "ok")
dest = args[args.index("-d") + 1]
req = open(args[args.index("-r") + 1]).read()
print("Collecting " + req.split()[0])
print("  Downloading archive (1 MB)")
if mode == "fail":
    print("ERROR: Could not find a version that satisfies the requirement")
    sys.exit(1)
if mode == "hashes":  # pip's own refusal (a requirement pinned with --hash)
    print("ERROR: THESE PACKAGES DO NOT MATCH THE HASHES FROM THE REQUIREMENTS FILE. If you have updated ...")
    print("    llama-cpp-python==9.9.9 from https://example.invalid/x.tar.gz:")
    print("        Expected sha256 " + req.split("sha256:")[1].strip())
    print("             Got        " + "cd" * 32)
    sys.exit(1)
if mode == "slow":
    time.sleep(60)
print("Progress 0 of 100")
print("Progress 100 of 100")
os.makedirs(dest, exist_ok=True)
shutil.copy({archive!r}, os.path.join(dest, os.path.basename({archive!r})))
print("Saved " + dest)
"""


@pytest.fixture
def fake_pip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    archive = make_archive(tmp_path / "llama_cpp_python-9.9.9.tar.gz")
    spec = _spec(archive)
    monkeypatch.setattr(gguf, "pin", lambda: spec)
    calls = tmp_path / "calls.jsonl"
    exe = tmp_path / "fakepython"
    exe.write_text(FAKE_PIP.format(python=sys.executable, calls=str(calls), archive=str(archive)))
    exe.chmod(0o755)
    return {"python": exe, "calls": calls, "spec": spec, "archive": archive,
            "env": {"PATH": "/usr/bin:/bin", "FAKE_PIP_MODE": "ok"}}


def _downloads(calls: Path) -> int:
    if not calls.exists():
        return 0
    return sum(1 for line in calls.read_text().splitlines() if '"download"' in line)


@POSIX
def test_ensure_converter_fetches_once_and_reuses(tmp_path: Path, fake_pip: dict[str, Any]) -> None:
    root = tmp_path / "cache"
    seen: list[tuple[int, int, str]] = []
    folder = gguf.ensure_converter(root, fake_pip["python"], fake_pip["env"],
                                   progress=lambda d, t, m: seen.append((d, t, m)))
    assert folder == gguf.converter_dir(root) and gguf.converter_ready(folder)
    assert (folder / "convert_hf_to_gguf.py").is_file() and (folder / "conversion" / "llama.py").is_file()
    assert not (folder / "src").exists() and not (folder / "convert_hf_to_gguf_update.py").exists()
    marker = json.loads((folder / gguf.MARKER).read_text())
    assert marker["sha256"] == fake_pip["spec"]["sha256"] and marker["conversion_package"] is True
    assert seen[-1][:2] == (1000, 1000) and all(0 <= d <= t == 1000 for d, t, _ in seen)
    assert [d for d, _, _ in seen] == sorted(d for d, _, _ in seen)
    assert any("Downloading" in m for _, _, m in seen) and any("Unpacking" in m for _, _, m in seen)
    argv = [json.loads(line) for line in fake_pip["calls"].read_text().splitlines()][-1]
    assert argv[argv.index("--no-binary") + 1] == ":all:" and "--no-deps" in argv
    assert sorted(p.name for p in root.iterdir()) == [folder.name, f"{folder.name}.log"]  # no temp left
    assert _downloads(fake_pip["calls"]) == 1
    assert gguf.ensure_converter(root, fake_pip["python"], fake_pip["env"]) == folder
    assert _downloads(fake_pip["calls"]) == 1  # cached: no second download


@POSIX
def test_ensure_converter_refuses_another_file(tmp_path: Path, fake_pip: dict[str, Any],
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(gguf, "pin", lambda: {**fake_pip["spec"], "sha256": "ab" * 32})
    root = tmp_path / "cache"
    with pytest.raises(FtError) as err:
        gguf.ensure_converter(root, fake_pip["python"], fake_pip["env"])
    assert err.value.code == "gguf_converter_mismatch"
    assert "ab" * 32 in err.value.message and fake_pip["spec"]["sha256"] in err.value.message
    # the file is gone and nothing was unpacked: only pip's log is left
    assert [p.name for p in root.iterdir()] == [f"{gguf.converter_dir(root).name}.log"]


@POSIX
def test_ensure_converter_explains_a_failed_download(tmp_path: Path, fake_pip: dict[str, Any]) -> None:
    root = tmp_path / "cache"
    with pytest.raises(FtError) as err:
        gguf.ensure_converter(root, fake_pip["python"], {**fake_pip["env"], "FAKE_PIP_MODE": "fail"})
    assert err.value.code == "gguf_download_failed"
    assert "Could not find a version" in err.value.message and "exit 1" in err.value.message
    assert not gguf.converter_dir(root).exists()


@POSIX
def test_ensure_converter_reports_pips_hash_refusal(tmp_path: Path, fake_pip: dict[str, Any]) -> None:
    root = tmp_path / "cache"
    with pytest.raises(FtError) as err:  # an earlier failed attempt in the same log must not confuse it
        gguf.ensure_converter(root, fake_pip["python"], {**fake_pip["env"], "FAKE_PIP_MODE": "fail"})
    assert err.value.code == "gguf_download_failed"
    with pytest.raises(FtError) as err:
        gguf.ensure_converter(root, fake_pip["python"], {**fake_pip["env"], "FAKE_PIP_MODE": "hashes"})
    assert err.value.code == "gguf_converter_mismatch" and "cd" * 32 in err.value.message
    assert fake_pip["spec"]["sha256"] in err.value.message
    with pytest.raises(FtError) as err:
        gguf.ensure_converter(root, fake_pip["python"], {**fake_pip["env"], "FAKE_PIP_MODE": "fail"})
    assert err.value.code == "gguf_download_failed"
    assert not gguf.converter_dir(root).exists()


@POSIX
def test_ensure_converter_cancel_ends_pip(tmp_path: Path, fake_pip: dict[str, Any]) -> None:
    root = tmp_path / "cache"
    t0 = time.monotonic()
    with pytest.raises(Cancelled):
        gguf.ensure_converter(root, fake_pip["python"], {**fake_pip["env"], "FAKE_PIP_MODE": "slow"},
                              cancel=lambda: time.monotonic() - t0 > 0.5)
    assert time.monotonic() - t0 < 20
    assert not gguf.converter_dir(root).exists()
    assert [p.name for p in root.iterdir()] == [f"{gguf.converter_dir(root).name}.log"]


# -- running a stand-in converter -------------------------------------------------------------------------
FAKE_CONVERTER = """
import json, os, sys, time
args = sys.argv[1:]
model, out, outtype = args[0], args[args.index("--outfile") + 1], args[args.index("--outtype") + 1]
print("INFO:hf-to-gguf:Loading model: " + os.path.basename(model))
print("ENV " + json.dumps({"PYTHONPATH": os.environ.get("PYTHONPATH"), "argv": args}))
mode = open(os.path.join(model, "mode.txt")).read().strip()
if mode == "slow":
    time.sleep(60)
if mode == "bpe":
    for line in (TOKENIZER_WARNING):
        print("WARNING:hf-to-gguf:" + line, file=sys.stderr)
    print("Traceback (most recent call last):", file=sys.stderr)
    print('  File "conversion/base.py", line 1953, in get_vocab_base_pre', file=sys.stderr)
    print("NotImplementedError: BPE pre-tokenizer was not recognized - update get_vocab_base_pre()",
          file=sys.stderr)
    sys.exit(1)
if mode == "arch":
    print("INFO:hf-to-gguf:Model architecture: FooBarForCausalLM")
    print("ERROR:hf-to-gguf:Model FooBarForCausalLM is not supported", file=sys.stderr)
    sys.exit(1)
if mode == "crash":
    print("Traceback (most recent call last):", file=sys.stderr)
    print("RuntimeError: out of memory while writing", file=sys.stderr)
    sys.exit(1)
name = os.path.basename(out).format(outtype, outtype=outtype, ftype=outtype)  # as fill_templated_filename
for i in range(3):
    print(f"INFO:hf-to-gguf:blk.{i}.attn_q.weight,   torch.float32 --> Q8_0, shape = {{64, 64}}")
sys.stderr.write("Writing:  50%|#####     | 1.00k/2.00k\\rWriting: 100%|##########| 2.00k/2.00k\\n")
with open(os.path.join(os.path.dirname(out), name), "wb") as f:
    f.write(b"GGUF" + b"\\0" * 2044)
print("INFO:hf-to-gguf:Model successfully exported to " + name)
"""

# the converter's own warning lines (conversion/base.py, get_vocab_base_pre)
TOKENIZER_WARNING = [
    "",
    "**************************************************************************************",
    "** WARNING: The BPE pre-tokenizer was not recognized!",
    "**          There are 2 possible reasons for this:",
    "**          - the model has not been added to convert_hf_to_gguf_update.py yet",
    "**          - the pre-tokenization config has changed upstream",
    "**          Check your model files and convert_hf_to_gguf_update.py and update them accordingly.",
    "** ref:     https://github.com/ggml-org/llama.cpp/pull/6920",
    "**",
    "** chkhsh:  d831f21431e66b8cdb303686ed4256e1157ba13deaec3eb00ed276dbb6f0a500",
    "**************************************************************************************",
]


@pytest.fixture
def fake_converter(tmp_path: Path) -> Path:
    conv = tmp_path / "converter"
    (conv / "gguf-py" / "gguf").mkdir(parents=True)
    (conv / "gguf-py" / "gguf" / "__init__.py").write_text("")
    (conv / "convert_hf_to_gguf.py").write_text(
        FAKE_CONVERTER.replace("(TOKENIZER_WARNING)", repr(TOKENIZER_WARNING)))
    return conv


def model_folder(tmp_path: Path, mode: str = "ok") -> Path:
    model = tmp_path / "merged"
    model.mkdir(exist_ok=True)
    (model / "config.json").write_text(json.dumps({"model_type": "qwen3",
                                                   "architectures": ["Qwen3ForCausalLM"]}))
    (model / "tokenizer_config.json").write_text(json.dumps({"tokenizer_class": "TokenizersBackend"}))
    (model / "tokenizer.json").write_text(json.dumps({"model": {"type": "BPE"}, "pre_tokenizer": {
        "type": "Sequence", "pretokenizers": [{"type": "Split"}, {"type": "ByteLevel"}]}}))
    (model / "mode.txt").write_text(mode)
    return model


def _convert(tmp_path: Path, conv: Path, mode: str, out_name: str = "tiny.gguf", **kw: Any) -> dict[str, Any]:
    return gguf.convert(model_folder(tmp_path, mode), tmp_path / "export" / out_name, "q8_0",
                        Path(sys.executable), {"PATH": "/usr/bin:/bin", "PYTHONPATH": "/elsewhere"},
                        converter=conv, **kw)


@POSIX
def test_convert_writes_partial_then_renames(tmp_path: Path, fake_converter: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    res = _convert(tmp_path, fake_converter, "ok", progress=lambda d, t, m: seen.append((d, t, m)))
    out = tmp_path / "export" / "tiny.gguf"
    assert res["path"] == str(out) and res["outtype"] == "q8_0" and res["size_mb"] == 0.002
    assert out.read_bytes()[:4] == b"GGUF" and not (tmp_path / "export" / "tiny.gguf.partial").exists()
    log = (tmp_path / "export" / "tiny.gguf.log").read_text()
    env = json.loads(next(line[4:] for line in log.splitlines() if line.startswith("ENV ")))
    conv = str(fake_converter.absolute())
    assert env["PYTHONPATH"].split(":") == [f"{conv}/gguf-py", conv, "/elsewhere"]
    assert env["argv"] == [str((tmp_path / "merged").absolute()), "--outfile", str(out) + ".partial",
                           "--outtype", "q8_0"]
    assert seen[-1][:2] == (1000, 1000) and any("Writing" in m for _, _, m in seen)
    assert any(m == "Converting tensors (3)" for _, _, m in seen)


@POSIX
def test_convert_keeps_braces_in_the_file_name(tmp_path: Path, fake_converter: Path) -> None:
    res = _convert(tmp_path, fake_converter, "ok", out_name="model-{ftype}.gguf")
    assert Path(res["path"]).name == "model-{ftype}.gguf" and Path(res["path"]).is_file()


@POSIX
def test_convert_names_an_unknown_tokenizer(tmp_path: Path, fake_converter: Path) -> None:
    with pytest.raises(FtError) as err:
        _convert(tmp_path, fake_converter, "bpe")
    e = err.value
    assert e.code == "gguf_tokenizer_unsupported"
    assert "TokenizersBackend" in e.message and "qwen3" in e.message
    assert "Sequence(Split, ByteLevel)" in e.message and "BPE model" in e.message
    assert "d831f21431e66b8cdb303686ed4256e1157ba13deaec3eb00ed276dbb6f0a500" in e.message
    assert "base model" in e.message and "tiny.gguf.log" in e.message
    assert "Traceback" not in e.message and "Traceback" in (e.details or "")
    assert not list((tmp_path / "export").glob("*.partial"))
    assert not (tmp_path / "export" / "tiny.gguf").exists()


@POSIX
def test_convert_names_an_unknown_architecture(tmp_path: Path, fake_converter: Path) -> None:
    with pytest.raises(FtError) as err:
        _convert(tmp_path, fake_converter, "arch")
    assert err.value.code == "gguf_arch_unsupported"
    assert "FooBarForCausalLM" in err.value.message and "model_type qwen3" in err.value.message


@POSIX
def test_convert_other_failure_shows_the_last_lines(tmp_path: Path, fake_converter: Path) -> None:
    with pytest.raises(FtError) as err:
        _convert(tmp_path, fake_converter, "crash")
    assert err.value.code == "gguf_convert_failed"
    assert "out of memory while writing" in err.value.message and "exit 1" in err.value.message


@POSIX
def test_convert_cancel_and_timeout_end_the_converter(tmp_path: Path, fake_converter: Path) -> None:
    t0 = time.monotonic()
    with pytest.raises(Cancelled):
        _convert(tmp_path, fake_converter, "slow", cancel=lambda: time.monotonic() - t0 > 0.5)
    assert time.monotonic() - t0 < 20
    assert not list((tmp_path / "export").glob("*.partial"))
    with pytest.raises(FtError) as err:
        _convert(tmp_path, fake_converter, "slow", timeout=0.5)
    assert err.value.code == "gguf_timeout"


def test_convert_checks_its_inputs(tmp_path: Path, fake_converter: Path) -> None:
    with pytest.raises(FtError) as err:
        gguf.convert(tmp_path, tmp_path / "x.gguf", "q4_k_m", Path(sys.executable), {},
                     converter=fake_converter)
    assert err.value.code == "gguf_bad_outtype" and "q8_0" in err.value.message
    with pytest.raises(FtError) as err:
        gguf.convert(tmp_path / "nothing", tmp_path / "x.gguf", "f16", Path(sys.executable), {},
                     converter=fake_converter)
    assert err.value.code == "gguf_no_model"
    with pytest.raises(FtError) as err:
        gguf.convert(model_folder(tmp_path), tmp_path / "x.gguf", "f16", Path(sys.executable), {},
                     converter=tmp_path / "missing")
    assert err.value.code == "gguf_converter_missing"


# -- the real converter's failure texts -------------------------------------------------------------------
def test_classify_real_converter_logs(tmp_path: Path) -> None:
    model = model_folder(tmp_path)
    log = tmp_path / "x.log"
    bpe = "\n".join("WARNING:hf-to-gguf:" + line for line in TOKENIZER_WARNING) + textwrap.dedent("""
        Traceback (most recent call last):
        NotImplementedError: BPE pre-tokenizer was not recognized - update get_vocab_base_pre()
        """)
    e = gguf.classify_failure(bpe, model, log, 1)
    assert e.code == "gguf_tokenizer_unsupported" and "d831f214" in e.message
    e = gguf.classify_failure("INFO:hf-to-gguf:Model architecture: X\nERROR:hf-to-gguf:Model XForCausalLM is "
                              "not supported\n", model, log, 1)
    assert e.code == "gguf_arch_unsupported" and "XForCausalLM" in e.message
    e = gguf.classify_failure("NotImplementedError: Architecture 'YModel' not supported!\n", model, log, 1)
    assert e.code == "gguf_arch_unsupported" and "YModel" in e.message
    e = gguf.classify_failure("ValueError: Failed to detect model architecture\n", model, log, 1)
    assert e.code == "gguf_arch_unsupported" and "none named" in e.message
    e = gguf.classify_failure("\n".join(f"line {i}" for i in range(40)), model, log, 2)
    assert e.code == "gguf_convert_failed" and "line 39" in e.message and "line 10" not in e.message


# -- cutting chat templates into Ollama's template ----------------------------------------------------------
# Renders recorded with transformers 5.25 (render_jinja_template) from each family's chat template, with
# the sentinel conversations of modelfile.conversations(); {S} {U1} {A1} {U2} stand for the sentinels. None: the
# template raised (Gemma 2: "System role not supported"; Mistral: roles must alternate user/assistant).
SMOL_SYSTEM = ("<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face"
               "<|im_end|>\n")
L31_SYSTEM = ("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n"
              "Cutting Knowledge Date: December 2023\nToday Date: 26 Jul 2024\n\n")
RECORDED: dict[str, dict[str, Any]] = {
    "smollm2": {"bos": "<|im_start|>", "adds_bos": False, "eos": "<|im_end|>", "renders": {
        "full": "<|im_start|>system\n{S}<|im_end|>\n<|im_start|>user\n{U1}<|im_end|>\n"
                "<|im_start|>assistant\n{A1}<|im_end|>\n<|im_start|>user\n{U2}<|im_end|>\n"
                "<|im_start|>assistant\n",
        "nosys": SMOL_SYSTEM + "<|im_start|>user\n{U1}<|im_end|>\n<|im_start|>assistant\n{A1}<|im_end|>\n"
                               "<|im_start|>user\n{U2}<|im_end|>\n<|im_start|>assistant\n",
        "user": SMOL_SYSTEM + "<|im_start|>user\n{U1}<|im_end|>\n",
        "closed": SMOL_SYSTEM + "<|im_start|>user\n{U1}<|im_end|>\n<|im_start|>assistant\n{A1}<|im_end|>\n"}},
    "qwen3": {"bos": None, "adds_bos": False, "eos": "<|im_end|>", "renders": {
        "full": "<|im_start|>system\n{S}<|im_end|>\n<|im_start|>user\n{U1}<|im_end|>\n"
                "<|im_start|>assistant\n{A1}<|im_end|>\n<|im_start|>user\n{U2}<|im_end|>\n"
                "<|im_start|>assistant\n",
        "nosys": "<|im_start|>user\n{U1}<|im_end|>\n<|im_start|>assistant\n{A1}<|im_end|>\n"
                 "<|im_start|>user\n{U2}<|im_end|>\n<|im_start|>assistant\n",
        "user": "<|im_start|>user\n{U1}<|im_end|>\n",
        "closed": "<|im_start|>user\n{U1}<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n{A1}"
                  "<|im_end|>\n"}},
    "gemma3": {"bos": "<bos>", "adds_bos": True, "eos": "<eos>", "renders": {
        "full": "<bos><start_of_turn>user\n{S}\n\n{U1}<end_of_turn>\n<start_of_turn>model\n{A1}"
                "<end_of_turn>\n<start_of_turn>user\n{U2}<end_of_turn>\n<start_of_turn>model\n",
        "nosys": "<bos><start_of_turn>user\n{U1}<end_of_turn>\n<start_of_turn>model\n{A1}<end_of_turn>\n"
                 "<start_of_turn>user\n{U2}<end_of_turn>\n<start_of_turn>model\n",
        "user": "<bos><start_of_turn>user\n{U1}<end_of_turn>\n",
        "closed": "<bos><start_of_turn>user\n{U1}<end_of_turn>\n<start_of_turn>model\n{A1}<end_of_turn>\n"}},
    "gemma2": {"bos": "<bos>", "adds_bos": True, "eos": "<eos>", "renders": {
        "full": None,
        "nosys": "<bos><start_of_turn>user\n{U1}<end_of_turn>\n<start_of_turn>model\n{A1}<end_of_turn>\n"
                 "<start_of_turn>user\n{U2}<end_of_turn>\n<start_of_turn>model\n",
        "user": "<bos><start_of_turn>user\n{U1}<end_of_turn>\n",
        "closed": "<bos><start_of_turn>user\n{U1}<end_of_turn>\n<start_of_turn>model\n{A1}<end_of_turn>\n"}},
    "llama3": {"bos": "<|begin_of_text|>", "adds_bos": True, "eos": "<|eot_id|>", "renders": {
        "full": "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n{S}<|eot_id|>"
                "<|start_header_id|>user<|end_header_id|>\n\n{U1}<|eot_id|><|start_header_id|>assistant"
                "<|end_header_id|>\n\n{A1}<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n{U2}"
                "<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
        "nosys": "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n{U1}<|eot_id|>"
                 "<|start_header_id|>assistant<|end_header_id|>\n\n{A1}<|eot_id|><|start_header_id|>user"
                 "<|end_header_id|>\n\n{U2}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n",
        "user": "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n{U1}<|eot_id|>",
        "closed": "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n{U1}<|eot_id|>"
                  "<|start_header_id|>assistant<|end_header_id|>\n\n{A1}<|eot_id|>"}},
    "llama31": {"bos": "<|begin_of_text|>", "adds_bos": True, "eos": "<|eot_id|>", "renders": {
        "full": L31_SYSTEM + "{S}<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n{U1}<|eot_id|>"
                             "<|start_header_id|>assistant<|end_header_id|>\n\n{A1}<|eot_id|>"
                             "<|start_header_id|>user<|end_header_id|>\n\n{U2}<|eot_id|>"
                             "<|start_header_id|>assistant<|end_header_id|>\n\n",
        "nosys": L31_SYSTEM + "<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n{U1}<|eot_id|>"
                              "<|start_header_id|>assistant<|end_header_id|>\n\n{A1}<|eot_id|>"
                              "<|start_header_id|>user<|end_header_id|>\n\n{U2}<|eot_id|>"
                              "<|start_header_id|>assistant<|end_header_id|>\n\n",
        "user": L31_SYSTEM + "<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n{U1}<|eot_id|>",
        "closed": L31_SYSTEM + "<|eot_id|><|start_header_id|>user<|end_header_id|>\n\n{U1}<|eot_id|>"
                               "<|start_header_id|>assistant<|end_header_id|>\n\n{A1}<|eot_id|>"}},
    "zephyr": {"bos": "<s>", "adds_bos": True, "eos": "</s>", "renders": {
        "full": "<|system|>\n{S}</s>\n<|user|>\n{U1}</s>\n<|assistant|>\n{A1}</s>\n<|user|>\n{U2}</s>\n"
                "<|assistant|>\n",
        "nosys": "<|user|>\n{U1}</s>\n<|assistant|>\n{A1}</s>\n<|user|>\n{U2}</s>\n<|assistant|>\n",
        "user": "<|user|>\n{U1}</s>\n",
        "closed": "<|user|>\n{U1}</s>\n<|assistant|>\n{A1}</s>\n"}},
    "mistral": {"bos": "<s>", "adds_bos": True, "eos": "</s>", "renders": {
        "full": None,
        "nosys": "<s>[INST] {U1} [/INST]{A1}</s>[INST] {U2} [/INST]",
        "user": "<s>[INST] {U1} [/INST]",
        "closed": "<s>[INST] {U1} [/INST]{A1}</s>"}},
    "llama2": {"bos": "<s>", "adds_bos": True, "eos": "</s>", "renders": {
        "full": "<s>[INST] <<SYS>>\n{S}\n<</SYS>>\n\n{U1} [/INST] {A1} </s><s>[INST] {U2} [/INST]",
        "nosys": "<s>[INST] {U1} [/INST] {A1} </s><s>[INST] {U2} [/INST]",
        "user": "<s>[INST] {U1} [/INST]",
        "closed": "<s>[INST] {U1} [/INST] {A1} </s>"}},
}


def renders(family: str) -> dict[str, str | None]:
    s = {"S": modelfile.SYSTEM, "U1": modelfile.USER1, "A1": modelfile.ASSISTANT1, "U2": modelfile.USER2}
    return {k: (v.format(**s) if v is not None else None) for k, v in RECORDED[family]["renders"].items()}


def render_result(family: str) -> dict[str, Any]:
    """What gguf_tools.py's render command returns for this family."""
    rec = RECORDED[family]
    return {"ok": True, "has_template": True, "bos_token": rec["bos"], "adds_bos": rec["adds_bos"],
            "eos_token": rec["eos"], "eos_tokens": [rec["eos"]],
            "renders": {k: ({"text": v} if v is not None else {"error": "TemplateError"})
                        for k, v in renders(family).items()}}


def cut(family: str) -> modelfile.ChatCut:
    rec = RECORDED[family]
    c, reason = modelfile.cut_chat_template(renders(family), rec["bos"] if rec["adds_bos"] else None)
    assert c is not None, reason
    assert modelfile.check_cut(c, renders(family), rec["bos"] if rec["adds_bos"] else None) is None
    return c


CHAT = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello!"}, {"role": "user", "content": "Sky?"}]


def test_cut_chatml_smollm2_keeps_its_default_system_block() -> None:
    c = cut("smollm2")
    assert (c.user_prefix, c.user_suffix, c.assistant_prefix, c.assistant_suffix) == (
        "<|im_start|>user\n", "<|im_end|>\n", "<|im_start|>assistant\n", "<|im_end|>\n")
    assert c.start_system == "<|im_start|>system\n" and c.system_mode == "separate"
    assert c.start_user == SMOL_SYSTEM  # <|im_start|> is SmolLM2's BOS, but llama.cpp does not add it: kept
    assert modelfile.render_with_cut(c, CHAT) == (
        "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n"
        "<|im_start|>assistant\nHello!<|im_end|>\n<|im_start|>user\nSky?<|im_end|>\n<|im_start|>assistant\n")
    assert modelfile.render_with_cut(c, CHAT[1:2]) == SMOL_SYSTEM + "<|im_start|>user\nHi<|im_end|>\n" \
                                                               "<|im_start|>assistant\n"


def test_cut_qwen3_despite_the_think_block_of_the_last_answer() -> None:
    c = cut("qwen3")
    assert c.assistant_suffix == "<|im_end|>\n" and c.user_prefix == "<|im_start|>user\n"
    assert c.start_user == "" and c.generation_prompt == "<|im_start|>assistant\n"


def test_cut_gemma3_folds_the_system_text_into_the_first_user_turn() -> None:
    c = cut("gemma3")
    assert c.system_mode == "folded" and c.system_suffix == "\n\n"
    assert c.start_system == "<start_of_turn>user\n"
    assert modelfile.render_with_cut(c, CHAT) == (
        "<start_of_turn>user\nBe brief.\n\nHi<end_of_turn>\n<start_of_turn>model\nHello!<end_of_turn>\n"
        "<start_of_turn>user\nSky?<end_of_turn>\n<start_of_turn>model\n")  # no <bos>: llama.cpp adds it
    tpl = modelfile.ollama_template(c)
    assert "{{ $folded = true }}" in tpl and "{{ if not $folded }}" in tpl


def test_cut_gemma2_and_mistral_have_no_system_role() -> None:
    for family in ("gemma2", "mistral"):
        c = cut(family)
        assert c.system_mode == "none"
        assert 'eq .Role "system"' not in modelfile.ollama_template(c)
    assert modelfile.render_with_cut(cut("mistral"), CHAT) == "[INST] Hi [/INST]Hello!</s>[INST] Sky? [/INST]"


def test_cut_llama3_and_31() -> None:
    c = cut("llama3")
    assert c.start_user == "" and c.start_system == "<|start_header_id|>system<|end_header_id|>\n\n"
    assert c.system_suffix == c.user_suffix == c.assistant_suffix == "<|eot_id|>"
    c31 = cut("llama31")
    assert c31.start_user.endswith("Today Date: 26 Jul 2024\n\n<|eot_id|>")  # its default system block
    assert modelfile.render_with_cut(c31, CHAT[1:2]).startswith("<|start_header_id|>system<|end_header_id|>")
    assert modelfile.render_with_cut(c31, CHAT).count("Cutting Knowledge") == 1


def test_cut_zephyr() -> None:
    c = cut("zephyr")
    assert (c.start_system, c.system_suffix, c.user_prefix, c.assistant_prefix, c.assistant_suffix) == (
        "<|system|>\n", "</s>\n", "<|user|>\n", "<|assistant|>\n", "</s>\n")


def test_uncuttable_template_and_tampered_renders() -> None:
    c, reason = modelfile.cut_chat_template(renders("llama2"), "<s>")
    assert c is None and "system message" in reason  # <<SYS>> sits inside the first [INST]
    broken = renders("zephyr")
    broken["nosys"] = (broken["nosys"] or "").replace(modelfile.USER2, modelfile.USER1)
    assert modelfile.cut_chat_template(broken, "<s>")[0] is None
    odd = renders("zephyr")
    odd["full"] = (odd["full"] or "").replace("<|user|>\n" + modelfile.USER2, "<|human|>\n" + modelfile.USER2)
    assert modelfile.cut_chat_template(odd, "<s>")[0] is None  # a system message changes later turns


def test_go_string_escapes() -> None:
    assert modelfile.go_string('a"b\\c\nd\te') == '"a\\"b\\\\c\\nd\\te"'
    assert modelfile.go_string("é🚀") == '"é🚀"'
    assert modelfile.go_string("\u200b\x01") == '"\\u200b\\u0001"'  # Ollama's reader drops unprintable runes


@pytest.mark.parametrize("family", sorted(RECORDED))
def test_modelfile_text(family: str) -> None:
    text, summary = modelfile.modelfile_text("tiny-q8_0.gguf", render_result(family))
    lines = text.splitlines()
    assert "ollama create NAME -f Modelfile" in text
    assert "FROM ./tiny-q8_0.gguf" in lines
    assert f'PARAMETER stop "{RECORDED[family]["eos"]}"' in lines
    if family == "llama2":
        assert 'TEMPLATE """' not in text and "GGUF's metadata" in text and not summary["template"]
        return
    assert summary["template"] and text.count('TEMPLATE """') == 1 and text.rstrip().endswith('"')
    body = text.split('TEMPLATE """', 1)[1].split('"""', 1)[0]
    assert body.startswith("\n{{-") and "{{ .Content }}" in body and "range $i, $_ := .Messages" in body
    assert body.count("{{") == body.count("}}")
    for line in body.splitlines()[1:]:
        assert line.startswith("{{-")  # all layout whitespace is trimmed; the model's is in quoted strings
    eot = modelfile.ChatCut(**summary["cut"]).assistant_suffix.strip()
    assert f'PARAMETER stop "{eot}"' in lines


def test_modelfile_without_a_chat_template() -> None:
    text, summary = modelfile.modelfile_text("base.gguf", {"ok": True, "has_template": False, "eos_token": "</s>",
                                                      "eos_tokens": ["</s>"], "renders": {}})
    assert 'TEMPLATE """' not in text and "no chat template" in text and summary["stops"] == ["</s>"]


GO_RENDER = """package main

import (
	"encoding/json"
	"os"
	"strings"
	"text/template"
)

type Message struct{ Role, Content string }

func main() {
	var in struct {
		Modelfile string
		Cases     [][]Message
	}
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		panic(err)
	}
	rest := in.Modelfile[strings.Index(in.Modelfile, "TEMPLATE \\"\\"\\"")+12:]
	tmpl := template.Must(template.New("t").Parse(rest[:strings.Index(rest, "\\"\\"\\"")]))
	out := []string{}
	for _, c := range in.Cases {
		var sb strings.Builder
		if err := tmpl.Execute(&sb, map[string]any{"Messages": c}); err != nil {
			panic(err)
		}
		out = append(out, sb.String())
	}
	json.NewEncoder(os.Stdout).Encode(out)
}
"""


@pytest.mark.skipif(shutil.which("go") is None, reason="needs Go: Ollama's template engine is text/template")
def test_templates_render_the_same_in_go(tmp_path: Path) -> None:
    """Ollama renders TEMPLATE with Go's text/template: run each written template there and compare with the
    model's own render and with render_with_cut."""
    (tmp_path / "main.go").write_text(GO_RENDER)
    (tmp_path / "go.mod").write_text("module gorender\n\ngo 1.18\n")
    build = subprocess.run(["go", "build", "-o", "gorender", "."], cwd=tmp_path, capture_output=True,
                           text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    convs = {c["name"]: c["messages"] for c in modelfile.conversations()}
    odd = [{"role": "user", "content": 'say "{{ hi }}"\tnow\\ é 🚀'}, {"role": "assistant", "content": "ok"}]
    for family in sorted(RECORDED):
        text, summary = modelfile.modelfile_text("m.gguf", render_result(family))
        if not summary["template"]:
            continue
        c = modelfile.ChatCut(**summary["cut"])
        cases = [convs["full"], convs["nosys"], CHAT, CHAT[1:2], odd]
        go_cases = [[{"Role": m["role"], "Content": m["content"]} for m in case] for case in cases]
        out = subprocess.run([str(tmp_path / "gorender")], capture_output=True, text=True, timeout=60,
                             input=json.dumps({"Modelfile": text, "Cases": go_cases}))
        assert out.returncode == 0, out.stderr
        got = json.loads(out.stdout)
        assert got == [modelfile.render_with_cut(c, case) for case in cases], family
        rec = RECORDED[family]
        own = renders(family)["nosys"] or ""
        assert got[1] == (own[len(rec["bos"]):] if rec["adds_bos"] and own.startswith(rec["bos"]) else own)
