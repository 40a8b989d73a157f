"""Offline token counts: the shipped BPE files are OpenAI's, and give the same ids as tiktoken's own loader."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from fttool.datasets import tokens as T
from tests.support.tiny_model import runtime_fixture, tiny_model_fixture  # noqa: F401 - fixtures

SAMPLES = [
    "hello world",
    "Hello, World! 1234567 tokens; naïve café Zürich — «quotes» 日本語のテキスト 🙂",
    "  leading spaces\n\n\ttabs and\r\nnewlines   ",
    "def f(x):\n    return x**2  # code\n",
    "<|endoftext|> is plain text here",
    "",
]


@pytest.mark.parametrize("name", ["o200k_base", "cl100k_base"])
def test_shipped_file_is_openais(name: str) -> None:
    assert T.check_bpe_file(name)


def test_a_tokenizer_file_with_a_wrong_hash_is_refused_by_name(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import gzip

    from fttool.errors import FtError

    good = T.bpe_bytes("cl100k_base")
    lines = good.splitlines()
    lines[5000] = lines[5001]  # one rank swapped: counts would differ without a word
    for name, data in [("swapped", gzip.compress(b"\n".join(lines))), ("cut", gzip.compress(good)[:1000])]:
        bad = tmp_path / f"{name}.tiktoken.gz"
        bad.write_bytes(data)
        monkeypatch.setattr(T, "bpe_file", lambda _name, bad=bad: bad)
        with pytest.raises(FtError) as ei:
            T._ranks("cl100k_base")
        assert ei.value.code == "token_file_damaged" and str(bad) in ei.value.message
        assert not T.check_bpe_file("cl100k_base")


@pytest.mark.parametrize("name", ["o200k_base", "cl100k_base"])
def test_same_ids_as_tiktokens_own_loader(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """tiktoken's own `get_encoding` reads TIKTOKEN_CACHE_DIR (files named by the sha1 of their URL) and checks
    the sha256; fed the same bytes offline it must give exactly the ids of our Encoding."""
    import tiktoken
    import tiktoken.registry

    url = T.ENCODINGS[name]["url"]
    (tmp_path / hashlib.sha1(url.encode()).hexdigest()).write_bytes(T.bpe_bytes(name))
    monkeypatch.setenv("TIKTOKEN_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(tiktoken.registry, "ENCODINGS", {})  # no encoding cached from elsewhere
    theirs = tiktoken.get_encoding(name)
    ours = T.get_encoding(name)
    for text in SAMPLES:
        assert ours.encode_ordinary(text) == theirs.encode_ordinary(text)
        assert ours.encode(text, disallowed_special=()) == theirs.encode(text, disallowed_special=())


def test_known_ids() -> None:
    assert T.get_encoding("cl100k_base").encode("hello world") == [15339, 1917]
    assert T.get_encoding("o200k_base").encode("hello world") == [24912, 2375]


def test_cookbook_chat_rule() -> None:
    enc = T.get_encoding("o200k_base")
    msgs = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi", "name": "ada"},
            {"role": "assistant", "content": "Hello!", "weight": 1}]
    n = 3  # reply priming
    for m in msgs:
        n += 3
        for k, v in m.items():
            if k == "weight":
                continue
            n += len(enc.encode(v))
            if k == "name":
                n += 1
    assert T.count_example({"messages": msgs}, "gpt-4o-mini-2024-07-18") == n
    assert T.encoding_name_for_model("gpt-3.5-turbo-0125") == "cl100k_base"
    assert T.encoding_name_for_model("ft:gpt-4.1-mini-2025-04-14:org::abc") == "o200k_base"
    assert T.assistant_tokens({"messages": msgs}, enc) == len(enc.encode("Hello!"))


@pytest.mark.slow
def test_local_model_tokenizer_counts(runtime: Path, tiny_model: Path) -> None:
    """A local base model's own tokenizer and chat template count the tokens (run in the runtime's Python).
    The fixtures install the runtime and build the tiny model when .cache/ has none yet (the local-training
    tests use the same ones, so the whole suite pays for them once)."""
    from fttool.datasets.validate import validate_file

    path = Path(__file__).resolve().parents[1] / "data" / "validate" / "will_be_truncated.jsonl"
    counts = T.local_token_counts(path, tiny_model)
    assert len(counts) == 13 and all(c > 0 for c in counts)
    limit = sorted(counts)[-2]  # only the longest example is over it
    report = validate_file(path, backend="local", max_seq_length=limit, tokenizer_dir=tiny_model)
    assert list(report.line_tokens) == counts
    assert [(p.line, p.code) for p in report.problems] == [(4, "will_be_truncated")]
    assert counts[3] == max(counts)


# Unicode's White_Space characters: what the \s of tiktoken's (Rust) patterns matches
WHITE_SPACE = "\t\n\x0b\x0c\r \x85\xa0\u1680" + "".join(chr(c) for c in range(0x2000, 0x200B)) + "\u2028\u2029\u202f\u205f\u3000"


@pytest.mark.parametrize("name", ["o200k_base", "cl100k_base"])
def test_word_counter_counts_exactly_what_tiktoken_counts(name: str) -> None:
    """Adversarial text: every kind of whitespace beside spaces, runs of spaces, contractions, digits, CJK, emoji,
    the counter's own mark; a small word table, so it also starts over. Every count must be tiktoken's."""
    import random

    enc = T.get_encoding(name)
    counter = T.WordCounter(enc, max_words=2000)
    rng = random.Random(7)
    pieces = list("abcXYZ019 .,'!?-/é中😀\x01") + [" "] * 8 + list(WHITE_SPACE) + ["'s", "'LL", "  ", "   "]
    naive_wrong = 0
    for _ in range(20):
        texts = ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 50))) for _ in range(400)]
        texts += SAMPLES + [w + " x" for w in WHITE_SPACE] + ["x" + w + " y" for w in WHITE_SPACE]
        counts, hashes, nwords = counter.count(texts)
        assert counts.tolist() == [len(enc.encode_ordinary(t)) for t in texts]
        assert nwords.tolist() == [len(t.split(" ")) for t in texts] and len(hashes) == sum(nwords)
        for t in texts[:50]:  # the texts it must encode whole are not rare here: summing words would be wrong
            words = t.split(" ")
            naive = len(enc.encode_ordinary(words[0])) + sum(len(enc.encode_ordinary(" " + w)) for w in words[1:])
            naive_wrong += naive != len(enc.encode_ordinary(t))
    assert naive_wrong > 0
    # Python's isspace (which the counter uses) covers every character Rust's \s matches
    assert all(c.isspace() for c in WHITE_SPACE)


def test_word_counter_keeps_nothing_from_a_failed_call_and_is_thread_safe() -> None:
    from concurrent.futures import ThreadPoolExecutor

    enc = T.get_encoding("o200k_base")
    counter = T.WordCounter(enc)
    with pytest.raises(UnicodeEncodeError):
        counter.count(["fine words", "a lone \ud800 surrogate"])
    # threads that meet new words at the same time (tiktoken lets go of the GIL while it encodes), with a table
    # so small that it starts over on almost every call
    counter = T.WordCounter(enc, max_words=100)
    batches = [[f"w{b}x{i} shared{b}y{i % 7} {'tok' * (i % 5)}{b}  end" for i in range(150)] for b in range(120)]

    def run(k: int) -> bool:
        return all(counter.count(batch)[0].tolist() == [len(enc.encode_ordinary(t)) for t in batch]
                   for batch in batches[k::2] + batches[1 - k::2])

    with ThreadPoolExecutor(2) as pool:
        assert all(pool.map(run, range(2)))
    # the same word gives the same hash in any order of first sight (signatures are compared across processes)
    a = T.WordCounter(enc).count(["alpha beta gamma"])[1].tolist()
    b = T.WordCounter(enc).count(["gamma x", "alpha beta gamma"])[1].tolist()[2:]
    assert a == b
