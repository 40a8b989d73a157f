"""More good examples from a few (issue 23): a teacher model writes chat examples in the style of the project's
own, each passes gates before it may join the training set, and a person accepts it. Modules, each importing only
those before it: config, prompts, cost, review, teacher; here, their public names."""

from __future__ import annotations

# Why our own code: Data Designer's engine needs pandas, pyarrow 24, scipy, duckdb and huggingface-hub < 2 (we are
# on 2.x), DeepFabric pins transformers and datasets, and instructor wraps the openai client's create method; none
# goes through our ChatClient, which is what reaches every teacher (OpenAI, Azure, Together, Hugging Face, a local
# model or any OpenAI-compatible server) with one retry and error policy, and none resumes item by item from a
# journal.
from fttool.datasets.synth.config import (
    DROP_REASONS,
    PROMPT_VERSION,
    CancelFn,
    Journal,
    ProgressFn,
    SynthConfig,
    file_sha256,
    first_of,
    load_chats,
    load_rows,
    load_taken,
    project_config,
    project_files,
    read_docs,
    system_prompt,
)
from fttool.datasets.synth.cost import check_confirmed, plan, plan_for_project
from fttool.datasets.synth.prompts import (
    MESSAGE_SCHEMA,
    RATING_SCHEMA,
    TOPICS_SCHEMA,
    answer_messages,
    judge_prompt,
    parse_json,
    question_prompt,
    topics_prompt,
)
from fttool.datasets.synth.review import (
    LEAK,
    NEAR,
    SHINGLE,
    NearIndex,
    accept,
    build_outputs,
    review_run,
    shingles,
    take_pending,
    take_rows,
)
from fttool.datasets.synth.teacher import Runner, gate_elsewhere, run, run_for_project, topics_for_project

__all__ = [
    "DROP_REASONS", "LEAK", "MESSAGE_SCHEMA", "NEAR", "PROMPT_VERSION", "RATING_SCHEMA", "SHINGLE", "TOPICS_SCHEMA",
    "CancelFn", "Journal", "NearIndex", "ProgressFn", "Runner", "SynthConfig", "accept", "answer_messages",
    "build_outputs", "check_confirmed", "file_sha256", "first_of", "gate_elsewhere", "judge_prompt", "load_chats",
    "load_rows", "load_taken", "parse_json", "plan", "plan_for_project", "project_config", "project_files",
    "question_prompt", "read_docs", "review_run", "run", "run_for_project", "shingles", "system_prompt",
    "take_pending", "take_rows", "topics_for_project", "topics_prompt",
]
