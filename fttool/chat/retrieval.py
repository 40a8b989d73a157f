"""Retrieval for the RAG baseline: BM25 (the `bm25s` library, offline) over a folder of the user's documents,
or over the training answers when there are none. The top passages go into the prompt."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fttool.errors import InputError
from fttool.messages import register

register({"rag_no_documents": "{path} holds no readable .txt or .md document to retrieve from."})

DOC_SUFFIXES = (".txt", ".md", ".markdown", ".rst")
PASSAGE_CHARS = 800


def split_passages(text: str, limit: int = PASSAGE_CHARS) -> list[str]:
    """Paragraphs, merged up to `limit` characters (a long paragraph is cut at word boundaries)."""
    out: list[str] = []
    current = ""
    for para in (p.strip() for p in text.replace("\r\n", "\n").split("\n\n")):
        if not para:
            continue
        while len(para) > limit:
            cut = para.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            if current:
                out.append(current)
                current = ""
            out.append(para[:cut].strip())
            para = para[cut:].strip()
        if current and len(current) + len(para) + 2 > limit:
            out.append(current)
            current = ""
        current = f"{current}\n\n{para}" if current else para
    if current:
        out.append(current)
    return out


def load_documents(folder: Path | str) -> list[str]:
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError("file_not_found", path=str(folder))
    passages: list[str] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in DOC_SUFFIXES):
        try:
            text = path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        passages.extend(split_passages(text))
    if not passages:
        raise InputError("rag_no_documents", path=str(folder))
    return passages


class Bm25Index:
    """BM25 over passages (bm25s, English stop words)."""

    def __init__(self, passages: Iterable[str]) -> None:
        try:  # bm25s makes tqdm bars (even hidden ones); tqdm's monitor thread would outlive the search
            import tqdm

            tqdm.tqdm.monitor_interval = 0
        except ImportError:
            pass
        import bm25s

        self.passages = [p for p in passages if p.strip()]
        self._bm25s = bm25s
        self._retriever: Any = None
        if self.passages:
            tokens = bm25s.tokenize(self.passages, stopwords="en", show_progress=False)
            self._retriever = bm25s.BM25()
            self._retriever.index(tokens, show_progress=False)

    def search(self, query: str, k: int = 3) -> list[str]:
        if self._retriever is None or not query.strip():
            return []
        k = min(k, len(self.passages))
        q = self._bm25s.tokenize([query], stopwords="en", show_progress=False)
        if not q.vocab:  # only stop words
            return []
        docs, scores = self._retriever.retrieve(q, k=k, show_progress=False)
        return [self.passages[int(i)] for i, s in zip(docs[0], scores[0], strict=True) if float(s) > 0]


def rag_system_prompt(system: str | None, passages: list[str]) -> str:
    """The system prompt with the retrieved passages appended (the RAG baseline's prompt)."""
    head = (system or "").strip()
    if not passages:
        return head
    ctx = "\n\n".join(f"[{i}] {p}" for i, p in enumerate(passages, start=1))
    block = f"Use these passages if they help you answer:\n\n{ctx}"
    return f"{head}\n\n{block}" if head else block
