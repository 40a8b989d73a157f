"""The download of a tuned Together AI model: streamed to a temporary file (sha256 as it arrives, the size checked
against the announced length), unpacked (.tar.zst through cramjam, then tar with the data filter) and put in
place whole. TogetherProvider.download calls it; imports openai_api.py (the client's retry policy), never a provider."""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fttool.errors import Cancelled, UsageError
from fttool.messages import register
from fttool.providers.openai_api import OpenAIApi

register({
    "together_checksum": "The download of {name} is {got} bytes; Together announced {expected}. Nothing was kept.",
})


async def download_archive(provider: OpenAIApi, client: Any, ft_id: str, checkpoint: str, dest: Path,
                           progress: Callable[[int, int], None] | None,
                           cancelled: Callable[[], bool] | None) -> dict[str, Any]:
    """Stream GET /v1/finetune/download to a temporary file beside `dest` (sha256 as it arrives, the size checked
    against the announced length), then unpack it (zstd through cramjam, then tar with the data filter: no path
    leaves `dest`) and replace `dest` whole. A cancel or an error leaves nothing half-written."""
    import shutil
    import tempfile

    together = provider.sdk()
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmpdir = Path(tempfile.mkdtemp(prefix=".fttool-dl-", dir=dest.parent))
    archive = tmpdir / "download.bin"
    got = 0
    sha = ""
    try:
        raw = client.with_options(timeout=provider.upload_timeout).fine_tuning.with_streaming_response

        async def stream() -> int:
            nonlocal got, sha
            got = 0
            digest = hashlib.sha256()
            async with raw.content(ft_id=ft_id, checkpoint=checkpoint) as response:
                total = int(response.headers.get("content-length") or 0)
                with open(archive, "wb") as out:
                    async for chunk in response.iter_bytes(1 << 20):
                        if cancelled is not None and cancelled():
                            raise Cancelled("cancelled")
                        out.write(chunk)
                        digest.update(chunk)
                        got += len(chunk)
                        if progress is not None:
                            progress(got, total)
                if total and got != total:
                    raise UsageError("together_checksum", name=archive.name, got=got, expected=total)
            sha = digest.hexdigest()
            return total

        await provider.call(stream, polling=False, retries=2)
        unpacked = tmpdir / "unpacked"
        await asyncio.to_thread(unpack, archive, unpacked)
        if dest.exists():
            shutil.rmtree(dest) if dest.is_dir() else dest.unlink()
        os.replace(unpacked, dest)
        manifest = {"ft_id": ft_id, "checkpoint": checkpoint, "bytes": got, "sha256": sha}
        from fttool.fsutil import atomic_write_json

        atomic_write_json(dest / "fttool-download.json", manifest)
        return {"path": str(dest), "bytes": got, "sha256": sha, "kind": checkpoint}
    except together.APIStatusError as exc:
        raise provider.translate(exc, polling=False) from exc
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)


def unpack(archive: Path, out: Path) -> None:
    """A .tar.zst (or .tar.gz, or plain .tar) archive into `out`, file to file: zstd is decompressed by cramjam
    from one file into another (a 300 MB archive in 15 MB of memory), then tar extracts with the data filter (no
    path leaves `out`). Anything that is not a tar is kept as one file."""
    import tarfile

    out.mkdir(parents=True, exist_ok=True)
    with open(archive, "rb") as f:
        head = f.read(4)
    tar_path = archive
    if head == b"\x28\xb5\x2f\xfd":  # a zstd frame
        import cramjam

        tar_path = archive.with_suffix(".tar")
        cramjam.zstd.decompress_into(cramjam.File(str(archive)), cramjam.File(str(tar_path)))
    try:
        with tarfile.open(tar_path, mode="r:*") as tar:
            tar.extractall(out, filter="data")
    except tarfile.ReadError:
        os.replace(tar_path, out / "model.bin")
    finally:
        if tar_path != archive and tar_path.exists():
            tar_path.unlink()

