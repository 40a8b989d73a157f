"""Regenerate tests/data/validate/*.jsonl: one file per problem code, the problem planted at a known line.

Each file has distinct filler examples (no system prompt, answers long enough, no personal data) so that the
only problems in it are the planted ones; EXPECTED in tests/unit/test_datasets_validate.py lists them.
Run: .venv/bin/python tests/data/make_validate_fixtures.py"""

from __future__ import annotations

import json
import random
from pathlib import Path

HERE = Path(__file__).parent / "validate"
WORDS = ("apple river cloud stone ember violet harbor meadow lantern copper falcon willow granite orchard "
         "velvet thunder saddle marble canyon pepper glacier ribbon walnut beacon pebble summit tundra "
         "quartz cobalt jasmine anchor prairie bramble cedar dune fjord grotto hazel iris juniper kelp "
         "lagoon mango nectar oasis poppy quill raven sable tulip umber vortex wren yarrow zephyr").split()


def filler(i: int, rng: random.Random) -> dict:
    q = " ".join(rng.sample(WORDS, 7))
    a = " ".join(rng.sample(WORDS, 12))
    return {"messages": [{"role": "user", "content": f"Tell me about {q} (case {i})."},
                         {"role": "assistant", "content": f"Here is what I know: {a}."}]}


def dpo_filler(i: int, rng: random.Random) -> dict:
    return {"input": {"messages": [{"role": "user", "content": " ".join(rng.sample(WORDS, 6)) + f" {i}?"}]},
            "preferred_output": [{"role": "assistant", "content": " ".join(rng.sample(WORDS, 8))}],
            "non_preferred_output": [{"role": "assistant", "content": " ".join(rng.sample(WORDS, 8))}]}


