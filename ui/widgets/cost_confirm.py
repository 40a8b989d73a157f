"""The confirmation before a billable launch: the estimate (billed tokens x price), the price table's date and
source, the project's budget (a launch above it is blocked), and, when the provider no longer accepts new jobs,
an explicit "send anyway" the person must tick."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


class CostConfirm(QDialog):
    def __init__(self, parent: QWidget | None, *, provider: str, model: str, estimate: dict[str, Any] | None,
                 budget_usd: float | None = None, not_accepting: dict[str, Any] | None = None,
                 notice: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("costConfirm")
        self.setWindowTitle(self.tr("Start a paid fine-tuning job?"))
        self.setModal(True)
        self.setMaximumWidth(620)
        layout = QVBoxLayout(self)
        usd = estimate.get("usd") if estimate else None
        if usd is not None:
            amount = f"{float(usd):.2f}" if float(usd) >= 0.1 else f"{float(usd):.4f}"
            head = self.tr("Fine-tuning {0} on {1} should cost about ${2}.").format(model, provider, amount)
        else:
            head = self.tr("Fine-tuning {0} on {1}: the cost could not be estimated.").format(model, provider)
        self.headline = QLabel(head)
        self.headline.setObjectName("costHeadline")
        self.headline.setWordWrap(True)
        font = self.headline.font()
        font.setBold(True)
        self.headline.setFont(font)
        layout.addWidget(self.headline)
        detail = estimate.get("detail", "") if estimate else ""
        if estimate and estimate.get("detail_code"):  # the core's words in the person's language
            from ui.messages import text

            detail = text(estimate["detail_code"], estimate.get("detail_params") or {}, detail)
        self.detail = QLabel(detail)
        self.detail.setObjectName("costDetail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detail)
        date = (estimate or {}).get("price_date") or self.tr("unknown")
        source = (estimate or {}).get("price_source") or "resources/prices.json"
        self.prices = QLabel(self.tr("Prices as of {0} ({1}). The provider bills the tokens it actually trains; "
                                     "fttool shows them next to this estimate when the job ends.").format(date, source))
        self.prices.setObjectName("costPriceDate")
        self.prices.setWordWrap(True)
        layout.addWidget(self.prices)

        self.over_budget = budget_usd is not None and usd is not None and float(usd) > float(budget_usd)
        self.budget = QLabel()
        self.budget.setObjectName("costBudget")
        self.budget.setWordWrap(True)
        if budget_usd is None:
            self.budget.setText(self.tr("No budget is set for this project."))
        elif self.over_budget:
            self.budget.setText(self.tr("Over budget: the estimate is above this project's budget of ${0:.2f}. "
                                        "Raise the budget in the project settings to launch.").format(budget_usd))
            self.budget.setStyleSheet("color: #b00020; font-weight: bold;")
        else:
            self.budget.setText(self.tr("Within this project's budget of ${0:.2f}.").format(budget_usd))
        layout.addWidget(self.budget)

        if notice:
            self.notice = QLabel(notice)
            self.notice.setObjectName("costNotice")
            self.notice.setWordWrap(True)
            layout.addWidget(self.notice)
        self.send_anyway: QCheckBox | None = None
        if not_accepting:
            why = QLabel(self.tr("{0} says it no longer accepts new jobs ({1}, since {2}). The provider will "
                                 "probably refuse the job; watching jobs and chatting with fine-tuned models still "
                                 "work.").format(provider, not_accepting.get("reason") or "-",
                                                 not_accepting.get("since") or "-"))
            why.setObjectName("costNotAccepting")
            why.setWordWrap(True)
            why.setStyleSheet("color: #b00020;")
            layout.addWidget(why)
            self.send_anyway = QCheckBox(self.tr("Send the job anyway"))
            self.send_anyway.setObjectName("costSendAnyway")
            layout.addWidget(self.send_anyway)

        self.buttons = QDialogButtonBox()
        self.launch_button = self.buttons.addButton(self.tr("Launch and pay"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.launch_button.setObjectName("costLaunch")
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        if self.send_anyway is not None:
            self.send_anyway.toggled.connect(self._update)
        self._update()

    def _update(self) -> None:
        ok = not self.over_budget and (self.send_anyway is None or self.send_anyway.isChecked())
        self.launch_button.setEnabled(ok)
        self.launch_button.setDefault(ok)


def confirm_plan(parent: QWidget, bridge: Any, *, backend: str, provider: str, base_model: str | None,
                 params: dict[str, Any], project: str | None, on_confirmed: Any, on_problem: Any) -> None:
    """Any launcher's confirmation (the generic panel, Clone): the core's launch plan, then this dialog when the
    launch is billable; `on_confirmed(fingerprint)` launches with it, `on_problem(text)` says why not."""

    def shown(plan: dict[str, Any]) -> None:
        if plan["problems"]:
            on_problem("; ".join(p["message"] for p in plan["problems"]))
            return
        if not plan["billable"] and plan["accepts_new_jobs"]:
            on_confirmed(plan["fingerprint"])
            return
        estimate = {"usd": plan["estimated_cost_usd"], "detail": plan["detail"], "detail_code": plan["detail_code"],
                    "detail_params": plan["detail_params"], "price_date": plan["price_date"],
                    "price_source": plan["price_source"], "billed_tokens": plan["billed_tokens"]}
        dlg = CostConfirm(parent, provider=provider, model=base_model or "", estimate=estimate,
                          budget_usd=plan["budget_usd"], not_accepting=plan["not_accepting"])
        dlg.setObjectName("costConfirm")
        dlg.accepted.connect(lambda: on_confirmed(plan["fingerprint"]))
        parent.last_dialog = dlg  # type: ignore[attr-defined]
        dlg.open()

    def failed(failure: Any) -> None:
        on_problem(failure.message)

    bridge.op("launch_plan", backend=backend, params=params, base_model=base_model, project=project) \
        .success(shown).failure(failed).run()
