"""Our Hugging Face Hub test server (the HTTP API `huggingface_hub` uses, behind HF_ENDPOINT).

Speaks the classic upload route (tests set HF_HUB_DISABLE_XET=1): whoami, repo create, repo info, validate-yaml,
preupload, LFS batch + PUT + verify, commit (ndjson), tree and paths-info, resolve (HEAD/GET); and Jobs: create,
inspect, list (labels, stages), logs as server-sent events, cancel, hardware.

Jobs are simulated deterministically: each inspect of a job advances it one tick (SCHEDULING for
`plan["scheduling_ticks"]`, then RUNNING with one loss line per tick, printed the way fttool's earlier script
(train_sft.py) printed them, or with `plan["log_format"] = "trl"` the way TRL's CLI under transformers 5 does,
then COMPLETED). On completion the simulated script checks what the real one needs (the HF_TOKEN
secret is the user's token, the dataset repo and file exist) and pushes an adapter to the output repo; if not,
the job ends in ERROR with the reason in its log. Faults come from the base server (`fault(...)`).
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from tests.servers.base import Request, Response, TestServer

HARDWARE = [
    {"name": "cpu-basic", "prettyName": "CPU Basic", "cpu": "2 vCPU", "ram": "16 GB", "ephemeralStorage": "50 GB",
     "accelerator": None, "unitCostMicroUSD": 167, "unitCostUSD": 0.000167, "unitLabel": "minute"},
    {"name": "t4-small", "prettyName": "Nvidia T4 - small", "cpu": "4 vCPU", "ram": "15 GB",
     "ephemeralStorage": "50 GB",
     "accelerator": {"type": "gpu", "model": "T4", "quantity": "1", "vram": "16 GB", "manufacturer": "Nvidia"},
     "unitCostMicroUSD": 6667, "unitCostUSD": 0.006667, "unitLabel": "minute"},
    {"name": "a10g-small", "prettyName": "Nvidia A10G - small", "cpu": "4 vCPU", "ram": "15 GB",
     "ephemeralStorage": "110 GB",
     "accelerator": {"type": "gpu", "model": "A10G", "quantity": "1", "vram": "24 GB", "manufacturer": "Nvidia"},
     "unitCostMicroUSD": 16667, "unitCostUSD": 0.016667, "unitLabel": "minute"},
    {"name": "a100-large", "prettyName": "Nvidia A100 - large", "cpu": "12 vCPU", "ram": "142 GB",
     "ephemeralStorage": "1000 GB",
     "accelerator": {"type": "gpu", "model": "A100", "quantity": "1", "vram": "80 GB", "manufacturer": "Nvidia"},
     "unitCostMicroUSD": 41667, "unitCostUSD": 0.041667, "unitLabel": "minute"},
]
TERMINAL = ("COMPLETED", "CANCELED", "ERROR", "DELETED")
LFS_SUFFIXES = (".safetensors", ".bin", ".pt", ".parquet", ".gguf", ".zip")


def git_blob_sha1(data: bytes) -> str:
    return hashlib.sha1(b"blob " + str(len(data)).encode() + b"\0" + data).hexdigest()


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


@dataclass
class StoredFile:
    content: bytes
    lfs: bool

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()

    @property
    def oid(self) -> str:  # what preupload and tree report
        return self.sha256 if self.lfs else git_blob_sha1(self.content)


@dataclass
class Repo:
    repo_type: str
    repo_id: str
    private: bool
    files: dict[str, StoredFile] = field(default_factory=dict)
    commits: list[dict[str, Any]] = field(default_factory=list)

    @property
    def sha(self) -> str:
        return self.commits[-1]["oid"] if self.commits else "0" * 40


@dataclass
class SimJob:
    id: str
    namespace: str
    spec: dict[str, Any]
    stage: str = "SCHEDULING"
    message: str | None = None
    ticks: int = 0
    step: int = 0
    logs: list[dict[str, str]] = field(default_factory=list)
    created_at: str = field(default_factory=_now)

    def arg(self, name: str) -> str | None:
        cmd = self.spec.get("command") or []
        for i, part in enumerate(cmd):
            if part == name and i + 1 < len(cmd):
                return str(cmd[i + 1])
        return None

    def log(self, line: str) -> None:
        self.logs.append({"timestamp": _now(), "data": line})


class HubServer(TestServer):
    def __init__(self, token: str = "hf_testtoken1234567890", user: str = "ada", lfs_threshold: int = 64 * 1024) -> None:
        super().__init__()
        self.token = token
        self.user = user
        self.lfs_threshold = lfs_threshold
        self.repos: dict[tuple[str, str], Repo] = {}
        self.lfs_objects: dict[str, bytes] = {}
        self.jobs: dict[str, SimJob] = {}
        # how simulated jobs run: ticks spent scheduling, training steps, and whether the script fails
        self.plan: dict[str, Any] = {"scheduling_ticks": 2, "steps": 6, "fail": None}
        self.lose_create_answers = 0  # create the job, then answer 502 (an answer lost after the job started)
        self.log_hold_seconds = 0.2  # a running job's log stream stays open this long for new lines
        self.bytes_received = 0  # payload bytes of LFS PUTs and commit files (re-pushing unchanged sends none)
        r = self.route
        r("GET", r"/api/whoami-v2")(self.whoami)
        r("POST", r"/api/repos/create")(self.create_repo)
        r("POST", r"/api/validate-yaml")(lambda req: Response.json({"errors": [], "warnings": []}))
        rid = r"(?P<rid>[^/]+/[^/]+)"
        types = r"(?P<type>models|datasets|spaces)"
        r("GET", rf"/api/{types}/{rid}(?:/revision/(?P<rev>[^/]+))?")(self.repo_info)
        r("POST", rf"/api/{types}/{rid}/preupload/(?P<rev>[^/]+)")(self.preupload)
        r("POST", rf"/api/{types}/{rid}/commit/(?P<rev>[^/]+)")(self.commit)
        r("GET", rf"/api/{types}/{rid}/tree/(?P<rev>[^/]+)(?:/(?P<path>.*))?")(self.tree)
        r("POST", rf"/api/{types}/{rid}/paths-info/(?P<rev>[^/]+)")(self.paths_info)
        r("POST", r"/(?:(?P<type>datasets|spaces)/)?(?P<rid>[^/]+/[^/]+)\.git/info/lfs/objects/batch")(self.lfs_batch)
        r("PUT", r"/lfs-upload/(?P<oid>[0-9a-f]{64})")(self.lfs_put)
        r("POST", r"/lfs-verify/(?P<oid>[0-9a-f]{64})")(self.lfs_verify)
        for method in ("GET", "HEAD"):
            r(method, r"/(?:(?P<type>datasets|spaces)/)?(?P<rid>[^/]+/[^/]+)/resolve/(?P<rev>[^/]+)/(?P<path>.+)")(
                self.resolve_file)
        r("GET", r"/api/jobs/hardware")(lambda req: Response.json(HARDWARE))
        r("POST", r"/api/jobs/(?P<ns>[^/]+)")(self.job_create)
        r("GET", r"/api/jobs/(?P<ns>[^/]+)")(self.job_list)
        r("GET", r"/api/jobs/(?P<ns>[^/]+)/(?P<id>[0-9a-f]+)")(self.job_inspect)
        r("GET", r"/api/jobs/(?P<ns>[^/]+)/(?P<id>[0-9a-f]+)/logs")(self.job_logs)
        r("POST", r"/api/jobs/(?P<ns>[^/]+)/(?P<id>[0-9a-f]+)/cancel")(self.job_cancel)
        self._own_routes = len(self.routes)

    def start(self) -> HubServer:
        """Routes a subclass adds (tests/servers/hub_datasets.py) are tried before these, so it may serve its own
        dataset info and downloads."""
        n = self._own_routes
        self.routes = self.routes[n:] + self.routes[:n]
        self._own_routes = 0
        super().start()
        return self

    def stop(self) -> None:
        """Close the client's pooled keep-alive connections first, so no handler thread waits on them."""
        try:
            from huggingface_hub.utils import close_session

            close_session()
        except ImportError:  # pragma: no cover
            pass
        super().stop()

    # -- auth ------------------------------------------------------------------------------------------
    def authorized(self, req: Request) -> bool:
        auth = next((v for k, v in req.headers.items() if k.lower() == "authorization"), None)
        return auth == f"Bearer {self.token}"

    def _unauthorized(self) -> Response:
        return Response.json({"error": "Invalid credentials in Authorization header"}, 401)

    def whoami(self, req: Request) -> Response:
        if not self.authorized(req):
            return self._unauthorized()
        return Response.json({"type": "user", "id": "u1", "name": self.user, "fullname": "Ada", "orgs": [],
                              "auth": {"type": "access_token", "accessToken": {"role": "write"}}})

    # -- repos -----------------------------------------------------------------------------------------
    @staticmethod
    def _type(req: Request) -> str:
        t = (req.match.groupdict().get("type") if req.match else None) or "models"
        return t[:-1]

    def repo(self, repo_type: str, repo_id: str) -> Repo | None:
        return self.repos.get((repo_type, repo_id))

    def _find(self, req: Request) -> Repo | None:
        assert req.match is not None
        return self.repo(self._type(req), req.match["rid"])

    def _repo_404(self) -> Response:
        return Response.json({"error": "Repository not found"}, 404, {"X-Error-Code": "RepoNotFound"})

    def create_repo(self, req: Request) -> Response:
        if not self.authorized(req):
            return self._unauthorized()
        body = req.json()
        repo_type = body.get("type") or "model"
        repo_id = f"{body.get('organization') or self.user}/{body['name']}"
        prefix = "" if repo_type == "model" else repo_type + "s/"
        url = f"{self.url}/{prefix}{repo_id}"
        if (repo_type, repo_id) in self.repos:
            return Response.json({"error": "You already created this model repo", "url": url}, 409)
        private = body.get("visibility", "public") != "public" if "visibility" in body else bool(body.get("private"))
        with self.lock:
            self.repos[(repo_type, repo_id)] = Repo(repo_type, repo_id, private)
        return Response.json({"url": url, "name": repo_id, "id": uuid.uuid4().hex[:24]})

    def repo_info(self, req: Request) -> Response:
        repo = self._find(req)
        if repo is None or (repo.private and not self.authorized(req)):
            return self._repo_404()
        return Response.json({"_id": "r" + repo.sha[:23], "id": repo.repo_id, "sha": repo.sha, "private": repo.private,
                              "siblings": [{"rfilename": p} for p in sorted(repo.files)],
                              "lastModified": repo.commits[-1]["at"] if repo.commits else _now(), "tags": [],
                              "downloads": 0, "likes": 0})

    def preupload(self, req: Request) -> Response:
        if not self.authorized(req):
            return self._unauthorized()
        repo = self._find(req)
        if repo is None:
            return self._repo_404()
        out = []
        for f in req.json()["files"]:
            sample = base64.b64decode(f["sample"])
            lfs = f["size"] >= self.lfs_threshold or f["path"].endswith(LFS_SUFFIXES) or b"\0" in sample
            existing = repo.files.get(f["path"])
            out.append({"path": f["path"], "uploadMode": "lfs" if lfs else "regular", "shouldIgnore": False,
                        "oid": existing.oid if existing else None})
        return Response.json({"files": out, "commitOid": repo.sha})

    def lfs_batch(self, req: Request) -> Response:
        if not self.authorized(req):
            return self._unauthorized()
        repo = self._find(req)
        if repo is None:
            return self._repo_404()
        objects = []
        for o in req.json()["objects"]:
            obj: dict[str, Any] = {"oid": o["oid"], "size": o["size"], "authenticated": True}
            if o["oid"] not in self.lfs_objects:
                obj["actions"] = {"upload": {"href": f"{self.url}/lfs-upload/{o['oid']}", "header": {}},
                                  "verify": {"href": f"{self.url}/lfs-verify/{o['oid']}", "header": {}}}
            objects.append(obj)
        return Response(200, json.dumps({"transfer": "basic", "objects": objects}).encode(),
                        {"Content-Type": "application/vnd.git-lfs+json"})

    def lfs_put(self, req: Request) -> Response:
        assert req.match is not None
        oid = req.match["oid"]
        if hashlib.sha256(req.body).hexdigest() != oid:
            return Response.json({"error": "sha256 mismatch"}, 400)
        with self.lock:
            self.lfs_objects[oid] = req.body
            self.bytes_received += len(req.body)
        return Response(200, b"")

    def lfs_verify(self, req: Request) -> Response:
        assert req.match is not None
        ok = req.match["oid"] in self.lfs_objects
        return Response.json({"ok": ok}, 200 if ok else 404)

    def commit(self, req: Request) -> Response:
        if not self.authorized(req):
            return self._unauthorized()
        repo = self._find(req)
        if repo is None:
            return self._repo_404()
        summary = ""
        changes: dict[str, StoredFile | None] = {}
        received = 0
        for line in req.body.splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            key, value = item["key"], item["value"]
            if key == "header":
                summary = value.get("summary", "")
            elif key == "file":
                content = base64.b64decode(value["content"])
                received += len(content)
                changes[value["path"]] = StoredFile(content, lfs=False)
            elif key == "lfsFile":
                data = self.lfs_objects.get(value["oid"])
                if data is None:
                    return Response.json({"error": f"LFS object {value['oid']} was never uploaded"}, 400)
                changes[value["path"]] = StoredFile(data, lfs=True)
            elif key in ("deletedFile", "deletedFolder"):
                changes[value["path"]] = None
        oid = hashlib.sha1(f"{repo.sha}{summary}{time.time()}{uuid.uuid4()}".encode()).hexdigest()
        with self.lock:
            for path, f in changes.items():
                if f is None:
                    repo.files = {p: v for p, v in repo.files.items() if p != path and not p.startswith(path + "/")}
                else:
                    repo.files[path] = f
            repo.commits.append({"oid": oid, "summary": summary, "paths": sorted(changes), "at": _now()})
            self.bytes_received += received
        prefix = "" if repo.repo_type == "model" else repo.repo_type + "s/"
        return Response.json({"success": True, "commitOid": oid, "commitUrl": f"{self.url}/{prefix}{repo.repo_id}/commit/{oid}",
                              "pullRequestUrl": None})

    def _entry(self, path: str, f: StoredFile) -> dict[str, Any]:
        e: dict[str, Any] = {"type": "file", "path": path, "size": len(f.content), "oid": git_blob_sha1(f.content)}
        if f.lfs:
            e["lfs"] = {"oid": f.sha256, "size": len(f.content), "pointerSize": 130}
        return e

    def tree(self, req: Request) -> Response:
        repo = self._find(req)
        if repo is None or (repo.private and not self.authorized(req)):
            return self._repo_404()
        assert req.match is not None
        base = (req.match["path"] or "").strip("/")
        recursive = req.arg("recursive") in ("1", "true", "True")
        out: list[dict[str, Any]] = []
        folders: set[str] = set()
        for path in sorted(repo.files):
            if base and not path.startswith(base + "/"):
                continue
            rest = path[len(base) + 1:] if base else path
            if "/" in rest and not recursive:
                folders.add((base + "/" if base else "") + rest.split("/")[0])
                continue
            out.append(self._entry(path, repo.files[path]))
        out = [{"type": "directory", "path": d, "oid": "0" * 40, "size": 0} for d in sorted(folders)] + out
        return Response.json(out)

    def paths_info(self, req: Request) -> Response:
        repo = self._find(req)
        if repo is None or (repo.private and not self.authorized(req)):
            return self._repo_404()
        paths = req.query.get("paths") or []
        if not paths and req.body:
            try:
                paths = req.json().get("paths", [])
            except ValueError:
                from urllib.parse import parse_qs

                paths = parse_qs(req.body.decode()).get("paths", [])
        return Response.json([self._entry(p, repo.files[p]) for p in paths if p in repo.files])

    def resolve_file(self, req: Request) -> Response:
        repo = self._find(req)
        if repo is None or (repo.private and not self.authorized(req)):
            return self._repo_404()
        assert req.match is not None
        f = repo.files.get(req.match["path"])
        if f is None:
            return Response.json({"error": "Entry not found"}, 404, {"X-Error-Code": "EntryNotFound"})
        headers = {"X-Repo-Commit": repo.sha, "ETag": f'"{git_blob_sha1(f.content)}"',
                   "Content-Type": "application/octet-stream"}
        if f.lfs:
            headers.update({"X-Linked-Etag": f'"{f.sha256}"', "X-Linked-Size": str(len(f.content))})
        if req.method == "HEAD":  # the base server sends Content-Length 0 for an empty body: size goes here
            headers["X-Linked-Size"] = str(len(f.content))
            return Response(200, b"", headers)
        return Response(200, f.content, headers)

    # -- jobs ------------------------------------------------------------------------------------------
    def _job_dict(self, job: SimJob) -> dict[str, Any]:
        spec = job.spec
        return {
            "id": job.id, "createdAt": job.created_at, "dockerImage": spec.get("dockerImage"),
            "spaceId": spec.get("spaceId"), "command": spec.get("command"), "arguments": spec.get("arguments", []),
            "environment": spec.get("environment", {}),
            "secrets": {k: None for k in (spec.get("secrets") or {})},  # the Hub never returns secret values
            "flavor": spec.get("flavor"), "labels": spec.get("labels"), "timeoutSeconds": spec.get("timeoutSeconds"),
            "status": {"stage": job.stage, "message": job.message},
            "owner": {"id": "u1", "name": job.namespace, "type": "user"},
        }

    def job_create(self, req: Request) -> Response:
        if not self.authorized(req):
            return self._unauthorized()
        assert req.match is not None
        spec = req.json()
        labels = spec.get("labels") or {}
        for k, v in labels.items():
            if not all(c.isalnum() or c in "-_." for c in f"{k}{v}"):
                return Response.json({"error": f"invalid label {k}={v}"}, 400)
        if spec.get("flavor") not in {h["name"] for h in HARDWARE}:
            return Response.json({"error": f"unknown flavor {spec.get('flavor')}"}, 400)
        job = SimJob(uuid.uuid4().hex[:24], req.match["ns"], spec)
        with self.lock:
            self.jobs[job.id] = job
            if self.lose_create_answers > 0:
                self.lose_create_answers -= 1
                return Response.json({"error": "Bad gateway"}, 502)
        return Response.json(self._job_dict(job))

    def job_list(self, req: Request) -> Response:
        if not self.authorized(req):
            return self._unauthorized()
        assert req.match is not None
        wanted = [tuple(x.split("=", 1)) for x in req.query.get("label", [])]
        stages = req.query.get("stage", [])
        out = []
        for job in list(self.jobs.values()):
            labels = job.spec.get("labels") or {}
            if job.namespace != req.match["ns"]:
                continue
            if any(labels.get(k) != v for k, v in wanted) or (stages and job.stage not in stages):
                continue
            out.append(self._job_dict(job))
        return Response.json(out)

    def _get_job(self, req: Request) -> SimJob | None:
        assert req.match is not None
        job = self.jobs.get(req.match["id"])
        return job if job is not None and job.namespace == req.match["ns"] else None

    def job_inspect(self, req: Request) -> Response:
        if not self.authorized(req):
            return self._unauthorized()
        job = self._get_job(req)
        if job is None:
            return Response.json({"error": "Job not found"}, 404)
        with self.lock:
            self.advance(job)
        return Response.json(self._job_dict(job))

    def advance(self, job: SimJob) -> None:
        """One tick of a simulated job (see the module docstring)."""
        if job.stage in TERMINAL:
            return
        job.ticks += 1
        plan = self.plan
        if job.stage == "SCHEDULING":
            if job.ticks >= plan["scheduling_ticks"]:
                job.stage = "RUNNING"
                job.log(f"===== Job started at {_now()} =====")
                job.log(f"fttool: reading dataset {job.arg('--dataset-repo')}")
            return
        steps = int(plan["steps"])
        if job.step < steps and plan.get("log_format") == "trl":
            self._advance_trl(job, steps)
            return
        if job.step < steps:
            job.step += 1
            loss = round(2.5 * (0.75 ** job.step), 4)
            job.log(f"{{'loss': {loss}, 'grad_norm': 1.5, 'learning_rate': 0.0002, 'epoch': {job.step / steps:.2f}}}")
            job.log("fttool-metric " + json.dumps({"step": job.step, "epoch": round(job.step / steps, 2),
                                                   "train_loss": loss}))
            if plan.get("fail") == "oom" and job.step == 2:
                job.log("torch.OutOfMemoryError: CUDA out of memory.")
                job.stage, job.message = "ERROR", "Job failed with exit code: 1"
            return
        self._finish(job)

    def _advance_trl(self, job: SimJob, steps: int) -> None:
        """One step of a job running TRL's own CLI (`plan["log_format"] = "trl"`), logged as transformers 5
        logs it: dict lines whose numbers are strings (`{'loss': '1.875', ..., 'epoch': '0.1667'}`). The epoch
        comes from the job's YAML (num_train_epochs of FTTOOL_CONFIG_B64) spread over `steps` steps; an eval
        line follows each epoch's last step when the YAML has a validation split."""
        import yaml

        env = job.spec.get("environment") or {}
        cfg: dict[str, Any] = {}
        if env.get("FTTOOL_CONFIG_B64"):
            cfg = yaml.safe_load(base64.b64decode(env["FTTOOL_CONFIG_B64"])) or {}
        epochs = int(cfg.get("num_train_epochs") or 1)
        job.step += 1
        loss = 2.5 * (0.75 ** job.step)
        epoch = job.step * epochs / steps
        job.log(str({"loss": f"{loss:.4g}", "grad_norm": "1.5", "learning_rate": "0.0002", "entropy": "2.1",
                     "mean_token_accuracy": "0.5", "num_tokens": str(100 * job.step),
                     "epoch": f"{epoch:.4g}"}))
        if cfg.get("dataset_test_split") and (job.step * epochs) % steps == 0:
            job.log(str({"eval_loss": f"{loss * 1.1:.4g}", "eval_runtime": "0.5", "epoch": f"{epoch:.4g}"}))
        if self.plan.get("fail") == "oom" and job.step == 2:
            job.log("torch.OutOfMemoryError: CUDA out of memory.")
            job.stage, job.message = "ERROR", "Job failed with exit code: 1"

    def _finish(self, job: SimJob) -> None:
        secrets = job.spec.get("secrets") or {}
        env = job.spec.get("environment") or {}
        token = secrets.get("HF_TOKEN")
        ds = self.repo("dataset", job.arg("--dataset-repo") or "")
        train = job.arg("--train-file") or "train.jsonl"
        out_repo = job.arg("--output-repo")
        if token != self.token:
            job.log("huggingface_hub.errors.RepositoryNotFoundError: 401 Client Error (no valid HF_TOKEN secret)")
            job.stage, job.message = "ERROR", "Job failed with exit code: 1"
            return
        if ds is None or train not in ds.files:
            job.log(f"FileNotFoundError: {train} not found in dataset {job.arg('--dataset-repo')}")
            job.stage, job.message = "ERROR", "Job failed with exit code: 1"
            return
        if "HF_TOKEN" in env:
            job.log("warning: HF_TOKEN passed as a plain environment variable")
        if out_repo:
            repo = self.repo("model", out_repo)
            if repo is None:
                repo = self.repos[("model", out_repo)] = Repo("model", out_repo, True)
            cfg = {"base_model_name_or_path": job.arg("--base-model"), "peft_type": "LORA", "r": 16}
            repo.files["adapter_config.json"] = StoredFile(json.dumps(cfg).encode(), False)
            repo.files["adapter_model.safetensors"] = StoredFile(b"\0safetensors" * 64, True)
            oid = hashlib.sha1(f"{out_repo}{time.time()}".encode()).hexdigest()
            repo.commits.append({"oid": oid, "summary": "fttool: LoRA adapter", "paths": sorted(repo.files),
                                 "at": _now()})
            job.log(f"fttool: pushed adapter to {out_repo}")
        job.log("fttool-done " + json.dumps({"output_repo": out_repo}))
        job.stage = "COMPLETED"

    def job_logs(self, req: Request) -> Response:
        if not self.authorized(req):
            return self._unauthorized()
        job = self._get_job(req)
        if job is None:
            return Response.json({"error": "Job not found"}, 404)
        tail = req.arg("tail")
        hold = self.log_hold_seconds

        def stream() -> Any:
            with self.lock:
                lines = list(job.logs)
            if tail is not None:
                lines = lines[-int(tail):]
            sent = len(job.logs) - len(lines)
            for ev in lines:
                yield f"data: {json.dumps(ev)}\n\n".encode()
                sent += 1
            deadline = time.monotonic() + hold
            while job.stage not in TERMINAL and time.monotonic() < deadline:
                time.sleep(0.02)
                with self.lock:
                    new = job.logs[sent:]
                for ev in new:
                    yield f"data: {json.dumps(ev)}\n\n".encode()
                    sent += 1

        return Response(200, stream(), {"Content-Type": "text/event-stream", "Cache-Control": "no-cache"})

    def job_cancel(self, req: Request) -> Response:
        if not self.authorized(req):
            return self._unauthorized()
        job = self._get_job(req)
        if job is None:
            return Response.json({"error": "Job not found"}, 404)
        with self.lock:
            if job.stage not in TERMINAL:
                job.stage, job.message = "CANCELED", "Canceled by user"
                job.log("===== Job canceled =====")
        return Response(200, b"")

    # -- helpers for tests -----------------------------------------------------------------------------
    def file_text(self, repo_type: str, repo_id: str, path: str) -> str:
        repo = self.repo(repo_type, repo_id)
        assert repo is not None, f"no {repo_type} repo {repo_id}"
        return repo.files[path].content.decode()

    def all_pushed_bytes(self) -> list[tuple[str, bytes]]:
        """Every file in every repo, for leak checks."""
        return [(f"{r.repo_type}:{r.repo_id}/{p}", f.content) for r in self.repos.values() for p, f in r.files.items()]
