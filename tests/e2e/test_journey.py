"""The no-code journey (issue 18), as a person does it, with clicks and keys, in English and in Malay:

new project (Ctrl+N) -> import a CSV (map its columns) -> fix what the checks find (mask a phone number, drop an
example with no answer) -> save -> split 80/10/10 (Ctrl+Shift+S) -> train on this computer (TRL, the tiny model the
tests build) -> try the tuned model in the Playground -> save a reviewed answer as a training example -> evaluate
A (the base) against B (the tuned model) -> Decide shows the measured gain -> export the report.

Each step's window goes to build/screenshots/journey/<lang>/ when FTTOOL_JOURNEY_SHOTS names a folder (`make
screenshots` does). In Malay, the texts a person reads at each step are checked for English words (the walk of
tests/ui/test_malay_walk.py covers every view; this covers the states only a real run reaches)."""

from __future__ import annotations

import csv
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton, QWidget

from fttool.jobs.service import JobService
from tests.support.tiny_model import COLOURS, tiny_qwen3_fixture, trl_runtime_fixture  # noqa: F401 - fixtures
from tests.ui.test_malay_walk import english_words, visible_texts

pytestmark = [pytest.mark.slow, pytest.mark.timeout(900),
              pytest.mark.skipif(sys.platform == "win32", reason="POSIX runtime layout in CI")]

# What a person brings, in their own language: a spreadsheet of questions and answers, one with a phone number in
# it and one left unanswered. (The walk in Malay reads everything on screen, the person's own data included.)
WORDS: dict[str, dict[str, Any]] = {
    "en": {"openers": ["", "Hi! ", "Quick question: ", "Please tell me: ", "Hello, "],
           "things": COLOURS, "question": "What colour is the {thing}?", "answer": "The {thing} is {colour}.",
           "phone": ("Call me on 012-345 6789: what colour is the sky?", "The sky is blue."),
           "empty": ("What colour is the moon?", ""),
           "columns": ("Question", "Answer"), "project": "Colour helper",
           "use_case": "Answer what colour things are, in one short sentence",
           "ask": "Tell me, what colour is the grass?", "reviewed": "The grass is green, always."},
    "ms": {"openers": ["", "Hai! ", "Soalan pantas: ", "Tolong beritahu saya: ", "Helo, "],
           "things": [("langit", "biru"), ("rumput", "hijau"), ("salji", "putih"), ("arang", "hitam"),
                      ("darah", "merah"), ("matahari", "kuning"), ("kunyit", "kuning"), ("terung", "ungu")],
           "question": "Apakah warna {thing}?", "answer": "Warna {thing} ialah {colour}.",
           "phone": ("Hubungi saya di 012-345 6789: apakah warna langit?", "Warna langit ialah biru."),
           "empty": ("Apakah warna bulan?", ""),
           "columns": ("Soalan", "Jawapan"), "project": "Pembantu warna",
           "use_case": "Menjawab apakah warna sesuatu, dalam satu ayat pendek",
           "ask": "Beritahu saya, apakah warna rumput?", "reviewed": "Warna rumput ialah hijau, sentiasa."},
}


def write_csv(path: Path, lang: str) -> Path:
    w = WORDS[lang]
    rows = [(opener + w["question"].format(thing=thing), w["answer"].format(thing=thing, colour=colour))
            for opener in w["openers"] for thing, colour in w["things"]]
    rows += [w["phone"], w["empty"]]
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(w["columns"])
        out.writerows(rows)
    return path


@pytest.fixture(params=["en", "ms"])
def language(request: pytest.FixtureRequest, qapp: Any, tmp_path: Path) -> Iterator[str]:
    from PySide6.QtCore import QTranslator

    from ui import i18n

    lang = request.param
    translator = None
    if lang != "en":
        qm = tmp_path / f"fttool_{lang}.qm"
        assert i18n.compile_ts(i18n.ts_file(lang), qm)
        translator = QTranslator()
        assert translator.load(str(qm))
        QCoreApplication.installTranslator(translator)
    try:
        yield lang
    finally:
        if translator is not None:
            QCoreApplication.removeTranslator(translator)


