from __future__ import annotations

from ui.views.base import ComingView


class PlaygroundView(ComingView):
    key = "playground"

    def title(self) -> str:
        return self.tr("Playground")

    def coming_text(self) -> str:
        return self.tr(
            "Chat with the base and the tuned model side by side, and evaluate both on held-out examples. "
            "Not available yet: it arrives with the Playground feature.")