def write(name: str, bad: list[str | dict], at: int = 4, n: int = 12, dpo: bool = False) -> None:
    rng = random.Random(name)
    lines: list[str] = [json.dumps((dpo_filler if dpo else filler)(i, rng)) for i in range(n)]
    for k, b in enumerate(bad):
        lines.insert(at - 1 + k, b if isinstance(b, str) else json.dumps(b, ensure_ascii=False))
    (HERE / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    HERE.mkdir(exist_ok=True)
    u = {"role": "user", "content": "A plain question about the weather today?"}
    a = {"role": "assistant", "content": "It is sunny with a light breeze."}
    (HERE / "empty_file.jsonl").write_bytes(b"")
    (HERE / "empty_whitespace.jsonl").write_bytes(b"\n  \n\n")
    write("invalid_json", ['{"messages": [{"role": "user", "content": "oops"}'])
    write("not_an_object", ["[1, 2, 3]"])
    write("missing_messages", [{"conversation": [u, a]}])
    write("message_missing_key", [{"messages": [{"content": "no role here"}, a]}])
    write("message_unrecognized_key", [{"messages": [{**u, "mood": "happy"}, a]}])
    write("unrecognized_role", [{"messages": [{"role": "human", "content": "hi"}, a]}])
    write("missing_content", [{"messages": [{"role": "user", "content": None}, a]}])
    write("no_assistant_message", [{"messages": [u]}])
    write("invalid_weight", [{"messages": [u, {**a, "weight": 0.5}]}])
    write("too_many_tokens", [{"messages": [u, {"role": "assistant", "content": "word " * 17000}]}])
    write("too_few_examples", [], n=3)
    write("duplicate", [{"messages": [u, a]}, {"messages": [u, a]}])
    long_a = ("The refund will reach your card within five business days after the warehouse confirms the "
              "return, and you will get an e-mail receipt the moment the credit is issued to the account.")
    write("near_duplicate", [{"messages": [u, {"role": "assistant", "content": long_a}]},
                             {"messages": [u, {"role": "assistant", "content": long_a.replace("five", "seven")}]}])
    write("assistant_first", [{"messages": [a, u, a]}])
    write("consecutive_user", [{"messages": [u, u, a]}])
    write("empty_answer", [{"messages": [u, {"role": "assistant", "content": "   "}]}])
    write("short_answer", [{"messages": [u, {"role": "assistant", "content": "ok"}]}])
    write("personal_data", [{"messages": [{"role": "user", "content": "Mail jane.doe@example.com or call "
                                                                        "+1 415 555 0134 please"},
                                          {"role": "assistant", "content": "Use the key "
                                                                           "sk-proj-AbCdEfGhIjKlMnOpQrStUvWx123 now."}]}])
    write("will_be_truncated", [{"messages": [u, {"role": "assistant", "content": "many words " * 40}]}])
    write("blank_line", [""])
    write("tools_valid", [{"messages": [u, {"role": "assistant", "content": None, "tool_calls": [
        {"id": "call_1", "type": "function", "function": {"name": "weather", "arguments": "{\"city\": \"Oslo\"}"}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "sunny, 21 C"}, a],
        "tools": [{"type": "function", "function": {"name": "weather", "parameters": {"type": "object"}}}]}])
    # inconsistent system prompts: most examples share one, one has none, one has another
    rng = random.Random("sys")
    lines = []
    for i in range(12):
        ex = filler(i, rng)
        ex["messages"].insert(0, {"role": "system", "content": "You are the support assistant of Acme."})
        lines.append(json.dumps(ex))
    lines[4] = json.dumps(filler(99, rng))
    other = filler(98, rng)
    other["messages"].insert(0, {"role": "system", "content": "You are a pirate."})
    lines[7] = json.dumps(other)
    (HERE / "inconsistent_system_prompt.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    # invalid UTF-8 on line 4
    write("invalid_encoding", ["__LATIN1__"])
    p = HERE / "invalid_encoding.jsonl"
    p.write_bytes(p.read_bytes().replace(
        b"__LATIN1__", b'{"messages": [{"role": "user", "content": "caf\xe9 au lait?"}, '
                       b'{"role": "assistant", "content": "Yes, a caf\xe9 au lait."}]}'))
    # a UTF-8 byte order mark on an otherwise valid file
    write("utf8_bom", [])
    p = HERE / "utf8_bom.jsonl"
    p.write_bytes(b"\xef\xbb\xbf" + p.read_bytes())
    # UTF-16 with a BOM (re-encodable)
    p16 = HERE / "utf16.jsonl"
    p16.write_bytes((HERE / "tools_valid.jsonl").read_text(encoding="utf-8").encode("utf-16"))
    # DPO
    pi = {"messages": [{"role": "user", "content": "Which is better for a picnic?"}]}
    good = [{"role": "assistant", "content": "A shady spot by the lake."}]
    bad_ = [{"role": "assistant", "content": "The highway."}]
    write("dpo_missing_input", [{"preferred_output": good, "non_preferred_output": bad_}], dpo=True)
    write("dpo_missing_preferred_output", [{"input": pi, "non_preferred_output": bad_}], dpo=True)
    write("dpo_missing_non_preferred_output", [{"input": pi, "preferred_output": good}], dpo=True)
    write("dpo_invalid_output", [{"input": pi, "preferred_output": good + bad_, "non_preferred_output": bad_}],
          dpo=True)
    write("dpo_input_ends_with_assistant", [{"input": {"messages": pi["messages"] + good}, "preferred_output": good,
                                            "non_preferred_output": bad_}], dpo=True)
    write("dpo_identical_outputs", [{"input": pi, "preferred_output": good, "non_preferred_output": good}], dpo=True)
    write("dpo_valid", [], dpo=True)
    # train/validation overlap: validation holds line 4's example of the train file at its line 2
    write("overlap_train", [{"messages": [u, a]}])
    rng = random.Random("val")
    vlines = [json.dumps(filler(50, rng)), json.dumps({"messages": [u, a]}), json.dumps(filler(51, rng))]
    (HERE / "overlap_validation.jsonl").write_text("\n".join(vlines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
