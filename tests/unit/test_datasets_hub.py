"""Hub dataset import through huggingface_hub against our test server (HF_ENDPOINT)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from fttool.datasets import hub
from fttool.datasets.formats import read_examples
from fttool.errors import Cancelled, ConnectionProblem, FtError
from tests.servers.hub_datasets import HubDatasetServer

ROWS = [{"messages": [{"role": "user", "content": f"q{i}"}, {"role": "assistant", "content": f"a{i}"}]}
        for i in range(20)]
JSONL = ("\n".join(json.dumps(r) for r in ROWS) + "\n").encode()


@pytest.fixture
def hubds(monkeypatch: pytest.MonkeyPatch) -> Iterator[HubDatasetServer]:
    with HubDatasetServer() as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        server.add_dataset("ada/support", {
            "README.md": b"---\nconfigs: []\n---\n",
            "data/train-00000.jsonl": JSONL,
            "data/validation-00000.jsonl": JSONL[:200],
            "data/test.jsonl": JSONL[:100],
        })
        server.add_dataset("ada/multi", {
            "en/train.jsonl": JSONL, "en/test.jsonl": JSONL[:50], "fr/train.jsonl": JSONL[:300],
        })
        server.add_dataset("ada/carded", {"a.jsonl": JSONL, "b.jsonl": JSONL[:10], "c.jsonl": JSONL[:20]},
                           card={"configs": [{"config_name": "main", "data_files": [
                               {"split": "train", "path": "a.jsonl"}, {"split": "test", "path": ["b.jsonl"]}]},
                               {"config_name": "extra", "data_files": "c.jsonl"}]})
        server.add_dataset("ada/private", {"train.jsonl": JSONL}, private=True)
        yield server


def test_list_configs_splits_and_sizes(hubds: HubDatasetServer) -> None:
    ds = hub.list_dataset("ada/support")
    assert set(ds.configs) == {"default"}
    assert {s: [(f.path, f.size) for f in fs] for s, fs in ds.configs["default"].items()} == {
        "train": [("data/train-00000.jsonl", len(JSONL))],
        "validation": [("data/validation-00000.jsonl", 200)],
        "test": [("data/test.jsonl", 100)],
    }
    assert "README.md" not in [f.path for f in ds.files]
    multi = hub.list_dataset("ada/multi")
    assert {c: sorted(s) for c, s in multi.configs.items()} == {"en": ["test", "train"], "fr": ["train"]}
    assert multi.split_size("fr", "train") == 300
    carded = hub.list_dataset("ada/carded")
    assert {c: {s: [f.path for f in fs] for s, fs in sp.items()} for c, sp in carded.configs.items()} == {
        "main": {"train": ["a.jsonl"], "test": ["b.jsonl"]}, "extra": {"train": ["c.jsonl"]}}


def test_download_with_progress_then_read(hubds: HubDatasetServer, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    path = hub.download("ada/support", "data/train-00000.jsonl", tmp_path / "dl",
                        progress=lambda d, t, m: seen.append((d, t)))
    assert path == tmp_path / "dl" / "train-00000.jsonl" and path.read_bytes() == JSONL
    assert seen[-1] == (len(JSONL), len(JSONL))
    assert [ex for _l, ex in read_examples(path)] == ROWS
    assert list((tmp_path / "dl").iterdir()) == [path]  # no temp file left


def test_cancel_leaves_nothing(hubds: HubDatasetServer, tmp_path: Path) -> None:
    big = b"x" * (1 << 20)
    hubds.add_dataset("ada/big", {"train.jsonl": big})
    hubds.slow_chunk_delay = 0.01
    calls = []

    def cancel() -> bool:
        calls.append(1)
        return len(calls) > 3

    with pytest.raises(Cancelled):
        hub.download("ada/big", "train.jsonl", tmp_path / "dl", cancel=cancel, expected_size=len(big))
    assert list((tmp_path / "dl").iterdir()) == []


def test_errors_and_retries(hubds: HubDatasetServer, tmp_path: Path) -> None:
    with pytest.raises(FtError) as e:
        hub.list_dataset("ada/nope")
    assert e.value.code == "hub_not_found"
    with pytest.raises(FtError) as e2:
        hub.download("ada/support", "data/missing.jsonl", tmp_path)
    assert e2.value.code == "hub_file_not_found"
    with pytest.raises(FtError):
        hub.list_dataset("ada/private")  # needs the token
    assert hub.list_dataset("ada/private", token=hubds.token).files[0].path == "train.jsonl"
    hubds.fault(r"/resolve/", status=503, times=1)
    path = hub.download("ada/support", "data/test.jsonl", tmp_path)
    assert path.read_bytes() == JSONL[:100]
    hubds.fault(r"/resolve/", status=503, times=5)
    with pytest.raises(ConnectionProblem):
        hub.download("ada/support", "data/test.jsonl", tmp_path / "again", retries=2)
