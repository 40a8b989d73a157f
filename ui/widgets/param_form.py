"""A form drawn from a provider's parameter descriptors (fttool.providers.base.ParamSpec): one editor per
descriptor, its label, its help as tooltip, its range, and a red line under a field with a problem.

Generic: any backend's panel can use it (`ParamForm(provider.parameters())`). `values()` gives the parameters
in the provider's names and types; `set_values()` fills the form (a loaded YAML, a preset, a cloned job);
`disable(name, reason)` greys a field out and says why (e.g. quantization without a CUDA GPU).
`set_advanced(False)` shows only the fields a beginner needs (descriptors without `advanced`); the hidden ones keep
their values (their defaults), and `values()` still gives them.

A panel whose descriptors come from the service (`provider_info`, as dicts: `specs_from_dicts`) may draw the form
empty and give the descriptors later with `set_specs()`. `include` draws only these fields, in this order;
`suggestions` turns a text field into an editable list of usual values (a time limit: 1h, 3h, ...).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDoubleValidator
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from fttool.providers.base import ParamProblem, ParamSpec

ERROR_STYLE = "color: #b00020;"
NOTE_STYLE = "color: #666666;"
FIELD_WIDTH = 240
INT_MAX = 2**31 - 1


def _t(text: str) -> str:
    """A provider's parameter label or help in the person's language (tools/update_translations.py collects
    them from the ParamSpec descriptors into the context "ParamSpec")."""
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate("ParamSpec", text) if text else text


def specs_from_dicts(items: list[dict[str, Any]] | None) -> list[ParamSpec]:
    """Descriptors sent by the service as dicts (`provider_info`'s parameters) as ParamSpec again."""
    fields = set(ParamSpec.__dataclass_fields__)
    out: list[ParamSpec] = []
    for d in items or []:
        kwargs: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in d.items() if k in fields}
        out.append(ParamSpec(**kwargs))
    return out


def choice_words() -> dict[str, str]:
    """A descriptor's choice values as the person reads them (the value itself is what a job records)."""
    from PySide6.QtCore import QCoreApplication

    return {
        "auto": QCoreApplication.translate("ParamChoice", "auto"),
        "manual": QCoreApplication.translate("ParamChoice", "manual"),
        "supervised": QCoreApplication.translate("ParamChoice", "supervised"),
        "answers": QCoreApplication.translate("ParamChoice", "answers"),
        "all": QCoreApplication.translate("ParamChoice", "all"),
        "none": QCoreApplication.translate("ParamChoice", "none"),
        "full": QCoreApplication.translate("ParamChoice", "full"),
        "tokenizer": QCoreApplication.translate("ParamChoice", "tokenizer"),
    }


