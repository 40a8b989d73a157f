from __future__ import annotations

from ui.views.base import ComingView


class TrainView(ComingView):
    key = "train"

    def title(self) -> str:
        return self.tr("Train")

    def coming_text(self) -> str:
        return self.tr(
            "Train locally with AutoTrain Advanced (LoRA on your CPU or GPU) or in the cloud with OpenAI, Azure "
            "OpenAI or Hugging Face, with the cost shown before anything is billed. "
            "Not available yet: it arrives with the training features.")

    def project_facts(self) -> str:
        assert self.project is not None
        m = self.project.meta
        return self.tr("Planned: {0} on {1}").format(m.get("base_model", "-"), m.get("backend", "-"))
