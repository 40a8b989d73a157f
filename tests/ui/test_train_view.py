"""The Train view (pytest-qt, offscreen): the backend selector and PANELS, the local form drawn from the
descriptors (YAML and command follow it, bad values show under the field, GPU-only options disabled with the
reason, presets), YAML save/load with the same checks, then with the real runtime: pre-flight, Launch through
create_job, the job's result, and Merge and export."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.support.tiny_model import runtime_fixture, tiny_model_fixture, write_chats  # noqa: F401 - fixtures

pytestmark = pytest.mark.usefixtures("qapp")


@pytest.fixture
def view(qtbot: Any, service: Any) -> Any:
    from ui.bridge import Bridge
    from ui.views.train import TrainView

    bridge = Bridge(service)
    v = TrainView(bridge)
    qtbot.addWidget(v)
    v.show()
    yield v
    bridge.close()


def local_panel(view: Any, qtbot: Any) -> Any:
    panel = view.select_backend("local")
    qtbot.waitUntil(lambda: panel.runtime != {}, timeout=30000)
    settled(panel, qtbot)
    return panel


def settled(panel: Any, qtbot: Any) -> None:
    """The panel's questions to the service answered (the YAML and the field checks follow the form)."""
    qtbot.waitUntil(lambda: not getattr(panel, "_yaml_timer", None) or not panel._yaml_timer.isActive(),
                    timeout=10000)
    qtbot.waitUntil(lambda: panel.bridge.pending == 0, timeout=30000)


def loaded(view: Any, qtbot: Any) -> Any:
    qtbot.waitUntil(lambda: view.loaded, timeout=10000)
    return view


def test_selector_lists_backends_and_panels(view: Any, qtbot: Any) -> None:
    from fttool.providers.registry import backend_names
    from ui.views.train import PANELS, GenericTrainPanel, LocalTrainPanel

    loaded(view, qtbot)
    items = [view.backend.itemData(i) for i in range(view.backend.count())]
    assert items[0] == "local" and set(items) == set(backend_names())
    assert PANELS["local"] is LocalTrainPanel
    assert isinstance(view.panel("local"), LocalTrainPanel)
    assert view.stack.currentWidget() is view.panel("local")
    # a backend without a panel of its own gets the generic form from its descriptors
    from fttool.providers.local import LocalProvider
    from fttool.providers.registry import REGISTRY

    REGISTRY["plain"] = LocalProvider
    try:
        generic = GenericTrainPanel(view.bridge, backend="plain")
        qtbot.waitUntil(lambda: bool(generic.form.editors), timeout=10000)
        assert "param_epochs" in {w.objectName() for w in generic.form.editors.values()}
        generic.deleteLater()
    finally:
        REGISTRY.pop("plain")


def test_engine_choice_shows_its_yaml_command_and_fields(view: Any, qtbot: Any) -> None:
    """auto picks TRL and says why; TRL's YAML and `trl sft --config job.yaml`; the lesson's AutoTrain route is one
    click away and brings its own YAML, command and fields."""
    panel = local_panel(view, qtbot)
    view.advanced_button.click()  # every field of the engine (Simple hides the advanced ones)
    form = panel.form
    assert panel.engine_choice() == "auto" and "auto chose TRL" in panel.engine_reason.text()
    assert "TRL" in panel.yaml_box.title() and "trl sft --config job.yaml" in panel.command.text()
    form.set_values({"recipe": "manual"})  # the person's own values
    form.editors["epochs"].setValue(20)
    form.editors["learning_rate"].setText("5e-3")
    settled(panel, qtbot)
    cfg = yaml.safe_load(panel.yaml.toPlainText())
    assert cfg["num_train_epochs"] == 20 and cfg["learning_rate"] == 0.005 and cfg["use_peft"] is True
    assert cfg["completion_only_loss"] is True  # the loss on the answers (the default "Learn from")
    assert form.rows["loss_on"][1].isVisibleTo(panel) and not form.rows["merge_adapter"][1].isVisibleTo(panel)
    assert panel.valid_row.isVisibleTo(panel) and "merge_adapter" not in panel.params()
    rows = [panel.runtime_labels[n].text() for n in ("trl", "autotrain")]
    assert rows[0].startswith("TRL ") and rows[1].startswith("AutoTrain Advanced 0.8.36")
    panel.lesson_button.click()
    settled(panel, qtbot)
    assert panel.engine_choice() == "autotrain" and not panel.lesson_button.isEnabled()
    assert "AutoTrain" in panel.yaml_box.title() and "--config job.yml" in panel.command.text()
    cfg = yaml.safe_load(panel.yaml.toPlainText())
    assert cfg["task"] == "llm-sft" and cfg["params"]["epochs"] == 20  # the form's values carry over
    assert not form.rows["loss_on"][1].isVisibleTo(panel) and form.rows["merge_adapter"][1].isVisibleTo(panel)
    assert not panel.valid_row.isVisibleTo(panel) and panel.params()["engine"] == "autotrain"


