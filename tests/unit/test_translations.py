"""The Malay catalog ui/translations/fttool_ms.ts: complete (nothing unfinished, nothing left in English where it should
not be), placeholders intact, the lesson's own terms, every ui/ string and every core message covered, and the
compiled catalog really changes what the app shows."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "ui" / "translations" / "fttool_ms.ts"
sys.path.insert(0, str(ROOT / "tools"))

# words that are the same in Malay (names, formats, loanwords spelt alike)
SAME_IN_MALAY = {
    "OpenAI", "Azure OpenAI", "Hugging Face", "Together AI", "English", "Bahasa Melayu", "fttool", "JSONL", "CSV", "Parquet",
    "Data", "Token", "token", "epoch", "Alternatif", "Model", "ID", "Hub", "URL", "Epoch", "Status", "LoRA", "Markdown",
    "HTML", "JSON", "AutoTrain", "DPO", "Azure", "OK", "Log", "Import", "Repo", "Ctrl", "Prompt", "prompt", "Folder",
}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def messages() -> list[tuple[str, str, ET.Element]]:
    root = ET.parse(TS).getroot()
    out = []
    for ctx in root.findall("context"):
        for msg in ctx.findall("message"):
            tr = msg.find("translation")
            assert tr is not None
            out.append((ctx.findtext("name") or "", msg.findtext("source") or "", tr))
    return out


def allowed_identical(source: str) -> bool:
    bare = PLACEHOLDER.sub("", source)
    if not re.search(r"[A-Za-z]{2,}", bare):
        return True  # only placeholders, numbers, punctuation: "{0} KB", "{0} / {1}"
    if source in SAME_IN_MALAY:
        return True
    words = re.findall(r"[A-Za-z][A-Za-z0-9_.-]*", bare)
    return all(w in SAME_IN_MALAY or w.isupper() or any(c.isdigit() for c in w) or "_" in w or "." in w
               for w in words)  # names, codes and model ids


def test_no_entry_is_unfinished_or_empty() -> None:
    bad = [(ctx, src) for ctx, src, tr in messages()
           if tr.get("type") in ("unfinished", "obsolete", "vanished") or not (tr.text or "").strip()]
    assert not bad, f"{len(bad)} untranslated entries in {TS.name}, e.g. {bad[:5]}"


def test_no_entry_is_left_in_english() -> None:
    same = [(ctx, src) for ctx, src, tr in messages() if (tr.text or "").strip() == src.strip()
            and not allowed_identical(src)]
    assert not same, f"{len(same)} entries identical to the English: {same[:8]}"


def test_placeholders_are_kept() -> None:
    bad = [(ctx, src, tr.text) for ctx, src, tr in messages() if tr.text and
           sorted(PLACEHOLDER.findall(src)) != sorted(PLACEHOLDER.findall(tr.text))]
    assert not bad, bad[:5]


@pytest.mark.parametrize("source,term", [
    ("Use case", "Kes Penggunaan"), ("Alternatives", "Alternatif"), ("Costs", "Kos"), ("Benefits", "Manfaat"),
    ("Tunability", "Kebolehtalaan"), ("Effort", "Usaha"), ("Compute", "Pengkomputeran"), ("Data", "Data"),
    ("Quality", "Kualiti"), ("Cost", "Kos"), ("Extensibility", "Kebolehlanjutan"),
    ("Prompt engineering", "Kejuruteraan prompt"), ("Few-shot learning", "Pembelajaran beberapa contoh"),
    ("Retrieval-augmented generation (RAG)", "Generasi dipertingkatkan pengambilan"),
    ("Run a baseline evaluation", "garis asas"), ("Fine-tune now", "Melatih semula"),
])
def test_the_lessons_own_terms(source: str, term: str) -> None:
    found = [tr.text or "" for ctx, src, tr in messages() if src == source]
    assert found, f"{source!r} is not in the catalog"
    assert all(term.lower() in t.lower() for t in found), (source, found)


def test_every_core_message_is_in_the_catalog() -> None:
    from update_translations import core_catalog

    sources = {src for ctx, src, _ in messages() if ctx == "Messages"}
    missing = sorted({code for code, template in core_catalog().items() if template not in sources})
    assert not missing, f"core message codes missing from {TS.name} (run tools/update_translations.py): {missing[:10]}"


def test_every_ui_string_is_in_the_catalog(tmp_path: Path) -> None:
    from update_translations import aliased_tr_calls, lupdate, param_spec_texts, ui_sources

    fresh = tmp_path / "fresh.ts"
    fresh.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="ms">\n</TS>\n',
                     encoding="utf-8")
    lupdate(fresh, ui_sources())
    wanted = {(ctx.findtext("name") or "", m.findtext("source") or "")
              for ctx in ET.parse(fresh).getroot().findall("context") for m in ctx.findall("message")}
    wanted |= set(aliased_tr_calls()) | set(param_spec_texts())
    have = {(ctx, src) for ctx, src, _ in messages()}
    missing = sorted(wanted - have)
    assert not missing, f"{len(missing)} ui strings missing (run tools/update_translations.py): {missing[:8]}"


def test_compiled_catalog_translates_the_app(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import QCoreApplication, QTranslator

    from fttool.decision import scoring  # noqa: F401  (registers the verdict codes)
    from ui import i18n
    from ui.messages import text

    qm = tmp_path / "fttool_ms.qm"
    assert i18n.compile_ts(TS, qm)
    t = QTranslator()
    assert t.load(str(qm))
    QCoreApplication.installTranslator(t)
    try:
        assert QCoreApplication.translate("DecideView", "Decide") != "Decide"
        assert "melatih semula" in text("verdict_fine_tune_now").lower()
        assert text("file_not_found", {"path": "x.jsonl"}).startswith("x.jsonl")
        assert text("file_not_found", {"path": "x.jsonl"}) != "x.jsonl: no such file."
    finally:
        QCoreApplication.removeTranslator(t)


def test_a_plan_and_a_parameter_problem_in_malay(qapp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 17: the core gives codes and parameters; a view says them in Malay (the plan's detail, the
    unknown-model warning, a parameter's range, the billed-vs-estimate line)."""
    from PySide6.QtCore import QCoreApplication, QTranslator

    from fttool.jobs.plan import cost_vs_estimate
    from fttool.providers.base import ParamSpec, validate_against
    from ui import i18n
    from ui.messages import text

    qm = tmp_path / "fttool_ms.qm"
    assert i18n.compile_ts(TS, qm)
    t = QTranslator()
    assert t.load(str(qm))
    QCoreApplication.installTranslator(t)
    try:
        from fttool.messages import render

        detail = {"examples": 9, "tokens": 1209, "epochs": 11, "billed": 13299, "price": "3"}
        assert text("estimate_detail", detail) != render("estimate_detail", detail)  # said in Malay
        assert "13299" in text("estimate_detail", detail)
        problem = validate_against([ParamSpec("epochs", "int", 3, "h", 1, 10)], {"epochs": 0})[0]
        said = text(problem.template, problem.params, problem.message)
        assert said == "epochs mestilah sekurang-kurangnya 1." and problem.message == "epochs must be at least 1."
        code, params = cost_vs_estimate({"estimated_billed_tokens": 1000, "estimated_cost_usd": 0.003,
                                         "trained_tokens": 900, "cost_usd": 0.0027}) or ("", {})
        assert text(code, params).startswith("Dilatih 900 token, $0.0027; anggarannya 1000 token")
        assert text("plan_budget_over", {"budget": "$5.00"}) == "Melebihi bajet $5.00: naikkannya untuk melancar."
        assert text("unknown_model", {"model": "gpt-4o-mni", "date": "2025-06-01", "close": "-"}).startswith(
            "Tiada had token atau harga yang diketahui untuk gpt-4o-mni")
    finally:
        QCoreApplication.removeTranslator(t)


def test_language_choice(monkeypatch: pytest.MonkeyPatch) -> None:
    from ui import i18n

    monkeypatch.setenv("FTTOOL_LANG", "ms")
    assert i18n.chosen_language("en") == "ms"
    monkeypatch.delenv("FTTOOL_LANG")
    assert i18n.chosen_language("ms") == "ms"
    assert i18n.chosen_language("en") == "en"
    assert i18n.chosen_language("") in i18n.LANGUAGES


def test_make_translations_builds_the_qm(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "ui.i18n", "build", str(tmp_path)], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "fttool_ms.qm").stat().st_size > 1000


def test_a_message_without_its_parameters_falls_back_to_the_rendered_english(qapp) -> None:  # type: ignore[no-untyped-def]
    from ui.messages import text

    rendered = "The command 'x' failed: boom"
    assert text("command_failed", None, rendered) == rendered
    assert text("command_failed", {"command": "x", "detail": "boom"}) == rendered
    assert text("cancelled", None, "whatever") != "whatever"  # no placeholders: still translated by code
