"""Refresh the translation sources ui/translations/fttool_<lang>.ts.

    .venv/bin/python tools/update_translations.py              # lupdate over ui/ + the core catalog
    .venv/bin/python tools/update_translations.py --apply ms.json   # fill translations from a JSON file
    .venv/bin/python tools/update_translations.py --todo       # list what is still untranslated

1. Every message of ui/ (self.tr / QCoreApplication.translate) comes from pyside6-lupdate run over ui/**/*.py.
2. The core's messages (fttool.messages.CATALOG, filled by every fttool module's `register()`) go into the
   context "Messages" with the English template as source: ui/messages.py translates them by that text.
Existing translations are kept; a source that changed comes back as unfinished.
--apply takes {"<context>": {"<source>": "<translation>"}} (context "*" matches any context).
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "ui" / "translations"
LANGS = ("ms",)
MESSAGES = "Messages"


def core_catalog() -> dict[str, str]:
    """Import every fttool module so that each room's register() has run; return the catalog."""
    sys.path.insert(0, str(ROOT))
    import fttool
    from fttool.messages import CATALOG

    for mod in pkgutil.walk_packages(fttool.__path__, "fttool."):
        if mod.name.startswith("fttool._resources"):
            continue
        try:
            importlib.import_module(mod.name)
        except Exception as exc:  # a room that cannot import here still has its messages registered elsewhere
            print(f"note: {mod.name} not imported ({type(exc).__name__}: {exc})", file=sys.stderr)
    # codes registered inside functions (at run time: the CLI's main, the service's built-in commands)
    import ast

    for path in sorted((ROOT / "fttool").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Dict)
                    and (getattr(node.func, "id", "") in ("register", "register_messages")
                         or getattr(node.func, "attr", "") == "register")):
                try:
                    entries = ast.literal_eval(node.args[0])
                except ValueError:
                    continue
                for code, text in entries.items():
                    if isinstance(code, str) and isinstance(text, str):
                        CATALOG.setdefault(code, text)
    return dict(CATALOG)


def ui_sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "ui").rglob("*.py"))


def lupdate(ts: Path, sources: list[str]) -> None:
    exe = Path(sys.executable).with_name("pyside6-lupdate")
    tool = str(exe) if exe.exists() else "pyside6-lupdate"
    subprocess.run([tool, "-silent", "-no-obsolete", "-locations", "none", *sources, "-ts", str(ts)],
                   cwd=ROOT, check=True)


def read(ts: Path) -> ET.ElementTree:
    return ET.parse(ts)


def translations_of(tree: ET.ElementTree, context: str) -> dict[str, tuple[str, bool]]:
    out: dict[str, tuple[str, bool]] = {}
    for ctx in tree.getroot().findall("context"):
        if ctx.findtext("name") != context:
            continue
        for msg in ctx.findall("message"):
            tr = msg.find("translation")
            if tr is not None:
                out[msg.findtext("source") or ""] = (tr.text or "", tr.get("type") != "unfinished")
    return out


def write(tree: ET.ElementTree, ts: Path) -> None:
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    ts.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def set_messages_context(tree: ET.ElementTree, catalog: dict[str, str],
                         keep: dict[str, tuple[str, bool]]) -> None:
    root = tree.getroot()
    for ctx in root.findall("context"):
        if ctx.findtext("name") == MESSAGES:
            root.remove(ctx)
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = MESSAGES
    for code in sorted(catalog):
        source = catalog[code]
        msg = ET.SubElement(ctx, "message")
        ET.SubElement(msg, "source").text = source
        ET.SubElement(msg, "extracomment").text = code
        tr = ET.SubElement(msg, "translation")
        text, done = keep.get(source, ("", False))
        tr.text = text
        if not done or not text:
            tr.set("type", "unfinished")


def dedupe_messages(catalog: dict[str, str]) -> dict[str, str]:
    """One entry per English template (two codes with the same text share a translation)."""
    seen: dict[str, str] = {}
    for code in sorted(catalog):
        seen.setdefault(catalog[code], code)
    return {code: text for text, code in seen.items()}


def aliased_tr_calls() -> list[tuple[str, str]]:
    """(context, source) of strings lupdate misses: `t = self.tr` then `t("...")` inside a class's method."""
    import ast

    found: list[tuple[str, str]] = []
    for rel in ui_sources():
        tree = ast.parse((ROOT / rel).read_text(encoding="utf-8"))
        for cls in [n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]:
            for fn in [n for n in ast.walk(cls) if isinstance(n, ast.FunctionDef)]:
                aliases = {t.id for n in ast.walk(fn) if isinstance(n, ast.Assign)
                           and isinstance(n.value, ast.Attribute) and n.value.attr == "tr"
                           and isinstance(n.value.value, ast.Name) and n.value.value.id == "self"
                           for t in n.targets if isinstance(t, ast.Name)}
                for call in [n for n in ast.walk(fn) if isinstance(n, ast.Call)]:
                    if (isinstance(call.func, ast.Name) and call.func.id in aliases and call.args
                            and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)):
                        found.append((cls.name, call.args[0].value))
    return found


