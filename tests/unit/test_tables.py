"""One table module (issue 17): model names resolve only by exact name, fine-tuned id, documented alias or a unique
dated match, else unknown (with the close names); one epoch rule (the cookbook's), one billed-token rule, one
price; the cookbook's published figures for its toy file on gpt-3.5-turbo-0613; the same numbers from validate, the
OpenAI provider, the decision's evidence and chat's answer prices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fttool import tables

HAPPY = "You are a happy assistant that puts a positive spin on everything."


def cookbook_toy(path: Path) -> Path:
    """The cookbook's toy_chat_fine_tuning.jsonl, as its notebook describes it: five chats, one with no system
    message, one with no user message, and one whose answer is "Eat a banana!" 2,000 times (8,032 tokens)."""
    chats = [
        [("system", HAPPY), ("user", "I fell off my bike today."),
         ("assistant", "It's great that you're getting exercise outdoors!")],
        [("system", HAPPY), ("user", "I lost my tennis match today."), ("assistant", "It's ok, it happens to everyone."),
         ("user", "But I trained so hard!"), ("assistant", "It will pay off next time."),
         ("user", "I'm going to switch to golf."), ("assistant", "Golf is fun too!"),
         ("user", "I don't even know how to play golf."), ("assistant", "It's easy to learn!")],
        [("user", "I lost my book today."), ("assistant", "You can read everything on ebooks these days!")],
        [("system", HAPPY), ("assistant", "You're great!")],
        [("system", HAPPY), ("user", "I'm hungry."), ("assistant", "Eat a banana!" * 2000)],
    ]
    path.write_text("".join(json.dumps({"messages": [{"role": r, "content": c} for r, c in chat]}) + "\n"
                            for chat in chats))
    return path


@pytest.mark.parametrize("query, name, how, tuned", [
    ("gpt-4o-mini-2024-07-18", "gpt-4o-mini-2024-07-18", "exact", False),
    ("gpt-4o", "gpt-4o-2024-08-06", "alias", False),  # never gpt-4o-mini's entry
    ("gpt-4o-mini", "gpt-4o-mini-2024-07-18", "alias", False),
    ("gpt-4.1", "gpt-4.1-2025-04-14", "alias", False),  # never gpt-4.1-nano's
    ("gpt-3.5-turbo", "gpt-3.5-turbo-0125", "alias", False),  # three snapshots: the alias decides
    ("gpt-35-turbo", "gpt-35-turbo-0125", "alias", False),
    ("gpt-35-turbo-0613", "gpt-35-turbo-0613", "exact", False),
    ("ft:gpt-4o-2024-08-06:acme::AbC123", "gpt-4o-2024-08-06", "exact", True),
    ("ft:gpt-4o-mini-2024-07-18:acme:recipes:AbC123:ckpt-step-10", "gpt-4o-mini-2024-07-18", "exact", True),
    ("gpt-4o-mini-2024-07-18.ft-0123abcd", "gpt-4o-mini-2024-07-18", "exact", True),  # Azure's fine-tuned name
    ("gpt-4o-mni", None, "unknown", False),
    ("llama-3", None, "unknown", False),
])
def test_names_resolve_by_the_rules_only(query: str, name: str | None, how: str, tuned: bool) -> None:
    res = tables.resolve(query)
    assert (res.name, res.how, res.tuned) == (name, how, tuned)


def test_a_unique_dated_match_and_an_ambiguous_one() -> None:
    names = {"m-2024-01-01", "m-mini-2024-02-02", "n-0613", "n-1106"}
    assert tables.resolve("m", names, {}).name == "m-2024-01-01"  # m-mini-... is another model, not a date
    assert tables.resolve("n", names, {}).name is None  # two snapshots and no alias: unknown, not a guess


def test_unknown_models_get_the_close_names_and_no_price() -> None:
    params = tables.unknown_model_params("gpt-4o-mni")
    assert params["close_names"][0] == "gpt-4o-mini" and params["date"] == tables.tables_date()
    assert params["close"].startswith("gpt-4o-mini, ")
    assert tables.unknown_model_params("zzz")["close"] == "-"
    from fttool.messages import render

    assert render("unknown_model", params).startswith("No token limit or price is known for gpt-4o-mni (tables "
                                                      "dated 2025-06-01). Known names close to it: gpt-4o-mini, ")
    est = tables.estimate("gpt-4o-mni", 1_000_000)
    assert est.usd is None and not est.known  # unknown, never $0
    assert tables.model_limits("gpt-4o-mni") == {"example_tokens": None, "encoding": "o200k_base", "known": False,
                                                 "name": None}


def test_gpt_4o_is_never_priced_as_gpt_4o_mini() -> None:
    assert tables.estimate("gpt-4o", 1_000_000).usd == tables.estimate("gpt-4o-2024-08-06", 1_000_000).usd == 25.0
    assert tables.estimate("gpt-4o-mini", 1_000_000).usd == 3.0
    from fttool.chat.pricing import prices_for

    assert prices_for("gpt-4.1") == (2.0, 8.0)  # not the nano price
    assert prices_for("ft:gpt-4.1-2025-04-14:acme::x") == (3.0, 12.0)  # a tuned model's answers: the tuned price
    from fttool.providers.openai import OpenAIProvider

    entry, _ = OpenAIProvider().price_entry("gpt-4o")
    assert entry is not None and entry["training_per_1m_tokens"] == 25.0
    from fttool.decision.tables import Tables

    assert (Tables.load().price("gpt-4o") or {}).get("training_per_1m_tokens") == 25.0


@pytest.mark.parametrize("n, epochs", [(1, 25), (5, 20), (9, 11), (13, 7), (33, 3), (34, 3), (100, 3),
                                       (8333, 3), (8334, 2), (30000, 1)])
def test_one_epoch_rule_everywhere(n: int, epochs: int) -> None:
    from fttool.decision.evidence import _epochs
    from fttool.decision.tables import Tables
    from fttool.providers.openai import OpenAIProvider

    assert tables.default_epochs(n) == epochs
    assert OpenAIProvider.auto_epochs(n) == epochs
    assert _epochs(n, Tables.load().epochs_rule()) == epochs


def test_the_cookbooks_published_figures_for_its_toy_file(tmp_path: Path) -> None:
    """The cookbook prints for toy_chat_fine_tuning.jsonl: 1 example over the 4,096-token limit, ~4,306 tokens
    charged per epoch, 20 epochs, ~86,120 tokens charged."""
    from fttool.datasets.validate import validate_file

    report = validate_file(cookbook_toy(tmp_path / "toy.jsonl"), model="gpt-3.5-turbo-0613")
    over = [p for p in report.problems if p.code == "too_many_tokens"]
    assert [p.line for p in over] == [5] and over[0].params["tokens"] == 8032 and report.limit == 4096
    assert report.epochs == 20 and report.tokens["billed"] == 86_120
    assert tables.billed_tokens([int(t) for t in report.line_tokens], 4096, 20) == 86_120
    assert report.estimated_cost_usd == round(86_120 * 8.0 / 1e6, 4)
    assert not any(p.code == "unknown_model" for p in report.problems)
    # Azure's name of the same model, on Azure
    az = validate_file(tmp_path / "toy.jsonl", model="gpt-35-turbo-0613", backend="azure")
    assert az.tokens["billed"] == 86_120 and az.estimated_cost_usd == report.estimated_cost_usd


# backend, model, examples x tokens each -> resolved, limit, epochs, billed, usd
TABLE = [
    ("openai", "gpt-4o-mini", 10, 100, "gpt-4o-mini-2024-07-18", 65536, 10, 10_000, 0.03),
    ("openai", "gpt-4o", 50, 200, "gpt-4o-2024-08-06", 65536, 3, 30_000, 0.75),
    ("openai", "gpt-4.1-nano", 200, 50, "gpt-4.1-nano-2025-04-14", 65536, 3, 30_000, 0.045),
    ("openai", "gpt-3.5-turbo-0613", 20, 5000, "gpt-3.5-turbo-0613", 4096, 5, 409_600, 3.2768),
    ("azure", "gpt-35-turbo-1106", 20, 100, "gpt-35-turbo-1106", 16385, 5, 10_000, 0.08),
    ("openai", "gpt-35-turbo-1106", 20, 100, "gpt-35-turbo-1106", 16385, 5, 10_000, None),  # Azure's name only
    ("openai", "gpt-4o-mni", 20, 100, None, None, 5, 10_000, None),
]


@pytest.mark.parametrize("backend, model, n, each, resolved, limit, epochs, billed, usd", TABLE)
def test_the_table(backend: str, model: str, n: int, each: int, resolved: str | None, limit: int | None,
                   epochs: int, billed: int, usd: float | None) -> None:
    info = tables.model_limits(model)
    assert info["name"] == resolved and info["example_tokens"] == limit
    e = tables.default_epochs(n)
    b = tables.billed_tokens([each] * n, info["example_tokens"], e)
    assert (e, b) == (epochs, billed)
    assert tables.estimate(model, b, backend).usd == usd


def test_every_added_model_is_sourced() -> None:
    for name, entry in tables.limits_table()["models"].items():
        if "3.5" in name or "35" in name:
            assert entry.get("source"), name
    for name, entry in tables.prices_table()["models"].items():
        if "3.5" in name or "35" in name:
            assert entry.get("source") and entry.get("training_per_1m_tokens"), name
    assert tables.limits_table()["aliases"]["_source"]


def test_billed_beside_the_estimate() -> None:
    from fttool.jobs.plan import cost_vs_estimate
    from fttool.messages import render

    assert cost_vs_estimate({"estimated_billed_tokens": 100}) is None  # not reported yet
    code, params = cost_vs_estimate({"estimated_billed_tokens": 1000, "estimated_cost_usd": 0.003,
                                     "trained_tokens": 900, "cost_usd": 0.0027}) or ("", {})
    assert render(code, params) == ("Trained 900 tokens, $0.0027; the estimate was 1000 tokens, $0.0030 "
                                    "(-10.0% tokens).")
    code, _ = cost_vs_estimate({"trained_tokens": 900}) or ("", {})
    assert code == "cost_no_estimate"
