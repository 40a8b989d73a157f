"""Problem codes of the data checks and their English text (the CLI prints it; ui/ translates the same codes).

Each text names what is wrong and what to do. Parameters never carry a matched personal value or secret."""

from __future__ import annotations

from fttool.messages import register

ERRORS = (
    "empty_file", "invalid_encoding", "invalid_json", "not_an_object", "missing_messages", "message_missing_key",
    "message_unrecognized_key", "unrecognized_role", "missing_content", "no_assistant_message", "invalid_weight",
    "too_many_tokens", "too_few_examples", "example_too_large",
    "dpo_missing_input", "dpo_missing_preferred_output", "dpo_missing_non_preferred_output", "dpo_invalid_output",
    "dpo_input_ends_with_assistant", "unconvertible_record", "empty_answer",
)
WARNINGS = (
    "duplicate", "near_duplicate", "in_train_and_validation", "assistant_first", "consecutive_user",
    "short_answer", "inconsistent_system_prompt", "personal_data", "will_be_truncated",
    "blank_line", "dpo_identical_outputs", "unknown_model",
)
SEVERITY = {**{c: "error" for c in ERRORS}, **{c: "warning" for c in WARNINGS}}

TEXTS = {
    "unknown_model": "No token limit or price is known for {model} (tables dated {date}). Known names close to it: "
                     "{close}.",
    # errors
    "empty_file": "The file is empty. Add examples (one JSON object per line) or choose another file.",
    "invalid_encoding": "{where} is not valid UTF-8 ({encoding}). Use the fix 'Re-encode to UTF-8' or save the "
                        "file as UTF-8 in your editor.",
    "invalid_json": "Line {line} is not valid JSON ({detail} at column {column}). Each line must be one complete "
                    "JSON object; check quotes, commas and brackets.",
    "not_an_object": "{where} is {found}, not a JSON object. Each example must be an object such as "
                     "{{\"messages\": [...]}}.",
    "missing_messages": "Line {line} has no \"messages\" list (or it is empty). Each example needs \"messages\": "
                        "[{{\"role\": ..., \"content\": ...}}, ...].",
    "message_missing_key": "Line {line}, {field}: the message has no \"{key}\". Every message needs \"role\" and "
                           "\"content\".",
    "message_unrecognized_key": "Line {line}, {field}: unknown key \"{key}\". Allowed: role, content, name, weight, "
                                "tool_calls, tool_call_id; remove or rename it.",
    "unrecognized_role": "Line {line}, {field}: role \"{role}\" is not one of system, user, assistant, tool.",
    "missing_content": "Line {line}, {field}: the message has no text (content is {found}). Write the text, or "
                       "remove the message.",
    "no_assistant_message": "Line {line} has no assistant message, so there is nothing to learn. Add the answer "
                            "the model should give.",
    "invalid_weight": "Line {line}, {field}: weight must be 0 or 1 and only on assistant messages (found {found}). "
                      "In the app, tick or untick 'Train on it' on the answer instead.",
    "example_too_large": "Line {line} is {size_mb} MB, far more than any model trains on (fttool checks examples of "
                         "up to {limit_mb} MB), so it was not read further. Shorten it or split it into examples.",
    "too_many_tokens": "Line {line} has {tokens} tokens, over the {limit}-token limit of {model}; it would be "
                       "truncated. Shorten it or use the fix 'Drop over-long examples'.",
    "too_few_examples": "The file has {count} usable examples; {backend} needs at least {minimum}. Add examples.",
    "dpo_missing_input": "Line {line}: a preference example needs \"input\" with a \"messages\" list.",
    "dpo_missing_preferred_output": "Line {line}: \"preferred_output\" is missing; give the better answer as "
                                    "[{{\"role\": \"assistant\", \"content\": ...}}].",
    "dpo_missing_non_preferred_output": "Line {line}: \"non_preferred_output\" is missing; give the worse answer as "
                                        "[{{\"role\": \"assistant\", \"content\": ...}}].",
    "dpo_invalid_output": "Line {line}, {field}: must be a list with exactly one assistant message with text.",
    "dpo_input_ends_with_assistant": "Line {line}: the input's last message is from the assistant; it should end "
                                     "with the user's turn the outputs answer.",
    "unconvertible_record": "Record {line} cannot be read as a conversation ({detail}). Fix it in the source "
                            "file or check the column mapping.",
    "empty_answer": "Line {line}, {field}: the answer is empty, so there is nothing for the model to learn. Write "
                    "the answer, or drop this example.",
    # warnings
    "duplicate": "Line {line} is an exact duplicate of line {first}. Duplicates add cost and skew training; use "
                 "the fix 'Drop exact duplicates'.",
    "near_duplicate": "Line {line} is nearly the same as line {first} (about {similarity}% alike). Keep it only if "
                      "the difference matters.",
    "in_train_and_validation": "Line {line} also appears in the validation file (its line {other_line}). The "
                               "validation score would be too optimistic; remove it from one side.",
    "assistant_first": "Line {line}: the conversation starts with the assistant (after any system message). "
                       "Usually the user speaks first.",
    "consecutive_user": "Line {line}, {field}: two user messages in a row. Merge them or add the assistant's reply "
                        "between them.",

    "short_answer": "Line {line}, {field}: the assistant's answer is very short ({chars} characters). Check that "
                    "it is complete.",
    "inconsistent_system_prompt": "Line {line}: {detail} Most examples ({majority} of {total}) use the same system "
                                  "prompt; use the same prompt you will use in production, or the fix 'Add a "
                                  "default system prompt'.",
    "personal_data": "Line {line}, {field}: looks like it contains {kind_text}. Remove or mask it before "
                     "uploading.",
    "will_be_truncated": "Line {line} has {tokens} tokens; training with a {limit}-token maximum length truncates "
                         "it. Shorten it or raise the maximum length.",
    "blank_line": "Line {line} is blank. Blank lines are skipped here but some services reject them; remove it.",
    "dpo_identical_outputs": "Line {line}: the preferred and non-preferred outputs are the same, so this pair "
                             "teaches nothing. Change one of them.",
    # other messages of the data room
    "dataset_format_unknown": "{path}: cannot tell the format ({detail}). In the command line, name it with --from "
                              "(chat, dpo, sharegpt, prompt_completion, alpaca, csv, tsv, parquet) and the columns "
                              "with --map user=COL,assistant=COL; in the app, give the file the extension of its "
                              "format (.jsonl, .csv, .tsv, .parquet).",
    "validation_worker_died": "Checking {path} stopped twice at the part that starts at line {line}: the process "
                              "checking it ended (out of memory?). Check that part alone, or split the file there.",
    "bad_map_item": "--map takes user=COL, assistant=COL and system=COL, separated by commas; \"{item}\" is none "
                    "of them.",
    "dataset_csv_invalid": "{path}, line {line}: not a well-formed table record ({detail}). Check the quotes on "
                           "that line, or choose another delimiter (--delimiter, or Delimiter in the import "
                           "dialog).",
    "dataset_csv_encoding": "{path}, line {line}: the text is not valid {encoding}. Choose the file's encoding "
                            "(--encoding, or Encoding in the import dialog).",
    "dataset_encoding_unknown": "{path}: \"{encoding}\" is not an encoding fttool knows (for example utf-8, "
                                "cp1252, gbk, cp1251, utf-16).",
    "dataset_record_invalid": "{path}, record {line}: {detail}",
    "dataset_column_missing": "{path}: no column named \"{column}\". Columns: {columns}.",
    "dataset_binary": "{path} looks like a binary file, not text data.",
    "dataset_parquet_codec": "{path} is compressed with {codec}, which fttool cannot read. Save it again with "
                             "snappy or gzip compression, or as JSONL or CSV.",
    "dataset_parquet_invalid": "{path} is not a readable Parquet file ({detail}).",
    "token_file_damaged": "The tokenizer file {path} is damaged (it is not the file OpenAI publishes), so tokens "
                          "cannot be counted. Reinstall fttool.",
    "local_tokenizer_unavailable": "Counting with the model's own tokenizer needs the local training runtime "
                                   "(`fttool runtime install`): {detail}",
    "hub_not_found": "The Hugging Face dataset {repo_id} was not found (or is private: set a token).",
    "hub_file_not_found": "{repo_id} has no file {path}.",
    "hub_size_mismatch": "The download of {path} ended early ({got} of {expected} bytes). Try again.",
    "split_ratios_invalid": "Split ratios must be three non-negative numbers with a positive sum (got {ratios}).",
    "split_too_few": "{count} examples are too few to split into {parts} parts.",
}


def register_codes() -> None:
    register(TEXTS)


register_codes()
