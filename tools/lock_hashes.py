"""Add (or check) the sha256 of every file of every pinned release in a runtime lock, so the installer runs pip in
hash-checking mode (`--require-hashes --only-binary :all:`): a package index, a mirror or a proxy that serves any
other file for a pinned name and version is refused before its code runs.

    python tools/lock_hashes.py resources/runtime/trl.lock              # write the hashes in place
    python tools/lock_hashes.py --check resources/runtime/trl.lock      # exit 1 when a pin lacks hashes

The hashes come from PyPI's JSON simple API (PEP 691) for that exact version: every wheel for CPython 3.11/3.12 on
Linux (x86_64, aarch64), macOS and Windows (x86_64) that the installer may take (it takes wheels only). torch is left without hashes: the installer takes it in its
own step from PyTorch's index or the machine's wheel folder (a +cpu build PyPI does not carry), and the lock's
other lines are what runs in hash-checking mode.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import urllib.request
from pathlib import Path

INDEX = "https://pypi.org/simple/{name}/"
SKIP = {"torch"}
_LINE = re.compile(r"^(?P<name>[A-Za-z0-9_.\-]+)==(?P<version>[^\s;#]+)(?P<rest>.*)$")


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# the wheels a runtime may install: CPython 3.11 and 3.12 (or version-independent ones) on the platforms fttool
# ships for; musllinux, 32-bit, other CPUs, other Pythons and sdists (the installer takes wheels only) are left out
PY_TAGS = ("cp311", "cp312", "abi3", "py3", "py2.py3", "py311", "py312")
PLATFORMS = ("manylinux", "linux_x86_64", "linux_aarch64", "macosx", "win_amd64", "any")
CPUS = ("x86_64", "aarch64", "arm64", "universal2", "amd64", "any")


def wanted(filename: str) -> bool:
    if not filename.endswith(".whl"):
        return False
    parts = filename[:-4].split("-")
    if len(parts) < 5:
        return False
    py, abi, plat = parts[-3], parts[-2], parts[-1]
    if not any(t in py.split(".") or py == t for t in PY_TAGS) and abi != "abi3":
        return False
    if abi not in ("none", "abi3", "cp311", "cp312"):
        return False
    return any(p in plat for p in PLATFORMS) and any(c in plat for c in CPUS) and "musllinux" not in plat


def release_hashes(name: str, version: str) -> list[str]:
    """sha256 of every wheel of `name==version` on PyPI that a runtime may install (see `wanted`)."""
    req = urllib.request.Request(INDEX.format(name=normalise(name)),
                                 headers={"Accept": "application/vnd.pypi.simple.v1+json"})
    with urllib.request.urlopen(req, timeout=60) as r:
        data = json.load(r)
    stem = normalise(name).replace("-", "_")
    found: list[str] = []
    sdists: list[str] = []
    for f in data.get("files", []):
        fn = f["filename"]
        base = fn[:-len(".tar.gz")] if fn.endswith(".tar.gz") else fn.rsplit(".", 1)[0]
        parts = base.split("-")
        if len(parts) >= 2 and normalise(parts[0]).replace("-", "_") == stem and parts[1] == version:
            if wanted(fn):
                found.append(f["hashes"]["sha256"])
            elif fn.endswith((".tar.gz", ".zip")):
                sdists.append(f["hashes"]["sha256"])
    return sorted(set(found or sdists))  # a release with no wheel (AutoTrain's ipadic) is built from its sdist


def process(path: Path, check: bool) -> int:
    out: list[str] = []
    missing: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        body, sep, comment = raw.partition("#")
        m = _LINE.match(body.strip())
        if not m or normalise(m.group("name")) in SKIP:
            out.append(raw)
            continue
        has = "--hash=sha256:" in body
        if check:
            if not has:
                missing.append(m.group("name"))
            out.append(raw)
            continue
        hashes = release_hashes(m.group("name"), m.group("version"))
        if not hashes:
            raise SystemExit(f"{path}: no files for {m.group('name')}=={m.group('version')} on PyPI")
        line = f"{m.group('name')}=={m.group('version')} " + " ".join(f"--hash=sha256:{h}" for h in hashes)
        out.append(line + (f"  #{comment}" if sep else ""))
        print(f"{m.group('name')}=={m.group('version')}: {len(hashes)} files", file=sys.stderr)
    if check:
        if missing:
            print(f"{path}: no hashes for {', '.join(missing)}", file=sys.stderr)
            return 1
        return 0
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("locks", nargs="+", type=Path)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    return max(process(p, args.check) for p in args.locks)


if __name__ == "__main__":
    raise SystemExit(main())
