"""Issue 21: the core has no import cycle, not even one hidden in a function-level import (grimp sees those too).
An import under `if TYPE_CHECKING:` names a type for the checker and never runs, so it does not count."""

from __future__ import annotations

import sys


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan)."""
    sys.setrecursionlimit(max(10_000, sys.getrecursionlimit()))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                found.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return found


def test_the_core_has_no_import_cycle() -> None:
    import grimp

    g = grimp.build_graph("fttool", cache_dir=None, exclude_type_checking_imports=True)
    modules = {m for m in g.modules if m.startswith("fttool")}
    graph = {m: {n for n in g.find_modules_directly_imported_by(m) if n in modules} for m in modules}
    assert _cycles(graph) == []


def test_the_cycle_finder_finds_a_cycle() -> None:
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
