"""Our Together AI test server: the real HTTP API's paths, JSON shapes, status codes and error bodies, as
the official `together` SDK (3.x: sync `Together`, async `AsyncTogether`) speaks them, read from its
`types/`, `resources/` and `lib/` modules.

Point the SDK at it unchanged: `Together(api_key=server.api_key, base_url=server.url,
project_id=server.project_id)` (or TOGETHER_API_KEY / TOGETHER_BASE_URL / TOGETHER_PROJECT_ID). Every
route but the presigned storage PUTs wants `Authorization: Bearer <api_key>`; a wrong key gets 401 with
Together's body `{"error": {"message": "Invalid API key provided. ...", "type": "invalid_request_error",
"param": null, "code": "invalid_api_key"}}`. Other /v1 errors use the same envelope (`param` names the
field at fault); the project-scoped /v2 API answers errors in the RPC shape
`{"code": <gRPC code>, "message": ..., "details": []}`.

Files (the SDK's UploadManager protocol, lib/resources/files.py):
    POST   /v1/files                  form fields purpose, file_name, file_type, checksum (sha256) -> 302
                                      with `Location` (a presigned PUT URL here) and `X-Together-File-Id`
    PUT    /_storage/{file_id}?X-Amz-Signature=...   the bytes, no auth (as S3) -> 200 + ETag
    POST   /v1/files/{id}/preprocess  the confirm step: server-side dataset validation -> FileResponse
    POST   /v1/files/multipart/initiate | complete | abort, PUT /_storage/{id}/parts/{n}  (files > 5 GB)
    POST   /v1/files/upload           direct multipart upload (file, file_name, purpose)
    GET    /v1/files, /v1/files/{id}, /v1/files/{id}/content;   DELETE /v1/files/{id}
Fine-tuning:
    GET    /v1/fine-tunes/models/limits?model_name=    (the SDK's create() calls it first ...)
    POST   /v1/fine-tunes/estimate-price               (... then this ...)
    POST   /v1/fine-tunes                              (... then creates)
    GET    /v1/fine-tunes (`{"data": [...]}`), /v1/fine-tunes/{id};  DELETE /v1/fine-tunes/{id}
    POST   /v1/fine-tunes/{id}/cancel
    GET    /v1/fine-tunes/{id}/events | /checkpoints | /metrics?global_step_from=&global_step_to=&resolution=
    GET    /v1/finetune/download?ft_id=&checkpoint=merged|adapter|model_output_path&checkpoint_step=
           a zstd-compressed tar (.tar.zst) with Content-Length, Content-Disposition and Range support
           (206 + Content-Range), which the SDK's DownloadManager needs for its size probe and resume
Models, projects, hardware, dedicated endpoints:
    GET    /v1/models (a bare JSON array, as Together answers), /v1/projects (cursor page)
    GET    /v1/hardware?model=;  POST|GET /v1/endpoints;  GET|PATCH|DELETE /v1/endpoints/{id}
           (the documented v1 API: model + hardware + autoscaling; PENDING -> STARTING -> STARTED)
    GET    /v2/supported-models[/{id}] (?product=PRODUCT_FINE_TUNING&search=&modality=)
    GET    /v2/public/inference-instance-types[/{id}]   (the SDK's `endpoints.hardware`)
    GET    /v2/projects/{p}/models[/{id}], DELETE /v2/projects/{p}/models/{id}
    GET    /v2/projects/{p}/configs[/{id}] (?referenceModelId=)
    POST|GET /v2/projects/{p}/endpoints;  GET|PATCH|DELETE /v2/projects/{p}/endpoints/{id}
    POST|GET /v2/projects/{p}/endpoints/{e}/deployments;  GET|PATCH|DELETE .../deployments/{id}
           (what SDK 3.x's `client.endpoints` speaks: an endpoint is a name; a deployment binds a model
           and a config (hardware) with autoscaling; DEPLOYMENT_STATE_PROVISIONING -> READY over GETs)
Chat: POST /v1/chat/completions from chat_routes (OpenAI-compatible, streaming or not) for base models,
finished tuned models (their `model_output_name`), STARTED v1 endpoint names and READY v2 deployment /
endpoint names.

A job moves one stage per retrieval (GET /v1/fine-tunes/{id}): pending -> queued -> running
(`running_polls` steps, each adding a falling `train/loss` metric row, an `eval/loss` when n_evals > 0
and there is a validation file, epoch and checkpoint events) -> compressing -> uploading (0 polls each
unless set) -> completed, with `model_output_name` ("<project slug>/<Base>-<suffix>-<8 hex>"),
`token_count`, `total_price` (nanodollars), checkpoints and registry objects. A cancel answers
`cancel_requested`; the next retrieval says `cancelled`.

Knobs: `api_key`, `project_id`, `project_slug`; `pending_polls`, `queued_polls`, `running_polls`,
`compressing_polls`, `uploading_polls`; `fail_next_job` (a message: the next job ends in `error` after
its first step); `create_delay` (seconds the create response is held AFTER the job was made);
`file_processing_polls` (retrievals before an upload's validation completes; 0 = at preprocess);
`storage_redirects` (307 hops the presigned PUT answers first); `dedupe_uploads` (a re-upload of the same
sha256 gets 409 {"file_id"}); `credit_limit` (dollars, for estimate-price); `deployment_polls`,
`endpoint_polls`; `unavailable_hardware` (hardware ids with no capacity).
Faults from the base (`server.fault(...)`: 429 + Retry-After, 500, delay, drop) work on every route.
For tests: `uploads` (file id -> sha256 of the stored bytes), `files`, `jobs`, `job_state`, `registry`,
`endpoints`, `deployments`, `v1_endpoints`, `archive(job, kind)`.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import math
import re
import socket
import struct
import tarfile
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

import cramjam

from tests.servers.base import Request, Response, TestServer

PROJECT_ID = "proj_fttooltest0001"
PROJECT_SLUG = "fttool-test"
ORG_ID = "org_fttooltest0001"
USER_ID = "user_fttooltest0001"
PUBLIC_PROJECT = "proj_togetherai"  # owner of the Together-hosted base models and their configs
INVALID_KEY = ("Invalid API key provided. You can find your API key at "
               "https://api.together.xyz/settings/api-keys.")
PURPOSES = ("fine-tune", "calibration", "eval", "batch-api")
FILE_TYPES = ("jsonl", "parquet", "csv")
ROLES = ("system", "user", "assistant", "tool")
TERMINAL = ("completed", "cancelled", "error")
NANO = 1_000_000_000
MIN_MULTIPART = 5 * 2**30
NAME_RX = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}\Z")
SUFFIX_RX = re.compile(r"[A-Za-z0-9._-]{1,40}\Z")
GRPC = {"INVALID_ARGUMENT": (400, 3), "NOT_FOUND": (404, 5), "ALREADY_EXISTS": (409, 6),
        "FAILED_PRECONDITION": (400, 9), "ABORTED": (409, 10)}


@dataclass(frozen=True)
class Hardware:
    id: str  # v1 id and v2 instance-type id, e.g. 1x_nvidia_h100_80gb_sxm
    name: str  # v2 deployable name (config selectors accelerator_count + "x" + accelerator_type)
    accelerator: str  # the selector value, e.g. nvidia-h100-80gb
    gpu_type: str
    gpu_count: int
    gpu_memory: int
    gpu_link: str
    cents_per_hour: int


HARDWARE = (
    Hardware("1x_nvidia_l40s_48gb", "1xnvidia-l40s-48gb", "nvidia-l40s-48gb", "L40S", 1, 48, "pcie", 180),
    Hardware("1x_nvidia_a100_80gb_sxm", "1xnvidia-a100-80gb", "nvidia-a100-80gb", "A100", 1, 80, "sxm", 256),
    Hardware("1x_nvidia_h100_80gb_sxm", "1xnvidia-h100-80gb", "nvidia-h100-80gb", "H100", 1, 80, "sxm", 336),
    Hardware("2x_nvidia_h100_80gb_sxm", "2xnvidia-h100-80gb", "nvidia-h100-80gb", "H100", 2, 80, "sxm", 672),
)
HW = {h.id: h for h in HARDWARE}


@dataclass(frozen=True)
class ModelSpec:
    name: str
    display_name: str
    publisher: str
    params_b: float
    context_length: int
    architecture: str
    hardware: tuple[str, ...]
    license: str
    fine_tunable: bool = True
    full_training: bool = True
    vision: bool = False
    reasoning: bool = False
    input_price: float = 0.2  # serverless $ per 1M tokens
    output_price: float = 0.2


SMALL_HW = ("1x_nvidia_l40s_48gb", "1x_nvidia_a100_80gb_sxm", "1x_nvidia_h100_80gb_sxm")
MID_HW = ("1x_nvidia_a100_80gb_sxm", "1x_nvidia_h100_80gb_sxm", "2x_nvidia_h100_80gb_sxm")
BASE_MODELS = (
    ModelSpec("Qwen/Qwen3-8B", "Qwen3 8B", "Qwen", 8.2, 40960, "Qwen3ForCausalLM", MID_HW, "apache-2.0",
              reasoning=True, input_price=0.18, output_price=0.18),
    ModelSpec("meta-llama/Llama-3.2-3B-Instruct", "Llama 3.2 3B Instruct", "Meta", 3.2, 131072,
              "LlamaForCausalLM", SMALL_HW, "llama3.2", input_price=0.06, output_price=0.06),
    ModelSpec("google/gemma-3-4b-it", "Gemma 3 4B Instruct", "Google", 4.3, 131072,
              "Gemma3ForConditionalGeneration", SMALL_HW, "gemma", vision=True, input_price=0.02,
              output_price=0.04),
    ModelSpec("meta-llama/Meta-Llama-3.1-8B-Instruct-Reference", "Llama 3.1 8B Instruct Reference", "Meta",
              8.0, 131072, "LlamaForCausalLM", MID_HW, "llama3.1", input_price=0.18, output_price=0.18),
    ModelSpec("meta-llama/Llama-3.3-70B-Instruct-Turbo", "Llama 3.3 70B Instruct Turbo", "Meta", 70.6, 131072,
              "LlamaForCausalLM", ("2x_nvidia_h100_80gb_sxm",), "llama3.3", fine_tunable=False,
              input_price=0.88, output_price=0.88),
)
SPECS = {m.name: m for m in BASE_MODELS}
LORA_MODULES = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]
# $ per 1M tokens processed, by size bracket: (LoRA SFT, LoRA DPO, full SFT, full DPO); the server's own table
FT_PRICES = ((16, (0.48, 1.20, 0.54, 1.35)), (69, (1.50, 3.75, 1.65, 4.12)), (1000, (2.90, 7.25, 3.20, 8.00)))


def _sha(text: str, n: int = 24) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:n]


def base_model_id(name: str) -> str:
    return "ml_" + _sha(name)


def config_id(model: str, hardware: str) -> str:
    return "cr_" + _sha(model + "|" + hardware)


def model_limits(spec: ModelSpec) -> dict[str, Any]:
    """The server's FinetuneModelLimits for a base model (types/finetune_model_limits.py)."""
    big = spec.params_b > 16
    return {
        "model_name": spec.name, "default_gradient_accumulation_steps": 1,
        "lora_training": {"default_rank": 16, "max_rank": 64, "max_batch_size": 32 if big else 64,
                          "max_batch_size_dpo": 16 if big else 32, "min_batch_size": 8,
                          "target_modules": list(LORA_MODULES)},
        "full_training": ({"max_batch_size": 16 if big else 32, "max_batch_size_dpo": 8 if big else 16,
                           "min_batch_size": 8} if spec.full_training else None),
        "max_learning_rate": 1.0, "min_learning_rate": 1e-8, "max_num_checkpoints": 20, "max_num_epochs": 20,
        "max_num_evals": 100, "max_seq_length_sft": min(spec.context_length, 32768),
        "max_seq_length_dpo": min(spec.context_length, 16384), "min_max_seq_length": 512,
        "merge_output_lora": True, "supports_full_training": spec.full_training,
        "supports_reasoning": spec.reasoning, "supports_tools": True, "supports_vision": spec.vision,
    }


def ft_rate(spec: ModelSpec, lora: bool, dpo: bool) -> float:
    """$ per token for a fine-tune of this model."""
    prices = next(p for limit, p in FT_PRICES if spec.params_b <= limit)
    return prices[(0 if lora else 2) + (1 if dpo else 0)] / 1_000_000


def iso(ts: float | None = None) -> str:
    moment = datetime.fromtimestamp(time.time() if ts is None else ts, timezone.utc)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def header(req: Request, name: str) -> str:
    """A request header whatever its case (httpx sends lower-case names)."""
    low = name.lower()
    return next((v for k, v in req.headers.items() if k.lower() == low), "")