class Journey:
    def __init__(self, qtbot: Any, window: Any, service: JobService, lang: str) -> None:
        self.qtbot, self.window, self.service, self.lang = qtbot, window, service, lang
        shots = os.environ.get("FTTOOL_JOURNEY_SHOTS")
        self.shots = Path(shots) / lang if shots else None
        self.step = 0
        self.english: dict[str, set[str]] = {}

    def settle(self) -> None:
        for _ in range(3):
            QApplication.processEvents()
            self.service.wait_idle(3.0)
            self.qtbot.wait(30)

    def look(self, name: str, root: QWidget | None = None) -> None:
        """A step's screenshot, and (in Malay) what it shows checked for English."""
        self.settle()
        self.step += 1
        widget = root or self.window
        if self.shots is not None:
            self.shots.mkdir(parents=True, exist_ok=True)
            assert widget.grab().save(str(self.shots / f"{self.step:02d}-{name}.png"))
        if self.lang != "en":
            own = {self.window.project.name} if self.window.project is not None else set()
            for place, text in visible_texts(widget):
                for word in own:
                    text = text.replace(word, "")
                if english_words(text):
                    self.english.setdefault(f"{name}: {text!r}", set()).add(place)

    def dialog(self, cls: type) -> Any:
        found: list[Any] = []

        def visible() -> bool:
            found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]
            return bool(found)

        self.qtbot.waitUntil(visible, timeout=10_000)
        return found[0]

    def keys(self, key: Qt.Key, modifiers: Qt.KeyboardModifier) -> None:
        handle = self.window.windowHandle()
        QTest.keyClick(handle, key, modifiers)
        for mod, k in ((Qt.KeyboardModifier.ControlModifier, Qt.Key.Key_Control),
                       (Qt.KeyboardModifier.ShiftModifier, Qt.Key.Key_Shift)):
            if modifiers & mod:
                QTest.keyRelease(handle, k)