def test_form_yaml_command_and_checks(view: Any, qtbot: Any, tmp_path: Path) -> None:
    panel = local_panel(view, qtbot)
    view.advanced_button.click()
    panel.set_engine("autotrain")
    form = panel.form
    form.set_values({"recipe": "manual"})
    settled(panel, qtbot)
    assert "backend: local" in panel.yaml.toPlainText() and "valid_split: null" in panel.yaml.toPlainText()
    assert "--config job.yml" in panel.command.text() and "ALLOW_REMOTE_CODE=false" in panel.command.text()
    form.editors["epochs"].setValue(20)
    form.editors["learning_rate"].setText("5e-3")
    settled(panel, qtbot)
    cfg = yaml.safe_load(panel.yaml.toPlainText())
    assert cfg["params"]["epochs"] == 20 and cfg["params"]["lr"] == 0.005
    form.editors["learning_rate"].setText("")
    form.editors["lora_dropout"].setText("0.95")
    settled(panel, qtbot)  # the field checks are the provider's own validation, asked of the service
    assert form.errors["lora_dropout"].isVisibleTo(panel) and "at most" in form.errors["lora_dropout"].text()
    form.editors["lora_dropout"].setText("0.1")
    settled(panel, qtbot)
    assert not form.errors["lora_dropout"].isVisibleTo(panel)
    # on this CPU machine: quantization and mixed precision are disabled, and say why
    if panel.device == "cpu":
        assert not form.editors["quantization"].isEnabled()
        assert "NVIDIA" in form.editors["quantization"].toolTip()
        assert form.notes["quantization"].isVisibleTo(panel) and "NVIDIA" in form.notes["quantization"].text()
        assert not form.editors["mixed_precision"].isEnabled()
    # a preset fills the form (but not a GPU-only option on a CPU)
    panel.preset.setCurrentIndex(panel.preset.findData("lora_16gb_gpu"))
    panel.apply_preset()
    assert form.values()["block_size"] == 1024 and form.values()["batch_size"] == 4
    if panel.device == "cpu":
        assert form.values()["quantization"] == "none"
    # save, then load a YAML: the same checks as the form
    panel.model.setText("/models/tiny")
    target = tmp_path / "job.yml"
    panel.save_yaml(str(target))
    qtbot.waitUntil(target.exists, timeout=5000)
    saved = yaml.safe_load(target.read_text())
    assert saved["base_model"] == "/models/tiny" and saved["params"]["batch_size"] == 4
    saved["params"]["epochs"] = 7
    target.write_text(yaml.safe_dump(saved))
    form.editors["epochs"].setValue(1)
    panel.load_yaml(str(target))
    qtbot.waitUntil(lambda: form.values()["epochs"] == 7, timeout=5000)
    bad = dict(saved, backend="spaces-a10g-large", project_name="/etc")
    evil = tmp_path / "evil.yml"
    evil.write_text(yaml.safe_dump(bad))
    panel.load_yaml(str(evil))
    qtbot.waitUntil(lambda: "evil.yml" in panel.yaml_message.text(), timeout=5000)
    assert "backend" in panel.yaml_message.text() and "project_name" in panel.yaml_message.text()
    assert form.values()["epochs"] == 7  # nothing of the bad file was taken
    panel.copy_yaml()
    from PySide6.QtGui import QGuiApplication

    assert "task: llm-sft" in QGuiApplication.clipboard().text()


