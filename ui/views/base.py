"""What every view shares: a title, a shortcut slot in the navigation, and the current project."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from fttool.project import Project
    from ui.bridge import Bridge


def plain_labels(root: QWidget) -> None:
    """Every label under `root` shows its text as plain text: text from outside (a project's or a model's name, a
    server's model list, an error) must never render as rich text (Qt's default guesses: `<img src=file:...>` would
    load a file). A label that really wants markup sets RichText itself, after escaping what it shows."""
    from PySide6.QtCore import Qt

    for label in root.findChildren(QLabel):
        if label.textFormat() == Qt.TextFormat.AutoText:
            label.setTextFormat(Qt.TextFormat.PlainText)


class View(QWidget):
    key = ""  # stable name: decide, data, train, jobs, playground, settings

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bridge = bridge
        self.project: Project | None = None
        self.setObjectName(f"view_{self.key}")

    def title(self) -> str:
        raise NotImplementedError

    def set_project(self, project: Project | None) -> None:
        self.project = project
        plain_labels(self)  # a project's names reach labels next: make sure none renders as markup

    def showEvent(self, event: object) -> None:
        plain_labels(self)
        super().showEvent(event)  # type: ignore[arg-type]

    def shutdown(self) -> None:
        """The window is closing: stop timers and background work of this view (override as needed)."""

    @staticmethod
    def heading(text: str) -> QLabel:
        label = QLabel(text)
        font = label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        label.setFont(font)
        return label


class ComingView(View):
    """A view whose capability lands with a later issue: it says what is coming and shows what the project
    already holds, and offers no control that would pretend to work."""

    def __init__(self, bridge: Bridge, parent: QWidget | None = None) -> None:
        super().__init__(bridge, parent)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading(self.title()))
        self.intro = QLabel(self.coming_text())
        self.intro.setWordWrap(True)
        self.intro.setObjectName("comingText")
        layout.addWidget(self.intro)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.facts.setObjectName("projectFacts")
        layout.addWidget(self.facts)
        layout.addStretch(1)

    def coming_text(self) -> str:
        raise NotImplementedError

    def project_facts(self) -> str:
        return ""

    def set_project(self, project: Project | None) -> None:
        super().set_project(project)
        self.facts.setText(self.project_facts() if project else self.tr("No project is open."))
