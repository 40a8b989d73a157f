"""Benchmark: evaluation concurrency, and the GUI's longest stall while two answers stream side by side.

    .venv/bin/python bench/eval.py [--examples 500] [--latency 0.02] [--concurrency 16]

1. 500 held-out examples against the OpenAI test server with 20 ms simulated latency per request: wall time of
   fttool's evaluation runner (bounded concurrency, 16 in flight) against a sequential loop over the same
   requests with the same client, in the same run. Goal: at least 8x faster.
2. The Playground side by side: two long answers (1500 tokens, 200 tokens/s each, a fast model) stream at once
   through the service, the bridge and the view while a 5 ms timer on the GUI thread measures how late it
   fires. Goal: the longest stall under 50 ms. Also printed: the view's longest batch (wall and CPU time).
The test server runs in a process of its own (a real API is remote). Both figures depend on the machine's load.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FTTOOL_HOME", tempfile.mkdtemp(prefix="fttool-bench-"))
os.environ["PYTHON_KEYRING_BACKEND"] = "tests.support.keyrings.MemoryKeyring"


def write_heldout(path: Path, n: int) -> None:
    with open(path, "w") as f:
        for i in range(n):
            f.write(json.dumps({"messages": [{"role": "user", "content": f"What is item {i}?"},
                                             {"role": "assistant", "content": f"You said: What is item {i}?"}]}) + "\n")


async def sequential(examples, target) -> float:
    from fttool.chat.client import ChatClient, Sampling

    client = ChatClient(target)
    start = time.perf_counter()
    try:
        for ex in examples:
            await client.send(ex.prompt, Sampling(temperature=0.0, max_tokens=512))
    finally:
        await client.aclose()
    return time.perf_counter() - start


async def concurrent(examples, target, concurrency: int) -> float:
    from fttool.chat.client import Sampling
    from fttool.chat.eval import PromptBuilder, ResultCache, Subject, run_requests

    start = time.perf_counter()
    run = await run_requests(examples, [Subject("m", target)], PromptBuilder(None, None),
                             Sampling(temperature=0.0, max_tokens=512), ResultCache(None), concurrency=concurrency)
    elapsed = time.perf_counter() - start
    assert run.requested == len(examples) and not run.failures, run.failures
    return elapsed


# The test server writes headers and body separately: without TCP_NODELAY each sequential request would wait
# out the peer's delayed ACK (about 40 ms), inflating the baseline; real APIs do not do that.
SERVE = r'''
import http.server, sys
sys.path.insert(0, sys.argv[1])
http.server.BaseHTTPRequestHandler.disable_nagle_algorithm = True
from tests.servers.openai_server import OpenAIServer
server = OpenAIServer().start()
server.chat_latency = float(sys.argv[2])
server.chat_chunk_delay = float(sys.argv[3])
words = int(sys.argv[4])
if words:
    server.chat_reply = lambda model, msgs, body: " ".join(f"word{i}" for i in range(words))
print(server.base_url, server.api_key, flush=True)
sys.stdin.read()
server.stop()
'''


class ServerProcess:
    """The API is remote in real life: the test server runs in a process of its own, so it does not share
    this process's interpreter lock with the client being measured."""

    def __init__(self, latency: float = 0.0, chunk_delay: float = 0.0, words: int = 0) -> None:
        import subprocess

        self.proc = subprocess.Popen([sys.executable, "-c", SERVE, str(ROOT), str(latency), str(chunk_delay),
                                      str(words)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def __enter__(self) -> ServerProcess:
        assert self.proc.stdout is not None
        base_url, key = self.proc.stdout.readline().split()
        os.environ["OPENAI_BASE_URL"], os.environ["OPENAI_API_KEY"] = base_url, key
        return self

    def __exit__(self, *exc: object) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(10)


def bench_eval(n: int, latency: float, concurrency: int) -> dict:
    with ServerProcess(latency=latency):
        return _bench_eval(n, concurrency, latency)


def _bench_eval(n: int, concurrency: int, latency: float) -> dict:
    from fttool.chat.client import Target
    from fttool.chat.eval import load_examples

    data = Path(os.environ["FTTOOL_HOME"]) / "heldout.jsonl"
    write_heldout(data, n)
    examples = load_examples(data)
    target = Target("openai", "gpt-4o-mini-2024-07-18")
    asyncio.run(concurrent(examples[:20], target, concurrency))  # warm up imports and connections
    seq = asyncio.run(sequential(examples, target))
    conc = asyncio.run(concurrent(examples, target, concurrency))
    return {"examples": n, "latency_ms": latency * 1000, "concurrency": concurrency,
            "sequential_s": round(seq, 2), "fttool_s": round(conc, 2), "speedup": round(seq / conc, 1)}


def bench_gui(words: int = 1500, chunk_delay: float = 0.005) -> dict:
    with ServerProcess(chunk_delay=chunk_delay, words=words):
        out = _bench_gui(words)
    out["tokens_per_second_per_stream"] = round(1 / chunk_delay) if chunk_delay else None
    return out


def _bench_gui(words: int) -> dict:
    sys.setswitchinterval(0.001)  # as ui/app.py sets it for the app
    from PySide6.QtCore import QElapsedTimer, QTimer
    from PySide6.QtWidgets import QApplication

    from fttool.jobs.service import JobService
    from ui.bridge import Bridge
    from ui.views.playground import PlaygroundView

    app = QApplication.instance() or QApplication([])
    service = JobService().start()
    bridge = Bridge(service)
    view = PlaygroundView(bridge)
    view.resize(1200, 800)
    view.show()
    models = [{"group": "base", "label": m, "target": {"backend": "openai", "model": m}}
              for m in ("gpt-4o-mini-2024-07-18", "gpt-4.1-mini-2025-04-14")]
    view._on_models({"models": models})
    view.picker_b.setCurrentIndex(1)
    view.side_by_side.setChecked(True)
    view.max_tokens.setValue(words + 100)
    for _ in range(20):
        app.processEvents()
    clock = QElapsedTimer()
    stalls: list[float] = []
    last = [0]

    def tick() -> None:
        now = clock.elapsed()
        stalls.append(now - last[0])
        last[0] = now

    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(tick)
    deltas = [0]
    slot_ms: list[float] = []
    slot_cpu_ms: list[float] = []
    on_delta = view._on_delta

    def timed_delta(sid: int, text: str) -> None:  # the view's own work per batch, on the GUI thread
        t0, c0 = time.perf_counter(), time.thread_time()
        on_delta(sid, text)
        slot_ms.append((time.perf_counter() - t0) * 1000)
        slot_cpu_ms.append((time.thread_time() - c0) * 1000)
        deltas[0] += 1

    view.relay.delta.disconnect(view._on_delta)
    view.relay.delta.connect(timed_delta)
    view.input.setPlainText("Tell me everything.")

    def idle_baseline(seconds: float) -> list[float]:
        """The same timer with nothing streaming: how late this machine runs it anyway (its load)."""
        stalls.clear()
        clock.start()
        last[0] = 0
        timer.start()
        t0 = time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            app.processEvents()
            time.sleep(0.001)
        timer.stop()
        return list(stalls)

    idle = idle_baseline(3.0)
    stalls.clear()
    clock.start()
    last[0] = 0
    timer.start()
    start = time.perf_counter()
    gui_cpu0 = time.thread_time()
    view.send()
    while view.busy and time.perf_counter() - start < 120:
        app.processEvents()
        time.sleep(0.001)
    elapsed = time.perf_counter() - start
    gui_cpu = time.thread_time() - gui_cpu0
    timer.stop()
    ok = all(view.turns[-1].answers[c].endswith(f"word{words - 1}") for c in (0, 1))
    service.call("chat_close")
    bridge.close()
    view.close()
    service.stop()
    worst = max(stalls[1:] or [0]) - 5
    idle_worst = max(idle[1:] or [0]) - 5

    def p99(xs: list[float]) -> float:
        xs = sorted(xs[1:]) or [5]
        return xs[min(len(xs) - 1, int(0.99 * len(xs)))] - 5
    return {"answers_complete": ok, "words_per_answer": words, "stream_seconds": round(elapsed, 2),
            "gui_thread_cpu_share": round(gui_cpu / elapsed, 3), "gui_batches": deltas[0], "ticks": len(stalls), "longest_stall_ms": round(max(worst, 0), 1),
            "p99_stall_ms": round(max(p99(stalls), 0), 1), "idle_longest_stall_ms": round(max(idle_worst, 0), 1),
            "idle_p99_stall_ms": round(max(p99(idle), 0), 1),
            "longest_batch_ms": round(max(slot_ms or [0]), 2),
            "longest_batch_cpu_ms": round(max(slot_cpu_ms or [0]), 2)}


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--examples", type=int, default=500)
    p.add_argument("--latency", type=float, default=0.02)
    p.add_argument("--concurrency", type=int, default=16)
    p.add_argument("--chunk-delay", type=float, default=0.005,
                   help="seconds between streamed pieces (0.005: 200 tokens/s per stream, a fast model)")
    args = p.parse_args()
    ev = bench_eval(args.examples, args.latency, args.concurrency)
    print(f"eval: {ev['examples']} examples, {ev['latency_ms']:.0f} ms latency: sequential {ev['sequential_s']} s, "
          f"fttool ({ev['concurrency']} in flight) {ev['fttool_s']} s -> {ev['speedup']}x (goal >= 8x)", flush=True)
    gui = bench_gui(chunk_delay=args.chunk_delay)
    print(f"gui: two answers of {gui['words_per_answer']} words at {gui['tokens_per_second_per_stream']} tokens/s "
          f"each, streamed side by side in {gui['stream_seconds']} s "
          f"({gui['gui_batches']} batches to the GUI thread, the longest took {gui['longest_batch_ms']} ms, "
          f"{gui['longest_batch_cpu_ms']} ms of CPU; the GUI thread busy {100 * gui['gui_thread_cpu_share']:.0f}% "
          f"of the time): "
          f"longest stall {gui['longest_stall_ms']} ms (goal < 50 ms), p99 {gui['p99_stall_ms']} ms; the same timer "
          f"with nothing streaming: longest {gui['idle_longest_stall_ms']} ms, p99 {gui['idle_p99_stall_ms']} ms; "
          f"complete: {gui['answers_complete']}")
    print(json.dumps({"eval": ev, "gui": gui}))
    return 0 if ev["speedup"] >= 8 and gui["longest_stall_ms"] < 50 and gui["answers_complete"] else 1


if __name__ == "__main__":
    sys.exit(main())
