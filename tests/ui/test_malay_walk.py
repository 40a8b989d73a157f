"""Malay everywhere (issue 18): walk every view, and the panels inside them, in Bahasa Melayu and collect every text
a person can see (labels, buttons, tabs, group titles, headers, list and combo items, placeholders, the Problems
and Jobs columns, the status bar). Any English word outside a short allow-list of names fails the test, with the
widget it was found in. The .ts file can be complete while a view still builds an English sentence from the core's
words: only a walk of the real views finds that."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QTreeWidget,
    QWidget,
)

from fttool.jobs.service import JobService

# Function words and the UI's own English words: any of them in a visible text means English leaked through. (Malay
# shares some words with English, such as data, model, token, status, so those are not here.)
ENGLISH = set("""
the and of to is are your you with for this that these those from be it its an or by as was were will can has have
what which when where there here than then into only each every all one two three more less after before about yet
not none done running succeeded failed cancelled canceled queued pending step left new open save saved
settings train training validation test examples example answer answers question questions file files
phone number email address personal system user assistant empty weight time minutes hours seconds
choose change add remove delete cancel close start stop run check checks ready missing error errors warning warnings
problem problems fix fixes undo redo copy rename duplicate project projects show hide help loading working
please enter select use used using should would could may might must need needs no yes off on in at
""".split())
# names that stay as they are in Malay
NAMES = set("""
fttool openai azure hugging face hub together ai autotrain advanced trl lora qlora dpo sft gguf ollama jsonl csv
parquet json markdown html bm25 rouge rouge-l f1 gpu cpu cuda api url id ok ctrl shift alt gpt llama qwen smollm
bahasa melayu english mps tiktoken pytorch transformers peft keyring
""".split())
TOKEN = re.compile(r"[A-Za-z][A-Za-z'\-]*")


def english_words(text: str) -> list[str]:
    words = []
    text = re.sub(r"`[^`]*`", " ", text)  # code the person types (`fttool train`) stays as it is
    for raw in text.split():
        if any(c in raw for c in "./\\_:@=+") or any(c.isdigit() for c in raw):  # paths, ids, numbers, Ctrl+Z
            continue
        for w in TOKEN.findall(raw):
            if len(w) > 1 and w.isupper():
                continue  # an acronym or a placeholder the person types: API, [PHONE]
            lw = w.lower().strip("'-")
            if lw in ENGLISH and lw not in NAMES:
                words.append(w)
    return words


def _strip_markup(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text).replace("&nbsp;", " ").replace("&amp;", "&")


def visible_texts(root: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for everything a person can read in `root` now."""
    def where(w: QWidget) -> str:
        return f"{type(w).__name__}#{w.objectName() or '?'}"

    for w in [root, *root.findChildren(QWidget)]:
        if not w.isVisible():
            continue
        if isinstance(w, QLabel):
            yield where(w), _strip_markup(w.text()).replace("&", "")
        elif isinstance(w, QAbstractButton):
            yield where(w), w.text().replace("&", "")
        elif isinstance(w, QGroupBox):
            yield where(w), w.title().replace("&", "")
        elif isinstance(w, QTabBar):
            for i in range(w.count()):
                yield where(w), w.tabText(i).replace("&", "")
        elif isinstance(w, QComboBox):
            for i in range(w.count()):
                yield where(w), w.itemText(i)
        elif isinstance(w, QLineEdit):
            yield where(w), w.placeholderText()
        elif isinstance(w, QPlainTextEdit | QTextEdit):
            yield where(w), w.placeholderText()
        if isinstance(w, QWidget) and w.toolTip() and isinstance(w, QAbstractButton):
            yield where(w) + ".toolTip", w.toolTip()
        if isinstance(w, QListWidget):
            for i in range(w.count()):
                yield where(w), w.item(i).text()
        elif isinstance(w, QTreeWidget):
            header = w.headerItem()
            for c in range(header.columnCount()):
                yield where(w) + ".header", header.text(c)
        elif isinstance(w, QAbstractItemView) and w.model() is not None:
            model = w.model()
            for c in range(model.columnCount()):
                head = model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
                if isinstance(head, str):
                    yield where(w) + ".header", head
                for r in range(min(model.rowCount(), 40)):  # the cells: the walk's data is in Malay itself
                    cell = model.data(model.index(r, c), Qt.ItemDataRole.DisplayRole)
                    if isinstance(cell, str):
                        yield where(w) + f".cell({r},{c})", cell


@pytest.fixture
def malay(qapp, tmp_path: Path) -> Iterator[None]:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QTranslator

    from ui import i18n

    qm = tmp_path / "fttool_ms.qm"
    assert i18n.compile_ts(i18n.ts_file("ms"), qm)
    t = QTranslator()
    assert t.load(str(qm))
    QCoreApplication.installTranslator(t)
    try:
        yield
    finally:
        QCoreApplication.removeTranslator(t)


def _settle(qtbot, service: JobService) -> None:  # type: ignore[no-untyped-def]
    for _ in range(4):
        QApplication.processEvents()
        service.wait_idle(3.0)
        qtbot.wait(50)