def test_settings_auto_chooses_from_the_data_and_manual_gives_the_fields_back(view: Any, qtbot: Any,
                                                                              tmp_path: Path) -> None:
    """Settings auto (the default): the recipe's fields are greyed out and left to the launch; the checks' recipe
    shows as the plan in plain words, fills the fields and the YAML. A preset or manual gives the fields back."""
    from fttool.providers.local import recipe

    panel = local_panel(view, qtbot)
    form = panel.form
    data = write_chats(tmp_path / "train.jsonl", 60)
    panel.train_file.setText(str(data))
    assert form.values()["recipe"] == "auto"
    for name in ("epochs", "batch_size", "block_size", "learning_rate", "lora_r"):
        assert not form.editors[name].isEnabled() and "Settings: auto" in form.editors[name].toolTip()
        assert panel.params()[name] is None  # chosen at launch, from the data
    assert panel.recipe_plan.isVisibleTo(panel) and "Run checks" in panel.recipe_plan.text()
    settled(panel, qtbot)
    cfg = yaml.safe_load(panel.yaml.toPlainText())
    assert cfg["per_device_train_batch_size"] == 4  # the recipe's batch for a CPU (lengths come with the checks)
    # what the checks bring back (the pre-flight's own recipe for 60 examples of 40-70 tokens)
    rec = recipe.choose(engine="trl", examples=60, rows=60, lengths=[40] * 59 + [70], num_parameters=134_515_008,
                        model_max=8192, device="cpu").to_dict()
    panel._on_preflight({"ok": True, "checks": [], "recipe": rec})
    plan = panel.recipe_plan.text()
    assert plan.startswith("60 examples → 3 epochs → 45 steps of 4 examples, about ") and "Longest example 70" in plan
    assert form.values()["block_size"] == 128 and form.values()["batch_size"] == 4
    settled(panel, qtbot)
    cfg = yaml.safe_load(panel.yaml.toPlainText())
    assert cfg["max_length"] == 128 and cfg["num_train_epochs"] == 3 and cfg["lora_r"] == 16
    assert panel.launch_button.isEnabled() and panel.params()["epochs"] is None
    # manual: the fields are the person's, starting from the recipe's values
    form.set_values({"recipe": "manual"})
    assert form.editors["epochs"].isEnabled() and not panel.recipe_plan.isVisibleTo(panel)
    assert panel.params()["block_size"] == 128 and panel.params()["epochs"] == 3
    form.set_values({"recipe": "auto"})
    assert not form.editors["epochs"].isEnabled() and "Run checks" in panel.recipe_plan.text()  # forgotten: re-check
    panel.preset.setCurrentIndex(panel.preset.findData("quick_cpu"))
    panel.apply_preset()
    assert form.values()["recipe"] == "manual" and panel.params()["block_size"] == 256


def test_base_model_list_shows_size_ram_licence(view: Any, qtbot: Any) -> None:
    panel = local_panel(view, qtbot)
    qtbot.waitUntil(lambda: panel.model_list.count() > 2, timeout=5000)
    labels = [panel.model_list.itemText(i) for i in range(panel.model_list.count())]
    smol = next(t for t in labels if "SmolLM2-135M" in t)
    assert "MB" in smol and "RAM" in smol and "apache-2.0" in smol and "llama" in smol and "TRL" in smol
    assert any("gated" in t for t in labels)
    panel.model_list.setCurrentIndex(labels.index(smol))
    assert panel.model.text() == "HuggingFaceTB/SmolLM2-135M-Instruct"


