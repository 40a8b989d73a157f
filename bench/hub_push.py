"""Benchmark of `fttool hub push` (fttool/hub/push.py) against our Hub test server on 127.0.0.1 (issue 7):

  - a first push of a model folder (one large LFS file + small files): seconds and bytes sent
  - the same folder pushed again unchanged: bytes sent (goal: 0) and seconds
  - one small file changed: bytes sent (goal: that file only)

Baseline measured in the same run: huggingface_hub's own `HfApi.upload_folder` of the same folder to another
repo (no progress, no cancel, no token check). The ratio says what fttool's checks, progress and cancel cost.

    .venv/bin/python bench/hub_push.py [--mb 64]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def make_folder(folder: Path, mb: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "adapter_model.safetensors").write_bytes(os.urandom(mb << 20))
    (folder / "adapter_config.json").write_text('{"base_model_name_or_path": "bench/base", "r": 16}')
    (folder / "tokenizer_config.json").write_text("{}")
    (folder / "training_params.json").write_text('{"model": "bench/base", "epochs": 1}')


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=int, default=64, help="size of the large file")
    args = ap.parse_args()
    os.environ["HF_HUB_DISABLE_XET"] = "1"
    os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["FTTOOL_HOME"] = str(Path(tmp) / "home")
        os.environ["PYTHON_KEYRING_BACKEND"] = "tests.support.keyrings.MemoryKeyring"
        from tests.servers.hub_server import HubServer

        folder = Path(tmp) / "model"
        make_folder(folder, args.mb)
        other = Path(tmp) / "baseline"  # different bytes: the server keeps LFS objects across repos
        make_folder(other, args.mb)
        with HubServer() as server:
            os.environ["HF_ENDPOINT"] = server.url
            os.environ["HF_TOKEN"] = server.token
            from huggingface_hub import HfApi

            from fttool.hub.push import push_path

            api = HfApi(endpoint=server.url, token=server.token)
            api.create_repo("ada/baseline", private=True)
            t0 = time.perf_counter()
            api.upload_folder(repo_id="ada/baseline", folder_path=str(other))
            base_s = time.perf_counter() - t0

            before = server.bytes_received
            t0 = time.perf_counter()
            first = push_path(folder, "ada/bench")
            first_s = time.perf_counter() - t0
            first_bytes = server.bytes_received - before

            before = server.bytes_received
            t0 = time.perf_counter()
            again = push_path(folder, "ada/bench")
            again_s = time.perf_counter() - t0
            again_bytes = server.bytes_received - before

            (folder / "tokenizer_config.json").write_text('{"changed": true}')
            before = server.bytes_received
            third = push_path(folder, "ada/bench")
            third_bytes = server.bytes_received - before
        mb = args.mb
        print(f"folder: {mb} MB large file + 3 small files (training_params.json never pushed)")
        print(f"baseline upload_folder:      {base_s:6.2f} s")
        print(f"fttool push (first):         {first_s:6.2f} s  {first_bytes / 1e6:8.2f} MB sent  {first.sent} files  "
              f"ratio {first_s / base_s:.2f}x the baseline")
        print(f"fttool push (unchanged):     {again_s:6.2f} s  {again_bytes:8d} bytes sent  commit={again.commit}")
        print(f"fttool push (1 file changed):          {third_bytes:8d} bytes sent  files={third.sent_paths}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