def _project_with_problems(root: Path) -> Path:
    """A project whose data has what the Problems list explains: a phone number, an empty answer, a duplicate."""
    import json

    from fttool.project import new_project

    path = new_project("Kedai kek", "Menjawab soalan pelanggan tentang tempahan kek", root)
    rows = [{"messages": [{"role": "system", "content": "Anda pembantu kedai kek."},
                          {"role": "user", "content": f"Berapa harga kek nombor {i}?"},
                          {"role": "assistant", "content": f"Harganya RM{20 + i}."}]} for i in range(12)]
    rows.append({"messages": [{"role": "user", "content": "Telefon saya 012-345 6789, boleh hubungi?"},
                              {"role": "assistant", "content": "Boleh, kami hubungi 012-345 6789 esok."}]})
    rows.append({"messages": [{"role": "user", "content": "Bila kedai buka?"}, {"role": "assistant", "content": ""}]})
    rows.append(rows[0])
    (path / "data" / "train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    meta = json.loads((path / "project.json").read_text())
    meta["datasets"] = {"train": "data/train.jsonl"}
    (path / "project.json").write_text(json.dumps(meta))
    return path


def _jobs_in_every_state(service: JobService) -> None:
    from fttool.jobs.record import Status
    from tests.support import scripted_provider
    from tests.support.scripted_provider import SCRIPT

    scripted_provider.install()
    for status in (Status.RUNNING, Status.SUCCEEDED, Status.FAILED, Status.CANCELLED, Status.QUEUED):
        job = service.call("create_job", backend="scripted", base_model="tiny")
        SCRIPT.status[job["id"]] = status


def test_every_view_speaks_malay(qtbot, malay, service: JobService, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QDialog

    from ui.app import VIEW_ORDER, MainWindow

    window = MainWindow(service, remember_geometry=False)
    qtbot.addWidget(window)
    window.open_project(_project_with_problems(tmp_path / "projects"))
    _jobs_in_every_state(service)
    window.show()
    qtbot.waitExposed(window)
    found: dict[str, set[str]] = {}

    def collect(stage: str, root: QWidget | None = None) -> None:
        _settle(qtbot, service)
        own = window.project.name if window.project is not None else "\0"
        for place, text in visible_texts(root or window):
            bad = english_words(text.replace(own, ""))  # the project's own name is the person's words
            if bad:
                found.setdefault(f"{stage}: {text!r}", set()).add(place)

    def each_dialog(stage: str) -> None:
        for dlg in [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]:
            collect(f"{stage} {dlg.objectName()}", dlg)
            dlg.reject()

    try:
        for key in VIEW_ORDER:
            window.show_view(key)
            collect(key)
            view = window.view(key)
            for tabs in view.findChildren(QTabWidget):
                if not tabs.isVisible():
                    continue
                for i in range(tabs.count()):
                    tabs.setCurrentIndex(i)
                    collect(f"{key} tab {i}")
                tabs.setCurrentIndex(0)
            if key == "data":
                qtbot.waitUntil(lambda v=view: v.session is not None and v.session.ready, timeout=10_000)
                _settle(qtbot, service)
                for row in range(min(view.problems_model.rowCount(), 8)):
                    view.problems_view.selectRow(row)  # each problem opens its example with its fixes
                    view.problems_view.activated.emit(view.problems_model.index(row, 0))
                    collect(f"data problem {row}")
                view.split_dataset()
                each_dialog("data split")
            if key == "train":
                for i in range(view.backend.count()):
                    view.select_backend(view.backend.itemData(i))
                    collect(f"train {view.backend.itemData(i)}")
                for mode in ("advanced", "simple"):
                    if hasattr(view, "set_advanced"):
                        view.set_advanced(mode == "advanced")
                        collect(f"train local {mode}")
            if key == "jobs":
                for row in range(view.model.rowCount()):
                    view.select_job(view.model.job(row)["id"])
                    collect(f"jobs row {row}")
        window.new_project()
        each_dialog("file new")
        window.rename_project()
        each_dialog("file rename")
        for action in window.file_menu.actions():
            if action.text() and english_words(action.text().replace("&", "")):
                found.setdefault(f"file menu: {action.text()!r}", set()).add("QAction")
        assert not found, "English left in Malay:\n" + "\n".join(f"  {k}  [{', '.join(sorted(v))}]"
                                                               for k, v in sorted(found.items()))
    finally:
        from fttool.providers.registry import REGISTRY

        REGISTRY.pop("scripted", None)
        window.close()
        window.shutdown()


def test_the_detector_finds_english_and_passes_malay() -> None:
    assert english_words("Run the checks again") == ["Run", "the", "checks"]
    assert english_words("kelihatan mengandungi a phone number") == ["phone", "number"]
    assert english_words("Dilatih pada 3 epoch: train.jsonl, model gpt-4o-mini") == []
    assert english_words("Latih semula model dengan data anda (OpenAI, LoRA)") == []
    assert english_words("step 364/4800, epoch 2/3, ETA 5 min") == ["step"]
    assert english_words("Peranan: system") == ["system"]
    assert english_words("Gantikannya dengan [PHONE] (API)") == []
    assert english_words("Tulis mesej; Ctrl+Enter menghantarnya, atau `fttool train`.") == []