@pytest.mark.slow
@pytest.mark.timeout(900)  # may install the runtime when run on its own
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX runtime layout in CI")
def test_preflight_launch_result_and_export(view: Any, qtbot: Any, tiny_model: Path, runtime: Path,
                                            tmp_path: Path, monkeypatch: pytest.MonkeyPatch, service: Any) -> None:
    monkeypatch.setenv("FTTOOL_RUNTIME_DIR", str(runtime.parent))
    panel = local_panel(view, qtbot)
    panel.set_engine("autotrain")  # the lesson's route, on the tiny Llama its transformers 4.48 built
    assert panel.runtime["engines"]["autotrain"]["installed"]
    assert "installed" in panel.runtime_labels["autotrain"].text()
    data = write_chats(tmp_path / "train.jsonl", 16)
    panel.model.setText(str(tiny_model))
    panel.train_file.setText(str(data))
    panel.form.set_values({"recipe": "manual"})
    panel.form.editors["epochs"].setValue(2)
    panel.form.editors["block_size"].setValue(128)
    panel.form.editors["learning_rate"].setText("5e-3")
    assert not panel.launch_button.isEnabled()  # only after the checks
    from PySide6.QtCore import Qt

    qtbot.mouseClick(panel.preflight_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.preflight_result is not None, timeout=120000)
    rows = [panel.checks.item(i).text() for i in range(panel.checks.count())]
    assert panel.launch_button.isEnabled(), rows
    assert any("llama" in r for r in rows) and any("Memory" in r and "MB" in r for r in rows)
    assert "tokens" in panel.rendered.toPlainText() and "<|user|>" in panel.rendered.toPlainText()
    panel.launch_button.click()
    qtbot.waitUntil(lambda: panel.job is not None, timeout=30000)
    job_id = panel.job["id"]
    qtbot.waitUntil(lambda: panel.job["status"] in ("succeeded", "failed", "cancelled"), timeout=180000)
    assert panel.job["status"] == "succeeded", panel.job.get("error")
    stored = service.call("get_job", job_id=job_id)
    assert stored["backend"] == "local" and stored["params"]["epochs"] == 2
    assert stored["params"]["training_file"] == str(data) and stored["metrics"]["train_loss"]
    assert panel.result_box.isVisibleTo(panel) and "output" in panel.result_label.text()
    target = tmp_path / "merged"
    panel.merge_export(str(target))
    qtbot.waitUntil(lambda: "Exported" in panel.result_label.text(), timeout=120000)
    assert (target / "README.md").exists()
    assert (target / "model.safetensors").exists()
    assert json.loads((target / "config.json").read_text())["model_type"] == "llama"


# -- the walls (issue 18): stale checks, remembered choices, Simple/Advanced, validation, open_panel --------------
def make_project(root: Path, splits: tuple[str, ...] = ("train", "validation", "test")) -> Path:
    folder = root / "proj"
    (folder / "data").mkdir(parents=True)
    datasets = {}
    for split in splits:
        write_chats(folder / "data" / f"{split}.jsonl", 6)
        datasets[split] = f"data/{split}.jsonl"
    (folder / "project.json").write_text(json.dumps({"name": "P", "datasets": datasets}))
    return folder