def error(status: int, message: str, param: str | None = None, code: str | None = None,
          type_: str = "invalid_request_error", headers: dict[str, str] | None = None) -> Response:
    return Response.json({"error": {"message": message, "type": type_, "param": param, "code": code}}, status,
                         headers)


def rpc_error(kind: str, message: str) -> Response:
    status, code = GRPC[kind]
    return Response.json({"code": code, "message": message, "details": []}, status)


def parse_form(req: Request) -> tuple[dict[str, str], dict[str, tuple[str, bytes]]]:
    """Form fields and files of a multipart/form-data (or JSON) body."""
    ctype = header(req, "Content-Type")
    if ctype.startswith("application/json"):
        body = req.json() or {}
        return {str(k): str(v) for k, v in body.items()}, {}
    if not ctype.startswith("multipart/form-data"):
        raise ValueError("Expected a multipart/form-data body.")
    msg = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + req.body)
    fields: dict[str, str] = {}
    files: dict[str, tuple[str, bytes]] = {}
    for part in msg.iter_parts():
        name = str(part.get_param("name", header="content-disposition"))
        payload = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            files[name] = (filename, payload)
        else:
            fields[name] = payload.decode()
    return fields, files


def _strings(obj: Any) -> str:
    if isinstance(obj, str):
        return obj
    if isinstance(obj, dict):
        return " ".join(_strings(v) for k, v in obj.items() if k != "role")
    if isinstance(obj, list):
        return " ".join(_strings(v) for v in obj)
    return ""


def count_tokens(obj: Any) -> int:
    """The server's tokenizer: about four characters a token."""
    return max(1, math.ceil(len(_strings(obj)) / 4))


def _messages_ok(msgs: Any, need_assistant: bool) -> str | None:
    if not isinstance(msgs, list) or not msgs:
        return "`messages` must be a non-empty list"
    for m in msgs:
        if not isinstance(m, dict) or m.get("role") not in ROLES:
            return f"each message needs a `role`, one of {', '.join(ROLES)}"
        content = m.get("content")
        if not isinstance(content, (str, list)) and not (m["role"] == "assistant" and m.get("tool_calls")):
            return "each message needs a `content` string"
    if need_assistant and not any(m["role"] == "assistant" for m in msgs):
        return "a conversation needs at least one assistant message"
    return None


def line_format(obj: dict[str, Any]) -> tuple[str | None, str | None]:
    """(dataset format, error) of one JSONL record, as Together's validator names formats."""
    if "messages" in obj:
        problem = _messages_ok(obj["messages"], True)
        return ("CONVERSATION", None) if problem is None else (None, problem)
    if {"input", "preferred_output", "non_preferred_output"} <= obj.keys():
        inp = obj["input"]
        if not isinstance(inp, dict) or _messages_ok(inp.get("messages"), False):
            return None, "`input` must be an object with a non-empty `messages` list"
        for key in ("preferred_output", "non_preferred_output"):
            out = obj[key]
            if _messages_ok(out, True) or any(m.get("role") != "assistant" for m in out):
                return None, f"`{key}` must be a list of assistant messages"
        return "PREFERENCE_OPENAI", None
    if "prompt" in obj and "completion" in obj:
        if isinstance(obj["prompt"], str) and isinstance(obj["completion"], str):
            return "INSTRUCTION", None
        return None, "`prompt` and `completion` must be strings"
    if "text" in obj:
        return ("GENERAL", None) if isinstance(obj["text"], str) else (None, "`text` must be a string")
    return None, ("unknown format: expected `messages`, `prompt` + `completion`, `text`, or `input` + "
                  "`preferred_output` + `non_preferred_output`")


