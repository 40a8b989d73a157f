"""Jobs: every job of every backend from the shared store, updated live by the service.

The list (select several to overlay their loss curves), and for the selected job: an overview, the live loss
chart, the event log, the raw record; actions: cancel, pause/resume where the backend allows (and resume of a
stopped local TRL job from its last checkpoint), clone with changed parameters, try the result in the playground,
push to the Hub, export a local model (GGUF + Ollama Modelfile, or merged), open the job's folder."""

from __future__ import annotations

import functools
import json
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QPoint, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.bridge import Bridge, Failure
from ui.itemmodels.jobs import (
    JobsModel,
    backend_text,
    job_display_name,
    local_time_text,
    percent,
    progress_text,
    provider_words,
    status_text,
)
from ui.messages import text
from ui.views.base import View, plain_labels


class CloneDialog(QDialog):
    """Edit a copy of a job's parameters (JSON) before starting it again."""

    def __init__(self, job: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cloneDialog")
        self.setWindowTitle(self.tr("Clone job {0}").format(job_display_name(job)))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Backend: {0}   Base model: {1}").format(job["backend"],
                                                                               job.get("base_model") or "-")))
        layout.addWidget(QLabel(self.tr("Parameters (JSON). Change what you want to try, then Start.")))
        plain_labels(self)  # the base model's name comes from the job record: never rich text
        from fttool.jobs.record import OUTCOME_PARAMS

        params = {k: v for k, v in (job.get("params") or {}).items() if k not in OUTCOME_PARAMS}  # the source's result
        self.editor = QPlainTextEdit(json.dumps(params, indent=2, ensure_ascii=False))
        self.editor.setObjectName("cloneParams")
        layout.addWidget(self.editor)
        self.error = QLabel()
        self.error.setStyleSheet("color: #b3261e;")
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = buttons.addButton(self.tr("Start"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.params: dict[str, Any] = {}

    def _check(self) -> None:
        try:
            value = json.loads(self.editor.toPlainText())
        except ValueError as exc:
            self.error.setText(self.tr("Not valid JSON: {0}").format(str(exc)))
            return
        if not isinstance(value, dict):
            self.error.setText(self.tr("The parameters must be a JSON object."))
            return
        self.params = value
        self.accept()


class JobsView(View):
    key = "jobs"
    tryModel = Signal(dict)  # a succeeded job whose model the person wants to chat with
    evaluateModel = Signal(dict)  # ... or to compare with its base on held-out examples

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(bridge, parent)
        self.capabilities: dict[str, dict[str, Any]] = {}  # backend -> what it can do (from the service)
        self.model = JobsModel()
        self._events_seq: dict[str, int] = {}  # job id -> the last event (seq) the log shows
        self._events_loading: dict[str, list[dict[str, Any]]] = {}  # job id -> events told while its log loads
        self._listing = 0  # list_jobs asked and not answered yet
        self._since_list: dict[str, dict[str, Any]] = {}  # records told while the list was read
        self._notes: dict[str, str] = {}  # why a background load failed, by what failed
        self._chart: Any = None
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(self.title()))
        self.note = QLabel()  # a background load that failed says so here
        self.note.setObjectName("jobsNote")
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setStyleSheet("color: #b3261e;")
        self.note.setVisible(False)
        layout.addWidget(self.note)
        self.empty_label = QLabel(self.tr("No jobs yet. Jobs you start from Train, or with `fttool train`, "
                                          "appear here and keep being watched after a restart."))
        self.empty_label.setWordWrap(True)
        layout.addWidget(self.empty_label)

        self.table = QTableView()
        self.table.setObjectName("jobsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setToolTip(self.tr("Select several jobs (Ctrl+click) to overlay their loss curves."))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for key, width in (("name", 300), ("status", 110), ("progress", 190)):
            self.table.setColumnWidth(JobsModel.COLUMNS.index(key), width)
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)  # the name; F2 is Rename…
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.installEventFilter(self)  # F2 in the list renames, whichever column is current
        self.table.selectionModel().selectionChanged.connect(self._on_selection)
        self.model.renamed.connect(self._on_renamed)

        detail = QWidget()
        dl = QVBoxLayout(detail)
        dl.setContentsMargins(0, 0, 0, 0)
        buttons = QHBoxLayout()
        self.cancel_button = self._button("cancelJob", self.tr("Cancel job"),
                                          self.tr("Ask the backend to stop this job. Finished jobs cannot be "
                                                  "cancelled."), self._cancel)
        self.pause_button = self._button("pauseJob", self.tr("Pause"), self.tr("Pause this job (where the "
                                         "backend allows it); Resume continues it."), self._pause)
        self.resume_button = self._button("resumeJob", self.tr("Resume"), self.tr(
            "Resume a paused job, or continue a stopped local TRL job from its last checkpoint (after a cancel, a "
            "crash or a restart of the computer)."), self._resume)
        self.clone_button = self._button("cloneJob", self.tr("Clone…"), self.tr("Start a new job like this one "
                                         "with parameters you change."), self._clone)
        self.try_button = self._button("tryJob", self.tr("Try in playground"), self.tr("Chat with the "
                                       "result model next to its base model."), self._try)
        self.evaluate_button = self._button("evaluateJob", self.tr("Evaluate…"), self.tr(
            "Compare the result model with its base model on your held-out examples (Playground, Evaluate)."),
            self._evaluate)
        self.push_button = self._button("pushJob", self.tr("Push to Hub…"), self.tr("Upload the result model "
                                        "to a (private) Hugging Face repo with a model card."), self._push)
        self.deploy_button = self._button("deployJob", self.tr("Deploy…"), self.tr("Deploy the Azure fine-tuned "
                                          "model, or host the Together AI one on an endpoint, so it can answer "
                                          "(billed by the hour while it exists)."),
                                          self._deploy)
        self.export_button = self._button("exportJob", self.tr("Export…"), self.tr(
            "A finished local model as GGUF for llama.cpp and Ollama (with a Modelfile), or as a merged model "
            "folder."), self._export)
        self.folder_button = self._button("openFolder", self.tr("Open folder"), self.tr("Open this job's "
                                          "folder (logs, YAML, output) in the file manager."), self._open_folder)
        self.rename_button = self._button("renameJob", self.tr("Rename…"), self.tr(
            "Give the selected job a name you will recognise (F2). An empty name brings back the default: "
            "project · model · date."), self.rename)
        self.rename_button.setShortcut(QKeySequence("F2"))
        self.refresh_button = self._button("refreshJobs", self.tr("Refresh"),
                                           self.tr("Reload the job list from the store (F5)"), self.refresh)
        self.refresh_button.setShortcut(QKeySequence("F5"))
        self.refresh_button.setEnabled(True)
        # two rows, so that the buttons never make the window wider (the Malay words are long): the job's
        # course first, then what to do with its result
        for b in (self.rename_button, self.cancel_button, self.pause_button, self.resume_button, self.clone_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        dl.addLayout(buttons)
        result_buttons = QHBoxLayout()
        for b in (self.try_button, self.evaluate_button, self.push_button, self.deploy_button, self.export_button,
                  self.folder_button):
            result_buttons.addWidget(b)
        result_buttons.addStretch(1)
        dl.addLayout(result_buttons)
        self._tips = {b: b.toolTip() for b in (self.push_button, self.deploy_button, self.export_button)}

        self.tabs = QTabWidget()
        self.tabs.setObjectName("jobTabs")
        overview = QWidget()
        self.overview = QFormLayout(overview)
        self.fields: dict[str, QLabel] = {}
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("jobProgress")
        self.progress_bar.setRange(0, 100)
        self.progress_bar.setToolTip(self.tr("How far the selected job's training is, from the steps (or epochs, "
                                             "or tokens) its backend reports."))
        for key, label in (("name", self.tr("Name")), ("job_id", self.tr("Job ID")), ("status", self.tr("Status")),
                           ("progress_bar", self.tr("Progress")), ("provider_status", self.tr("Provider says")),
                           ("base_model", self.tr("Base model")), ("result_model", self.tr("Result model")),
                           ("progress", self.tr("Last loss")), ("first_look", self.tr("First look")),
                           ("estimate", self.tr("Estimate")), ("cost", self.tr("Billed")),
                           ("created_at", self.tr("Created")),
                           ("updated_at", self.tr("Updated")), ("error", self.tr("Error"))):
            if key == "progress_bar":
                holder = QWidget()
                row = QVBoxLayout(holder)
                row.setContentsMargins(0, 0, 0, 0)
                row.addWidget(self.progress_bar)
                key, value = "progress_text", QLabel("-")
                row.addWidget(value)
                self.overview.addRow(label, holder)
            else:
                value = QLabel("-")
                self.overview.addRow(label, value)
            value.setObjectName(f"overview_{key}")
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.fields[key] = value
        self.progress_bar.setVisible(False)
        self.tabs.addTab(overview, self.tr("Overview"))
        self.chart_holder = QWidget()
        QVBoxLayout(self.chart_holder).setContentsMargins(0, 0, 0, 0)
        self.tabs.addTab(self.chart_holder, self.tr("Loss chart"))
        self.checkpoints = QPlainTextEdit()
        self.checkpoints.setObjectName("jobCheckpoints")
        self.checkpoints.setReadOnly(True)
        self.checkpoints.setPlaceholderText(self.tr("Checkpoints appear here when the backend keeps them "
                                                    "(OpenAI and Azure keep the last ones of a finished job)."))
        self.events = QPlainTextEdit()
        self.events.setObjectName("jobEvents")
        self.events.setReadOnly(True)
        self.events.setMaximumBlockCount(5000)
        self.tabs.addTab(self.events, self.tr("Events"))
        self.tabs.addTab(self.checkpoints, self.tr("Checkpoints"))
        self.detail = QPlainTextEdit()
        self.detail.setObjectName("jobDetail")
        self.detail.setReadOnly(True)
        self.detail.setPlaceholderText(self.tr("Select a job to see its record."))
        self.tabs.addTab(self.detail, self.tr("Record"))
        self.tabs.currentChanged.connect(lambda _: self._ensure_chart())
        dl.addWidget(self.tabs)

        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(detail)
        split.setSizes([260, 400])
        layout.addWidget(split, 1)

        # the service's events carry the change: one row and the open detail are updated from them, without a
        # reload of the list or of the job's events (jobsChanged: the service opened the store, list it again)
        bridge.jobsChanged.connect(self.refresh)
        bridge.jobAdded.connect(self._on_job_updated)
        bridge.jobUpdatedWith.connect(self._on_job_change)
        self._ticker = QTimer(self)  # the times left count down between two polls
        self._ticker.setInterval(20_000)
        self._ticker.timeout.connect(self._tick)
        self._update_actions()
        self._update_empty()
        bridge.op("backend_capabilities").success(self._on_capabilities).failure(self._on_capabilities_failed).run()

    def _button(self, name: str, text: str, tip: str, slot: Any) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.setToolTip(tip)
        b.setEnabled(False)
        b.clicked.connect(slot)
        return b

    def title(self) -> str:
        return self.tr("Jobs")

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._ticker.start()
        self.refresh()

    def hideEvent(self, event: Any) -> None:
        super().hideEvent(event)
        self._ticker.stop()

    def _tick(self) -> None:
        self.model.tick()
        self._show_progress(self.current_job())

    # -- data --------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """List every job from the store (on open, F5, and when the service has opened the store)."""
        self._listing += 1
        self.bridge.op("list_jobs").success(self._on_jobs).failure(self._on_list_failed).run()

    def _on_list_failed(self, failure: Failure) -> None:
        self._listing = max(0, self._listing - 1)
        if not self._listing:
            self._since_list.clear()
        self._set_note("list", failure.message)

    def _set_note(self, key: str, words: str) -> None:
        """Say (or stop saying) why a background load failed."""
        if words:
            self._notes[key] = words
        else:
            self._notes.pop(key, None)
        self.note.setText("\n".join(self._notes.values()))
        self.note.setVisible(bool(self._notes))

    def _on_jobs(self, jobs: list[dict[str, Any]]) -> None:
        self._listing = max(0, self._listing - 1)
        self._set_note("list", "")
        selected = [j["id"] for j in self.selected_jobs()]
        self.model.set_jobs(jobs)
        # a change told while the list was read may be newer than the list: the newer record stays
        for job in self._since_list.values():
            listed = self.model.job(self.model.row_of(job["id"]))
            if listed is None or str(job.get("updated_at") or "") >= str(listed.get("updated_at") or ""):
                self.model.upsert(job)
        if not self._listing:
            self._since_list.clear()
        for job_id in selected:
            row = self.model.row_of(job_id)
            if row >= 0:
                self.table.selectionModel().select(
                    self.model.index(row, 0),
                    self.table.selectionModel().SelectionFlag.Select | self.table.selectionModel().SelectionFlag.Rows)
        self._update_empty()

    def _on_job_change(self, job: dict[str, Any], events: list[dict[str, Any]], metrics: dict[str, Any]) -> None:
        """A job changed (the service's `job_updated`): its row, and the open detail with the new events."""
        self._on_job_updated(job)
        if events:
            self._take_events(job["id"], events)

    def _on_job_updated(self, job: dict[str, Any]) -> None:
        """Show a job's new record (or a new job): its row, and the detail when it is selected."""
        if self._listing:
            self._since_list[job["id"]] = job
        self.model.upsert(job)
        if any(j["id"] == job["id"] for j in self.selected_jobs()):
            self._show_selected()
        self._update_empty()

    def _update_empty(self) -> None:
        self.empty_label.setVisible(self.model.rowCount() == 0)

    def selected_jobs(self) -> list[dict[str, Any]]:
        rows = sorted(r.row() for r in self.table.selectionModel().selectedRows())
        return [j for j in (self.model.job(r) for r in rows) if j is not None]

    def current_job(self) -> dict[str, Any] | None:
        index = self.table.selectionModel().currentIndex()
        if index.isValid() and self.table.selectionModel().isRowSelected(index.row()):
            return self.model.job(index.row())
        jobs = self.selected_jobs()
        return jobs[0] if jobs else None

    def select_job(self, job_id: str) -> None:
        """Select the job's row alone (through the selection model: selectRow would read the keyboard's modifiers
        and extend or toggle the selection while Ctrl or Shift is down)."""
        row = self.model.row_of(job_id)
        if row >= 0:
            flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                     | QItemSelectionModel.SelectionFlag.Current)
            self.table.selectionModel().select(self.model.index(row, 0), flags)
            self.table.scrollTo(self.model.index(row, 0))

    # -- showing -----------------------------------------------------------------------------------------
    def _on_selection(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        self._show_selected()
        job = self.current_job()
        if job:
            self.events.clear()
            self._events_seq.pop(job["id"], None)
            self._load_events(job["id"])

    def _show_selected(self) -> None:
        job = self.current_job()
        self._update_actions()
        if not job:
            self.detail.clear()
            for value in self.fields.values():
                value.setText("-")
            self.progress_bar.setVisible(False)
            if self._chart is not None:
                self._chart.set_curves({})
            return
        self.detail.setPlainText(json.dumps(job, indent=2, ensure_ascii=False))
        self.fields["name"].setText(job_display_name(job))
        self.fields["job_id"].setText(str(job.get("id", "-")))
        self.fields["status"].setText(status_text(job["status"], job.get("connection")))
        self._show_progress(job)
        self.fields["provider_status"].setText(provider_words(job))
        # the provider's own word only where there is a provider: a local job's status says it all
        self.overview.setRowVisible(self.fields["provider_status"],
                                    self.capability(job, "provider_status", unknown=True))
        for key in ("base_model", "result_model"):
            self.fields[key].setText(str(job.get(key) or "-"))
        for key in ("created_at", "updated_at"):
            self.fields[key].setText(local_time_text(job.get(key)))
        loss = (job.get("metrics") or {}).get("train_loss") or []
        self.fields["progress"].setText(self.tr("{0:.4f} at step {1}").format(loss[-1][1], int(loss[-1][0]))
                                        if loss else "-")
        err = job.get("error")
        self.fields["error"].setText(f"{err.get('code')}: {err.get('message')}" if err else "-")
        from fttool.jobs.plan import cost_vs_estimate

        params = job.get("params") or {}
        billed = cost_vs_estimate(params)
        self.fields["cost"].setText(text(billed[0], billed[1]) if billed else self._billed_without_tokens(params))
        self.fields["estimate"].setText(self._estimate_text(params))
        look = (job.get("params") or {}).get("first_look_result")
        self.fields["first_look"].setText(text(look.get("code", ""), look.get("params"), look.get("message", ""))
                                          if isinstance(look, dict) else "-")
        rows = []
        listed = (job.get("params") or {}).get("checkpoints")
        for c in listed if isinstance(listed, list) else []:
            if not isinstance(c, dict):
                continue
            metrics = c.get("metrics") or {}
            extra = ", ".join(f"{k} {v:.4g}" for k, v in metrics.items() if isinstance(v, (int, float)))
            rows.append(self.tr("step {0}: {1}").format(c.get("step", "?"), c.get("model", "-"))
                        + (f"  ({extra})" if extra else ""))
        self.checkpoints.setPlainText("\n".join(rows))
        self._update_chart()

    def _show_progress(self, job: dict[str, Any] | None) -> None:
        """The progress bar and "step 364/4800, epoch 2/3, about 5 min left", from the record's numbers."""
        pct = percent(job) if job else None
        self.progress_bar.setVisible(pct is not None)
        if pct is not None:
            self.progress_bar.setValue(pct)
        words = progress_text(job) if job else ""
        self.fields["progress_text"].setText(words or ("-" if pct is None else self.tr("{0}% done").format(pct)))

    def _estimate_text(self, params: dict[str, Any]) -> str:
        tokens, usd = params.get("estimated_billed_tokens"), params.get("estimated_cost_usd")
        if isinstance(tokens, int) and isinstance(usd, (int, float)):
            return self.tr("about {0} billed tokens, about ${1}").format(tokens, f"{float(usd):.4f}")
        if isinstance(usd, (int, float)):
            return self.tr("about ${0}").format(f"{float(usd):.4f}")
        return "-"

    def _billed_without_tokens(self, params: dict[str, Any]) -> str:
        """What the provider billed when it gave a price but no token count; "-" until then."""
        usd = params.get("cost_usd")
        if isinstance(usd, (int, float)):
            return self.tr("${0}").format(f"{float(usd):.4f}")
        return "-"

    def _ensure_chart(self) -> Any:
        if self._chart is None:  # QtCharts is loaded when the chart is first needed
            from ui.widgets.loss_chart import LossChart

            self._chart = LossChart()
            layout = self.chart_holder.layout()
            assert layout is not None
            layout.addWidget(self._chart)
            self._update_chart()
        return self._chart

    def _update_chart(self) -> None:
        if self._chart is None and self.tabs.currentWidget() is not self.chart_holder:
            return
        from ui.widgets.loss_chart import LossChart

        chart = self._ensure_chart()
        jobs = self.selected_jobs()
        names = [job_display_name(j) for j in jobs]
        chart.set_curves({(n if names.count(n) == 1 else f"{n} ({j['id']})"): LossChart.from_job(j)
                          for n, j in zip(names, jobs, strict=True)})

    def _load_events(self, job_id: str) -> None:
        """The open job's event log: its history, read once when the job is opened (later events come with the
        service's `job_updated`; those that arrive while the history loads wait for it)."""
        self._events_loading[job_id] = []
        self.bridge.op("job_events", job_id=job_id, after_seq=self._events_seq.get(job_id, 0)).success(
            functools.partial(self._on_events, job_id)).failure(functools.partial(self._on_events_failed, job_id)).run()

    def _on_events(self, job_id: str, events: list[dict[str, Any]]) -> None:
        if not shiboken6.isValid(self):
            return
        self._set_note("events", "")
        self._show_events(job_id, list(events) + self._events_loading.pop(job_id, []))

    def _on_events_failed(self, job_id: str, failure: Failure) -> None:
        if shiboken6.isValid(self):
            self._events_loading.pop(job_id, None)
            self._set_note("events", failure.message)

    def _take_events(self, job_id: str, events: list[dict[str, Any]]) -> None:
        """Events a `job_updated` brought: added to the log when their job is open."""
        job = self.current_job()
        if not job or job["id"] != job_id:
            return
        if job_id in self._events_loading:
            self._events_loading[job_id].extend(events)
            return
        if min(int(e["seq"]) for e in events) > self._events_seq.get(job_id, 0) + 1:
            self._load_events(job_id)  # some were never told here (another process's): read from the last shown
            return
        self._show_events(job_id, events)

    def _show_events(self, job_id: str, events: list[dict[str, Any]]) -> None:
        job = self.current_job()
        if not job or job["id"] != job_id:
            return
        last = self._events_seq.get(job_id, 0)
        for e in sorted(events, key=lambda e: int(e["seq"])):
            if int(e["seq"]) <= last:
                continue  # already shown
            last = int(e["seq"])
            self.events.appendPlainText(f"{local_time_text(e.get('created_at'))}  {e['level']:<7} {e['message']}")
        if last:
            self._events_seq[job_id] = last

    def capability(self, job: dict[str, Any] | None, name: str, unknown: bool = False) -> bool:
        """What the job's backend can do (asked from the service once: the view names no backend); `unknown`
        for a backend the service has not told about (yet)."""
        if job is None:
            return False
        return bool((self.capabilities.get(str(job.get("backend"))) or {}).get(name, unknown))

    def _on_capabilities(self, caps: dict[str, dict[str, Any]]) -> None:
        if shiboken6.isValid(self):
            self._set_note("capabilities", "")
            self.capabilities = dict(caps)
            self._show_selected()

    def _on_capabilities_failed(self, failure: Failure) -> None:
        if shiboken6.isValid(self):
            self._set_note("capabilities", failure.message)

    def _update_actions(self) -> None:
        job = self.current_job()
        active = bool(job) and not JobsModel.is_terminal(job)  # type: ignore[arg-type]
        self.cancel_button.setEnabled(active)
        self.pause_button.setEnabled(active and job is not None and job["status"] in ("running", "queued")
                                     and self.capability(job, "pause_resume"))
        stopped_trl = (job is not None and self.capability(job, "resume") and job["status"] in ("failed", "cancelled")
                       and (job.get("params") or {}).get("engine") == "trl")
        self.resume_button.setEnabled(job is not None and (job["status"] == "paused" or stopped_trl))
        self.clone_button.setEnabled(job is not None)
        self.rename_button.setEnabled(job is not None)
        done = job is not None and job["status"] == "succeeded" and bool(job.get("result_model"))
        self.try_button.setEnabled(done)
        self.evaluate_button.setEnabled(done)
        for button, cap in ((self.push_button, "push"), (self.deploy_button, "deploy"),
                            (self.export_button, "export")):
            button.setEnabled(done and self.capability(job, cap))
            button.setToolTip(self._tips[button] + self._why_not(job, done, cap))
        self.folder_button.setEnabled(self.capability(job, "open_folder"))

    def _why_not(self, job: dict[str, Any] | None, done: bool, cap: str) -> str:
        """Why a result action is greyed out, for its tooltip ("" when it is available)."""
        if job is None:
            return "\n\n" + self.tr("Select a job first.")
        if not self.capability(job, cap):
            return "\n\n" + self.tr("Not available for jobs on {0}.").format(backend_text(job["backend"]))
        if not done:
            return "\n\n" + self.tr("Available once the job has succeeded.")
        return ""

    def eventFilter(self, watched: Any, event: Any) -> bool:
        if (watched is self.table and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_F2
                and event.modifiers() == Qt.KeyboardModifier.NoModifier and self.table.state()
                != QAbstractItemView.State.EditingState):
            self.rename()
            return True
        return super().eventFilter(watched, event)

    # -- actions -----------------------------------------------------------------------------------------
    def rename(self) -> None:
        """Edit the selected job's name in place (F2); Enter saves it, Escape keeps the old one."""
        job = self.current_job()
        if job:
            index = self.model.index(self.model.row_of(job["id"]), JobsModel.NAME_COLUMN)
            self.table.setCurrentIndex(index)
            self.table.setFocus()
            self.table.edit(index)

    def _on_renamed(self, job_id: str, name: str) -> None:
        self.bridge.op("job_rename", job_id=job_id, name=name).success(self._on_job_updated).failure(
            self._on_rename_failed).run()

    def _on_rename_failed(self, failure: Failure) -> None:
        self.fields["error"].setText(failure.message)
        self.refresh()  # the old name again

    def _context_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        if not self.table.selectionModel().isRowSelected(index.row()):
            job = self.model.job(index.row())
            if job:
                self.select_job(job["id"])
        menu = QMenu(self)
        menu.setObjectName("jobsMenu")
        for b in (self.rename_button, self.cancel_button, self.pause_button, self.resume_button, self.clone_button,
                  self.try_button, self.evaluate_button, self.export_button, self.folder_button):
            if b.isEnabled():
                action = menu.addAction(b.text(), b.click)
                if b is self.rename_button:
                    action.setShortcut(QKeySequence("F2"))
        self.context_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(pos))

    def _cancel(self) -> None:
        job = self.current_job()
        if job:
            self.cancel_button.setEnabled(False)
            self.bridge.op("cancel_job", job_id=job["id"]).success(self._on_job_updated).failure(
                self._action_failed).run()

    def _pause(self) -> None:
        job = self.current_job()
        if job:
            self.bridge.op("pause_job", job_id=job["id"]).success(self._after_action).failure(
                self._action_failed).run()

    def _resume(self) -> None:
        job = self.current_job()
        if job:
            self.resume_button.setEnabled(False)
            self.bridge.op("resume_job", job_id=job["id"]).success(self._after_action).failure(
                self._action_failed).run()

    def _action_failed(self, failure: Failure) -> None:
        self._update_actions()
        self.fields["error"].setText(failure.message)

    def _export(self) -> None:
        job = self.current_job()
        if job:
            from ui.widgets.export_dialog import ExportDialog

            self.export_dialog = ExportDialog(self.bridge, job_id=job["id"], parent=self, backend=job["backend"])
            self.export_dialog.open()

    def _after_action(self, result: Any) -> None:
        if isinstance(result, dict) and "id" in result:
            self._on_job_updated(result)
        else:
            self.refresh()

    def _clone(self) -> None:
        job = self.current_job()
        if not job:
            return
        dialog = CloneDialog(job, self)

        def launch(fingerprint: str) -> None:
            self.bridge.op("create_job", backend=job["backend"], base_model=job.get("base_model"),
                           params=dialog.params, dataset_sha256=job.get("dataset_sha256") or {},
                           project=job.get("project"), confirmed=fingerprint).success(self._on_cloned).failure(
                self._say_failure).run()

        def confirm() -> None:  # a clone goes through the same launch plan and cost guard as any launch
            from ui.widgets.cost_confirm import confirm_plan

            confirm_plan(self, self.bridge, backend=job["backend"], provider=job["backend"],
                         base_model=job.get("base_model"), params=dialog.params, project=job.get("project"),
                         on_confirmed=launch, on_problem=self.fields["error"].setText)

        dialog.accepted.connect(confirm)
        dialog.open()
        self.clone_dialog = dialog

    def _on_cloned(self, new: dict[str, Any]) -> None:
        self._on_job_updated(new)
        self.select_job(new["id"])

    def _say_failure(self, failure: Failure) -> None:
        self.fields["error"].setText(failure.message)

    def _try(self) -> None:
        job = self.current_job()
        if job:
            self.tryModel.emit(job)

    def _evaluate(self) -> None:
        job = self.current_job()
        if job:
            self.evaluateModel.emit(job)

    def _push(self) -> None:
        job = self.current_job()
        if job:
            from ui.widgets.push_dialog import PushDialog

            self.push_dialog = PushDialog(self.bridge, job_id=job["id"], parent=self)
            self.push_dialog.open()

    def _deploy(self) -> None:
        """The backend's way to deploy (its Capabilities' deploy_kind): a dedicated endpoint that hosts the model,
        or a model deployment."""
        job = self.current_job()
        if not job:
            return
        dialog: QDialog
        if (self.capabilities.get(str(job.get("backend"))) or {}).get("deploy_kind") == "endpoint":
            from ui.widgets.together_endpoint_dialog import TogetherEndpointDialog

            dialog = TogetherEndpointDialog(self.bridge, job["id"], parent=self)
        else:
            from ui.widgets.deploy_dialog import DeployDialog

            dialog = DeployDialog(self.bridge, str(job.get("result_model") or ""), parent=self)
        self.deploy_dialog = dialog
        dialog.open()

    def _open_folder(self) -> None:
        job = self.current_job()
        if job:
            from fttool.paths import jobs_files_dir

            QDesktopServices.openUrl(QUrl.fromLocalFile(str(jobs_files_dir() / job["id"])))
