"""The Train view's panel for local training in a managed runtime: the TRL engine (the default) or AutoTrain
Advanced 0.8.36 (the lesson's route).

Its boxes, top to bottom: the engine and its runtimes (engine_box.py), the base model and the data (model_box.py),
the presets, the recipe's plan and the form drawn from the local provider's descriptors, only the fields the
engine uses (settings_box.py), the engine's YAML and command (settings_box.py), the pre-flight checks and Launch,
and a finished job's result (checks_box.py). This module ties them together: what the service says about the
backend (`provider_info`: descriptors, presets, each engine's fields, the fields this computer cannot use), the
form's values, the YAML and the field problems for them (`local_yaml`: the provider's own validation), the
recipe (Settings: auto), the checks (`local_preflight`) and the launch (`create_job`).

Any change after the checks greys Launch out and says so beside it ("Settings changed: run the checks again").
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer, Slot
from PySide6.QtWidgets import QFileDialog, QLineEdit, QScrollArea, QVBoxLayout, QWidget

from fttool.providers.base import ParamProblem
from ui.bridge import Bridge, Failure
from ui.messages import text
from ui.views.train.checks_box import ChecksBox, ResultBox
from ui.views.train.engine_box import EngineBox
from ui.views.train.model_box import ModelDataBox
from ui.views.train.panel import TrainPanel
from ui.views.train.settings_box import SettingsBox, YamlBox

YAML_DELAY_MS = 120  # the YAML and the field checks follow the form this long after the last change
ENGINE_NAMES = {"trl": "TRL", "autotrain": "AutoTrain"}


class LocalTrainPanel(TrainPanel):
    """Local training in a managed runtime: the TRL engine (the default) or AutoTrain Advanced 0.8.36."""

    backend = "local"

    def __init__(self, bridge: Bridge, parent: QWidget | None = None, **kw: Any) -> None:
        super().__init__(bridge, parent, **kw)
        self.device = "cpu"
        self.advanced: bool | None = None  # Simple/Advanced as the Train view last set it
        self.preflight_result: dict[str, Any] | None = None
        self.chosen: dict[str, Any] | None = None  # the recipe's values from the last checks (Settings: auto)
        self.job: dict[str, Any] | None = None
        self.view: dict[str, Any] = {}
        self.unavailable: dict[str, dict[str, Any]] = {}  # fields this computer cannot use: why (code, message)
        self._check_seq = 0  # which form the checks in flight were asked for (a change makes their answer stale)
        self._yaml_seq = 0  # the YAML asked for last (an older answer is dropped)
        self.setObjectName("trainPanel_local")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        outer.addWidget(scroll)
        body = QWidget()
        scroll.setWidget(body)
        layout = QVBoxLayout(body)

        self.engine_box = EngineBox(bridge)
        self.model_box = ModelDataBox(bridge)
        self.settings_box = SettingsBox()
        self.yaml_box = YamlBox()
        self.checks_box = ChecksBox()
        self.result_box = ResultBox(bridge)
        for box in (self.engine_box, self.model_box, self.settings_box, self.yaml_box, self.checks_box,
                    self.result_box):
            layout.addWidget(box)
        layout.addStretch(1)
        # the boxes' fields, as the panel's (the Train view, the Decide view and tests reach them here)
        eb, mb, sb, yb, cb, rb = (self.engine_box, self.model_box, self.settings_box, self.yaml_box,
                                  self.checks_box, self.result_box)
        self.engine, self.lesson_button, self.engine_reason = eb.engine, eb.lesson_button, eb.engine_reason
        self.runtime_labels, self.install_buttons = eb.runtime_labels, eb.install_buttons
        self.runtime_label, self.install_button = eb.runtime_labels["trl"], eb.install_buttons["trl"]
        self.install_bar, self.install_cancel, self.install_message = eb.install_bar, eb.install_cancel, \
            eb.install_message
        self.model_list, self.search, self.search_results = mb.model_list, mb.search, mb.search_results
        self.model, self.model_note, self.download_button = mb.model, mb.model_note, mb.download_button
        self.train_file, self.valid_file, self.valid_info = mb.train_file, mb.valid_file, mb.valid_info
        self.valid_label, self.valid_row = mb.valid_label, mb.valid_row
        self.preset, self.form, self.recipe_plan, self.advanced_note = sb.preset, sb.form, sb.recipe_plan, \
            sb.advanced_note
        self.yaml, self.command, self.yaml_message = yb.yaml, yb.command, yb.yaml_message
        self.checks, self.rendered, self.status = cb.checks, cb.rendered, cb.status
        self.preflight_button, self.launch_button, self.stale_hint = cb.preflight_button, cb.launch_button, \
            cb.stale_hint
        self.result_label, self.export_bar = rb.result_label, rb.export_bar
        self.open_button, self.export_button, self.gguf_button = rb.open_button, rb.export_button, rb.gguf_button

        self._yaml_timer = QTimer(self)
        self._yaml_timer.setSingleShot(True)
        self._yaml_timer.setInterval(YAML_DELAY_MS)
        self._yaml_timer.timeout.connect(self.update_yaml)
        eb.engineChanged.connect(self._on_engine)
        eb.engineChanged.connect(self._form_changed)
        eb.runtimeLoaded.connect(self._on_runtime)
        mb.changed.connect(self.refresh)
        mb.model.textChanged.connect(self._form_changed)
        sb.apply_button.clicked.connect(self.apply_preset)
        self.form.changed.connect(self.refresh)
        self.form.changed.connect(self._form_changed)
        yb.buttons["saveYaml"].clicked.connect(lambda: self.save_yaml())
        yb.buttons["loadYaml"].clicked.connect(lambda: self.load_yaml())
        cb.preflight_button.clicked.connect(self.run_preflight)
        cb.launch_button.clicked.connect(self.launch)
        bridge.jobUpdated.connect(self._on_job_updated)
        self.load_info()  # then the runtime's state (the form's fields first)
        mb.load_models()

    # -- what the service says about the backend -------------------------------------------------------
    def on_info(self, info: dict[str, Any]) -> None:
        facts = self.facts()
        self.settings_box.set_presets(facts.get("presets") or {})
        self.checks_box.memory_formula = str(facts.get("memory_formula") or "")
        self.unavailable = dict(facts.get("unavailable") or {})
        self.device = str(facts.get("device") or self.device)
        self._restoring = True
        try:
            self.form.set_specs(self.specs())
            for name, why in self.unavailable.items():  # greyed out here, and why (e.g. a GPU-only option)
                self.form.disable(name, text(str(why.get("code", "")), None, str(why.get("message", ""))))
            if self.pending_form:
                self._restore_fields(self.pending_form)
                self.pending_form = {}
        finally:
            self._restoring = False
        self._on_engine()
        if self.advanced is not None:
            self.set_advanced(self.advanced)  # the fields are drawn now
        self.engine_box.load_runtime()

    def on_info_failed(self, failure: Failure) -> None:
        self.status.setText(failure.message)
        self.engine_box.load_runtime()

    @Slot(dict)
    def _on_runtime(self, st: dict[str, Any]) -> None:
        self.device = (st.get("hardware") or {}).get("device", self.device)
        self.refresh()

    @property
    def runtime(self) -> dict[str, Any]:
        return self.engine_box.runtime

    @property
    def presets(self) -> dict[str, Any]:
        return self.settings_box.presets

    def managed(self) -> tuple[str, ...]:
        """The fields the recipe chooses (Settings: auto)."""
        return tuple(self.facts().get("managed") or ())

    def engine_facts(self, engine: str | None = None) -> dict[str, Any]:
        return dict((self.facts().get("engines") or {}).get(engine or self.resolved_engine()) or {})

    # -- words from the core, in the person's language ------------------------------------------------
    def preset_label(self, key: str) -> str:
        return self.settings_box.preset_label(key)

    def formula_text(self, formula: str) -> str:
        return self.checks_box.formula_text(formula)

    # -- what the project remembers ------------------------------------------------------------------
    def form_state(self) -> dict[str, Any]:
        """The engine, the base model and every setting (the project remembers them; never a file or a secret)."""
        values = self.form.all_values() if self.info else dict(self.pending_form)
        return {"engine": self.engine_choice(), "base_model": self.model.text().strip() or None, **values}

    def restore_form(self, values: dict[str, Any]) -> None:
        self._restoring = True
        try:
            if values.get("engine") and self.engine.findData(values["engine"]) >= 0:
                self.set_engine(str(values["engine"]))
            if values.get("base_model"):
                self.model.setText(str(values["base_model"]))
            fields = {k: v for k, v in values.items() if k not in ("engine", "base_model")}
            if self.info:
                self._restore_fields(fields)
            else:  # the descriptors have not come yet
                self.pending_form = fields
        finally:
            self._restoring = False

    def _restore_fields(self, values: dict[str, Any]) -> None:
        # a field greyed out for this machine (GPU-only) keeps its default; the recipe's fields are greyed
        # only while Settings is auto, and the remembered Settings comes with them
        managed = self.managed()
        self.form.set_values({k: v for k, v in values.items() if k in self.form.specs
                              and (k in managed or k not in self.form.disabled_reasons)})

    def set_advanced(self, advanced: bool) -> None:
        self.advanced = advanced
        self.form.set_advanced(advanced)
        self.yaml_box.setVisible(advanced)
        self.settings_box.show_advanced_note(advanced)

    def set_base_model(self, name: str) -> None:
        self.model.setText(name)

    # -- engine ----------------------------------------------------------------------------------------
    def engine_choice(self) -> str:
        return self.engine_box.engine_choice()

    def set_engine(self, name: str) -> None:
        self.engine_box.set_engine(name)

    def resolved_engine(self) -> str:
        """The engine the form trains with: the one chosen, or the one `auto` picks (the service says which)."""
        choice = self.engine_choice()
        return choice if choice != "auto" else str(self.facts().get("auto_engine") or "trl")

    def takes_validation(self) -> bool:
        """The engine measures a validation loss (its fields include the validation file)."""
        return "validation_file" in (self.engine_facts().get("parameters") or ["validation_file"])

    def _on_engine(self, *_: Any) -> None:
        fields = self.engine_facts().get("parameters")
        if fields is not None:
            self.form.set_shown(set(fields))
        self.model_box.set_validation_shown(self.takes_validation())
        if self.advanced is False:
            self.settings_box.show_advanced_note(False)  # this engine's count of advanced fields
        self.refresh()

    # -- project, presets, form ------------------------------------------------------------------------
    def set_project(self, project: Any) -> None:
        self.project = project
        if project is None:
            return
        files = project.dataset_files()
        if "train" in files and not self.train_file.text():
            self.train_file.setText(str(files["train"]))
        if "validation" in files and not self.valid_file.text():
            self.valid_file.setText(str(files["validation"]))
        base = project.meta.get("base_model")
        if project.meta.get("backend") == self.backend and base and not self.model.text():
            self.model.setText(str(base))

    def apply_preset(self) -> None:
        key = str(self.preset.currentData())
        values = {k: v for k, v in dict(self.presets[key]["params"]).items() if k not in self.unavailable}
        values["recipe"] = "manual"  # a preset is the person's choice of values
        self.form.set_values(values)
        self.status.setText(self.tr("Preset applied: {0}.").format(self.preset_label(key)))

    # -- the recipe (Settings: auto chooses from the data, manual uses the fields) ------------------------
    def recipe_auto(self) -> bool:
        return self.form.values().get("recipe", "auto") == "auto"

    def _recipe_fields(self) -> None:
        """Auto: the managed fields are greyed out (the checks fill them with the recipe's values); manual: they are
        the person's. Any change forgets the last recipe: the data or the model may be different now."""
        auto = self.recipe_auto()
        reason = self.settings_box.managed_reason()
        for name in self.managed():
            self.form.disable(name, reason if auto else None, note=False)
        self.chosen = None
        self.settings_box.show_recipe_auto(auto)

    def _show_recipe(self, rec: dict[str, Any]) -> None:
        plain = rec["plain"]
        params = dict(plain["params"])
        duration = plain.get("duration")
        if duration:
            params["duration"] = text(duration["code"], duration["params"], params.get("duration", ""))
        lines = [text(plain["code"], params, plain["message"])]
        lines += [text(r["code"], r["params"], r["message"]) for r in rec.get("reasons", [])]
        self.recipe_plan.setText("\n".join(lines))
        self.chosen = {k: rec[k] for k in self.managed() if k in rec}
        self.form.set_values(self.chosen, emit=False)  # shown, greyed out; no refresh (it would forget them)
        self.update_yaml()

    def params(self) -> dict[str, Any]:
        out = {**self.form.values(), "engine": self.engine_choice(),
               "training_file": self.train_file.text().strip() or None}
        if out.get("recipe", "auto") == "auto":  # the recipe's values are chosen at launch, from the data
            out.update({name: None for name in self.managed() if name in out})
        if self.takes_validation():  # named, or None: none (the job does not take the project's then)
            out["validation_file"] = self.valid_file.text().strip() or None
        return out

    def refresh(self) -> None:
        """A change of the form: the checks no longer speak for it, and the YAML, the command and the field
        problems follow (asked of the service a moment after the last change)."""
        self._invalidate_checks()
        self._recipe_fields()
        self._show_validation()
        self._yaml_timer.start()

    def update_yaml(self) -> None:
        """Ask the service for the YAML, the command and the field problems of the form as it is (with the recipe
        on auto, the values the last checks chose)."""
        if not self.info:
            return
        self._yaml_timer.stop()
        self._yaml_seq += 1
        seq = self._yaml_seq
        self.bridge.op("local_yaml", params=self.params(), base_model=self.model.text().strip() or None,
                       chosen=self.chosen, job_folder=self.tr("<job folder>"),
                       activity_text=self.tr("Writing the engine's YAML")) \
            .success(self.alive(lambda view: self._on_yaml(view, seq))).failure(self._on_yaml_failed).run()

    def _on_yaml(self, view: dict[str, Any], seq: int) -> None:
        if seq != self._yaml_seq:  # an older form's answer
            return
        problems = [ParamProblem(**{**p, "params": dict(p.get("params") or {})}) for p in view.get("problems", [])]
        self.form.show_problems(problems)
        if not view.get("yaml"):
            return  # a field that is not a number yet: its problem shows under it
        self.view = view
        self.yaml_box.show_view(view)
        reason = text(view.get("engine_reason_code", ""), view.get("engine_reason_params") or {},
                      view.get("engine_reason", ""))
        self.engine_box.set_reason(self.tr("{0}. {1}").format(view.get("title", ""), reason))
        engine = str(view.get("engine") or self.resolved_engine())
        self.yaml_box.show_engine(ENGINE_NAMES.get(engine, engine))

    def _on_yaml_failed(self, failure: Failure) -> None:
        self.yaml_box.yaml_message.setText(failure.message)

    def _invalidate_checks(self) -> None:
        """A change: the last checks no longer speak for the form. Launch greys out, and if checks had run (or are
        running) the hint beside it says to run them again."""
        had_checks = self.preflight_result is not None or self.launch_button.isEnabled() or \
            not self.preflight_button.isEnabled()
        self._check_seq += 1
        self.preflight_result = None
        self.launch_button.setEnabled(False)
        if had_checks:
            self.stale_hint.show()

    def _test_split(self) -> Path | None:
        if self.project is None or not hasattr(self.project, "dataset_files"):
            return None
        return self.project.dataset_files().get("test")

    def _show_validation(self) -> None:
        self.model_box.show_validation(self.takes_validation(), self._test_split())

    # -- YAML ------------------------------------------------------------------------------------------
    def copy_yaml(self) -> None:
        self.yaml_box.copy_yaml()

    def copy_command(self) -> None:
        self.yaml_box.copy_command()

    def save_yaml(self, path: str | None = None) -> None:
        if not path:
            name = str(self.engine_facts().get("config_name") or "job.yaml")
            path, _ = QFileDialog.getSaveFileName(self, self.tr("Save YAML"), name, self.tr("YAML (*.yml *.yaml)"))
        if not path:
            return
        self.bridge.op("local_save_yaml", path=path, params=self.params(), base_model=self.model.text().strip(),
                       chosen=self.chosen).success(self._saved_yaml).failure(self._yaml_failed).run()

    def _saved_yaml(self, path: str) -> None:
        self.yaml_message.setText(self.tr("Saved {0}.").format(path))

    def _yaml_failed(self, failure: Failure) -> None:
        self.yaml_message.setText(failure.message)

    def load_yaml(self, path: str | None = None) -> None:
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, self.tr("Load an AutoTrain YAML"), "",
                                                  self.tr("YAML (*.yml *.yaml)"))
        if not path:
            return
        self.bridge.op("local_load_yaml", path=path).success(self._loaded_yaml).failure(self._yaml_failed).run()

    def _loaded_yaml(self, res: dict[str, Any]) -> None:
        self.set_engine("autotrain")  # an AutoTrain YAML runs on AutoTrain
        self.form.set_values(res["params"])
        if res.get("base_model"):
            self.model.setText(str(res["base_model"]))
        self.yaml_message.setText(self.tr("Loaded; checked like the form (backend local, paths inside the job "
                                          "folder). It runs on the AutoTrain engine."))

    # -- pre-flight and launch -------------------------------------------------------------------------
    def run_preflight(self) -> None:
        self.checks_box.checking()
        seq = self._check_seq
        self.bridge.op("local_preflight", params=self.params(), base_model=self.model.text().strip() or None,
                       activity_text=self.tr("Checking before launch")) \
            .success(self.alive(lambda res: self._on_preflight(res, seq))).failure(self._on_preflight_failed).run()

    def _on_preflight(self, res: dict[str, Any], seq: int | None = None) -> None:
        self.checks_box.show_checks(res)
        if seq is not None and seq != self._check_seq:  # the form changed while the checks ran
            self.checks_box.show_stale()
            return
        self.preflight_result = res
        if res.get("recipe") and self.recipe_auto():
            self._show_recipe(res["recipe"])
        self.checks_box.show_verdict(bool(res["ok"]))

    def _on_preflight_failed(self, failure: Failure) -> None:
        self.checks_box.show_failed(failure.message)

    def launch(self) -> None:
        if not self.preflight_result or not self.preflight_result.get("ok"):
            return
        self.checks_box.starting()
        self.bridge.op("create_job", backend=self.backend, base_model=self.model.text().strip(),
                       params=self.params(), project=self.project_path()) \
            .success(self._started).failure(self._launch_failed).run()

    def _started(self, job: dict[str, Any]) -> None:
        self.job = job
        self.result_box.job = job
        self.checks_box.show_started(job)
        self.jobStarted.emit(job)

    def _launch_failed(self, failure: Failure) -> None:
        self.launch_button.setEnabled(True)
        self.status.setText(failure.message)

    @Slot(dict)
    def _on_job_updated(self, job: dict[str, Any]) -> None:
        if self.job is None or job.get("id") != self.job["id"]:
            return
        self.job = job
        self.checks_box.show_job(job)
        self.result_box.show_job(job)

    # -- the result ------------------------------------------------------------------------------------
    def open_folder(self) -> None:
        self.result_box.open_folder()

    def merge_export(self, target: str | None = None) -> None:
        self.result_box.merge_export(target)

    def gguf_export(self, target: str | None = None) -> None:
        self.result_box.gguf_export(target)

    def _browse_model(self) -> None:
        self.model_box._browse_model()

    def _browse_data(self, target: QLineEdit) -> None:
        self.model_box._browse_data(target)