def validate_dataset(content: bytes, file_type: str) -> tuple[dict[str, Any], int]:
    """Together's server-side validation: (validation_report, dataset token count)."""
    def bad(message: str, nlines: int | None = None) -> tuple[dict[str, Any], int]:
        return {"valid": False, "error": message, "error_type": "INVALID_FORMAT", "nlines": nlines}, 0

    if file_type == "parquet":
        if not content.startswith(b"PAR1"):
            return bad("Not a Parquet file.")
        return {"valid": True, "dataset_format": "TOKENIZED", "nlines": None}, max(1, len(content) // 4)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return bad("File is not UTF-8 encoded.")
    if file_type == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        cols = set(rows[0].keys()) if rows else set()
        if not rows or not ("text" in cols or {"prompt", "completion"} <= cols):
            return bad("A CSV dataset needs a header with `text` or `prompt` and `completion` columns.")
        fmt = "GENERAL" if "text" in cols else "INSTRUCTION"
        return {"valid": True, "dataset_format": fmt, "nlines": len(rows)}, sum(count_tokens(r) for r in rows)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        return bad("File is empty.", 0)
    fmt: str | None = None
    tokens = 0
    flags = {"dataset_has_tools": False, "dataset_is_multimodal": False, "dataset_has_reasoning": False}
    for i, line in enumerate(lines, 1):
        try:
            obj = json.loads(line)
        except ValueError:
            return bad(f"Line {i}: invalid JSON.", len(lines))
        if not isinstance(obj, dict):
            return bad(f"Line {i}: each line must be a JSON object.", len(lines))
        this, problem = line_format(obj)
        if problem is not None:
            return bad(f"Line {i}: {problem}.", len(lines))
        if fmt is not None and this != fmt:
            return bad(f"Line {i}: format {this} differs from the first line's {fmt}.", len(lines))
        fmt = this
        tokens += count_tokens(obj)
        flags["dataset_has_tools"] |= "tools" in obj
        msgs = obj.get("messages") or []
        flags["dataset_is_multimodal"] |= any(isinstance(m.get("content"), list) for m in msgs)
        flags["dataset_has_reasoning"] |= any("reasoning" in m for m in msgs)
    report = {"valid": True, "dataset_format": fmt, "nlines": len(lines), **flags,
              "dataset_has_message_weights": False, "dataset_has_sample_weights": False,
              "dataset_has_parallel_tool_calls": False}
    return report, tokens


def tar_zst(files: dict[str, bytes], mtime: int) -> bytes:
    """A deterministic tar (sorted names, fixed owner and times), zstd-compressed: Together's .tar.zst."""
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(files):
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode = len(files[name]), mtime, 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            tar.addfile(info, io.BytesIO(files[name]))
    return bytes(cramjam.zstd.compress(buf.getvalue(), level=3))


def safetensors(tensors: dict[str, list[float]]) -> bytes:
    """A tiny valid .safetensors file of F32 vectors."""
    header: dict[str, Any] = {"__metadata__": {"format": "pt"}}
    data = b""
    for name, values in sorted(tensors.items()):
        raw = struct.pack(f"<{len(values)}f", *values)
        header[name] = {"dtype": "F32", "shape": [len(values)],
                        "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    head = json.dumps(header, separators=(",", ":")).encode()
    head += b" " * (-len(head) % 8)
    return len(head).to_bytes(8, "little") + head + data


def cursor_page(items: list[dict[str, Any]], req: Request,
                default_limit: int = 50) -> dict[str, Any] | Response:
    """The v2 cursor page `{"data": [...], "next_cursor": <the page's last id> | null}` (after, limit)."""
    try:
        limit = max(1, min(int(req.arg("limit") or default_limit), 1000))
    except ValueError:
        return rpc_error("INVALID_ARGUMENT", "limit must be an integer")
    start = 0
    after = req.arg("after")
    if after:
        ids = [i["id"] for i in items]
        if after not in ids:
            return rpc_error("INVALID_ARGUMENT", f"invalid cursor {after!r}")
        start = ids.index(after) + 1
    chunk = items[start:start + limit]
    more = start + limit < len(items)
    return {"data": chunk, "next_cursor": chunk[-1]["id"] if more and chunk else None}


class TogetherServer(TestServer):
    def __init__(self, api_key: str = "tgp_v1_test") -> None:
        super().__init__()
        self.api_key = api_key
        self.project_id = PROJECT_ID
        self.project_slug = PROJECT_SLUG
        self.started = time.time()
        # state
        self.files: dict[str, dict[str, Any]] = {}  # id -> FileResponse fields + "_" internals
        self.file_content: dict[str, bytes] = {}
        self.uploads: dict[str, str] = {}  # file id -> sha256 of the stored bytes
        self.jobs: dict[str, dict[str, Any]] = {}
        self.job_state: dict[str, dict[str, Any]] = {}  # id -> polls, plan, events, metrics, checkpoints
        self.models: list[dict[str, Any]] = [self._v1_model(s) for s in BASE_MODELS]  # GET /v1/models (chat)
        self.registry: dict[str, dict[str, Any]] = {}  # v2 project models (tuned ones), id -> Model
        self.v1_endpoints: dict[str, dict[str, Any]] = {}
        self.endpoints: dict[str, dict[str, Any]] = {}  # v2
        self.deployments: dict[str, dict[str, Any]] = {}  # v2
        # knobs
        self.pending_polls = 1
        self.queued_polls = 1
        self.running_polls = 3
        self.compressing_polls = 0
        self.uploading_polls = 0
        self.fail_next_job: str | None = None
        self.create_delay = 0.0
        self.file_processing_polls = 0
        self.storage_redirects = 0
        self.dedupe_uploads = False
        self.credit_limit = 100.0
        self.deployment_polls = 2
        self.endpoint_polls = 2
        self.unavailable_hardware: set[str] = set()
        self._routes()
        from tests.servers.chat_routes import install_chat_routes

        install_chat_routes(self)

    def _routes(self) -> None:
        r = self.route
        fid, jid, proj = r"(?P<file>[^/]+)", r"(?P<job>[^/]+)", r"/v2/projects/(?P<project>[^/]+)"
        r("GET", r"/v1/models")(self.list_models)
        r("GET", r"/v1/projects")(self.list_projects)
        r("POST", r"/v1/files")(self.upload_url)
        r("POST", r"/v1/files/upload")(self.upload_direct)
        r("POST", r"/v1/files/multipart/initiate")(self.multipart_initiate)
        r("POST", r"/v1/files/multipart/complete")(self.multipart_complete)
        r("POST", r"/v1/files/multipart/abort")(self.multipart_abort)
        r("PUT", r"/_storage/" + fid)(self.storage_put)
        r("PUT", r"/_storage/" + fid + r"/parts/(?P<part>\d+)")(self.storage_put_part)
        r("POST", r"/v1/files/" + fid + r"/preprocess")(self.preprocess)
        r("GET", r"/v1/files")(self.list_files)
        r("GET", r"/v1/files/" + fid)(self.get_file)
        r("DELETE", r"/v1/files/" + fid)(self.delete_file)
        r("GET", r"/v1/files/" + fid + r"/content")(self.file_content_route)
        r("GET", r"/v1/fine-tunes/models/limits")(self.limits)
        r("POST", r"/v1/fine-tunes/estimate-price")(self.estimate_price)
        r("POST", r"/v1/fine-tunes")(self.create_job)
        r("GET", r"/v1/fine-tunes")(self.list_jobs)
        r("GET", r"/v1/fine-tunes/" + jid)(self.get_job)
        r("DELETE", r"/v1/fine-tunes/" + jid)(self.delete_job)
        r("POST", r"/v1/fine-tunes/" + jid + r"/cancel")(self.cancel_job)
        r("GET", r"/v1/fine-tunes/" + jid + r"/events")(self.list_events)
        r("GET", r"/v1/fine-tunes/" + jid + r"/checkpoints")(self.list_checkpoints)
        r("GET", r"/v1/fine-tunes/" + jid + r"/metrics")(self.list_metrics)
        r("GET", r"/v1/finetune/download")(self.download)
        r("GET", r"/v1/hardware")(self.v1_hardware)
        r("POST", r"/v1/endpoints")(self.v1_create_endpoint)
        r("GET", r"/v1/endpoints")(self.v1_list_endpoints)
        r("GET", r"/v1/endpoints/(?P<ep>[^/]+)")(self.v1_get_endpoint)
        r("PATCH", r"/v1/endpoints/(?P<ep>[^/]+)")(self.v1_update_endpoint)
        r("DELETE", r"/v1/endpoints/(?P<ep>[^/]+)")(self.v1_delete_endpoint)
        r("GET", r"/v2/supported-models")(self.supported_models)
        r("GET", r"/v2/supported-models/(?P<id>[^/]+)")(self.supported_model)
        r("GET", r"/v2/public/inference-instance-types")(self.instance_types)
        r("GET", r"/v2/public/inference-instance-types/(?P<id>[^/]+)")(self.instance_type)
        r("GET", proj + r"/models")(self.v2_list_models)
        r("GET", proj + r"/models/(?P<id>[^/]+)")(self.v2_get_model)
        r("DELETE", proj + r"/models/(?P<id>[^/]+)")(self.v2_delete_model)
        r("GET", proj + r"/configs")(self.v2_list_configs)
        r("GET", proj + r"/configs/(?P<id>[^/]+)")(self.v2_get_config)
        r("POST", proj + r"/endpoints")(self.v2_create_endpoint)
        r("GET", proj + r"/endpoints")(self.v2_list_endpoints)
        r("GET", proj + r"/endpoints/(?P<id>[^/]+)")(self.v2_get_endpoint)
        r("PATCH", proj + r"/endpoints/(?P<id>[^/]+)")(self.v2_update_endpoint)
        r("DELETE", proj + r"/endpoints/(?P<id>[^/]+)")(self.v2_delete_endpoint)
        dep = proj + r"/endpoints/(?P<ep>[^/]+)/deployments"
        r("POST", dep)(self.v2_create_deployment)
        r("GET", dep)(self.v2_list_deployments)
        r("GET", dep + r"/(?P<id>[^/]+)")(self.v2_get_deployment)
        r("PATCH", dep + r"/(?P<id>[^/]+)")(self.v2_update_deployment)
        r("DELETE", dep + r"/(?P<id>[^/]+)")(self.v2_delete_deployment)

    # -- helpers ---------------------------------------------------------------------------------------
    def start(self) -> TogetherServer:
        super().start()
        # headers and body leave in two writes: without TCP_NODELAY, Nagle and delayed ACKs add ~40 ms to
        # every keep-alive request, which a real server does not
        assert self._httpd is not None
        self._httpd.RequestHandlerClass.disable_nagle_algorithm = True  # type: ignore[attr-defined]
        return self

    def stop(self) -> None:
        """Stop at once: the serve loop looks for a shutdown only every 0.5 s unless a connection wakes it."""
        if self._httpd is None or self._thread is None:
            return
        address, loop = self._httpd.server_address[:2], self._thread

        def wake() -> None:
            while loop.is_alive():
                with contextlib.suppress(OSError):
                    socket.create_connection(address, timeout=0.5).close()  # type: ignore[arg-type]
                time.sleep(0.02)

        waker = threading.Thread(target=wake, name="together-server-stop", daemon=True)
        waker.start()
        super().stop()
        waker.join(5)

    @property
    def base_url(self) -> str:
        """What the SDK's `base_url` takes: the host, without /v1 (its paths carry /v1 and /v2)."""
        return self.url

    def auth(self, req: Request) -> Response | None:
        if header(req, "Authorization") != f"Bearer {self.api_key}":
            return error(401, INVALID_KEY, code="invalid_api_key")
        return None

    def v2_auth(self, req: Request) -> Response | None:
        if (bad := self.auth(req)) is not None:
            return bad
        assert req.match is not None
        if req.match["project"] not in (self.project_id, self.project_slug):
            return rpc_error("NOT_FOUND", f"project {req.match['project']!r} not found")
        return None

    @property
    def chat_models(self) -> set[str]:
        """Names chat answers besides `models`: started v1 endpoints, ready v2 deployments and endpoints."""
        with self.lock:
            names = {e["name"] for e in self.v1_endpoints.values() if e["state"] == "STARTED"}
            for dep in self.deployments.values():
                if dep["status"]["state"] == "DEPLOYMENT_STATE_READY":
                    names.add(dep["name"])
                    ep = self.endpoints.get(dep["endpointId"])
                    if ep is not None and any(t["deploymentId"] == dep["id"] and t["weight"] > 0
                                              for t in ep["trafficSplit"]):
                        names.add(ep["name"])
            return names

    def _v1_model(self, spec: ModelSpec) -> dict[str, Any]:
        return {"id": spec.name, "object": "model", "created": int(self.started), "type": "chat",
                "display_name": spec.display_name, "organization": spec.publisher,
                "link": f"https://huggingface.co/{spec.name}", "license": spec.license,
                "context_length": spec.context_length,
                "pricing": {"hourly": 0, "input": spec.input_price, "output": spec.output_price, "base": 0,
                            "finetune": 0}}

    # -- models, projects ------------------------------------------------------------------------------
    def list_models(self, req: Request) -> Response:
        if (bad := self.auth(req)) is not None:
            return bad
        with self.lock:
            return Response.json(list(self.models))  # Together answers a bare array, not {"data": ...}

    def list_projects(self, req: Request) -> Response:
        if (bad := self.auth(req)) is not None:
            return bad
        project = {"id": self.project_id, "name": "fttool test", "organization_id": ORG_ID,
                   "organization_name": "fttool", "slug": self.project_slug}
        return Response.json({"data": [project], "next_cursor": None})

    # -- files -----------------------------------------------------------------------------------------
    def _new_file(self, name: str, purpose: str, file_type: str, checksum: str) -> dict[str, Any]:
        fid = "file-" + str(uuid.uuid4())
        f = {"id": fid, "object": "file", "created_at": int(time.time()), "filename": name, "bytes": 0,
             "purpose": purpose, "FileType": file_type, "processing_status": None, "validation_report": None,
             "_checksum": checksum, "_token": uuid.uuid4().hex, "_state": "awaiting_upload", "_polls": 0,
             "_tokens": 0, "_redirects": 0, "_parts": {}}
        self.files[fid] = f
        return f

    @staticmethod
    def _file_view(f: dict[str, Any]) -> dict[str, Any]:
        view = {k: v for k, v in f.items() if not k.startswith("_")}
        view["Processed"] = f["processing_status"] in (None, "COMPLETED")  # legacy fields older clients read
        view["LineCount"] = (f["validation_report"] or {}).get("nlines") or 0
        return view

    def _file_fields(self, req: Request
                     ) -> tuple[dict[str, str], dict[str, tuple[str, bytes]], Response | None]:
        try:
            fields, files = parse_form(req)
        except ValueError as exc:
            return {}, {}, error(400, str(exc))
        purpose = fields.get("purpose", "")
        if purpose not in PURPOSES:
            return fields, files, error(400, f"purpose: '{purpose}' is not one of {', '.join(PURPOSES)}.",
                                        "purpose")
        return fields, files, None

    def upload_url(self, req: Request) -> Response:
        """Step 1 of the SDK's upload: a presigned PUT URL (302 Location) and the new file's id."""
        if (bad := self.auth(req)) is not None:
            return bad
        fields, _, bad = self._file_fields(req)
        if bad is not None:
            return bad
        name, ftype = fields.get("file_name", ""), fields.get("file_type", "")
        checksum = fields.get("checksum", "")
        if not name:
            return error(400, "file_name is required.", "file_name")
        if ftype not in FILE_TYPES:
            return error(400, f"file_type: '{ftype}' is not one of {', '.join(FILE_TYPES)}.", "file_type")
        with self.lock:
            if self.dedupe_uploads and checksum:
                for other in self.files.values():
                    if (other["_checksum"] == checksum and other["purpose"] == fields["purpose"]
                            and other["_state"] == "stored"):
                        return Response.json({"file_id": other["id"], "error": {
                            "message": f"A file with this checksum already exists: {other['id']}",
                            "type": "invalid_request_error", "param": "checksum", "code": "file_exists"}},
                            409)
            f = self._new_file(name, fields["purpose"], ftype, checksum)
        location = f"{self.url}/_storage/{f['id']}?X-Amz-Expires=3600&X-Amz-Signature={f['_token']}"
        return Response(302, b"", {"Location": location, "X-Together-File-Id": f["id"]})

    def storage_put(self, req: Request) -> Response:
        """The presigned PUT (S3-like: no Authorization header, the signature is in the URL)."""
        assert req.match is not None
        with self.lock:
            f = self.files.get(req.match["file"])
            if f is None or req.arg("X-Amz-Signature") != f["_token"]:
                return Response(403, b"<Error><Code>SignatureDoesNotMatch</Code></Error>",
                                {"Content-Type": "application/xml"})
            if f["_redirects"] < self.storage_redirects:  # S3's temporary redirect to another region
                f["_redirects"] += 1
                return Response(307, b"", {"Location": f"/_storage/{f['id']}?X-Amz-Signature={f['_token']}"
                                                       f"&hop={f['_redirects']}"})
            self._store(f, req.body)
        return Response(200, b"", {"ETag": '"' + hashlib.md5(req.body).hexdigest() + '"'})

    def _store(self, f: dict[str, Any], content: bytes) -> None:
        self.file_content[f["id"]] = content
        self.uploads[f["id"]] = hashlib.sha256(content).hexdigest()
        f["bytes"] = len(content)
        f["_state"] = "uploaded"

    def _validate(self, f: dict[str, Any]) -> None:
        """Run the dataset validation now: processing_status COMPLETED or INVALID_FORMAT."""
        if f["purpose"] != "fine-tune":
            f["processing_status"] = None  # purposes that need no validation skip it
            return
        report, tokens = validate_dataset(self.file_content.get(f["id"], b""), f["FileType"])
        report["file_id"] = f["id"]
        f["validation_report"] = report
        f["processing_status"] = "COMPLETED" if report["valid"] else "INVALID_FORMAT"
        f["_tokens"] = tokens

    def _finish_upload(self, f: dict[str, Any]) -> None:
        f["_state"] = "stored"
        if f["purpose"] == "fine-tune" and self.file_processing_polls > 0:
            f["processing_status"] = "PENDING"
        else:
            self._validate(f)

    def preprocess(self, req: Request) -> Response:
        """Step 3 of the SDK's upload: confirm the PUT; the file is validated (now or over retrievals)."""
        if (bad := self.auth(req)) is not None:
            return bad
        assert req.match is not None
        with self.lock:
            f = self.files.get(req.match["file"])
            if f is None:
                return error(404, f"File {req.match['file']} not found.", code="file_not_found")
            if f["_state"] == "awaiting_upload":
                return error(400, f"File {f['id']} has no uploaded content yet.", code="upload_incomplete")
            if f["_checksum"] and self.uploads[f["id"]] != f["_checksum"]:
                return error(400, f"Checksum mismatch for {f['id']}: the stored bytes do not hash to the "
                                  "checksum given at upload.", "checksum", code="checksum_mismatch")
            if f["_state"] == "uploaded":
                self._finish_upload(f)
            return Response.json(self._file_view(f))

    def upload_direct(self, req: Request) -> Response:
        """POST /v1/files/upload: one multipart request with the file (curl / older clients)."""
        if (bad := self.auth(req)) is not None:
            return bad
        fields, files, bad = self._file_fields(req)
        if bad is not None:
            return bad
        if "file" not in files:
            return error(400, "file is required.", "file")
        filename, content = files["file"]
        name = fields.get("file_name") or filename
        ftype = fields.get("file_type") or name.rsplit(".", 1)[-1]
        if ftype not in FILE_TYPES:
            return error(400, f"file_type: '{ftype}' is not one of {', '.join(FILE_TYPES)}.", "file_type")
        with self.lock:
            f = self._new_file(name, fields["purpose"], ftype, hashlib.sha256(content).hexdigest())
            self._store(f, content)
            self._finish_upload(f)
            return Response.json(self._file_view(f))

    def multipart_initiate(self, req: Request) -> Response:
        if (bad := self.auth(req)) is not None:
            return bad
        body = req.json() or {}
        if body.get("purpose") not in PURPOSES:
            return error(400, f"purpose: '{body.get('purpose')}' is not valid.", "purpose")
        if body.get("file_type") not in FILE_TYPES:
            return error(400, f"file_type: '{body.get('file_type')}' is not valid.", "file_type")
        try:
            parts = int(body.get("num_parts") or 0)
        except (TypeError, ValueError):
            parts = 0
        if not 1 <= parts <= 250:
            return error(400, "num_parts must be between 1 and 250.", "num_parts")
        with self.lock:
            f = self._new_file(str(body.get("file_name") or "upload"), body["purpose"], body["file_type"],
                               str(body.get("checksum") or ""))
            f["_upload_id"] = "upl_" + uuid.uuid4().hex
        signed = f"?X-Amz-Signature={f['_token']}"
        urls = [{"PartNumber": n, "URL": f"{self.url}/_storage/{f['id']}/parts/{n}{signed}", "Headers": {}}
                for n in range(1, parts + 1)]
        return Response.json({"upload_id": f["_upload_id"], "file_id": f["id"], "parts": urls})

    def storage_put_part(self, req: Request) -> Response:
        assert req.match is not None
        with self.lock:
            f = self.files.get(req.match["file"])
            if f is None or req.arg("X-Amz-Signature") != f["_token"]:
                return Response(403, b"<Error><Code>SignatureDoesNotMatch</Code></Error>",
                                {"Content-Type": "application/xml"})
            f["_parts"][int(req.match["part"])] = req.body
        return Response(200, b"", {"ETag": '"' + hashlib.md5(req.body).hexdigest() + '"'})

    def _multipart_file(self, body: dict[str, Any]) -> tuple[dict[str, Any] | None, Response | None]:
        f = self.files.get(str(body.get("file_id")))
        if f is None or f.get("_upload_id") != body.get("upload_id"):
            return None, error(404, "No such multipart upload.", "upload_id", code="upload_not_found")
        return f, None

    def multipart_complete(self, req: Request) -> Response:
        if (bad := self.auth(req)) is not None:
            return bad
        body = req.json() or {}
        with self.lock:
            f, bad = self._multipart_file(body)
            if bad is not None:
                return bad
            assert f is not None
            parts = body.get("parts") or []
            numbers = [p.get("part_number") for p in parts]
            if sorted(numbers) != sorted(f["_parts"]) or not numbers:
                return error(400, f"Parts {numbers} do not match the uploaded parts {sorted(f['_parts'])}.",
                             "parts")
            for p in parts:
                if p.get("etag") != hashlib.md5(f["_parts"][p["part_number"]]).hexdigest():
                    return error(400, f"ETag mismatch for part {p['part_number']}.", "parts")
            self._store(f, b"".join(f["_parts"][n] for n in sorted(f["_parts"])))
            f["_parts"] = {}
            self._finish_upload(f)
            return Response.json({"file": self._file_view(f)})

    def multipart_abort(self, req: Request) -> Response:
        if (bad := self.auth(req)) is not None:
            return bad
        with self.lock:
            f, bad = self._multipart_file(req.json() or {})
            if bad is not None:
                return bad
            assert f is not None
            self.files.pop(f["id"], None)
        return Response.json({})

    def _file(self, req: Request) -> tuple[dict[str, Any] | None, Response | None]:
        if (bad := self.auth(req)) is not None:
            return None, bad
        assert req.match is not None
        f = self.files.get(req.match["file"])
        if f is None or f["_state"] != "stored":
            return None, error(404, f"File {req.match['file']} not found.", code="file_not_found")
        return f, None

    def list_files(self, req: Request) -> Response:
        if (bad := self.auth(req)) is not None:
            return bad
        with self.lock:
            data = [self._file_view(f) for f in self.files.values() if f["_state"] == "stored"]
        return Response.json({"object": "list", "data": data})

    def get_file(self, req: Request) -> Response:
        with self.lock:
            f, bad = self._file(req)
            if bad is not None:
                return bad
            assert f is not None
            if f["processing_status"] in ("PENDING", "RUNNING"):
                f["_polls"] += 1
                if f["_polls"] >= self.file_processing_polls:
                    self._validate(f)
                else:
                    f["processing_status"] = "RUNNING"
            return Response.json(self._file_view(f))

    def delete_file(self, req: Request) -> Response:
        with self.lock:
            f, bad = self._file(req)
            if bad is not None:
                return bad
            assert f is not None
            self.files.pop(f["id"])
            self.file_content.pop(f["id"], None)
            return Response.json({"id": f["id"], "object": "file", "deleted": True})

    def file_content_route(self, req: Request) -> Response:
        with self.lock:
            f, bad = self._file(req)
            if bad is not None:
                return bad
            assert f is not None
            return Response(200, self.file_content.get(f["id"], b""),
                            {"Content-Type": "application/octet-stream"})

    # -- fine-tuning: limits, price --------------------------------------------------------------------
    def _job_by_ref(self, ref: str) -> dict[str, Any] | None:
        """A job by id or output name (a from_checkpoint reference, without its :step)."""
        for job in self.jobs.values():
            if ref in (job["id"], job["model_output_name"]):
                return job
        return None

    def _spec_for(self, name: str) -> ModelSpec | None:
        """The base model behind a model name, job id or tuned model name."""
        if name in SPECS:
            return SPECS[name]
        job = self._job_by_ref(name)
        return SPECS.get(job["model"]) if job else None

    def limits(self, req: Request) -> Response:
        if (bad := self.auth(req)) is not None:
            return bad
        name = req.arg("model_name") or ""
        with self.lock:
            spec = self._spec_for(name)
        if spec is None or not spec.fine_tunable:
            return error(404, f"Model {name} is not available for fine-tuning.", "model_name",
                         code="model_not_found")
        limits = model_limits(spec)
        limits["model_name"] = name
        return Response.json(limits)

    def _price(self, spec: ModelSpec, train: dict[str, Any], val: dict[str, Any] | None, n_epochs: int,
               n_evals: int, lora: bool, dpo: bool) -> dict[str, Any]:
        train_tokens = train["_tokens"] * n_epochs
        eval_tokens = (val["_tokens"] * n_evals) if val else 0
        price = (train_tokens + eval_tokens) * ft_rate(spec, lora, dpo)
        return {"estimation_available": True, "estimated_total_price": price,
                "allowed_to_proceed": price <= self.credit_limit, "user_limit": self.credit_limit,
                "estimated_train_token_count": float(train_tokens),
                "estimated_eval_token_count": float(eval_tokens)}

    def estimate_price(self, req: Request) -> Response:
        if (bad := self.auth(req)) is not None:
            return bad
        body = req.json() or {}
        with self.lock:
            ref = body.get("model") or str(body.get("from_checkpoint") or "").split(":")[0]
            spec = self._spec_for(ref)
            if spec is None or not spec.fine_tunable:
                return error(400, f"model: {ref or '(none)'} is not available for fine-tuning.", "model",
                             code="model_not_available")
            files: dict[str, dict[str, Any] | None] = {}
            for key, reason in (("training_file", "train"), ("validation_file", "eval")):
                fid = body.get(key)
                if not fid:
                    files[key] = None
                    continue
                f = self.files.get(fid)
                if f is None or f["_state"] != "stored":
                    return error(400, f"{key}: file {fid} does not exist.", key, code="file_not_found")
                if f["processing_status"] == "INVALID_FORMAT":
                    return Response.json({"estimation_available": False,
                                          "unavailable_reason": f"{reason}_file_invalid"})
                if f["processing_status"] != "COMPLETED":
                    return Response.json({"estimation_available": False,
                                          "unavailable_reason": f"{reason}_file_not_validated"})
                if (f["validation_report"] or {}).get("dataset_is_multimodal"):
                    return Response.json({"estimation_available": False,
                                          "unavailable_reason": "multimodal_dataset"})
                files[key] = f
            train = files["training_file"]
            if train is None:
                return error(400, "training_file is required.", "training_file")
            method = (body.get("training_method") or {}).get("method", "sft")
            lora = (body.get("training_type") or {"type": "Lora"}).get("type") != "Full"
            return Response.json(self._price(spec, train, files["validation_file"],
                                             int(body.get("n_epochs") or 1), int(body.get("n_evals") or 0),
                                             lora, method == "dpo"))

    # -- fine-tuning: create ---------------------------------------------------------------------------
    def _check_file(self, fid: Any, key: str) -> tuple[dict[str, Any] | None, Response | None]:
        f = self.files.get(str(fid))
        if f is None or f["_state"] != "stored":
            return None, error(400, f"{key}: file {fid} does not exist.", key, code="file_not_found")
        if f["purpose"] != "fine-tune":
            return None, error(400, f"{key}: file {fid} has purpose '{f['purpose']}', not 'fine-tune'.", key)
        if f["processing_status"] == "INVALID_FORMAT":
            return None, error(400, f"{key}: file {fid} failed validation: {f['validation_report']['error']}",
                               key, code="invalid_file_format")
        if f["processing_status"] != "COMPLETED":
            return None, error(400, f"{key}: file {fid} has not finished validation yet.", key,
                               code="file_not_ready")
        return f, None

    def _validate_request(self, body: dict[str, Any]) -> tuple[dict[str, Any], Response | None]:
        """The checks Together runs on POST /v1/fine-tunes; returns the resolved settings or a 400."""
        out: dict[str, Any] = {}
        ckpt = body.get("from_checkpoint")
        model = body.get("model")
        if ckpt:
            parent = self._job_by_ref(str(ckpt).split(":")[0])
            if parent is None or parent["status"] != "completed":
                return out, error(400, f"from_checkpoint: {ckpt} is not a completed job or output model.",
                                  "from_checkpoint")
            model = model or parent["model"]
        spec = SPECS.get(str(model))
        if spec is None or not spec.fine_tunable:
            return out, error(400, f"model: {model} is not available for fine-tuning. See the supported "
                                   "models at https://docs.together.ai/docs/fine-tuning-models.", "model",
                              code="model_not_available")
        limits = model_limits(spec)
        out["spec"], out["limits"] = spec, limits
        train, bad = self._check_file(body.get("training_file"), "training_file")
        if bad is not None:
            return out, bad
        val = None
        if body.get("validation_file"):
            val, bad = self._check_file(body["validation_file"], "validation_file")
            if bad is not None:
                return out, bad
        out["train"], out["val"] = train, val

        def int_in(key: str, default: int, low: int, high: int) -> tuple[int, Response | None]:
            value = body.get(key, default)
            if value is None:
                value = default
            if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
                return 0, error(400, f"{key} must be an integer between {low} and {high} (got {value!r}).",
                                key)
            return value, None

        for key, default, low, high in (("n_epochs", 1, 1, limits["max_num_epochs"]),
                                        ("n_checkpoints", 1, 1, limits["max_num_checkpoints"]),
                                        ("n_evals", 0, 0, limits["max_num_evals"])):
            out[key], bad = int_in(key, default, low, high)
            if bad is not None:
                return out, bad
        if out["n_evals"] > 0 and val is None:
            return out, error(400, "n_evals > 0 needs a validation_file.", "n_evals")
        lr = body.get("learning_rate", 1e-5)
        if not isinstance(lr, (int, float)) or not (
                limits["min_learning_rate"] <= lr <= limits["max_learning_rate"]):
            return out, error(400, f"learning_rate must be between {limits['min_learning_rate']} and "
                                   f"{limits['max_learning_rate']} (got {lr!r}).", "learning_rate")
        method = body.get("training_method") or {"method": "sft", "train_on_inputs": "auto"}
        if method.get("method") not in ("sft", "dpo"):
            return out, error(400, f"training_method: '{method.get('method')}' is not one of sft, dpo.",
                              "training_method")
        dpo = method["method"] == "dpo"
        fmt = (train["validation_report"] or {}).get("dataset_format")
        if dpo and fmt != "PREFERENCE_OPENAI":
            return out, error(400, f"training_file: DPO needs a preference dataset (input, preferred_output, "
                                   f"non_preferred_output); this file's format is {fmt}.", "training_file")
        if not dpo and fmt == "PREFERENCE_OPENAI":
            return out, error(400, "training_file: a preference dataset needs training_method dpo.",
                              "training_file")
        rank = limits["lora_training"]["default_rank"]  # Together's default when the request names no type
        ttype = body.get("training_type") or {"type": "Lora", "lora_r": rank, "lora_alpha": 2 * rank,
                                               "lora_dropout": 0.0, "lora_trainable_modules": "all-linear"}
        if ttype.get("type") == "Full":
            if not spec.full_training:
                return out, error(400, f"training_type: full training is not supported for {spec.name}.",
                                  "training_type")
            bounds = limits["full_training"]
        elif ttype.get("type") == "Lora":
            rank = ttype.get("lora_r")
            if not isinstance(rank, int) or not 1 <= rank <= limits["lora_training"]["max_rank"]:
                return out, error(400, f"lora_r must be between 1 and {limits['lora_training']['max_rank']} "
                                       f"(got {rank!r}).", "training_type.lora_r")
            bounds = limits["lora_training"]
        else:
            return out, error(400, f"training_type: '{ttype.get('type')}' is not one of Lora, Full.",
                              "training_type")
        batch = body.get("batch_size", "max")
        high = bounds["max_batch_size_dpo" if dpo else "max_batch_size"]
        if batch in ("max", None):
            batch = high
        elif not isinstance(batch, int) or not bounds["min_batch_size"] <= batch <= high:
            return out, error(400, f"batch_size must be between {bounds['min_batch_size']} and {high} "
                                   f"(got {batch!r}).", "batch_size")
        seq_high = limits["max_seq_length_dpo" if dpo else "max_seq_length_sft"]
        seq = body.get("max_seq_length") or seq_high
        if not isinstance(seq, int) or not limits["min_max_seq_length"] <= seq <= seq_high:
            return out, error(400, f"max_seq_length must be between {limits['min_max_seq_length']} and "
                                   f"{seq_high} (got {seq!r}).", "max_seq_length")
        suffix = body.get("suffix")
        if suffix is not None and not SUFFIX_RX.match(str(suffix)):
            return out, error(400, "suffix must be 1 to 40 letters, digits, '.', '_' or '-'.", "suffix")
        out.update(method=method, dpo=dpo, training_type=ttype, lora=ttype["type"] == "Lora",
                   batch_size=batch, max_seq_length=seq, learning_rate=float(lr), suffix=suffix,
                   from_checkpoint=ckpt)
        return out, None

    def create_job(self, req: Request) -> Response:
        if (bad := self.auth(req)) is not None:
            return bad
        try:
            body = req.json()
        except ValueError:
            return error(400, "Request body is not valid JSON.")
        if not isinstance(body, dict):
            return error(400, "Request body must be a JSON object.")
        with self.lock:
            v, bad = self._validate_request(body)
            if bad is not None:
                return bad
            spec: ModelSpec = v["spec"]
            jid = "ft-" + str(uuid.uuid4())
            tail = uuid.uuid4().hex[:8]
            short = spec.name.split("/")[-1]
            output = f"{self.project_slug}/{short}-" + (f"{v['suffix']}-{tail}" if v["suffix"] else tail)
            now = iso()
            job: dict[str, Any] = {
                "id": jid, "status": "pending", "user_id": USER_ID,
                "owner_address": "0x" + _sha(self.api_key, 40),
                "created_at": now, "updated_at": now, "started_at": None,
                "model": spec.name, "model_output_name": output, "model_output_path": None,
                "suffix": v["suffix"],
                "training_file": v["train"]["id"], "validation_file": v["val"]["id"] if v["val"] else None,
                "trainingfile_numlines": (v["train"]["validation_report"] or {}).get("nlines"),
                "trainingfile_size": v["train"]["bytes"],
                "n_epochs": v["n_epochs"], "n_checkpoints": v["n_checkpoints"], "n_evals": v["n_evals"],
                "batch_size": v["batch_size"], "learning_rate": v["learning_rate"],
                "lr_scheduler": body.get("lr_scheduler") or {"lr_scheduler_type": "linear",
                                                             "lr_scheduler_args": {"min_lr_ratio": 0.0}},
                "warmup_ratio": body.get("warmup_ratio", 0.0),
                "max_grad_norm": body.get("max_grad_norm", 1.0),
                "weight_decay": body.get("weight_decay", 0.0), "max_seq_length": v["max_seq_length"],
                "packing": body.get("packing", True), "random_seed": body.get("random_seed"),
                "train_on_inputs": None if v["dpo"] else v["method"].get("train_on_inputs", "auto"),
                "training_method": v["method"], "training_type": v["training_type"],
                "multimodal_params": body.get("multimodal_params"), "from_checkpoint": v["from_checkpoint"],
                "from_hf_model": body.get("from_hf_model"),
                "hf_model_revision": body.get("hf_model_revision"),
                "wandb_project_name": body.get("wandb_project_name"), "wandb_name": body.get("wandb_name"),
                "wandb_entity": body.get("wandb_entity"), "wandb_url": None,
                "early_stopped": False if body.get("early_stopping_enabled") else None,
                "eval_steps": None, "job_id": jid, "token_count": None,
                "param_count": int(spec.params_b * 1e9),
                "total_price": None, "epochs_completed": 0, "steps_completed": 0, "evals_completed": 0,
                "total_steps": None, "queue_depth": None, "progress": {"estimate_available": False,
                                                                       "seconds_remaining": 0},
            }
            self.jobs[jid] = job
            self.job_state[jid] = {"polls": 0, "events": [], "metrics": [], "checkpoints": [],
                                   "fail": self.fail_next_job, "step": 0,
                                   "plan": (self.pending_polls, self.queued_polls, self.running_polls,
                                            self.compressing_polls, self.uploading_polls)}
            self.fail_next_job = None
            self._event(jid, "job_pending", "Fine tune request created")
            view = self._job_view(job, full=False)
        if self.create_delay:
            time.sleep(self.create_delay)  # the job exists; a client with a shorter timeout never hears so
        return Response.json(view)

    # -- fine-tuning: lifecycle ------------------------------------------------------------------------
    def _event(self, jid: str, type_: str, message: str, level: str = "info", **extra: Any) -> None:
        event = {"object": "fine-tune-event", "created_at": iso(), "level": level, "message": message,
                 "type": type_, "param_count": self.jobs[jid]["param_count"], "token_count": 0,
                 "wandb_url": "",
                 "hash": uuid.uuid4().hex, **extra}
        self.job_state[jid]["events"].append(event)
        self.jobs[jid]["updated_at"] = event["created_at"]

    def _job_view(self, job: dict[str, Any], full: bool) -> dict[str, Any]:
        view = dict(job)
        if full:
            view["events"] = list(self.job_state[job["id"]]["events"])
        return view

    def _advance(self, jid: str) -> None:
        """Move a job one stage (called under the lock on each retrieval)."""
        job, st = self.jobs[jid], self.job_state[jid]
        if job["status"] in TERMINAL:
            return
        if job["status"] == "cancel_requested":
            job["status"] = "cancelled"
            job["progress"] = {"estimate_available": False, "seconds_remaining": 0}
            self._event(jid, "job_stopped", "Job was cancelled by the user")
            return
        st["polls"] += 1
        n = st["polls"]
        pending, queued, running, compressing, uploading = st["plan"]
        if n <= pending:
            job["queue_depth"] = 1
            return
        if n <= pending + queued:
            if job["status"] != "queued":
                job["status"], job["queue_depth"] = "queued", 0
                self._event(jid, "job_pending", "Job is queued and waiting for hardware")
            return
        if n <= pending + queued + running:
            self._run_step(jid)
            return
        if job["status"] == "running":
            self._event(jid, "training_complete", "Training completed", step=st["step"], total_steps=running)
        if n <= pending + queued + running + compressing:
            if job["status"] != "compressing":
                job["status"] = "compressing"
                self._event(jid, "model_compressing", "Compressing output model")
            return
        if n <= pending + queued + running + compressing + uploading:
            if job["status"] != "uploading":
                if job["status"] == "compressing":
                    self._event(jid, "model_compression_complete", "Model compression complete")
                job["status"] = "uploading"
                self._event(jid, "model_uploading", "Uploading output model")
            return
        self._complete(jid)

    def _run_step(self, jid: str) -> None:
        job, st = self.jobs[jid], self.job_state[jid]
        total = st["plan"][2]
        if job["status"] != "running":
            job["status"], job["queue_depth"], job["started_at"] = "running", None, iso()
            train = self.files[job["training_file"]]
            val = self.files.get(job["validation_file"] or "")
            spec = SPECS[job["model"]]
            lora, dpo = job["training_type"]["type"] == "Lora", job["training_method"]["method"] == "dpo"
            price = self._price(spec, train, val, job["n_epochs"], job["n_evals"], lora, dpo)
            tokens = price["estimated_train_token_count"] + price["estimated_eval_token_count"]
            job["token_count"] = int(tokens)
            job["total_price"] = int(round(price["estimated_total_price"] * NANO))
            job["total_steps"] = total
            job["eval_steps"] = max(1, total // job["n_evals"]) if job["n_evals"] else None
            self._event(jid, "job_start", "Job started")
            self._event(jid, "model_downloading", f"Downloading model {job['model']}")
            self._event(jid, "model_download_complete", "Model download complete")
            self._event(jid, "training_data_downloading", "Downloading training data")
            self._event(jid, "training_data_download_complete", "Training data download complete",
                        token_count=train["_tokens"])
            if val is not None:
                self._event(jid, "validation_data_downloading", "Downloading validation data")
                self._event(jid, "validation_data_download_complete", "Validation data download complete")
            self._event(jid, "training_start", "Training started", total_steps=total)
        step = st["step"] = st["step"] + 1
        epochs = job["n_epochs"]
        loss = round(0.35 + 1.9 * 0.7 ** step, 4)
        lr = job["learning_rate"] * 0.5 * (1 + math.cos(math.pi * (step - 1) / max(1, total)))
        row: dict[str, float] = {"train/global_step": step, "train/loss": loss, "train/learning_rate": lr,
                                 "train/epoch": round(step * epochs / total, 4)}
        if job["n_evals"] and job["validation_file"]:
            marks = {max(1, round(i * total / job["n_evals"])) for i in range(1, job["n_evals"] + 1)}
            if step in marks:
                row["eval/loss"] = round(loss * 1.08 + 0.02, 4)
                job["evals_completed"] += 1
        st["metrics"].append((time.time(), row))
        job["steps_completed"] = step
        job["progress"] = {"estimate_available": True, "seconds_remaining": (total - step) * 60}
        done = int(step * epochs / total)
        while job["epochs_completed"] < done:
            job["epochs_completed"] += 1
            self._event(jid, "epoch_complete",
                        f"Epoch {job['epochs_completed']}/{epochs} completed at step {step}", step=step,
                        total_steps=total)
        if st["fail"]:
            job["status"] = "error"
            job["progress"] = {"estimate_available": False, "seconds_remaining": 0}
            self._event(jid, "job_error", st["fail"], level="error", step=step, total_steps=total)
            return
        k = job["n_checkpoints"]
        marks = {max(1, round(i * total / k)) for i in range(1, k)}  # intermediate ones; the final comes last
        if step in marks and step < total:
            path = f"s3://together-fine-tunes/{jid}/checkpoints/step-{step}"
            st["checkpoints"].append({"checkpoint_type": f"Intermediate (step {step})", "created_at": iso(),
                                      "path": path, "step": step, "checkpoint": "model"})
            self._event(jid, "checkpoint_save", f"Checkpoint saved at step {step}", step=step,
                        total_steps=total, checkpoint_path=path)

    def _complete(self, jid: str) -> None:
        job, st = self.jobs[jid], self.job_state[jid]
        spec = SPECS[job["model"]]
        if job["status"] == "compressing":
            self._event(jid, "model_compression_complete", "Model compression complete")
        path = f"s3://together-fine-tunes/{jid}/{job['model_output_name'].split('/')[-1]}"
        self._event(jid, "model_upload_complete", "Model upload complete", model_path=path)
        job["status"], job["model_output_path"] = "completed", path
        job["progress"] = {"estimate_available": False, "seconds_remaining": 0}
        step = st["step"]
        lora = job["training_type"]["type"] == "Lora"
        final = [{"checkpoint_type": f"Final Merged (step {step})" if lora else f"Final (step {step})",
                  "created_at": iso(), "path": path, "step": step, "checkpoint": "model"}]
        # the registry objects: the merged model, and for LoRA the adapter too
        model = self._register(job, job["model_output_name"], "WEIGHTS_TYPE_DEFAULT", spec)
        job.update(model_object_id=model["id"], model_object_name=model["name"],
                   model_object_revision_id=model["_revision"])
        final[0].update(object_id=model["id"], object_name=model["name"],
                        object_revision_id=model["_revision"])
        if lora:
            adapter = self._register(job, job["model_output_name"] + "-adapter", "WEIGHTS_TYPE_ADAPTER", spec)
            job.update(adapter_object_id=adapter["id"], adapter_object_name=adapter["name"],
                       adapter_object_revision_id=adapter["_revision"])
            final.append({"checkpoint_type": f"Final Adapter (step {step})", "created_at": iso(),
                          "path": path + "-adapter", "step": step, "checkpoint": "adapter",
                          "object_id": adapter["id"], "object_name": adapter["name"],
                          "object_revision_id": adapter["_revision"]})
        st["checkpoints"].extend(final)
        self.models.append({"id": job["model_output_name"], "object": "model", "created": int(time.time()),
                            "type": "chat", "display_name": job["model_output_name"],
                            "organization": self.project_slug,
                            "link": "", "license": "", "context_length": job["max_seq_length"],
                            "pricing": {"hourly": 0, "input": 0, "output": 0, "base": 0, "finetune": 0}})
        self._event(jid, "job_complete", f"Fine-tuning job completed: {job['model_output_name']}",
                    model_path=path)

    def _register(self, job: dict[str, Any], name: str, weights: str, spec: ModelSpec) -> dict[str, Any]:
        mid = "ml_" + uuid.uuid4().hex[:24]
        obj = {"id": mid, "name": name, "organizationId": ORG_ID, "projectId": self.project_id,
               "visibility": "VISIBILITY_PRIVATE",
               "weights": {"architecture": spec.architecture, "contextLength": str(job["max_seq_length"]),
                           "type": weights},
               "baseModel": f"projects/{PUBLIC_PROJECT}/models/{base_model_id(spec.name)}",
               "baseModelId": base_model_id(spec.name), "description": f"Fine-tuned by {job['id']}",
               "_revision": "rv_" + uuid.uuid4().hex[:24], "_base": spec.name, "_job": job["id"]}
        self.registry[mid] = obj
        return obj

    def _job(self, req: Request) -> tuple[dict[str, Any] | None, Response | None]:
        if (bad := self.auth(req)) is not None:
            return None, bad
        assert req.match is not None
        job = self.jobs.get(req.match["job"])
        if job is None:
            return None, error(404, f"Fine-tune job {req.match['job']} not found.", code="not_found")
        return job, None

    def list_jobs(self, req: Request) -> Response:
        if (bad := self.auth(req)) is not None:
            return bad
        with self.lock:  # oldest first; the CLI sorts by created_at itself
            return Response.json({"data": [self._job_view(j, full=False) for j in self.jobs.values()]})

    def get_job(self, req: Request) -> Response:
        with self.lock:
            job, bad = self._job(req)
            if bad is not None:
                return bad
            assert job is not None
            self._advance(job["id"])
            return Response.json(self._job_view(job, full=True))

    def cancel_job(self, req: Request) -> Response:
        with self.lock:
            job, bad = self._job(req)
            if bad is not None:
                return bad
            assert job is not None
            if job["status"] in TERMINAL:
                return error(400, f"Fine-tune job {job['id']} is already {job['status']} and cannot be "
                                  "cancelled.", code="invalid_state")
            if job["status"] != "cancel_requested":
                job["status"] = "cancel_requested"
                self._event(job["id"], "cancel_requested", "Cancel requested by the user")
            return Response.json(self._job_view(job, full=False))

    def delete_job(self, req: Request) -> Response:
        with self.lock:
            job, bad = self._job(req)
            if bad is not None:
                return bad
            assert job is not None
            if job["status"] not in TERMINAL:
                return error(400, f"Fine-tune job {job['id']} is {job['status']}; cancel it before deleting "
                                  "it.", code="invalid_state")
            del self.jobs[job["id"]]
            del self.job_state[job["id"]]
            return Response.json({"message": f"Fine-tune job {job['id']} deleted"})

    def list_events(self, req: Request) -> Response:
        with self.lock:
            job, bad = self._job(req)
            if bad is not None:
                return bad
            assert job is not None
            return Response.json({"data": list(self.job_state[job["id"]]["events"])})

    def list_checkpoints(self, req: Request) -> Response:
        with self.lock:
            job, bad = self._job(req)
            if bad is not None:
                return bad
            assert job is not None
            items = sorted(self.job_state[job["id"]]["checkpoints"], key=lambda c: c["step"], reverse=True)
            return Response.json({"data": items})

    def list_metrics(self, req: Request) -> Response:
        with self.lock:
            job, bad = self._job(req)
            if bad is not None:
                return bad
            assert job is not None
            rows = list(self.job_state[job["id"]]["metrics"])
        try:
            low = int(req.arg("global_step_from") or 0)
            high = int(req.arg("global_step_to") or 10**12)
            resolution = int(req.arg("resolution") or 0)
        except ValueError:
            return error(400, "global_step_from, global_step_to and resolution must be integers.")
        since, until = req.arg("logged_at_from"), req.arg("logged_at_to")
        picked = [row for ts, row in rows if low <= row["train/global_step"] <= high
                  and (not since or iso(ts) >= since) and (not until or iso(ts) <= until)]
        if resolution and len(picked) > resolution:
            last = len(picked) - 1
            picked = [picked[round(i * last / max(1, resolution - 1))] for i in range(resolution)]
        return Response.json({"metrics": picked})

    # -- fine-tuning: download -------------------------------------------------------------------------
    def archive(self, job: dict[str, Any], kind: str, step: int | None = None) -> bytes:
        """The archive served for a job: `adapter` (a PEFT adapter) or `merged` / `model_output_path`."""
        tt = job["training_type"]
        base = {"base_model_name_or_path": job["model"], "fine_tune_job": job["id"],
                "step": step or job["steps_completed"]}
        seed = int(_sha(job["id"] + kind + str(step), 8), 16)
        weights = safetensors({"lm_head.lora": [((seed >> i) % 97) / 97 for i in range(8)]})
        if kind == "adapter":
            files = {"adapter_config.json": json.dumps({
                **base, "peft_type": "LORA", "task_type": "CAUSAL_LM", "r": tt.get("lora_r"),
                "lora_alpha": tt.get("lora_alpha"), "lora_dropout": tt.get("lora_dropout", 0.0),
                "target_modules": LORA_MODULES}, indent=2, sort_keys=True).encode(),
                "adapter_model.safetensors": weights}
        else:
            spec = SPECS[job["model"]]
            files = {"config.json": json.dumps({**base, "architectures": [spec.architecture],
                                                "max_position_embeddings": spec.context_length},
                                               indent=2, sort_keys=True).encode(),
                     "generation_config.json": b'{"do_sample": true}\n',
                     "model.safetensors": weights,
                     "tokenizer_config.json": json.dumps({"name_or_path": job["model"]}).encode()}
        readme = f"# {job['model_output_name']}\n\nFine-tuned from {job['model']} by {job['id']}.\n"
        files["README.md"] = readme.encode()
        created = datetime.fromisoformat(job["created_at"].replace("Z", "+00:00"))
        return tar_zst(files, mtime=int(created.timestamp()))

    def download(self, req: Request) -> Response:
        if (bad := self.auth(req)) is not None:
            return bad
        ft_id = req.arg("ft_id") or ""
        with self.lock:
            job = self.jobs.get(ft_id)
            if job is None:
                return error(404, f"Fine-tune job {ft_id} not found.", "ft_id", code="not_found")
            if job["status"] != "completed":
                return error(400, f"Fine-tune job {ft_id} is {job['status']}; only completed jobs can be "
                                  "downloaded.", "ft_id", code="invalid_state")
            lora = job["training_type"]["type"] == "Lora"
            kind = req.arg("checkpoint") or ("merged" if lora else "model_output_path")
            if kind not in ("merged", "adapter", "model_output_path"):
                return error(400, f"checkpoint: '{kind}' is not one of merged, adapter, model_output_path.",
                             "checkpoint")
            if not lora and kind != "model_output_path":
                return error(400, f"checkpoint: '{kind}' applies to LoRA jobs only; this one is full "
                                  "training.", "checkpoint")
            step: int | None = None
            if req.arg("checkpoint_step") not in (None, "", "0"):
                try:
                    step = int(req.arg("checkpoint_step") or "")
                except ValueError:
                    return error(400, "checkpoint_step must be an integer.", "checkpoint_step")
                steps = {c["step"] for c in self.job_state[ft_id]["checkpoints"]}
                if step not in steps:
                    return error(404, f"No checkpoint at step {step} for {ft_id} (steps: {sorted(steps)}).",
                                 "checkpoint_step", code="not_found")
            data = self.archive(job, kind, step)
        name = job["model_output_name"].split("/")[-1] + (f"-checkpoint-{step}" if step else "") + (
            "-adapter" if kind == "adapter" else "") + ".tar.zst"
        headers = {"Content-Type": "application/octet-stream", "Accept-Ranges": "bytes",
                   "Content-Disposition": f'attachment; filename="{name}"'}
        rng = re.fullmatch(r"bytes=(\d+)-(\d*)", header(req, "Range"))
        if rng:
            first = int(rng[1])
            last = min(int(rng[2]) if rng[2] else len(data) - 1, len(data) - 1)
            if first >= len(data):
                return Response(416, b"", {"Content-Range": f"bytes */{len(data)}"})
            headers["Content-Range"] = f"bytes {first}-{last}/{len(data)}"
            return Response(206, data[first:last + 1], headers)
        return Response(200, data, headers)

    # -- v1 hardware and endpoints ---------------------------------------------------------------------
    def _model_base(self, model: str) -> ModelSpec | None:
        """The base model a served model (base or tuned output name) runs on."""
        if model in SPECS:
            return SPECS[model]
        for job in self.jobs.values():
            names = (job["model_output_name"], job["model_output_name"] + "-adapter")
            if job["status"] == "completed" and model in names:
                return SPECS[job["model"]]
        return None

    def v1_hardware(self, req: Request) -> Response:
        if (bad := self.auth(req)) is not None:
            return bad
        model = req.arg("model")
        items = list(HARDWARE)
        with self.lock:
            if model:
                spec = self._model_base(model)
                if spec is None:
                    return error(404, f"Model {model} not found.", "model", code="model_not_found")
                items = [h for h in HARDWARE if h.id in spec.hardware]
        data = []
        for h in items:
            specs = {"gpu_type": h.accelerator.removeprefix("nvidia-"), "gpu_link": h.gpu_link,
                     "gpu_memory": h.gpu_memory, "gpu_count": h.gpu_count}
            entry: dict[str, Any] = {"object": "hardware", "id": h.id, "specs": specs,
                                     "pricing": {"cents_per_minute": round(h.cents_per_hour / 60, 4)},
                                     "updated_at": iso(self.started)}
            if model:
                free = h.id not in self.unavailable_hardware
                entry["availability"] = {"status": "available" if free else "unavailable"}
            data.append(entry)
        return Response.json({"object": "list", "data": data})

    def _v1_view(self, ep: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in ep.items() if not k.startswith("_")}

    def v1_create_endpoint(self, req: Request) -> Response:
        if (bad := self.auth(req)) is not None:
            return bad
        body = req.json() or {}
        model, hw = str(body.get("model") or ""), str(body.get("hardware") or "")
        scaling = body.get("autoscaling") or {}
        with self.lock:
            spec = self._model_base(model)
            if spec is None:
                return error(400, f"model: {model} does not exist or cannot be deployed.", "model",
                             code="model_not_found")
            if hw not in HW:
                return error(400, f"hardware: '{hw}' is not a known hardware configuration.", "hardware")
            if hw not in spec.hardware:
                return error(400, f"hardware: {hw} cannot serve {model}; see GET /v1/hardware?model=.",
                             "hardware")
            if hw in self.unavailable_hardware:
                return error(400, f"hardware: {hw} has no capacity available right now.", "hardware",
                             code="hardware_unavailable")
            lo, hi = scaling.get("min_replicas"), scaling.get("max_replicas")
            if not isinstance(lo, int) or not isinstance(hi, int) or lo < 0 or hi < max(lo, 1):
                return error(400, "autoscaling: min_replicas >= 0 and max_replicas >= max(min_replicas, 1) "
                                  f"are required (got {scaling!r}).", "autoscaling")
            state = body.get("state", "STARTED")
            if state not in ("STARTED", "STOPPED"):
                return error(400, f"state: '{state}' is not one of STARTED, STOPPED.", "state")
            eid = "endpoint-" + str(uuid.uuid4())
            name = f"{self.project_slug}/{model.split('/')[-1]}-{uuid.uuid4().hex[:8]}"
            ep = {"object": "endpoint", "id": eid, "name": name,
                  "display_name": body.get("display_name") or name,
                  "model": model, "hardware": hw, "type": "dedicated", "owner": self.project_slug,
                  "state": "PENDING" if state == "STARTED" else "STOPPED",
                  "autoscaling": {"min_replicas": lo, "max_replicas": hi}, "created_at": iso(),
                  "inactive_timeout": body.get("inactive_timeout"),
                  "disable_prompt_cache": bool(body.get("disable_prompt_cache", True)),
                  "disable_speculative_decoding": bool(body.get("disable_speculative_decoding", True)),
                  "_polls": 0}
            self.v1_endpoints[eid] = ep
            return Response.json(self._v1_view(ep))

    def v1_list_endpoints(self, req: Request) -> Response:
        if (bad := self.auth(req)) is not None:
            return bad
        kind, mine = req.arg("type"), req.arg("mine")
        keys = ("object", "id", "name", "model", "type", "owner", "state", "created_at")
        with self.lock:
            own = [{k: e[k] for k in keys} for e in self.v1_endpoints.values()]
        # the serverless endpoints of the public models belong to Together
        public = [{"object": "endpoint", "id": "endpoint-" + _sha(s.name, 32), "name": s.name,
                   "model": s.name, "type": "serverless", "owner": "together", "state": "STARTED",
                   "created_at": iso(self.started)} for s in BASE_MODELS]
        mine = (mine or "").lower()
        items = own if mine == "true" else public if mine == "false" else own + public
        if kind:
            items = [e for e in items if e["type"] == kind]
        return Response.json({"object": "list", "data": items})

    def _v1_endpoint(self, req: Request) -> tuple[dict[str, Any] | None, Response | None]:
        if (bad := self.auth(req)) is not None:
            return None, bad
        assert req.match is not None
        ep = self.v1_endpoints.get(req.match["ep"])
        if ep is None:
            return None, error(404, f"Endpoint {req.match['ep']} not found.", code="not_found")
        return ep, None

    def v1_get_endpoint(self, req: Request) -> Response:
        with self.lock:
            ep, bad = self._v1_endpoint(req)
            if bad is not None:
                return bad
            assert ep is not None
            if ep["state"] in ("PENDING", "STARTING"):
                ep["_polls"] += 1
                ep["state"] = "STARTED" if ep["_polls"] >= self.endpoint_polls else "STARTING"
            elif ep["state"] == "STOPPING":
                ep["state"] = "STOPPED"
            return Response.json(self._v1_view(ep))

    def v1_update_endpoint(self, req: Request) -> Response:
        body = req.json() or {}
        with self.lock:
            ep, bad = self._v1_endpoint(req)
            if bad is not None:
                return bad
            assert ep is not None
            if "autoscaling" in body:
                scaling = {**ep["autoscaling"], **(body["autoscaling"] or {})}
                lo, hi = scaling.get("min_replicas"), scaling.get("max_replicas")
                if not isinstance(lo, int) or not isinstance(hi, int) or lo < 0 or hi < max(lo, 1):
                    return error(400, f"autoscaling: invalid replica bounds {scaling!r}.", "autoscaling")
                ep["autoscaling"] = {"min_replicas": lo, "max_replicas": hi}
            state = body.get("state")
            if state == "STOPPED" and ep["state"] not in ("STOPPED", "STOPPING"):
                ep["state"] = "STOPPING"
            elif state == "STARTED" and ep["state"] in ("STOPPED", "STOPPING"):
                ep["state"], ep["_polls"] = "PENDING", 0
            elif state not in (None, "STARTED", "STOPPED"):
                return error(400, f"state: '{state}' is not one of STARTED, STOPPED.", "state")
            for key in ("display_name", "inactive_timeout"):
                if key in body:
                    ep[key] = body[key]
            return Response.json(self._v1_view(ep))

    def v1_delete_endpoint(self, req: Request) -> Response:
        with self.lock:
            ep, bad = self._v1_endpoint(req)
            if bad is not None:
                return bad
            assert ep is not None
            del self.v1_endpoints[ep["id"]]
        return Response(204)

    # -- v2 catalog: supported models, instance types, configs -----------------------------------------
    def _configs_for(self, spec: ModelSpec) -> list[dict[str, Any]]:
        mid = base_model_id(spec.name)
        out = []
        for hid in spec.hardware:
            h = HW[hid]
            out.append({"id": config_id(spec.name, hid), "projectId": PUBLIC_PROJECT,
                        "referenceModel": f"projects/{PUBLIC_PROJECT}/models/{mid}", "referenceModelId": mid,
                        "selectors": [{"key": "accelerator_type", "value": h.accelerator},
                                      {"key": "accelerator_count", "value": str(h.gpu_count)}],
                        "certifications": [{"certificationType": "CERTIFICATION_TYPE_CERTIFIED",
                                            "certifiedAt": iso(self.started), "certifiedBy": "together",
                                            "model": f"projects/{PUBLIC_PROJECT}/models/{mid}",
                                            "modelRevisionId": "rv_" + _sha(spec.name + "rev"),
                                            "target": "CERTIFICATION_TARGET_MRE"}]})
        return out

    def _supported(self, spec: ModelSpec) -> dict[str, Any]:
        mid = base_model_id(spec.name)
        profiles = [{"certifiedConfigRevisionId": c["id"],
                     "certifiedModelRevisionId": "rv_" + _sha(spec.name + "rev"),
                     "config": f"projects/{PUBLIC_PROJECT}/configs/{c['id']}",
                     "gpuCount": int(c["selectors"][1]["value"]), "gpuType": c["selectors"][0]["value"],
                     "model": f"projects/{PUBLIC_PROJECT}/models/{mid}", "modelName": spec.name,
                     "parallelism": f"TP{c['selectors'][1]['value']}", "performanceBenchmarks": {},
                     "profileId": c["id"], "quantization": "bf16", "adapterMode": "ADAPTER_MODE_DYNAMIC"}
                    for c in self._configs_for(spec)]
        products = ["PRODUCT_SERVERLESS", "PRODUCT_DEDICATED"]
        if spec.fine_tunable:
            products.append("PRODUCT_FINE_TUNING")
        modalities = ["MODALITY_TEXT", "MODALITY_IMAGE"] if spec.vision else ["MODALITY_TEXT"]
        return {"id": mid, "baseModel": f"projects/{PUBLIC_PROJECT}/models/{mid}", "baseModelId": mid,
                "capabilities": ["CAPABILITY_CHAT"], "createdAt": iso(self.started),
                "deploymentProfiles": profiles,
                "displayName": spec.display_name, "displayType": "chat", "inputModalities": modalities,
                "name": spec.name, "outputModalities": ["MODALITY_TEXT"], "products": products,
                "publisher": spec.publisher, "status": "SUPPORTED_MODEL_STATUS_SUPPORTED",
                "updatedAt": iso(self.started), "architecture": spec.architecture,
                "contextLength": str(spec.context_length), "serverlessEndpoint": spec.name,
                "pricing": {"input": spec.input_price, "output": spec.output_price},
                "features": ["FEATURE_TOOL_CALLING"] + (["FEATURE_REASONING"] if spec.reasoning else [])}

    def supported_models(self, req: Request) -> Response:
        if (bad := self.auth(req)) is not None:
            return bad
        items = [self._supported(s) for s in BASE_MODELS]
        product, search, modality = req.arg("product"), (req.arg("search") or "").lower(), req.arg("modality")
        if product:
            items = [i for i in items if product in i["products"]]
        if modality:
            items = [i for i in items if modality in i["inputModalities"]]
        if search:
            items = [i for i in items if search in i["name"].lower() or search in i["displayName"].lower()]
        return Response.json(cursor_page(items, req))

    def supported_model(self, req: Request) -> Response:
        if (bad := self.auth(req)) is not None:
            return bad
        assert req.match is not None
        for spec in BASE_MODELS:
            if req.match["id"] in (base_model_id(spec.name), spec.name):
                return Response.json(self._supported(spec))
        return rpc_error("NOT_FOUND", f"supported model {req.match['id']!r} not found")

    def _instance(self, h: Hardware) -> dict[str, Any]:
        value = 0 if h.id in self.unavailable_hardware else 8
        return {"id": h.id, "name": h.name,
                "description": f"{h.gpu_count}x {h.gpu_type} {h.gpu_memory}GB ({h.gpu_link})",
                "gpuCount": h.gpu_count, "gpuMemoryGib": h.gpu_memory, "gpuType": h.gpu_type,
                "priceCentsPerHour": h.cents_per_hour,
                "regions": [{"name": "us-central-1",
                             "headroom": {"relation": "RELATION_GTE", "value": value}}]}

    def instance_types(self, req: Request) -> Response:
        if (bad := self.auth(req)) is not None:
            return bad
        return Response.json({"object": "list", "data": [self._instance(h) for h in HARDWARE],
                              "next_cursor": None})

    def instance_type(self, req: Request) -> Response:
        if (bad := self.auth(req)) is not None:
            return bad
        assert req.match is not None
        h = next((h for h in HARDWARE if req.match["id"] in (h.id, h.name)), None)
        if h is None:
            return rpc_error("NOT_FOUND", f"instance type {req.match['id']!r} not found")
        return Response.json(self._instance(h))

    def _all_configs(self) -> list[dict[str, Any]]:
        return [c for s in BASE_MODELS for c in self._configs_for(s)]

    def v2_list_configs(self, req: Request) -> Response:
        if (bad := self.v2_auth(req)) is not None:
            return bad
        ref = req.arg("referenceModelId") or req.arg("reference_model_id") or ""
        ref = ref or (req.arg("referenceModel") or req.arg("reference_model") or "").rsplit("/", 1)[-1]
        items = self._all_configs()
        if ref:
            with self.lock:
                tuned = self.registry.get(ref)
            base = tuned["baseModelId"] if tuned else ref
            items = [c for c in items if c["referenceModelId"] == base]
        return Response.json(cursor_page(items, req))

    def v2_get_config(self, req: Request) -> Response:
        if (bad := self.v2_auth(req)) is not None:
            return bad
        assert req.match is not None
        found = next((c for c in self._all_configs() if c["id"] == req.match["id"]), None)
        if found is None:
            return rpc_error("NOT_FOUND", f"config {req.match['id']!r} not found")
        return Response.json(found)

    # -- v2 project models -----------------------------------------------------------------------------
    @staticmethod
    def _model_view(m: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in m.items() if not k.startswith("_")}

    def _public_model(self, ref: str) -> dict[str, Any] | None:
        for spec in BASE_MODELS:
            if ref in (base_model_id(spec.name), spec.name):
                mid = base_model_id(spec.name)
                return {"id": mid, "name": spec.name, "organizationId": "org_togetherai",
                        "projectId": PUBLIC_PROJECT,
                        "visibility": "VISIBILITY_INTERNAL", "weights": {
                            "architecture": spec.architecture, "contextLength": str(spec.context_length),
                            "type": "WEIGHTS_TYPE_DEFAULT"}, "description": spec.display_name,
                        "_revision": "rv_" + _sha(spec.name + "rev"), "_base": spec.name}
        return None

    def _find_model(self, ref: str) -> dict[str, Any] | None:
        """A model by id or name: the project's tuned ones, then the public base models."""
        for m in self.registry.values():
            if ref in (m["id"], m["name"]):
                return m
        return self._public_model(ref)

    def v2_list_models(self, req: Request) -> Response:
        if (bad := self.v2_auth(req)) is not None:
            return bad
        with self.lock:
            items = [self._model_view(m) for m in self.registry.values()]
        return Response.json(cursor_page(items, req))

    def v2_get_model(self, req: Request) -> Response:
        if (bad := self.v2_auth(req)) is not None:
            return bad
        assert req.match is not None
        with self.lock:
            m = self._find_model(req.match["id"])
        if m is None:
            return rpc_error("NOT_FOUND", f"model {req.match['id']!r} not found")
        return Response.json(self._model_view(m))

    def v2_delete_model(self, req: Request) -> Response:
        if (bad := self.v2_auth(req)) is not None:
            return bad
        assert req.match is not None
        with self.lock:
            m = self.registry.get(req.match["id"])
            if m is None:
                return rpc_error("NOT_FOUND", f"model {req.match['id']!r} not found")
            if any(d["modelId"] == m["id"] for d in self.deployments.values()):
                return rpc_error("FAILED_PRECONDITION",
                                 f"model {m['id']} is deployed; delete its deployments first")
            del self.registry[m["id"]]
        return Response.json({})

    # -- v2 endpoints and deployments ------------------------------------------------------------------
    def _summary(self, d: dict[str, Any]) -> dict[str, Any]:
        keys = ("id", "autoscaling", "createdAt", "model", "modelId", "name", "trafficMode",
                "desiredReplicas", "hardware")
        out = {k: d[k] for k in keys}
        out.update(state=d["status"]["state"], readyReplicas=d["status"]["readyReplicas"],
                   estimatedEffectiveTrafficShare=self._share(d))
        return out

    def _share(self, d: dict[str, Any]) -> float:
        ep = self.endpoints.get(d["endpointId"])
        if ep is None:
            return 0.0
        ready = {i: x["status"]["readyReplicas"] for i, x in self.deployments.items()}
        capacity = {t["deploymentId"]: t["weight"] * ready[t["deploymentId"]]
                    for t in ep["trafficSplit"] if t["deploymentId"] in ready}
        total = sum(capacity.values())
        return round(capacity.get(d["id"], 0.0) / total, 4) if total else 0.0

    def _endpoint_view(self, ep: dict[str, Any]) -> dict[str, Any]:
        view = {k: v for k, v in ep.items() if not k.startswith("_")}
        view["deployments"] = [self._summary(d) for d in self.deployments.values()
                               if d["endpointId"] == ep["id"]]
        return view

    def _deployment_view(self, d: dict[str, Any]) -> dict[str, Any]:
        view = {k: v for k, v in d.items() if not k.startswith("_")}
        view["estimatedEffectiveTrafficShare"] = self._share(d)
        return view

    def _advance_deployment(self, d: dict[str, Any]) -> None:
        st = d["status"]
        lo, hi = d["autoscaling"].get("minReplicas", 1), d["autoscaling"].get("maxReplicas", 1)
        if st["state"] == "DEPLOYMENT_STATE_STOPPING":
            st.update(state="DEPLOYMENT_STATE_STOPPED", message="Deployment stopped", readyReplicas=0,
                      scheduledReplicas=0)
        elif st["state"] == "DEPLOYMENT_STATE_PROVISIONING":
            d["_polls"] += 1
            if d["_polls"] >= self.deployment_polls:
                ready = max(lo, 1) if hi else 0
                st.update(state="DEPLOYMENT_STATE_READY", message="All replicas are serving traffic",
                          readyReplicas=ready, scheduledReplicas=ready)
                d["desiredReplicas"] = ready

    def _endpoint(self, req: Request, key: str = "id") -> tuple[dict[str, Any] | None, Response | None]:
        if (bad := self.v2_auth(req)) is not None:
            return None, bad
        assert req.match is not None
        ref = req.match[key]
        ep = self.endpoints.get(ref) or next((e for e in self.endpoints.values()
                                              if ref in (e["name"], e["name"].split("/", 1)[-1])), None)
        if ep is None:
            return None, rpc_error("NOT_FOUND", f"endpoint {ref!r} not found")
        return ep, None

    def _bare_name(self, name: Any) -> tuple[str | None, Response | None]:
        name = str(name or "")
        if "/" in name:
            slug, name = name.split("/", 1)
            if slug != self.project_slug:
                return None, rpc_error("INVALID_ARGUMENT",
                                       f"project slug {slug!r} does not match the project")
        if not NAME_RX.match(name):
            return None, rpc_error("INVALID_ARGUMENT",
                                   f"name {name!r} must be 1-128 letters, digits, '.', '_' or '-'")
        return name, None

    def v2_create_endpoint(self, req: Request) -> Response:
        if (bad := self.v2_auth(req)) is not None:
            return bad
        body = req.json() or {}
        name, bad = self._bare_name(body.get("name"))
        if bad is not None:
            return bad
        vis = body.get("visibility") or "VISIBILITY_PRIVATE"
        if vis not in ("VISIBILITY_PRIVATE", "VISIBILITY_INTERNAL"):
            return rpc_error("INVALID_ARGUMENT", f"visibility {vis!r} is not valid")
        with self.lock:
            full = f"{self.project_slug}/{name}"
            if any(e["name"] == full for e in self.endpoints.values()):
                return rpc_error("ALREADY_EXISTS", f"endpoint {full!r} already exists")
            now = iso()
            ep = {"id": "ep_" + uuid.uuid4().hex[:24], "name": full, "createdAt": now, "updatedAt": now,
                  "endpointType": "ENDPOINT_TYPE_DEDICATED", "etag": uuid.uuid4().hex[:16],
                  "projectId": self.project_id,
                  "trafficSplit": [], "visibility": vis}
            self.endpoints[ep["id"]] = ep
            return Response.json(self._endpoint_view(ep))

    def v2_list_endpoints(self, req: Request) -> Response:
        if (bad := self.v2_auth(req)) is not None:
            return bad
        with self.lock:  # a listing sees time pass too: provisioning deployments move on, as on a GET of each
            for d in self.deployments.values():
                self._advance_deployment(d)
            items = [self._endpoint_view(e) for e in self.endpoints.values()]
        flt = req.arg("filter") or ""
        m = re.fullmatch(r'name\s*:\s*"?([^"]*)"?', flt.strip())
        if m:
            items = [e for e in items if m[1] in e["name"]]
        return Response.json(cursor_page(items, req))

    def v2_get_endpoint(self, req: Request) -> Response:
        with self.lock:
            ep, bad = self._endpoint(req)
            if bad is not None:
                return bad
            assert ep is not None
            for d in self.deployments.values():
                if d["endpointId"] == ep["id"]:
                    self._advance_deployment(d)
            return Response.json(self._endpoint_view(ep))

    def v2_update_endpoint(self, req: Request) -> Response:
        body = req.json() or {}
        mask_arg = req.arg("updateMask") or req.arg("update_mask") or ""
        mask = {f.strip() for f in mask_arg.split(",") if f.strip()}
        with self.lock:
            ep, bad = self._endpoint(req)
            if bad is not None:
                return bad
            assert ep is not None
            if body.get("etag") and body["etag"] != ep["etag"]:
                return rpc_error("ABORTED", "etag mismatch: the endpoint changed since it was read")
            split = body.get("trafficSplit", body.get("traffic_split"))
            if split is not None and (not mask or mask & {"trafficSplit", "traffic_split"}):
                entries = []
                for t in split:
                    did, weight = t.get("deploymentId", t.get("deployment_id")), t.get("weight")
                    d = self.deployments.get(str(did))
                    if d is None or d["endpointId"] != ep["id"]:
                        return rpc_error("INVALID_ARGUMENT", f"deployment {did!r} is not under this endpoint")
                    if not isinstance(weight, (int, float)) or weight < 0 or not math.isfinite(weight):
                        return rpc_error("INVALID_ARGUMENT",
                                         f"weight {weight!r} must be a non-negative number")
                    entries.append({"deploymentId": did, "weight": float(weight)})
                ep["trafficSplit"] = entries
            if "name" in body and (not mask or "name" in mask):
                name, bad = self._bare_name(body["name"])
                if bad is not None:
                    return bad
                ep["name"] = f"{self.project_slug}/{name}"
            if "visibility" in body and (not mask or "visibility" in mask):
                ep["visibility"] = body["visibility"]
            ep["etag"], ep["updatedAt"] = uuid.uuid4().hex[:16], iso()
            return Response.json(self._endpoint_view(ep))

    def v2_delete_endpoint(self, req: Request) -> Response:
        with self.lock:
            ep, bad = self._endpoint(req)
            if bad is not None:
                return bad
            assert ep is not None
            if req.arg("etag") and req.arg("etag") != ep["etag"]:
                return rpc_error("ABORTED", "etag mismatch: the endpoint changed since it was read")
            if any(d["endpointId"] == ep["id"] for d in self.deployments.values()):
                return rpc_error("FAILED_PRECONDITION",
                                 f"endpoint {ep['name']} has deployments; delete them first")
            del self.endpoints[ep["id"]]
        return Response.json({})

    def _resolve_model_ref(self, body: dict[str, Any]) -> tuple[dict[str, Any] | None, str | None]:
        ref = str(body.get("model") or "")
        m = re.fullmatch(r"projects/([^/]+)/models/([^/]+)(?:/revisions/([^/]+))?", ref)
        mid = m[2] if m else str(body.get("modelId") or body.get("model_id") or "")
        if not mid:
            return None, "model is required (projects/{projectId}/models/{modelId}[/revisions/{revisionId}])"
        found = self._find_model(mid)
        if found is None:
            return None, f"model {ref or mid!r} not found"
        rev = (m[3] if m else None) or body.get("modelRevisionId") or body.get("model_revision_id")
        if rev and rev != found["_revision"]:
            return None, f"revision {rev!r} of model {found['id']} not found"
        return found, None

    def v2_create_deployment(self, req: Request) -> Response:
        body = req.json() or {}
        with self.lock:
            ep, bad = self._endpoint(req, "ep")
            if bad is not None:
                return bad
            assert ep is not None
            name, bad = self._bare_name(body.get("name"))
            if bad is not None:
                return bad
            model, problem = self._resolve_model_ref(body)
            if model is None:
                return rpc_error("INVALID_ARGUMENT", str(problem))
            cref = str(body.get("config") or body.get("configId") or body.get("config_id") or "")
            cref = cref.rsplit("/", 1)[-1]
            if not cref:
                return rpc_error("INVALID_ARGUMENT",
                                 "config is required (projects/{projectId}/configs/{configId}); list a "
                                 "model's configs with GET .../configs?referenceModelId=")
            config = next((c for c in self._all_configs() if c["id"] == cref), None)
            if config is None:
                return rpc_error("INVALID_ARGUMENT", f"config {cref!r} not found")
            if config["referenceModelId"] != base_model_id(model["_base"]):
                return rpc_error("INVALID_ARGUMENT",
                                 f"config {cref} is not compatible with model {model['name']}")
            scaling = body.get("autoscaling")
            if not isinstance(scaling, dict):
                return rpc_error("INVALID_ARGUMENT", "autoscaling is required")
            lo = scaling.get("minReplicas", scaling.get("min_replicas", 1))
            hi = scaling.get("maxReplicas", scaling.get("max_replicas", lo))
            if not isinstance(lo, int) or not isinstance(hi, int) or lo < 0 or hi < lo:
                return rpc_error("INVALID_ARGUMENT",
                                 f"autoscaling needs 0 <= minReplicas <= maxReplicas (got {scaling})")
            full = f"{ep['name']}/{name}"
            if any(d["name"] == full for d in self.deployments.values()):
                return rpc_error("ALREADY_EXISTS", f"deployment {full!r} already exists")
            timeout = body.get("inactiveTimeout", body.get("inactive_timeout"))
            if timeout not in (None, 0) and not (isinstance(timeout, int) and 30 <= timeout <= 1440):
                return rpc_error("INVALID_ARGUMENT", "inactiveTimeout must be 0 or 30 through 1440 minutes")
            h = next(h for h in HARDWARE if h.accelerator == config["selectors"][0]["value"]
                     and str(h.gpu_count) == config["selectors"][1]["value"])
            if h.id in self.unavailable_hardware:
                return rpc_error("FAILED_PRECONDITION", f"no capacity for {h.name} right now")
            now = iso()
            stopped = hi == 0
            rest = {k: v for k, v in scaling.items() if k not in ("min_replicas", "max_replicas")}
            replicas = 0 if stopped else max(lo, 1)
            d = {"id": "dep_" + uuid.uuid4().hex[:24],
                 "autoscaling": {**rest, "minReplicas": lo, "maxReplicas": hi},
                 "config": f"projects/{config['projectId']}/configs/{config['id']}", "configId": config["id"],
                 "createdAt": now, "endpointId": ep["id"], "etag": uuid.uuid4().hex[:16], "hardware": h.name,
                 "model": f"projects/{model['projectId']}/models/{model['id']}"
                          f"/revisions/{model['_revision']}",
                 "modelId": model["id"], "modelRevisionId": model["_revision"], "name": full,
                 "projectId": self.project_id,
                 "status": {"state": "DEPLOYMENT_STATE_" + ("STOPPED" if stopped else "PROVISIONING"),
                            "message": "Deployment stopped" if stopped else "Provisioning replicas",
                            "readyReplicas": 0, "scheduledReplicas": replicas},
                 "trafficMode": "TRAFFIC_MODE_LIVE", "updatedAt": now, "desiredReplicas": replicas,
                 "inactiveTimeout": timeout or 0, "placement": body.get("placement"), "_polls": 0}
            if body.get("maxConcurrentRequestsPerReplica") is not None:
                d["maxConcurrentRequestsPerReplica"] = str(body["maxConcurrentRequestsPerReplica"])
            if req.arg("validateOnly") == "true" or req.arg("validate_only") == "true":
                return Response.json(self._deployment_view(d))
            self.deployments[d["id"]] = d
            if not ep["trafficSplit"]:  # the first deployment of an unrouted endpoint takes its traffic
                ep["trafficSplit"] = [{"deploymentId": d["id"], "weight": 1.0}]
                ep["etag"] = uuid.uuid4().hex[:16]
            return Response.json(self._deployment_view(d))

    def _deployment(self, req: Request) -> tuple[dict[str, Any] | None, Response | None]:
        ep, bad = self._endpoint(req, "ep")
        if bad is not None:
            return None, bad
        assert ep is not None and req.match is not None
        d = self.deployments.get(req.match["id"])
        if d is None or d["endpointId"] != ep["id"]:
            return None, rpc_error("NOT_FOUND", f"deployment {req.match['id']!r} not found")
        return d, None

    def v2_list_deployments(self, req: Request) -> Response:
        with self.lock:
            ep, bad = self._endpoint(req, "ep")
            if bad is not None:
                return bad
            assert ep is not None
            items = [self._deployment_view(d) for d in self.deployments.values()
                     if d["endpointId"] == ep["id"]]
        return Response.json(cursor_page(items, req))

    def v2_get_deployment(self, req: Request) -> Response:
        with self.lock:
            d, bad = self._deployment(req)
            if bad is not None:
                return bad
            assert d is not None
            self._advance_deployment(d)
            return Response.json(self._deployment_view(d))

    def v2_update_deployment(self, req: Request) -> Response:
        body = req.json() or {}
        with self.lock:
            d, bad = self._deployment(req)
            if bad is not None:
                return bad
            assert d is not None
            if body.get("etag") and body["etag"] != d["etag"]:
                return rpc_error("ABORTED", "etag mismatch: the deployment changed since it was read")
            scaling = body.get("autoscaling")
            if isinstance(scaling, dict):
                merged = {**d["autoscaling"], **scaling}
                lo, hi = merged.get("minReplicas", 1), merged.get("maxReplicas", merged.get("minReplicas", 1))
                if not isinstance(lo, int) or not isinstance(hi, int) or lo < 0 or hi < lo:
                    return rpc_error("INVALID_ARGUMENT", "autoscaling needs 0 <= minReplicas <= maxReplicas")
                d["autoscaling"] = merged
                st = d["status"]
                if hi == 0 and st["state"] != "DEPLOYMENT_STATE_STOPPED":
                    st.update(state="DEPLOYMENT_STATE_STOPPING", message="Stopping replicas")
                elif hi > 0 and st["state"] in ("DEPLOYMENT_STATE_STOPPED", "DEPLOYMENT_STATE_STOPPING"):
                    st.update(state="DEPLOYMENT_STATE_PROVISIONING", message="Provisioning replicas",
                              scheduledReplicas=max(lo, 1))
                    d["_polls"] = 0
            for key in ("inactiveTimeout", "maxConcurrentRequestsPerReplica"):
                if key in body:
                    d[key] = body[key]
            d["etag"], d["updatedAt"] = uuid.uuid4().hex[:16], iso()
            return Response.json(self._deployment_view(d))

    def v2_delete_deployment(self, req: Request) -> Response:
        with self.lock:
            d, bad = self._deployment(req)
            if bad is not None:
                return bad
            assert d is not None
            if req.arg("etag") and req.arg("etag") != d["etag"]:
                return rpc_error("ABORTED", "etag mismatch: the deployment changed since it was read")
            del self.deployments[d["id"]]
            ep = self.endpoints.get(d["endpointId"])
            if ep is not None:
                ep["trafficSplit"] = [t for t in ep["trafficSplit"] if t["deploymentId"] != d["id"]]
        return Response.json({})
