"""The datasets room's modules import one another one way (issue 21): no cycle, function-level imports included
(grimp reads those too), so formats/parquet/delimited share their errors through fttool/datasets/errors.py."""

from __future__ import annotations

import grimp


def test_no_import_cycle_inside_the_datasets_room() -> None:
    graph = grimp.build_graph("fttool")
    modules = sorted(m for m in graph.modules if m.startswith("fttool.datasets"))
    cycles = []
    for a in modules:
        for b in graph.find_modules_directly_imported_by(a):
            if b.startswith("fttool.datasets") and b != a:
                back = graph.find_shortest_chain(importer=b, imported=a)  # through any room
                if back is not None:
                    cycles.append((a, *back))
    assert cycles == []
    assert graph.find_shortest_chain(importer="fttool.datasets.parquet", imported="fttool.datasets.formats") is None