def test_a_change_after_the_checks_greys_launch_and_says_so(view: Any, qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    panel = local_panel(view, qtbot)
    assert not panel.launch_button.isEnabled() and not panel.stale_hint.isVisibleTo(panel)  # never checked yet
    panel._on_preflight({"ok": True, "checks": []}, panel._check_seq)  # the checks pass
    assert panel.launch_button.isEnabled() and not panel.stale_hint.isVisibleTo(panel)
    panel.model.setFocus()
    qtbot.keyClicks(panel.model, "x")  # the person types in the model field
    assert not panel.launch_button.isEnabled()
    assert panel.stale_hint.isVisibleTo(panel) and panel.stale_hint.text() == "Settings changed: run the checks again"
    panel._on_preflight({"ok": True, "checks": []}, panel._check_seq)  # checked again
    assert panel.launch_button.isEnabled() and not panel.stale_hint.isVisibleTo(panel)
    # a change while the checks run: their answer is for the old form
    seq = panel._check_seq
    qtbot.keyClick(panel.model, Qt.Key.Key_Backspace)
    panel._on_preflight({"ok": True, "checks": []}, seq)
    assert not panel.launch_button.isEnabled() and panel.stale_hint.isVisibleTo(panel)


def test_choices_are_remembered_in_the_project(qtbot: Any, service: Any, tmp_path: Path) -> None:
    from fttool.project import Project
    from ui.bridge import Bridge
    from ui.views.train import TrainView

    folder = make_project(tmp_path)
    bridge = Bridge(service)
    first = TrainView(bridge)
    qtbot.addWidget(first)
    first.set_project(Project.open(folder))
    panel = local_panel(first, qtbot)
    first.advanced_button.click()
    panel.set_engine("trl")
    panel.model.setText("/models/my-model")
    panel.form.set_values({"recipe": "manual"})
    panel.form.editors["epochs"].setValue(7)
    panel.form.editors["lora_r"].setValue(32)
    panel.form.editors["learning_rate"].setText("5e-4")

    def saved() -> dict[str, Any]:
        return json.loads((folder / "project.json").read_text()).get("train_form") or {}

    qtbot.waitUntil(lambda: saved().get("local", {}).get("lora_r") == 32
                    and saved().get("local", {}).get("learning_rate") == 5e-4, timeout=5000)
    form = saved()
    assert form["_view"] == {"backend": "local", "advanced": True}
    assert form["local"]["engine"] == "trl" and form["local"]["base_model"] == "/models/my-model"
    assert form["local"]["epochs"] == 7 and form["local"]["recipe"] == "manual"
    assert json.loads((folder / "project.json").read_text())["datasets"]["train"] == "data/train.jsonl"  # kept
    # the app again: a new view, the project opened again
    second = TrainView(bridge)
    qtbot.addWidget(second)
    second.set_project(Project.open(folder))
    again = local_panel(second, qtbot)
    assert second.advanced_button.isChecked() and again.engine_choice() == "trl"
    assert again.model.text() == "/models/my-model"
    values = again.form.values()
    assert values["epochs"] == 7 and values["lora_r"] == 32 and values["learning_rate"] == 5e-4
    assert values["recipe"] == "manual"
    bridge.close()


def test_simple_hides_the_advanced_fields_and_advanced_shows_them(view: Any, qtbot: Any) -> None:
    panel = local_panel(view, qtbot)
    form = panel.form
    assert view.simple_button.isChecked()  # Simple by default
    for name in ("lora_r", "lora_dropout", "quantization", "block_size", "seed"):
        assert not form.rows[name][1].isVisibleTo(panel), name
    for name in ("recipe", "epochs", "learning_rate"):
        assert form.rows[name][1].isVisibleTo(panel), name
    assert not panel.yaml_box.isVisibleTo(panel) and panel.advanced_note.isVisibleTo(panel)
    assert form.values()["lora_dropout"] == 0.05  # hidden, its default still applies
    view.advanced_button.click()
    for name in ("lora_r", "lora_dropout", "quantization", "block_size", "seed", "epochs"):
        assert form.rows[name][1].isVisibleTo(panel), name
    assert panel.yaml_box.isVisibleTo(panel) and not panel.advanced_note.isVisibleTo(panel)
    if panel.device == "cpu":  # the hint under Quantization is shown whole, not cut off
        note = form.notes["quantization"]
        qtbot.waitUntil(lambda: note.isVisible() and note.width() > 0, timeout=3000)
        qtbot.wait(50)
        assert note.height() >= note.heightForWidth(note.width()) and note.width() > form.editors["quantization"].width()
    view.simple_button.click()
    assert not form.rows["lora_r"][1].isVisibleTo(panel)


def test_the_validation_file_shown_and_sent(view: Any, qtbot: Any, tmp_path: Path) -> None:
    from fttool.project import Project

    folder = make_project(tmp_path)
    view.set_project(Project.open(folder))
    panel = local_panel(view, qtbot)
    valid = folder / "data" / "validation.jsonl"
    assert panel.valid_file.text() == str(valid)
    assert "validation.jsonl" in panel.valid_info.text() and "loss chart" in panel.valid_info.text()
    assert panel.params()["validation_file"] == str(valid)
    panel.valid_file.setText(str(folder / "data" / "test.jsonl"))
    assert "test split" in panel.valid_info.text()
    panel.valid_file.clear()
    assert "none" in panel.valid_info.text() and "Split in the Data view" in panel.valid_info.text()
    assert panel.params()["validation_file"] is None  # none: the job does not take the project's then
    panel.set_engine("autotrain")
    assert "AutoTrain" in panel.valid_info.text() and "validation_file" not in panel.params()


def test_open_panel_selects_the_backend(view: Any, qtbot: Any) -> None:
    from ui.views.train import LocalTrainPanel

    loaded(view, qtbot)
    view.open_panel("huggingface", {"base_model": "HuggingFaceTB/SmolLM2-135M-Instruct"})
    assert view.backend.currentData() == "hf" and view.stack.currentWidget() is view.panels["hf"]
    assert view.panels["hf"].model.text() == "HuggingFaceTB/SmolLM2-135M-Instruct"
    view.open_panel("autotrain", {})
    local = view.stack.currentWidget()
    assert isinstance(local, LocalTrainPanel) and local.engine_choice() == "autotrain"
    view.open_panel("local", {"engine": "trl", "base_model": "/models/x"})
    assert local.engine_choice() == "trl" and local.model.text() == "/models/x"
    view.open_panel("azure", {})
    assert view.backend.currentData() == "azure" and view.stack.currentWidget() is view.panels["azure"]
    view.open_panel("nonsense", {})  # unknown: nothing changes
    assert view.backend.currentData() == "azure"


def test_words_from_the_core_are_translatable(view: Any, qtbot: Any) -> None:
    """The backend's and presets' labels and the memory formula go through tr() (here without a translator:
    the English source), and the formula of a check is shown through it."""
    from fttool.providers.local.preflight import MEMORY_FORMULA

    panel = local_panel(view, qtbot)
    loaded(view, qtbot)
    assert view.backend.itemText(0) == "On this computer (TRL or AutoTrain)"
    assert panel.preset.itemText(panel.preset.findData("quick_cpu")) == "Quick test on this CPU"
    formula = MEMORY_FORMULA.format(bytes_per_param=2, act_bytes=2)
    shown = panel.formula_text(formula)
    assert shown != formula and shown.startswith("weights P × 2 B") and "× 2/4" in shown
    assert panel.formula_text("something else") == "something else"
    panel._on_preflight({"ok": False, "checks": [
        {"status": "pass", "code": "pf_memory_ok", "message": "", "params": {"need_mb": 900, "free_mb": 8000,
                                                                             "formula": formula}}]})
    assert "weights P × 2 B" in panel.checks.item(0).text()


def test_cloud_panels_remember_and_have_a_simple_mode(view: Any, qtbot: Any) -> None:
    """The cloud and Hugging Face forms are drawn from their descriptors (the service's provider_info): Simple
    hides the ones marked advanced, and a form restored before the descriptors came is applied when they come."""
    from ui.views.train import HfTrainPanel, OpenAITrainPanel

    def shown(panel: Any, name: str) -> bool:
        return panel.param_form.rows[name][1].isVisibleTo(panel)

    panel = view.select_backend("openai")
    qtbot.waitUntil(lambda: bool(panel.param_form.editors), timeout=10000)
    assert view.simple_button.isChecked()
    assert shown(panel, "epochs") and not shown(panel, "batch_size") and not shown(panel, "seed")
    assert panel.param_form.editors["epochs"].minimum() == 0  # 0 reads "automatic": the provider chooses
    assert panel.param_form.values()["epochs"] is None
    view.advanced_button.click()
    assert shown(panel, "batch_size") and shown(panel, "seed")
    panel.param_form.set_values({"epochs": 4, "suffix": "mine"})
    panel.model.setCurrentText("gpt-4.1-mini-2025-04-14")
    other = OpenAITrainPanel(view.bridge)
    qtbot.addWidget(other)
    other.restore_form(panel.form_state())  # before its descriptors came: kept until they do
    qtbot.waitUntil(lambda: bool(other.param_form.editors), timeout=10000)
    assert other.param_form.values()["epochs"] == 4 and other.param_form.values()["suffix"] == "mine"
    assert other.base_model() == "gpt-4.1-mini-2025-04-14"
    other.restore_form({"epochs": 0, "learning_rate": 0.0, "seed": "7", "beta": True})  # an older form's values
    assert other.param_form.values()["seed"] == 7 and other.param_form.values()["learning_rate"] is None
    hf = view.select_backend("hf")
    qtbot.waitUntil(lambda: bool(hf.param_form.editors), timeout=10000)
    assert shown(hf, "batch_size") and shown(hf, "merge")  # Advanced is on for every panel
    assert list(hf.param_form.specs) == ["epochs", "learning_rate", "batch_size", "timeout", "merge"]
    hf.param_form.set_values({"epochs": 5, "timeout": "6h"})
    again = HfTrainPanel(view.bridge)
    qtbot.addWidget(again)
    again.restore_form(hf.form_state())
    qtbot.waitUntil(lambda: bool(again.param_form.editors), timeout=10000)
    assert again.param_form.values()["epochs"] == 5 and again.params()["timeout"] == "6h"
    view.simple_button.click()
    assert not shown(hf, "batch_size") and not shown(hf, "merge") and shown(hf, "epochs")
    qtbot.waitUntil(lambda: view.bridge.pending == 0, timeout=20000)


def test_the_train_view_makes_no_provider() -> None:
    """The Train view's package asks the service about backends: it imports no provider implementation, makes
    no provider, and names no backend in its logic beyond its panel registry."""
    import re

    root = Path(__file__).resolve().parents[2] / "ui" / "views" / "train"
    sources = {p.name: p.read_text(encoding="utf-8") for p in sorted(root.glob("*.py"))}
    assert {"__init__.py", "local.py", "hf.py", "cloud.py", "generic.py"} <= set(sources)
    forbidden = ("fttool.providers.local", "fttool.providers.huggingface", "fttool.providers.registry",
                 "fttool.providers.train_form", "fttool.runtime", "fttool.hub", "fttool.credentials",
                 "fttool.settings", "LocalProvider(", "HuggingFaceProvider(", "get_provider", "backend_names",
                 "describe(", "lambda e: None", "bridge.run(")
    for name, source in sources.items():
        for word in forbidden:
            assert word not in source, f"{name} uses {word}"
        for m in re.finditer(r"^\s*(?:from|import) (fttool\.[\w.]+)", source, re.MULTILINE):
            assert m.group(1) in ("fttool.providers.base", "fttool.project", "fttool.jobs.record",
                                  "fttool.errors", "fttool.messages"), f"{name} imports {m.group(1)}"
        # no branching on a backend's name: what a panel offers comes from the capabilities
        branching = re.findall(r"(?:==|!=|\bin)\s*\(?\s*\"(?:local|hf|openai|azure|together)\"", source)
        assert not branching, f"{name} branches on a backend's name: {branching}"