class ParamForm(QWidget):
    changed = Signal()

    def __init__(self, specs: list[ParamSpec], parent: QWidget | None = None, *,
                 exclude: tuple[str, ...] = (), include: tuple[str, ...] | None = None,
                 suggestions: dict[str, tuple[str, ...]] | None = None) -> None:
        super().__init__(parent)
        self.exclude = exclude
        self.include = include
        self.suggestions = dict(suggestions or {})
        self.specs: dict[str, ParamSpec] = {}
        self.editors: dict[str, QWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.notes: dict[str, QLabel] = {}
        self.rows: dict[str, tuple[QLabel, QWidget]] = {}
        self.hidden: set[str] = set()  # not used by this engine: left out of values()
        self.advanced = True  # False: the descriptors marked `advanced` are hidden (their values still count)
        self.disabled_reasons: dict[str, str] = {}
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.set_specs(specs)

    def set_specs(self, specs: list[ParamSpec]) -> None:
        """Draw the form for these descriptors (replacing any drawn before), each field at its default."""
        while self.form.rowCount():
            self.form.removeRow(0)
        for mapping in (self.editors, self.errors, self.notes, self.rows):
            mapping.clear()
        self.disabled_reasons.clear()
        by_name = {s.name: s for s in specs if s.name not in self.exclude}
        order = [n for n in self.include if n in by_name] if self.include is not None else list(by_name)
        self.specs = {n: by_name[n] for n in order}
        for spec in self.specs.values():
            editor = self._editor(spec)
            editor.setObjectName(f"param_{spec.name}")
            editor.setToolTip(_t(spec.help))
            self.editors[spec.name] = editor
            err = QLabel("")
            err.setStyleSheet(ERROR_STYLE)
            err.setWordWrap(True)
            err.setTextFormat(Qt.TextFormat.PlainText)
            err.hide()
            err.setObjectName(f"paramError_{spec.name}")
            self.errors[spec.name] = err
            note = QLabel("")
            note.setStyleSheet(NOTE_STYLE)
            note.setWordWrap(True)
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.hide()
            note.setObjectName(f"paramNote_{spec.name}")
            self.notes[spec.name] = note
            box = QWidget()
            # the row takes the field column's whole width, so a note or an error wraps there (and the row grows
            # to its height) instead of being squeezed under the editor and cut off
            box.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            v = QVBoxLayout(box)
            v.setContentsMargins(0, 0, 0, 0)
            v.addWidget(editor, 0, Qt.AlignmentFlag.AlignLeft)
            v.addWidget(note)
            v.addWidget(err)
            label = QLabel(_t(spec.label) or spec.name)
            label.setToolTip(_t(spec.help))
            self.form.addRow(label, box)
            self.rows[spec.name] = (label, box)
        self.set_values({s.name: s.default for s in self.specs.values()}, emit=False)
        self._show_rows()

    # -- editors ---------------------------------------------------------------------------------------
    def _editor(self, spec: ParamSpec) -> QWidget:
        if spec.type == "int":
            w = QSpinBox()
            lower = int(spec.minimum if spec.minimum is not None else -INT_MAX)
            if spec.default is None and not spec.required and lower > -INT_MAX:
                # no default: one step below the minimum reads "automatic" and means "not set" (None)
                lower -= 1
                w.setSpecialValueText(self.tr("automatic"))
            w.setRange(lower, int(min(spec.maximum, INT_MAX) if spec.maximum is not None else INT_MAX))
            if spec.default is not None:
                w.setValue(int(spec.default))
            w.valueChanged.connect(self._on_change)
            return w
        if spec.type == "float":
            e = QLineEdit()
            v = QDoubleValidator(e)
            v.setNotation(QDoubleValidator.Notation.ScientificNotation)
            if spec.minimum is not None:
                v.setBottom(float(spec.minimum))
            if spec.maximum is not None:
                v.setTop(float(spec.maximum))
            e.setValidator(v)
            e.setMaximumWidth(FIELD_WIDTH)
            if spec.default is None and not spec.required:  # empty means "not set": the provider chooses
                e.setPlaceholderText(self.tr("automatic"))
            e.textChanged.connect(self._on_change)
            return e
        if spec.type == "bool":
            c = QCheckBox()
            c.toggled.connect(self._on_change)
            return c
        if spec.type == "choice":
            b = QComboBox()
            words = choice_words()
            for choice in spec.choices:  # shown in the person's language, the value kept as the item's data
                b.addItem(words.get(str(choice), str(choice)), choice)
            if spec.default is not None and str(spec.default) in spec.choices:
                b.setCurrentIndex(b.findData(spec.default))
            b.currentIndexChanged.connect(self._on_change)
            return b
        if self.suggestions.get(spec.name):  # usual values to pick, or type another
            combo = QComboBox()
            combo.setEditable(True)
            combo.addItems([str(x) for x in self.suggestions[spec.name]])
            combo.setCurrentText(str(spec.default) if spec.default is not None else "")
            combo.currentTextChanged.connect(self._on_change)
            return combo
        s = QLineEdit()
        s.setMinimumWidth(FIELD_WIDTH)
        s.setMaximumWidth(FIELD_WIDTH * 2)
        s.textChanged.connect(self._on_change)
        return s

    def _on_change(self, *_: Any) -> None:
        self.changed.emit()

    # -- values ----------------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, spec in self.specs.items():
            if name in self.hidden:
                continue
            w = self.editors[name]
            if spec.type == "int":
                assert isinstance(w, QSpinBox)
                automatic = bool(w.specialValueText()) and w.value() == w.minimum()
                out[name] = None if automatic else w.value()
            elif spec.type == "float":
                assert isinstance(w, QLineEdit)
                txt = w.text().strip()
                try:
                    out[name] = float(txt) if txt else None
                except ValueError:
                    out[name] = txt  # reported by the checks as "must be a float"
            elif spec.type == "bool":
                assert isinstance(w, QCheckBox)
                out[name] = w.isChecked()
            elif spec.type == "choice":
                assert isinstance(w, QComboBox)
                data = w.currentData()
                out[name] = data if data is not None else w.currentText()
            elif isinstance(w, QComboBox):  # a text field with suggestions
                out[name] = w.currentText().strip() or None
            else:
                assert isinstance(w, QLineEdit)
                out[name] = w.text().strip() or None
        return out

    def set_values(self, values: dict[str, Any], *, emit: bool = True) -> None:
        """Set the fields (None leaves one as it is); `emit` False shows values without a `changed` signal."""
        self.blockSignals(True)
        try:
            for name, value in values.items():
                spec = self.specs.get(name)
                if spec is None or value is None:
                    continue
                w = self.editors[name]
                if isinstance(w, QSpinBox):
                    w.setValue(int(value))
                elif isinstance(w, QCheckBox):
                    w.setChecked(bool(value))
                elif isinstance(w, QComboBox) and w.isEditable():  # a text field with suggestions
                    w.setCurrentText(str(value))
                elif isinstance(w, QComboBox):
                    i = w.findData(value)
                    if i < 0:
                        i = w.findText(str(value))
                    if i >= 0:
                        w.setCurrentIndex(i)
                elif isinstance(w, QLineEdit):
                    w.setText(_float_text(value) if spec.type == "float" else str(value))
        finally:
            self.blockSignals(False)
        if emit:
            self.changed.emit()

    def disable(self, name: str, reason: str | None, *, note: bool = True) -> None:
        """Grey out a field and say why (None enables it again); `note` False says it in the tooltip only (when
        one line elsewhere explains a group of fields)."""
        w = self.editors.get(name)
        if w is None:
            return
        spec = self.specs[name]
        if reason:
            self.disabled_reasons[name] = reason
            if spec.type == "choice" and spec.default is not None:
                self.set_values({name: spec.default})
            w.setEnabled(False)
            w.setToolTip(f"{_t(spec.help)}\n{reason}")
            self.notes[name].setText(reason)
            self.notes[name].setVisible(note)
        else:
            self.disabled_reasons.pop(name, None)
            w.setEnabled(True)
            w.setToolTip(_t(spec.help))
            self.notes[name].hide()

    def set_shown(self, names: set[str]) -> None:
        """Show only these fields' rows (the local engines use different parameters); `values()` leaves the
        hidden ones out."""
        self.hidden = {n for n in self.specs if n not in names}
        self._show_rows()

    def set_advanced(self, advanced: bool) -> None:
        """Advanced shows every field; Simple hides the descriptors marked `advanced` (they keep their values)."""
        self.advanced = advanced
        self._show_rows()

    def is_shown(self, name: str) -> bool:
        """Whether the field's row is drawn (used by this engine and, in Simple mode, not an advanced one)."""
        spec = self.specs.get(name)
        return spec is not None and name not in self.hidden and (self.advanced or not spec.advanced)

    def advanced_count(self) -> int:
        """How many fields of this engine only Advanced mode shows."""
        return sum(1 for n, s in self.specs.items() if s.advanced and n not in self.hidden)

    def _show_rows(self) -> None:
        for name, (label, box) in self.rows.items():
            shown = self.is_shown(name)
            label.setVisible(shown)
            box.setVisible(shown)

    def all_values(self) -> dict[str, Any]:
        """Every field's value, the ones this engine leaves out too (what a project remembers of the form)."""
        hidden, self.hidden = self.hidden, set()
        try:
            return self.values()
        finally:
            self.hidden = hidden

    def show_problems(self, problems: list[ParamProblem]) -> None:
        from ui.messages import text

        by_name: dict[str, list[str]] = {}
        for p in problems:
            spec = self.specs.get(p.name)
            params = {**p.params, "name": (_t(spec.label) if spec is not None and spec.label else p.name)}
            by_name.setdefault(p.name, []).append(text(p.template or p.code, params, p.message))
        for name, label in self.errors.items():
            msgs = by_name.get(name)
            label.setText("\n".join(msgs or []))
            label.setVisible(bool(msgs))


def _float_text(value: Any) -> str:
    try:
        f = float(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{f:g}"