def click(qtbot: Any, button: QPushButton) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_whole_journey(language: str, qtbot: Any, service: JobService, trl_runtime: Path, tiny_qwen3: Path,
                           tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ui.app import MainWindow
    from ui.widgets.encoding_dialogs import TableImportDialog
    from ui.widgets.project_dialogs import NewProjectDialog
    from ui.widgets.review_example_dialog import ReviewExampleDialog
    from ui.widgets.split_dialog import SplitDialog

    monkeypatch.setenv("FTTOOL_RUNTIME_DIR", str(trl_runtime.parent))
    window = MainWindow(service, remember_geometry=False)
    qtbot.addWidget(window)
    window.resize(1280, 860)
    window.open_initial_project(None)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window._shortcuts_installed, timeout=5000)
    j = Journey(qtbot, window, service, language)
    w = WORDS[language]
    try:
        # 1. a project of one's own
        j.keys(Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
        new = j.dialog(NewProjectDialog)
        qtbot.keyClicks(new.name, w["project"])
        qtbot.keyClicks(new.use_case, w["use_case"])
        j.look("new-project", new)
        click(qtbot, new.create_button)
        qtbot.waitUntil(lambda: window.project is not None and window.project.name == w["project"], timeout=5000)
        project = window.project.path
        data = window.view("data")
        assert window.current_view() is data

        # 2. import a CSV: the columns dialog maps Question and Answer
        source = write_csv(tmp_path / "colours.csv", language)
        data.import_file(source, split="train")  # what the file chooser hands over
        qtbot.waitUntil(lambda: getattr(data, "import_dialog", None) is not None, timeout=10_000)
        columns = data.import_dialog
        assert isinstance(columns, TableImportDialog)
        columns.combos["user"].setCurrentIndex(columns.combos["user"].findData(w["columns"][0]))
        columns.combos["assistant"].setCurrentIndex(columns.combos["assistant"].findData(w["columns"][1]))
        j.look("import-columns", columns)
        click(qtbot, columns.box.button(columns.box.StandardButton.Ok))
        qtbot.waitUntil(lambda: data.session is not None and data.session.ready and data.model.rowCount() == 42,
                        timeout=20_000)
        qtbot.waitUntil(lambda: data.problems_model.rowCount() >= 2, timeout=20_000)
        j.look("imported")

        # 3. fix what the checks found, with the one-click fixes, then save (Ctrl+S)
        def fix(button_name: str) -> None:
            for row in range(data.problems_model.rowCount()):
                data.problems_view.selectRow(row)
                data.problems_view.activated.emit(data.problems_model.index(row, 0))
                j.settle()
                buttons = [b for b in data.editor.findChildren(QPushButton, button_name) if b.isVisible()]
                if buttons:
                    j.look(f"fix-{button_name}")
                    click(qtbot, buttons[0])
                    return
            raise AssertionError(f"no {button_name} fix offered")

        fix("mask_phone")
        fix("dropExample")
        j.settle()
        assert data.model.rowCount() == 41
        # the whole file is checked again by itself once the edits settle: the header's figures are the file's
        qtbot.waitUntil(lambda: data.session.facts is not None and not data.session.facts.stale
                        and not data._tasks and not data._revalidate_timer.isActive(), timeout=20_000)
        j.look("fixed")
        click(qtbot, data.save_button)
        train_file = project / "data" / "colours.jsonl"
        qtbot.waitUntil(lambda: train_file.is_file() and not data.session.overlay.dirty, timeout=20_000)
        text = train_file.read_text(encoding="utf-8")
        assert "012-345" not in text and "[PHONE]" in text and '"content": ""' not in text

        # 4. split 80/10/10 (Ctrl+Shift+S)
        click(qtbot, data.split_button)
        split = j.dialog(SplitDialog)
        j.settle()
        j.look("split", split)
        click(qtbot, split.ok)
        box = None
        for _ in range(50):  # files of these names may exist: the dialog asks first
            QApplication.processEvents()
            boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
            if boxes:
                box = boxes[0]
                break
            if (project / "data" / "test.jsonl").is_file():
                break
            qtbot.wait(50)
        if box is not None:
            box.button(QMessageBox.StandardButton.Yes).click() if box.button(QMessageBox.StandardButton.Yes) \
                else box.buttons()[0].click()
        qtbot.waitUntil(lambda: (project / "data" / "test.jsonl").is_file(), timeout=20_000)
        meta = json.loads((project / "project.json").read_text())
        assert set(meta["datasets"]) == {"train", "validation", "test"}
        counts = {k: len((project / v).read_text().splitlines()) for k, v in meta["datasets"].items()}
        assert counts["train"] > counts["validation"] >= 3 and counts["test"] >= 3 and sum(counts.values()) == 41
        j.look("split-done")

        # 5. train on this computer: TRL on the tiny model, the checks first, then Launch
        window.go_to("train", "local", {"engine": "trl"})
        train = window.view("train")
        panel = train.panel("local")
        qtbot.waitUntil(lambda: panel.runtime != {}, timeout=30_000)
        panel.set_engine("trl")
        panel.model.setText(str(tiny_qwen3))
        assert panel.train_file.text().endswith("train.jsonl")
        assert panel.valid_file.text().endswith("validation.jsonl")  # the split's validation file, used
        train.advanced_button.click()
        panel.form.set_values({"recipe": "manual"})
        panel.form.editors["epochs"].setValue(8)
        panel.form.editors["learning_rate"].setText("1e-2")
        j.settle()
        assert not panel.launch_button.isEnabled()
        j.look("train-form")
        click(qtbot, panel.preflight_button)
        qtbot.waitUntil(lambda: panel.preflight_result is not None, timeout=120_000)
        assert panel.launch_button.isEnabled(), [panel.checks.item(i).text() for i in range(panel.checks.count())]
        j.look("train-checked")
        click(qtbot, panel.launch_button)
        qtbot.waitUntil(lambda: panel.job is not None, timeout=30_000)
        job_id = panel.job["id"]
        window.show_view("jobs")
        jobs = window.view("jobs")
        qtbot.waitUntil(lambda: jobs.model.row_of(job_id) >= 0, timeout=10_000)
        jobs.select_job(job_id)
        qtbot.waitUntil(lambda: service.call("get_job", job_id=job_id)["status"] in ("succeeded", "failed"),
                        timeout=300_000)
        job = service.call("get_job", job_id=job_id)
        assert job["status"] == "succeeded", job.get("error")
        losses = [v for _, v in job["metrics"]["train_loss"]]
        assert losses[-1] < losses[0]
        qtbot.waitUntil(lambda: jobs.try_button.isEnabled() and jobs.evaluate_button.isEnabled(), timeout=10_000)
        assert w["project"] in jobs.model.data(jobs.model.index(jobs.model.row_of(job_id), 0))
        j.look("job-done")

        # 6. try it in the Playground, and save a reviewed answer as a training example
        click(qtbot, jobs.try_button)
        play = window.view("playground")
        qtbot.waitUntil(lambda: play.picker_for_column(0).target() is not None
                        and "adapter" in json.dumps(play.picker_for_column(0).target()), timeout=20_000)
        play.input.setFocus()
        qtbot.keyClicks(play.input, w["ask"])
        click(qtbot, play.send_button)
        qtbot.waitUntil(lambda: play.save_button.isEnabled(), timeout=120_000)
        j.look("playground-answer")
        if play.side_by_side.isChecked():  # both models answered: the person picks the tuned model's answer
            qtbot.waitUntil(play.columns[0].better_button.isEnabled, timeout=60_000)
            click(qtbot, play.columns[0].better_button)
        click(qtbot, play.save_button)
        review = j.dialog(ReviewExampleDialog)
        answer = review.editor.cards[-1].content
        answer.selectAll()
        qtbot.keyClicks(answer, w["reviewed"])
        j.look("review", review)
        click(qtbot, review.save_button)
        qtbot.waitUntil(lambda: w["ask"] in (project / "data" / "train.jsonl").read_text(encoding="utf-8"),
                        timeout=10_000)
        saved = [json.loads(line) for line in (project / "data" / "train.jsonl").read_text().splitlines()]
        assert saved[-1]["messages"][-2]["content"] == w["ask"]
        assert saved[-1]["messages"][-1]["content"] == w["reviewed"]  # as reviewed

        # 7. evaluate A (the base) against B (the tuned model) on the test split
        window.show_view("jobs")
        jobs.select_job(job_id)
        click(qtbot, jobs.evaluate_button)
        panel_eval = play.evaluate
        qtbot.waitUntil(lambda: panel_eval.run_button.isEnabled()
                        and panel_eval.model_b.currentData() is not None
                        and "adapter" in json.dumps(panel_eval.model_b.currentData()), timeout=20_000)
        assert str(tiny_qwen3) in json.dumps(panel_eval.model_a.currentData())  # A is B's base
        j.look("evaluate")
        click(qtbot, panel_eval.run_button)
        # the run is over (the gain line is not enough: it says "no evaluation yet" before the run ends)
        qtbot.waitUntil(lambda: panel_eval.future is None and bool(panel_eval.gain.text()), timeout=300_000)
        j.look("evaluated")
        results = json.loads((project / "eval" / "results.json").read_text())
        g = results["gain"]
        assert g["wins"] > g["losses"] and g["delta_points"] > 0, g
        if language == "en":
            assert panel_eval.gain.text().startswith(f"The tuned model answered {g['wins']} of {g['n']}")

        # 8. Decide shows the gain; the report carries the use case and the gain
        window.show_view("decide")
        decide = window.view("decide")
        def gain_shown() -> bool:
            if decide.decision is None:
                return False
            quality = [c for c in decide.decision.to_dict()["criteria"] if c["name"] == "quality"]
            return bool(quality) and any(n["code"] == "ev_gain" for n in quality[0]["notes"])

        # a new project's Decide starts on the pair the evaluation compared; had the person chosen another model,
        # it would offer that pair with a button (clicked when it is there)
        qtbot.waitUntil(lambda: "use_evaluated_pair" in decide.missing_buttons or gain_shown(), timeout=20_000)
        offered = decide.missing_buttons.get("use_evaluated_pair")
        if offered is not None and not gain_shown():
            j.look("decide-offers-the-pair")
            click(qtbot, offered)
        try:
            qtbot.waitUntil(gain_shown, timeout=20_000)
        except Exception as exc:
            d = decide.decision.to_dict() if decide.decision is not None else {}
            raise AssertionError(json.dumps({"facts": d.get("facts"), "criteria": d.get("criteria")},
                                            default=str)[:6000]) from exc
        d = decide.decision.to_dict()
        assert d["facts"]["backends"] == ["local"]  # the evaluated pair was trained here: costed here
        assert [c["score"] for c in d["criteria"] if c["name"] == "tunability"] == [5.0]
        j.look("decide")
        report = tmp_path / "report.md"
        decide.export_report(str(report), "md")
        qtbot.waitUntil(report.is_file, timeout=10_000)
        body = report.read_text(encoding="utf-8")
        assert w["use_case"] in body
        assert f"{g['delta_points']:+.1f}" in body or f"{abs(g['delta_points']):.1f}" in body
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QDialog) and w.isVisible():
                w.reject()
        assert not j.english, "English left in Malay:\n" + "\n".join(
            f"  {k}  [{', '.join(sorted(v))}]" for k, v in sorted(j.english.items()))
    finally:
        window.close()
        window.shutdown()
