"""The cost of an answer, from the dated price table through fttool.tables (the one resolver: a
fine-tuned OpenAI id `ft:<base>:<org>:<suffix>:<id>` or Azure's `<base>.ft-<id>` costs the base model's tuned
prices; `gpt-4o-mini` is the snapshot its alias names). A model the table does not know (a Hugging Face model, a
local one, a server's) has no cost: None, never a guess."""

from __future__ import annotations

from typing import Any


def price_table() -> dict[str, Any]:
    from fttool.tables import prices_table

    return prices_table()


def prices_for(model: str | None, table: dict[str, Any] | None = None) -> tuple[float, float] | None:
    """(input, output) USD per 1M tokens for this model id, or None when unknown."""
    from fttool.tables import answer_prices

    return answer_prices(model, table)


def answer_cost(model: str | None, prompt_tokens: int | None, completion_tokens: int | None,
                table: dict[str, Any] | None = None) -> float | None:
    prices = prices_for(model, table)
    if prices is None or prompt_tokens is None or completion_tokens is None:
        return None
    return (prompt_tokens * prices[0] + completion_tokens * prices[1]) / 1_000_000
