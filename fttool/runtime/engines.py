"""The local training engines, each with a managed runtime of its own (a virtual environment under runtimes/):

- `trl` (the default): current TRL, transformers and PEFT, pinned in one file, resources/runtime/trl.lock. It loads
  today's architectures (qwen3, gemma3_text, smollm3, ...), and each job runs TRL's own `trl sft|dpo --config`.
- `autotrain`: AutoTrain Advanced 0.8.36, the lesson's route, frozen at transformers 4.48
  (resources/runtime/constraints-<device>.txt).

The facts (sizes per route, executables to check, packages never to install) are dated data in
resources/runtime/runtime.json; the versions come from each engine's lock, so upgrading the TRL engine is a change
of trl.lock alone. `resolve_engine` turns the user's choice (`auto`, `trl`, `autotrain`) into an engine and a reason.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from fttool.errors import FtError
from fttool.messages import register
from fttool.resources import resource

ENGINES = ("trl", "autotrain")
CHOICES = ("auto", *ENGINES)
DEFAULT_ENGINE = "trl"
_ROUTE_TAG = re.compile(r"#\s*route:\s*([a-z,\s]+)$")

register({
    "runtime_bad_engine": "Unknown training engine '{engine}': choose trl or autotrain (or auto).",
    "engine_auto_trl": "auto chose TRL: it trains today's models.",
    "engine_auto_yaml": "auto chose AutoTrain because an AutoTrain YAML was loaded.",
    "engine_chosen": "{label} was chosen.",
})


@lru_cache(maxsize=1)
def runtime_facts() -> dict[str, Any]:
    """resources/runtime/runtime.json: routes, sizes, executables per engine (dated)."""
    data: dict[str, Any] = json.loads(resource("runtime", "runtime.json").read_text(encoding="utf-8"))
    return data


def read_lock(path: Path, device: str | None = None) -> list[str]:
    """The `name==version` lines of a lock or constraints file, comments and blanks dropped. A line tagged
    `# route: cuda` belongs to that route only: kept when `device` is that route (or None: every line)."""
    out: list[str] = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        body, _, comment = raw.partition("#")
        body = body.strip()
        if not body:
            continue
        tag = _ROUTE_TAG.search("#" + comment) if comment else None
        if tag and device is not None and device not in [t.strip() for t in tag.group(1).split(",")]:
            continue
        out.append(body)
    return out


def pins(lines: list[str]) -> dict[str, str]:
    """{normalised name: version} of `name==version` lines."""
    out: dict[str, str] = {}
    for ln in lines:
        name, sep, version = ln.partition("==")
        if sep:  # "1.2.3 --hash=sha256:..." or "1.2.3; python_version < '3.12'": the version alone
            out[re.sub(r"[-_.]+", "-", name.strip()).lower()] = version.split(";")[0].split()[0].strip()
    return out


def unhashed(lines: list[str]) -> list[str]:
    """`name==version` of each line, without its hashes (pip refuses hashes in a constraints file)."""
    return [ln.split(" --hash")[0].strip() for ln in lines]


def hashed(lines: list[str]) -> bool:
    """Whether every pinned line carries its files' hashes (the installer then runs pip in hash-checking mode)."""
    pinned = [ln for ln in lines if "==" in ln]
    return bool(pinned) and all("--hash=sha256:" in ln for ln in pinned)


def lock_date(path: Path) -> str | None:
    """The `resolved: YYYY-MM-DD` date written in a lock's header."""
    m = re.search(r"resolved:\s*(\d{4}-\d{2}-\d{2})", path.read_text(encoding="utf-8"))
    return m.group(1) if m else None


@dataclass(frozen=True)
class Engine:
    name: str
    label: str
    folder: str
    executables: tuple[str, ...]
    methods: tuple[str, ...]
    facts: dict[str, Any]

    def lock_path(self, device: str) -> Path:
        if self.name == "trl":
            return resource("runtime", self.facts["lock"])
        route = self.route(device)
        return resource("runtime", route["constraints"])

    def route(self, device: str) -> dict[str, Any]:
        routes: dict[str, Any] = self.facts["routes"]
        if device not in routes:
            raise FtError("runtime_bad_device", device=device)
        return dict(routes[device])

    def requirements(self, device: str) -> list[str]:
        """Every pinned package of this route (torch included)."""
        return read_lock(self.lock_path(device), device)

    def pinned(self, device: str = "cpu") -> dict[str, str]:
        return pins(self.requirements(device))

    def torch_version(self, device: str = "cpu") -> str:
        return self.pinned(device).get("torch") or str(self.facts.get("torch_version"))

    def version(self) -> str:
        """The engine's own version: trl's for TRL, AutoTrain's for AutoTrain."""
        if self.name == "trl":
            return self.pinned().get("trl", "?")
        return str(self.facts["version"])

    def transformers_version(self) -> str:
        return self.pinned().get("transformers", "?")

    def lock_sha256(self, device: str) -> str:
        """The hash of the route's pinned set (names and versions; adding file hashes changes nothing): a runtime
        installed from other pins is outdated."""
        pinned = sorted(f"{k}=={v}" for k, v in self.pinned(device).items())
        return hashlib.sha256("\n".join(pinned).encode()).hexdigest()

    def resolved(self) -> str | None:
        return lock_date(self.lock_path("cpu")) if self.name == "trl" else runtime_facts().get("as_of")

    def title(self) -> str:
        """'TRL 1.16.0 (transformers 5.25.0)' / 'AutoTrain Advanced 0.8.36 (transformers 4.48.0)'."""
        return f"{self.label} {self.version()} (transformers {self.transformers_version()})"

    def never_install(self, device: str) -> list[str]:
        return list(self.facts.get("never_install", {}).get(device, []))

    def describe(self) -> dict[str, Any]:
        p = self.pinned()
        return {"engine": self.name, "label": self.label, "version": self.version(), "title": self.title(),
                "transformers": p.get("transformers"), "peft": p.get("peft"), "trl": p.get("trl"),
                "torch": self.torch_version(), "methods": list(self.methods), "resolved": self.resolved(),
                "routes": {k: {kk: vv for kk, vv in v.items() if kk != "constraints"}
                           for k, v in self.facts["routes"].items()}}


def engine(name: str | None) -> Engine:
    name = name or DEFAULT_ENGINE
    facts = runtime_facts()["engines"].get(name)
    if facts is None:
        raise FtError("runtime_bad_engine", engine=name)
    return Engine(name=name, label=str(facts["label"]), folder=str(facts["folder"]),
                  executables=tuple(facts["executables"]), methods=tuple(facts["methods"]), facts=facts)


def all_engines() -> list[Engine]:
    return [engine(n) for n in ENGINES]


def resolve_engine(choice: str | None, params: dict[str, Any] | None = None) -> tuple[str, str, dict[str, Any]]:
    """(engine, reason code, reason params) for the user's choice: `auto` picks TRL unless an AutoTrain YAML
    was loaded (params['config_file'])."""
    choice = choice or "auto"
    if choice not in CHOICES:
        raise FtError("runtime_bad_engine", engine=choice)
    if choice != "auto":
        return choice, "engine_chosen", {"label": engine(choice).label}
    if params and params.get("config_file"):
        return "autotrain", "engine_auto_yaml", {}
    return "trl", "engine_auto_trl", {"transformers": engine("trl").transformers_version()}