def param_spec_texts() -> list[tuple[str, str]]:
    """("ParamSpec", text) of every label= and help= of the providers' ParamSpec descriptors in fttool/
    (ui/widgets/param_form.py shows them through QCoreApplication.translate("ParamSpec", ...))."""
    import ast

    found: list[tuple[str, str]] = []
    for path in sorted((ROOT / "fttool").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "ParamSpec":
                values = [kw.value for kw in node.keywords if kw.arg in ("label", "help")]
                if len(node.args) >= 4:  # ParamSpec(name, type, default, help, ...)
                    values.append(node.args[3])
                for v in values:
                    if isinstance(v, ast.Constant) and isinstance(v.value, str) and v.value.strip():
                        pair = ("ParamSpec", v.value)
                        if pair not in found:
                            found.append(pair)
    return found


def all_translations(tree: ET.ElementTree) -> dict[tuple[str, str], str]:
    out = {}
    for ctx in tree.getroot().findall("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.findall("message"):
            tr = msg.find("translation")
            if tr is not None and tr.get("type") != "unfinished" and (tr.text or "").strip():
                out[(name, msg.findtext("source") or "")] = tr.text or ""
    return out


def add_entries(tree: ET.ElementTree, entries: list[tuple[str, str]]) -> None:
    root = tree.getroot()
    contexts = {ctx.findtext("name"): ctx for ctx in root.findall("context")}
    for name, source in entries:
        ctx = contexts.get(name)
        if ctx is None:
            ctx = ET.SubElement(root, "context")
            ET.SubElement(ctx, "name").text = name
            contexts[name] = ctx
        if any(m.findtext("source") == source for m in ctx.findall("message")):
            continue
        msg = ET.SubElement(ctx, "message")
        ET.SubElement(msg, "source").text = source
        ET.SubElement(msg, "translation").set("type", "unfinished")


def restore(tree: ET.ElementTree, saved: dict[tuple[str, str], str]) -> None:
    for ctx in tree.getroot().findall("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.findall("message"):
            tr = msg.find("translation")
            text = saved.get((name, msg.findtext("source") or ""))
            if tr is not None and text and (tr.get("type") == "unfinished" or not (tr.text or "").strip()):
                tr.text = text
                tr.attrib.pop("type", None)


def update(lang: str) -> Path:
    ts = TS_DIR / f"fttool_{lang}.ts"
    TS_DIR.mkdir(parents=True, exist_ok=True)
    keep: dict[str, tuple[str, bool]] = {}
    saved: dict[tuple[str, str], str] = {}
    if ts.exists():
        old = read(ts)
        keep = translations_of(old, MESSAGES)
        saved = all_translations(old)
    else:
        ts.write_text(f'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n<TS version="2.1" language="{lang}">\n'
                      "</TS>\n", encoding="utf-8")
    lupdate(ts, ui_sources())
    tree = read(ts)
    add_entries(tree, aliased_tr_calls() + param_spec_texts())
    restore(tree, saved)
    set_messages_context(tree, dedupe_messages(core_catalog()), keep)
    write(tree, ts)
    return ts


def apply(lang: str, path: Path) -> int:
    ts = TS_DIR / f"fttool_{lang}.ts"
    tree = read(ts)
    table: dict[str, dict[str, str]] = json.loads(path.read_text(encoding="utf-8"))
    filled = 0
    for ctx in tree.getroot().findall("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.findall("message"):
            source = msg.findtext("source") or ""
            text = (table.get(name) or {}).get(source) or (table.get("*") or {}).get(source)
            if text:
                tr = msg.find("translation")
                assert tr is not None
                tr.text = text
                tr.attrib.pop("type", None)
                filled += 1
    write(tree, ts)
    return filled


def todo(lang: str) -> list[tuple[str, str]]:
    tree = read(TS_DIR / f"fttool_{lang}.ts")
    out = []
    for ctx in tree.getroot().findall("context"):
        for msg in ctx.findall("message"):
            tr = msg.find("translation")
            if tr is None or tr.get("type") == "unfinished" or not (tr.text or "").strip():
                out.append((ctx.findtext("name") or "", msg.findtext("source") or ""))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--lang", default="ms")
    p.add_argument("--apply", type=Path, metavar="JSON", help="fill translations from this file (no lupdate)")
    p.add_argument("--todo", action="store_true", help="list untranslated entries as JSON (no lupdate)")
    args = p.parse_args(argv)
    if args.apply:
        print(f"filled {apply(args.lang, args.apply)} entries")
        return 0
    if args.todo:
        rows = todo(args.lang)
        grouped: dict[str, dict[str, str]] = {}
        for ctx, src in rows:
            grouped.setdefault(ctx, {})[src] = ""
        json.dump(grouped, sys.stdout, indent=1, ensure_ascii=False)
        print(f"\n{len(rows)} untranslated", file=sys.stderr)
        return 0
    ts = update(args.lang)
    print(f"updated {ts.relative_to(ROOT)}; {len(todo(args.lang))} untranslated")
    return 0


if __name__ == "__main__":
    sys.exit(main())
