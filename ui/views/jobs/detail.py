"""The Jobs view's detail of the selected job: the overview (status, progress, models, loss, first look, estimate,
what was billed, times, error), the live loss chart (several selected jobs overlay their curves), the event log
(its history read once when the job is opened, then the events each `job_updated` brings), the checkpoints and the
raw record. A mixin of JobsView (it uses the view's list, selection and capabilities); it imports no other view."""

from __future__ import annotations

import functools
import json
from typing import Any

import shiboken6
from PySide6.QtCore import QItemSelection, Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ui.bridge import Failure
from ui.itemmodels.jobs import (
    job_display_name,
    local_time_text,
    percent,
    progress_text,
    provider_words,
    status_text,
)
from ui.messages import text


class JobsDetail:
    """What the Jobs view shows of the selected job (mixed into JobsView)."""

    def _build_detail(self, dl: QVBoxLayout) -> None:
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

    # -- the loss chart ----------------------------------------------------------------------------------
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

    # -- the event log -----------------------------------------------------------------------------------
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
