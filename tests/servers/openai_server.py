"""Our OpenAI and Azure OpenAI test server: the real HTTP API's paths, JSON shapes and status codes.

OpenAI (`/v1/...`, `Authorization: Bearer`) and Azure OpenAI (`/openai/...?api-version=`, `api-key` header):
  models list (base models plus fine-tuned ones; DELETE of a fine-tuned model), files (multipart upload with
  purpose `fine-tune`, list with purpose/after/limit, retrieve, content, delete; on Azure an upload is `pending`
  and becomes `processed` after `file_processing_polls` retrievals), fine_tuning jobs (create with metadata and
  method/hyperparameters, list newest first with after/limit/has_more and `metadata[k]=v` filters, retrieve,
  cancel, pause, resume, events newest first paged with `after`, checkpoints paged likewise).
A job moves one stage per retrieval: validating_files (Azure: pending) -> queued -> running (one metric event
per retrieval, `running_polls` times) -> succeeded with `fine_tuned_model`, `trained_tokens`, checkpoints.
The Azure management plane (deployments of fine-tuned models) answers under `/subscriptions/...` with a
Bearer management token.

Faults: `fault()` from the base (429 with Retry-After, 500, delays for client timeouts, dropped connections);
`create_delay` holds the create response AFTER the job was made (the timeout that must not make a second
job); `fail_next_job` makes the next job fail with that error; the wind-down date refuses new jobs when the
server's clock (FTTOOL_NOW, as the world's date) is on or after `new_jobs_end`.
"""

from __future__ import annotations

import hashlib
import os
import time
import uuid
from datetime import date, datetime, timezone
from email.parser import BytesParser
from email.policy import HTTP
from typing import Any

from tests.servers.base import Request, Response, TestServer

MODELS = ["gpt-4o-mini-2024-07-18", "gpt-4.1-mini-2025-04-14", "gpt-3.5-turbo-0125"]
FINE_TUNABLE = {"gpt-4o-mini-2024-07-18", "gpt-4.1-mini-2025-04-14", "gpt-4.1-2025-04-14", "gpt-4o-2024-08-06",
                "gpt-4.1-nano-2025-04-14", "gpt-35-turbo-0125", "gpt-3.5-turbo-0125"}
ORG = "org-fttooltest"
NEW_JOBS_END = "2027-01-06"
WIND_DOWN_MESSAGE = ("Fine-tuning is no longer available for new jobs as of January 6, 2027. Existing fine-tuned "
                     "models remain available for inference.")
MGMT = (r"/subscriptions/(?P<sub>[^/]+)/resourceGroups/(?P<rg>[^/]+)/providers/Microsoft\.CognitiveServices"
        r"/accounts/(?P<acct>[^/]+)/deployments")


def error(status: int, message: str, type_: str = "invalid_request_error", code: str | None = None,
          param: str | None = None, headers: dict[str, str] | None = None) -> Response:
    return Response.json({"error": {"message": message, "type": type_, "param": param, "code": code}}, status,
                         headers)


def header(req: Request, name: str, default: str = "") -> str:
    """A request header by name, whatever its case (httpx2 sends lower-case names)."""
    name = name.lower()
    for k, v in req.headers.items():
        if k.lower() == name:
            return v
    return default


def _id(prefix: str) -> str:
    return prefix + uuid.uuid4().hex[:24]


def _page(items: list[dict[str, Any]], req: Request, default_limit: int = 20) -> Response:
    """A cursor page: items in the order given, starting after the id `after`, `limit` of them."""
    after = req.arg("after")
    try:
        limit = max(1, min(int(req.arg("limit") or default_limit), 100))
    except ValueError:
        return error(400, "Invalid 'limit': expected an integer.", param="limit")
    start = 0
    if after:
        ids = [i["id"] for i in items]
        if after not in ids:
            return error(400, f"Invalid 'after': no object with id '{after}'.", param="after")
        start = ids.index(after) + 1
    chunk = items[start:start + limit]
    return Response.json({"object": "list", "data": chunk, "has_more": start + limit < len(items),
                          "first_id": chunk[0]["id"] if chunk else None,
                          "last_id": chunk[-1]["id"] if chunk else None})


