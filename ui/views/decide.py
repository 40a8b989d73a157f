from __future__ import annotations

from ui.views.base import ComingView


class DecideView(ComingView):
    key = "decide"

    def title(self) -> str:
        return self.tr("Decide")

    def coming_text(self) -> str:
        return self.tr(
            "Should you fine-tune at all? This view will score the lesson's questions (use case, alternatives "
            "tried, costs, benefits) from measured numbers and give a verdict with its evidence. "
            "Not available yet: it arrives with the Decide feature.")

    def project_facts(self) -> str:
        assert self.project is not None
        f = self.project.decision_file()
        return self.tr("Saved answers: {0}").format(f.name if f.is_file() else self.tr("none yet"))