class OpenAIServer(TestServer):
    def __init__(self, api_key: str = "sk-test-123456789", azure_key: str = "azure-test-key-123",
                 management_token: str = "mgmt-test-token-123") -> None:
        super().__init__()
        self.api_key = api_key
        self.azure_key = azure_key
        self.management_token = management_token
        self.models: list[dict[str, Any]] = [
            {"id": m, "object": "model", "created": int(time.time()), "owned_by": "system"} for m in MODELS
        ]
        self.files: dict[str, dict[str, Any]] = {}
        self.file_content: dict[str, bytes] = {}
        self.jobs: dict[str, dict[str, Any]] = {}
        self.job_state: dict[str, dict[str, Any]] = {}  # id -> polls, events, checkpoints, api
        self.deployments: dict[str, dict[str, Any]] = {}
        # behaviour knobs
        self.validating_polls = 1
        self.queued_polls = 1
        self.running_polls = 3
        self.file_processing_polls = 1  # Azure: retrievals before an upload is processed
        self.file_error: str | None = None  # Azure: processing ends in this error instead
        self.create_delay = 0.0
        self.fail_next_job: dict[str, Any] | None = None
        self.new_jobs_end = NEW_JOBS_END
        self.deployment_polls = 1
        for api, prefix in (("openai", r"/v1"), ("azure", r"/openai")):
            def bind(fn: Any, api: str = api) -> Any:
                return lambda req: fn(req, api)

            self.route("GET", prefix + r"/models")(bind(self.list_models))
            self.route("DELETE", prefix + r"/models/(?P<model>[^/]+)")(bind(self.delete_model))
            self.route("POST", prefix + r"/files")(bind(self.upload_file))
            self.route("GET", prefix + r"/files")(bind(self.list_files))
            self.route("GET", prefix + r"/files/(?P<file>[^/]+)")(bind(self.get_file))
            self.route("GET", prefix + r"/files/(?P<file>[^/]+)/content")(bind(self.file_content_route))
            self.route("DELETE", prefix + r"/files/(?P<file>[^/]+)")(bind(self.delete_file))
            self.route("POST", prefix + r"/fine_tuning/jobs")(bind(self.create_job))
            self.route("GET", prefix + r"/fine_tuning/jobs")(bind(self.list_jobs))
            self.route("GET", prefix + r"/fine_tuning/jobs/(?P<job>[^/]+)")(bind(self.get_job))
            self.route("POST", prefix + r"/fine_tuning/jobs/(?P<job>[^/]+)/cancel")(bind(self.cancel_job))
            self.route("POST", prefix + r"/fine_tuning/jobs/(?P<job>[^/]+)/pause")(bind(self.pause_job))
            self.route("POST", prefix + r"/fine_tuning/jobs/(?P<job>[^/]+)/resume")(bind(self.resume_job))
            self.route("GET", prefix + r"/fine_tuning/jobs/(?P<job>[^/]+)/events")(bind(self.list_events))
            self.route("GET", prefix + r"/fine_tuning/jobs/(?P<job>[^/]+)/checkpoints")(bind(self.list_checkpoints))
        self.route("GET", MGMT)(self.mgmt_list)
        self.route("PUT", MGMT + r"/(?P<name>[^/]+)")(self.mgmt_put)
        self.route("GET", MGMT + r"/(?P<name>[^/]+)")(self.mgmt_get)
        self.route("DELETE", MGMT + r"/(?P<name>[^/]+)")(self.mgmt_delete)
        try:  # chat completions live in their own module (the playground's)
            from tests.servers.chat_routes import install_chat_routes
        except ImportError:
            pass
        else:
            install_chat_routes(self)

    # -- helpers ---------------------------------------------------------------------------------------
    def start(self) -> OpenAIServer:
        super().start()
        # headers and body leave in two writes: without TCP_NODELAY, Nagle and delayed ACKs add ~40 ms to
        # every keep-alive request, which a real server does not
        assert self._httpd is not None
        self._httpd.RequestHandlerClass.disable_nagle_algorithm = True  # type: ignore[attr-defined]
        return self

    @property
    def base_url(self) -> str:
        return self.url + "/v1"

    @staticmethod
    def today() -> date:
        """The world's date as the server sees it: FTTOOL_NOW when a test sets it, else the real date."""
        fixed = os.environ.get("FTTOOL_NOW")
        if fixed:
            return datetime.fromisoformat(fixed.replace("Z", "+00:00")).date()
        return datetime.now(timezone.utc).date()

    def check_openai_auth(self, req: Request) -> Response | None:
        if header(req, "Authorization") != f"Bearer {self.api_key}":
            return error(401, "Incorrect API key provided.", code="invalid_api_key")
        return None

    def check_azure_auth(self, req: Request) -> Response | None:
        if not req.arg("api-version"):
            return error(404, "Resource not found")
        if header(req, "api-key") != self.azure_key:
            return Response.json({"error": {"code": "401", "message": "Access denied due to invalid "
                                            "subscription key or wrong API endpoint."}}, 401)
        return None

    def auth(self, req: Request, api: str) -> Response | None:
        return self.check_azure_auth(req) if api == "azure" else self.check_openai_auth(req)

    # -- models ----------------------------------------------------------------------------------------
    def list_models(self, req: Request, api: str = "openai") -> Response:
        return self.auth(req, api) or Response.json({"object": "list", "data": self.models})

    def azure_list_models(self, req: Request) -> Response:  # kept for callers of the foundation's name
        return self.list_models(req, "azure")

    def delete_model(self, req: Request, api: str) -> Response:
        if (bad := self.auth(req, api)) is not None:
            return bad
        assert req.match is not None
        model = req.match["model"]
        with self.lock:
            found = [m for m in self.models if m["id"] == model]
            if not found:
                return error(404, f"The model '{model}' does not exist", code="model_not_found")
            if found[0]["owned_by"] == "system":
                return error(403, "You are not allowed to delete this model.")
            self.models.remove(found[0])
        return Response.json({"id": model, "object": "model", "deleted": True})

    # -- files -----------------------------------------------------------------------------------------
    def upload_file(self, req: Request, api: str) -> Response:
        if (bad := self.auth(req, api)) is not None:
            return bad
        ctype = header(req, "Content-Type")
        if not ctype.startswith("multipart/form-data"):
            return error(400, "Expected multipart/form-data.")
        msg = BytesParser(policy=HTTP).parsebytes(b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + req.body)
        fields: dict[str, Any] = {}
        filename = "upload.jsonl"
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if name == "file":
                filename = part.get_filename() or filename
                fields["file"] = payload
            else:
                fields[str(name)] = payload.decode()
        if "file" not in fields:
            return error(400, "Missing file.", param="file")
        purpose = fields.get("purpose")
        if purpose not in ("fine-tune", "assistants", "batch", "vision", "user_data"):
            return error(400, f"'{purpose}' is not one of the supported purposes.", param="purpose")
        fid = ("file-" + uuid.uuid4().hex[:24]) if api == "openai" else ("file-" + uuid.uuid4().hex)
        obj = {"id": fid, "object": "file", "bytes": len(fields["file"]), "created_at": int(time.time()),
               "filename": filename, "purpose": purpose, "status": "processed" if api == "openai" else "pending",
               "status_details": None}
        with self.lock:
            self.files[fid] = obj
            self.file_content[fid] = fields["file"]
            self.job_state.setdefault("_files", {})[fid] = {"api": api, "polls": 0,
                                                            "sha256": hashlib.sha256(fields["file"]).hexdigest()}
        return Response.json(obj)

    def _files_of(self, api: str) -> list[dict[str, Any]]:
        meta = self.job_state.get("_files", {})
        return [f for fid, f in self.files.items() if meta.get(fid, {}).get("api", "openai") == api]

    def list_files(self, req: Request, api: str) -> Response:
        if (bad := self.auth(req, api)) is not None:
            return bad
        with self.lock:
            items = [dict(f) for f in self._files_of(api)]
        purpose = req.arg("purpose")
        if purpose:
            items = [f for f in items if f["purpose"] == purpose]
        items.sort(key=lambda f: f["created_at"], reverse=req.arg("order", "desc") == "desc")
        return _page(items, req, default_limit=10000)

    def get_file(self, req: Request, api: str) -> Response:
        if (bad := self.auth(req, api)) is not None:
            return bad
        assert req.match is not None
        fid = req.match["file"]
        with self.lock:
            f = self.files.get(fid)
            if f is None:
                return error(404, f"No such File object: {fid}", param="id")
            meta = self.job_state["_files"][fid]
            if api == "azure" and f["status"] in ("pending", "running"):
                meta["polls"] += 1
                if meta["polls"] < self.file_processing_polls:
                    f["status"] = "running"
                elif self.file_error:
                    f["status"], f["status_details"] = "error", self.file_error
                else:
                    f["status"] = "processed"
            return Response.json(dict(f))

    def file_content_route(self, req: Request, api: str) -> Response:
        if (bad := self.auth(req, api)) is not None:
            return bad
        assert req.match is not None
        content = self.file_content.get(req.match["file"])
        if content is None:
            return error(404, "No such File object", param="id")
        return Response(200, content, {"Content-Type": "application/octet-stream"})

    def delete_file(self, req: Request, api: str) -> Response:
        if (bad := self.auth(req, api)) is not None:
            return bad
        assert req.match is not None
        fid = req.match["file"]
        with self.lock:
            if self.files.pop(fid, None) is None:
                return error(404, f"No such File object: {fid}", param="id")
            self.file_content.pop(fid, None)
        return Response.json({"id": fid, "object": "file", "deleted": True})

    # -- jobs ------------------------------------------------------------------------------------------
    def create_job(self, req: Request, api: str) -> Response:
        if (bad := self.auth(req, api)) is not None:
            return bad
        body = req.json() or {}
        if api == "openai" and self.today() >= date.fromisoformat(self.new_jobs_end):
            return error(400, WIND_DOWN_MESSAGE, code="fine_tuning_unavailable")
        model = body.get("model")
        if model not in FINE_TUNABLE:
            return error(400, f"Model {model} is not available for fine-tuning or does not exist.",
                         code="model_not_available", param="model")
        with self.lock:
            for key in ("training_file", "validation_file"):
                fid = body.get(key)
                if key == "validation_file" and not fid:
                    continue
                f = self.files.get(fid or "")
                if f is None:
                    return error(400, f"invalid {key}: {fid}", code="invalid_file", param=key)
                if f["purpose"] != "fine-tune":
                    return error(400, f"File {fid} has purpose '{f['purpose']}', expected 'fine-tune'.", param=key)
                if f["status"] != "processed":
                    return error(400, f"The file {fid} is not ready: its status is {f['status']}.",
                                 code="file_not_ready", param=key)
        method = body.get("method") or {"type": "supervised", "supervised": {"hyperparameters":
                                                                             body.get("hyperparameters") or {}}}
        mtype = method.get("type", "supervised")
        hp = dict((method.get(mtype) or {}).get("hyperparameters") or {})
        epochs = hp.get("n_epochs", "auto")
        if epochs != "auto" and not (isinstance(epochs, int) and 1 <= epochs <= 50):
            return error(400, "Invalid n_epochs: must be an integer between 1 and 50.",
                         param=f"method.{mtype}.hyperparameters.n_epochs")
        suffix = body.get("suffix")
        if suffix is not None and len(suffix) > 64:
            return error(400, "suffix must be at most 64 characters.", param="suffix")
        metadata = body.get("metadata") or None
        jid = _id("ftjob-")
        job = {
            "object": "fine_tuning.job", "id": jid, "model": model, "created_at": int(time.time()),
            "finished_at": None, "fine_tuned_model": None, "organization_id": ORG, "result_files": [],
            "status": "validating_files" if api == "openai" else "pending", "validation_file": body.get("validation_file"),
            "training_file": body["training_file"],
            "hyperparameters": {"n_epochs": epochs if epochs != "auto" else 3,
                                "batch_size": hp.get("batch_size", 1) if hp.get("batch_size") != "auto" else 1,
                                "learning_rate_multiplier": hp.get("learning_rate_multiplier", 1.8)},
            "trained_tokens": None, "error": None, "user_provided_suffix": suffix,
            "seed": body.get("seed") if body.get("seed") is not None else 42, "estimated_finish": None,
            "integrations": [], "metadata": metadata, "method": {"type": mtype, mtype: {"hyperparameters": hp}},
        }
        with self.lock:
            self.jobs[jid] = job
            self.job_state[jid] = {"api": api, "polls": 0, "events": [], "checkpoints": [],
                                   "fail": self.fail_next_job, "running_polls": self.running_polls}
            self.fail_next_job = None
            self._event(jid, "info", f"Created fine-tuning job: {jid}")
        if self.create_delay:
            time.sleep(self.create_delay)  # the job exists; the client times out before it hears so
        return Response.json(job)

    def _event(self, jid: str, level: str, message: str, data: dict[str, Any] | None = None,
               type_: str = "message") -> None:
        st = self.job_state[jid]
        st["events"].append({"object": "fine_tuning.job.event", "id": _id("ftevent-"), "created_at": int(time.time()),
                             "level": level, "message": message, "data": data or {}, "type": type_})

    def _advance(self, jid: str) -> None:
        """Move a job one step (called under the lock on each retrieval)."""
        job, st = self.jobs[jid], self.job_state[jid]
        if job["status"] in ("succeeded", "failed", "cancelled", "paused"):
            return
        st["polls"] += 1
        n = st["polls"]
        v, q, r = self.validating_polls, self.queued_polls, st["running_polls"]
        if n <= v:
            if n == 1:
                self._event(jid, "info", "Validating training file: " + job["training_file"])
            return
        if n <= v + q:
            if job["status"] != "queued":
                if st["fail"] and st["fail"].get("param") in ("training_file", "validation_file"):
                    self._fail(jid)
                    return
                job["status"] = "queued"
                self._event(jid, "info", "Files validated, moving job to queued state")
            return
        if n <= v + q + r:
            if job["status"] != "running":
                job["status"] = "running"
                self._event(jid, "info", "Fine-tuning job started")
            step = st.setdefault("step", 0) + 1
            st["step"] = step
            total = r
            loss = round(2.0 / (1 + step), 4)
            data = {"step": step, "train_loss": loss, "valid_loss": round(loss * 1.1, 4),
                    "train_mean_token_accuracy": round(0.5 + step / (2 * total), 4),
                    "valid_mean_token_accuracy": round(0.45 + step / (2 * total), 4), "total_steps": total}
            self._event(jid, "info", f"Step {step}/{total}: training loss={loss}", data, "metrics")
            if st["fail"] and step >= 1:
                self._fail(jid)
                return
            ckpt_id = _id("ftckpt_")
            st["checkpoints"].append({
                "object": "fine_tuning.job.checkpoint", "id": ckpt_id, "created_at": int(time.time()),
                "fine_tuned_model_checkpoint": self._model_name(job) + f":ckpt-step-{step}",
                "fine_tuning_job_id": jid, "step_number": step,
                "metrics": {"step": step, "train_loss": loss, "valid_loss": data["valid_loss"],
                            "train_mean_token_accuracy": data["train_mean_token_accuracy"]}})
            return
        job["status"] = "succeeded"
        job["finished_at"] = int(time.time())
        job["fine_tuned_model"] = self._model_name(job)
        content = self.file_content.get(job["training_file"], b"")
        epochs = job["hyperparameters"]["n_epochs"]
        job["trained_tokens"] = max(1, len(content) // 4) * int(epochs)
        job["result_files"] = [_id("file-")]
        self.models.append({"id": job["fine_tuned_model"], "object": "model", "created": int(time.time()),
                            "owned_by": ORG})
        self._event(jid, "info", "New fine-tuned model created")
        self._event(jid, "info", "The job has successfully completed")

    def _fail(self, jid: str) -> None:
        job, st = self.jobs[jid], self.job_state[jid]
        fail = st["fail"] or {}
        job["status"] = "failed"
        job["finished_at"] = int(time.time())
        job["error"] = {"code": fail.get("code", "invalid_training_file"),
                        "message": fail.get("message", "The job failed."), "param": fail.get("param")}
        self._event(jid, "error", job["error"]["message"])

    def _model_name(self, job: dict[str, Any]) -> str:
        suffix = job.get("user_provided_suffix")
        tail = job["id"][-8:]
        if self.job_state[job["id"]]["api"] == "azure":
            return f"{job['model']}.ft-{tail}{'-' + suffix if suffix else ''}"
        return f"ft:{job['model']}:{ORG[4:]}{':' + suffix if suffix else ''}:{tail}"

    def _job_for(self, req: Request, api: str) -> tuple[dict[str, Any] | None, Response | None]:
        if (bad := self.auth(req, api)) is not None:
            return None, bad
        assert req.match is not None
        jid = req.match["job"]
        job = self.jobs.get(jid)
        if job is None or self.job_state[jid]["api"] != api:
            return None, error(404, f"Could not find fine tune: {jid}", code="fine_tune_not_found")
        return job, None

    def list_jobs(self, req: Request, api: str) -> Response:
        if (bad := self.auth(req, api)) is not None:
            return bad
        filters = {k[len("metadata["):-1]: v[0] for k, v in req.query.items()
                   if k.startswith("metadata[") and k.endswith("]")}
        with self.lock:
            items = [dict(j) for jid, j in self.jobs.items() if self.job_state[jid]["api"] == api]
        if filters:
            items = [j for j in items if all((j.get("metadata") or {}).get(k) == v for k, v in filters.items())]
        items.reverse()  # newest first
        return _page(items, req)

    def get_job(self, req: Request, api: str) -> Response:
        job, bad = self._job_for(req, api)
        if bad is not None:
            return bad
        assert job is not None
        with self.lock:
            self._advance(job["id"])
            return Response.json(dict(job))

    def cancel_job(self, req: Request, api: str) -> Response:
        job, bad = self._job_for(req, api)
        if bad is not None:
            return bad
        assert job is not None
        with self.lock:
            if job["status"] in ("succeeded", "failed", "cancelled"):
                return error(400, f"Job has already completed: {job['id']}", code="invalid_state")
            job["status"] = "cancelled"
            job["finished_at"] = int(time.time())
            self._event(job["id"], "info", "Fine-tuning job cancelled")
            return Response.json(dict(job))

    def pause_job(self, req: Request, api: str) -> Response:
        job, bad = self._job_for(req, api)
        if bad is not None:
            return bad
        assert job is not None
        with self.lock:
            if job["status"] != "running":
                return error(400, f"Only a running job can be paused; this one is {job['status']}.",
                             code="invalid_state")
            job["status"] = "paused"
            self._event(job["id"], "info", "Fine-tuning job paused")
            return Response.json(dict(job))

    def resume_job(self, req: Request, api: str) -> Response:
        job, bad = self._job_for(req, api)
        if bad is not None:
            return bad
        assert job is not None
        with self.lock:
            if job["status"] != "paused":
                return error(400, f"Only a paused job can be resumed; this one is {job['status']}.",
                             code="invalid_state")
            job["status"] = "running"
            self._event(job["id"], "info", "Fine-tuning job resumed")
            return Response.json(dict(job))

    def list_events(self, req: Request, api: str) -> Response:
        job, bad = self._job_for(req, api)
        if bad is not None:
            return bad
        assert job is not None
        with self.lock:
            items = list(reversed(self.job_state[job["id"]]["events"]))  # newest first
        return _page(items, req)

    def list_checkpoints(self, req: Request, api: str) -> Response:
        job, bad = self._job_for(req, api)
        if bad is not None:
            return bad
        assert job is not None
        with self.lock:
            items = list(reversed(self.job_state[job["id"]]["checkpoints"]))
            if job["status"] != "succeeded":
                items = []  # checkpoints are listed once the job has finished
            else:
                items = items[:3]
        return _page(items, req, default_limit=10)

    # -- Azure management plane (deployments) ----------------------------------------------------------
    def _mgmt_auth(self, req: Request) -> Response | None:
        if not req.arg("api-version"):
            return Response.json({"error": {"code": "MissingApiVersionParameter",
                                             "message": "The api-version query parameter (?api-version=) is required."}}, 400)
        if header(req, "Authorization") != f"Bearer {self.management_token}":
            return Response.json({"error": {"code": "InvalidAuthenticationToken",
                                            "message": "The access token is invalid."}}, 401)
        return None

    def mgmt_list(self, req: Request) -> Response:
        if (bad := self._mgmt_auth(req)) is not None:
            return bad
        with self.lock:
            return Response.json({"value": [dict(d) for d in self.deployments.values()]})

    def mgmt_put(self, req: Request) -> Response:
        if (bad := self._mgmt_auth(req)) is not None:
            return bad
        assert req.match is not None
        body = req.json() or {}
        model = ((body.get("properties") or {}).get("model") or {}).get("name")
        known = {m["id"] for m in self.models}
        if model not in known:
            return Response.json({"error": {"code": "DeploymentModelNotSupported",
                                            "message": f"The model '{model}' is not available."}}, 400)
        m = req.match
        dep = {"id": req.path, "name": m["name"], "type": "Microsoft.CognitiveServices/accounts/deployments",
               "sku": body.get("sku") or {"name": "standard", "capacity": 1},
               "properties": {"model": body["properties"]["model"], "provisioningState": "Creating"},
               "_polls": 0}
        with self.lock:
            self.deployments[m["name"]] = dep
        return Response.json({k: v for k, v in dep.items() if not k.startswith("_")}, 201)

    def mgmt_get(self, req: Request) -> Response:
        if (bad := self._mgmt_auth(req)) is not None:
            return bad
        assert req.match is not None
        with self.lock:
            dep = self.deployments.get(req.match["name"])
            if dep is None:
                return Response.json({"error": {"code": "DeploymentNotFound", "message": "Deployment not found"}}, 404)
            dep["_polls"] += 1
            if dep["_polls"] >= self.deployment_polls:
                dep["properties"]["provisioningState"] = "Succeeded"
            return Response.json({k: v for k, v in dep.items() if not k.startswith("_")})

    def mgmt_delete(self, req: Request) -> Response:
        if (bad := self._mgmt_auth(req)) is not None:
            return bad
        assert req.match is not None
        with self.lock:
            if self.deployments.pop(req.match["name"], None) is None:
                return Response(204)
        return Response(200)

    # -- for tests -------------------------------------------------------------------------------------
    def jobs_with(self, key: str, value: str) -> list[dict[str, Any]]:
        with self.lock:
            return [j for j in self.jobs.values() if (j.get("metadata") or {}).get(key) == value]
