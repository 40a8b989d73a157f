"""Scoring: each criterion 0..5 from its evidence, a weighted score, and the verdict in the issue's order.

Evidence is a list of Notes (message code + params, English in the catalog, translated by code in the UI).
A param may itself be a note ({"code": ..., "params": ...}), rendered in the same language.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from fttool.decision import answers as answers_mod
from fttool.decision.checklist import environment_checklist, stored_jobs
from fttool.decision.evidence import DataFacts, EvalFacts, data_facts, eval_facts
from fttool.decision.questions import ALTERNATIVES, BACKENDS, BASELINE_OF
from fttool.decision.tables import Tables, first_row
from fttool.messages import register, render

VERDICTS: tuple[str, ...] = ("fine_tune_now", "improve_prompt_first", "try_retrieval_first",
                             "collect_more_data_first", "not_worth_it")
CRITERIA: tuple[str, ...] = ("quality", "alternatives", "data", "cost", "tunability", "effort", "compute",
                             "extensibility")
# the action that gets a missing piece of evidence -> the view that does it (None: outside the app)
ACTIONS: dict[str, str | None] = {
    "add_training_data": "data",
    "validate_data": "data",
    "write_test_questions": "data",
    "run_baseline_evaluation": "playground",
    "run_rag_baseline": "playground",
    "evaluate_tuned_model": "playground",
    "estimate_usage": "decide",
    "choose_tunable_model": "decide",
    "choose_priced_model": "decide",
    "update_provider_data": None,
    "add_credentials": "settings",
    "add_deploy_token": "settings",
    "set_up_local_runtime": "train",
    "make_test_split": "data",
    "train_tuned_model": "train",
    "use_evaluated_pair": "decide",
}
# the Train view's panel of each backend (TrainView.open_panel)
TRAIN_PANELS: dict[str, str] = {"openai": "openai", "azure": "azure", "hf": "huggingface", "together": "together",
                                "local": "local"}


def action_target(action: str, backend: str = "openai", model: str | None = None) -> dict[str, Any]:
    """Where the app gets a missing piece of evidence: {"view", "panel", "options"} (the main window's
    go_to(view, panel, options)); view None: outside the app."""
    view = ACTIONS.get(action)
    panel: str | None = None
    options: dict[str, Any] = {}
    if action == "add_training_data":
        panel = "import"
    elif action == "write_test_questions":
        panel, options = "import", {"split": "test"}
    elif action == "make_test_split":
        panel = "split"
    elif action in ("run_baseline_evaluation", "evaluate_tuned_model"):
        panel = "evaluate"
    elif action == "run_rag_baseline":
        panel, options = "evaluate", {"baseline": "bm25"}
    elif action in ("train_tuned_model", "set_up_local_runtime"):
        panel = TRAIN_PANELS.get("local" if action == "set_up_local_runtime" else backend, backend)
        if action == "train_tuned_model" and model:
            options = {"base_model": model}  # the Train panel starts on the chosen base model
    elif action == "add_credentials":
        panel, options = "keys", {"backend": backend}
    elif action == "add_deploy_token":
        panel, options = "keys", {"backend": "azure", "secret": "azure-management"}
    return {"view": view, "panel": panel, "options": options}

CHECKLIST: tuple[str, ...] = ("pretrained_model", "dataset", "training_environment", "hosting_environment")

register({
    "verdict_fine_tune_now": "Fine-tune now",
    "verdict_improve_prompt_first": "Improve the prompt first",
    "verdict_try_retrieval_first": "Try retrieval (RAG) first",
    "verdict_collect_more_data_first": "Collect more data first",
    "verdict_not_worth_it": "Not worth it",
    "reason_not_tunable": "{model} cannot be fine-tuned on the chosen backends ({backends}) today.",
    "reason_too_few_examples": "{valid} valid examples; {backend} needs at least {minimum}.",
    "reason_no_baseline": "No baseline yet: measure (or at least rate) prompt engineering or few-shot first.",
    "reason_no_rag_baseline": "Your use case is about knowledge, and retrieval (RAG) has not been measured.",
    "reason_fine_tune": "The overall score, {score} out of 5, reaches {threshold}, and the measured gain is above zero "
                        "even at the low end of its interval.",
    "reason_low_score": "The overall score, {score} out of 5, is below {threshold}.",
    "reason_no_gain": "No measured gain whose 95% interval is above zero.",
    "criterion_quality": "Quality",
    "criterion_alternatives": "Alternatives",
    "criterion_data": "Data",
    "criterion_cost": "Cost",
    "criterion_tunability": "Tunability",
    "criterion_effort": "Effort",
    "criterion_compute": "Compute",
    "criterion_extensibility": "Extensibility",
    "check_pretrained_model": "A pretrained model",
    "check_dataset": "A dataset",
    "check_training_environment": "A training environment",
    "check_hosting_environment": "A hosting environment",
    "action_add_training_data": "Add training examples",
    "action_validate_data": "Validate your data",
    "action_write_test_questions": "Write your own test questions",
    "action_run_baseline_evaluation": "Run a baseline evaluation",
    "action_run_rag_baseline": "Run a retrieval (RAG) baseline",
    "action_evaluate_tuned_model": "Evaluate a tuned model against the baseline",
    "action_estimate_usage": "Estimate your requests per month",
    "action_choose_tunable_model": "Choose a model that can be fine-tuned",
    "action_choose_priced_model": "Choose a model with known prices",
    "action_update_provider_data": "Update fttool's provider data (resources/providers.json)",
    "action_add_credentials": "Add your key in Settings",
    "action_set_up_local_runtime": "Set up local training",
    "action_add_deploy_token": "Add the Azure management token in Settings (to deploy the tuned model)",
    "action_make_test_split": "Set some examples aside as a test split",
    "action_train_tuned_model": "Train a tuned model, then evaluate it against the base",
    "action_use_evaluated_pair": "Decide on the models your evaluation compared",
    # the model pair every criterion is scored on
    "pair_with_tuned": "Scored on the base model {base} and its tuned model {tuned}.",
    "pair_base_only": "Scored on the base model {base} (no tuned model of it yet).",
    "metric_exact_match": "exact match",
    "metric_token_f1": "word overlap (token F1)",
    "metric_rouge_l": "longest shared word sequence (ROUGE-L)",
    "ev_no_tuned_model": "No tuned model of {model} yet: train one, then evaluate it against {model}.",
    "ev_gain_other_pair": "The evaluation compared {tuned} with {base}, not the base model chosen here ({model}): "
                          "evaluate {model} against its tuned model, or decide on the evaluated models.",
    "ev_alt_measured_other": "{alternative}: measured on {other}, not on {model}.",
    # what the checklist read
    "check_key_set": "Your {key} key is set.",
    "check_key_missing": "No {key} key yet: add it in Settings.",
    "check_openai_hosts": "OpenAI answers with a tuned model without a deployment.",
    "check_azure_can_deploy": "A management token lets fttool deploy a tuned model.",
    "check_azure_no_token": "Deploying a tuned model needs the Azure management token in Settings.",
    "check_together_endpoints": "{count} dedicated endpoint(s) made by fttool.",
    "check_together_on_demand": "A dedicated endpoint is made once a model is tuned (billed by the hour).",
    "check_runtime_installed": "The local training runtime ({engine}) is installed.",
    "check_runtime_missing": "The local training runtime is not installed yet.",
    "check_runtime_hosts": "Answers on this computer through the local runtime.",
    "check_hf_hosts": "A tuned model is pushed to your Hugging Face account.",
    # evidence
    "ev_tunable": "{model} can be fine-tuned on {backend} (provider data of {as_of}).",
    "ev_not_tunable": "{model} is not in {backend}'s list of fine-tunable models ({as_of}).",
    "ev_new_jobs_end": "{backend} takes no new fine-tuning jobs from {date}.",
    "ev_backend_closed": "{backend} stopped taking new fine-tuning jobs on {date}.",
    "ev_retires": "{model} on {backend} retires on {date}.",
    "ev_retired": "{model} on {backend} retired on {date}.",
    "ev_open_model": "{model} is an open model: {backend} can fine-tune it.",
    "ev_providers_unknown": "Unknown: no provider data for {backend} (resources/providers.json is missing or has no entry).",
    "ev_what_would_be": "What would work: {options}.",
    "ev_model_on": "{model} on {backend}",
    "ev_nothing_known": "no fine-tunable alternative is known",
    "ev_no_dataset": "No training data in the project yet.",
    "ev_data_unreadable": "The training data cannot be read: {problem}",
    "ev_data_counts": "{valid} valid, de-duplicated examples of {examples} ({errors} with errors, {duplicates} "
                      "duplicates); {backend} needs at least {minimum}; {recommended} recommended.",
    "ev_data_not_validated": "Counted without the full validator: validate the data for exact figures.",
    "ev_data_synthetic": "{synthetic} of the examples were written by a teacher model ({teachers}) and reviewed; "
                         "{human} by people.",
    "ev_test_generated": "The test split was written by a teacher model: its results say how well a model copies the "
                         "teacher, not how it serves your users. Write the test questions yourself.",
    "ev_no_evaluation": "No evaluation of a tuned model against a baseline yet.",
    "ev_gain": "{metric}: {tuned} beats {base} by {delta} points (95% interval {lo} to {hi}, n={n}).",
    "ev_alt_measured": "{alternative}: measured {metric} {value}.",
    "ev_alt_rated": "{alternative}: tried, rated {rating} of 5.",
    "ev_alt_tried_unrated": "{alternative}: tried, not rated.",
    "ev_alt_not_tried": "{alternative}: not tried.",
    "ev_alt_good_enough": "An alternative already works well (rated {rating} of 5): fine-tuning adds little.",
    "ev_effort": "About {hours} hours to prepare the data and evaluate.",
    "ev_effort_unknown": "Effort not estimated.",
    "ev_training_cost": "Training: about {tokens} billed tokens ({epochs} epochs) x ${price} per 1M = ${usd} (prices of {as_of}).",
    "ev_no_price": "Unknown: no price for {model} on {backend} in resources/prices.json.",
    "ev_no_tokens": "Unknown: the billed tokens come from validating the data.",
    "ev_local_hours": "Training on {hardware}: about {hours} hours for a {billions}B model ({tokens} tokens).",
    "ev_hosting_tokens": ("Answers from the tuned model cost ${tin}/${tout} per 1M input/output tokens, against "
                          "${bin}/${bout} for the base model."),
    "ev_hosting_hourly": "Keeping the tuned model online costs ${per_hour} an hour (${per_month} a month).",
    "ev_hosting_none": "No hosting fee for the tuned model.",
    "ev_hosting_local": "Hosted on your own hardware: no fee per token.",
    "ev_hosting_here": "Answers from a model on this computer cost no per-token fee, and training here is not "
                       "billed: there is nothing to earn back.",
    "ev_model_here": "{model} on this computer",
    "backend_local_mid": "this computer",
    "ev_break_even": "Break-even after {requests} requests, about {months} months at {per_month} requests a month (saves ${saving} per request).",
    "ev_break_even_never": "Never breaks even: each request saves ${saving} and hosting costs ${hosting} a month.",
    "ev_break_even_no_price": "Unknown: break-even needs token prices for {model}.",
    "ev_no_usage": "Unknown: requests per month not given.",
    "ev_reuse_yes": "The base model can be reused for new domains.",
    "ev_reuse_unsure": "Not sure whether the base model can be reused for new domains.",
    "ev_reuse_no": "The base model would not be reused for new domains.",
    "ev_check_ready": "ready",
    "ev_check_missing": "not ready",
})


@dataclass
class Note:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        backend = self.params.get("backend")
        if isinstance(backend, str) and backend in BACKENDS:  # a name the person reads (OpenAI), translated too
            self.params = {**self.params, "backend": backend_label(backend, self.code)}

    def english(self) -> str:
        return render(self.code, {k: nested(v, lambda c, p: Note(c, p).english()) for k, v in self.params.items()})

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": self.params}


def _note_param(code: str, **params: Any) -> dict[str, Any]:
    return {"code": code, "params": params}


def backend_label(backend: str, code: str | None = None) -> dict[str, Any]:
    """A backend's name as a note param: "This computer" starts a sentence, mid-sentence it is "this computer"
    (`code`: the message it goes into; None: mid-sentence)."""
    if backend != "local":
        return _note_param(f"backend_{backend}")
    from fttool.messages import CATALOG

    template = CATALOG.get(code or "", "")
    at = template.find("{backend}")
    starts = at == 0 or (at > 0 and template[:at].rstrip().endswith((".", "!", "?")))
    return _note_param("backend_local" if starts else "backend_local_mid")


def nested(value: Any, say: Any) -> Any:
    """A note's parameter as words: a nested note ({code, params}) said by `say(code, params)`, a list of them
    joined with commas; anything else as it is (every renderer uses this, so each language says them its way)."""
    if isinstance(value, dict) and "code" in value:
        return say(value["code"], value.get("params") or {})
    if isinstance(value, list) and value and all(isinstance(v, dict) and "code" in v for v in value):
        return ", ".join(str(say(v["code"], v.get("params") or {})) for v in value)
    return value


@dataclass
class Criterion:
    name: str
    group: str
    score: float
    weight: float
    notes: list[Note] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def evidence(self) -> str:
        return " ".join(n.english() for n in self.notes)

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "group": self.group, "score": self.score, "weight": self.weight,
                "evidence": self.evidence(), "notes": [n.to_dict() for n in self.notes], "missing": self.missing}


@dataclass
class Decision:
    verdict: str
    reason: list[Note]
    score: float
    criteria: list[Criterion]
    break_even: dict[str, Any] | None
    missing: list[str]
    checklist: list[dict[str, Any]]
    facts: dict[str, Any]

    def criterion(self, name: str) -> Criterion:
        return next(c for c in self.criteria if c.name == name)

    def to_json(self) -> dict[str, Any]:
        """Exactly the `fttool decide --json` shape of the issue."""
        return {"verdict": self.verdict, "score": self.score,
                "criteria": [{"name": c.name, "score": c.score, "weight": c.weight, "evidence": c.evidence()}
                             for c in self.criteria],
                "break_even": self.break_even, "missing": list(self.missing)}

    def to_dict(self) -> dict[str, Any]:
        """Everything the view and the report need (the JSON shape plus notes, checklist and facts)."""
        return {"verdict": self.verdict, "reason": [n.to_dict() for n in self.reason], "score": self.score,
                "criteria": [c.to_dict() for c in self.criteria], "break_even": self.break_even,
                "missing": [{"action": a, **action_target(a, str(self.facts.get("backend") or "openai"),
                                                          self.facts.get("base_model"))}
                            for a in self.missing],
                "checklist": self.checklist, "facts": self.facts}


_DATED = re.compile(r"-\d{4}-\d{2}-\d{2}$")
_EVAL_BACKENDS = ("openai", "azure", "hf", "together", "server", "local")


def _model_key(name: str) -> str:
    """A model name as compared: no `@backend` (the evaluation's id when two share a name), a downloaded folder
    as its `owner/name`, no case."""
    n = str(name or "").strip().rstrip("/\\").replace("\\", "/")
    head, sep, tail = n.rpartition("@")
    if sep and tail in _EVAL_BACKENDS:
        n = head
    parts = [p for p in n.split("/") if p]
    if len(parts) > 2:  # a local folder: .../models/Qwen/Qwen3-0.6B or .../Qwen--Qwen3-0.6B
        n = "/".join(parts[-2:]) if "--" not in parts[-1] else parts[-1]
    return n.replace("--", "/").lower()


def same_model(a: str | None, b: str | None) -> bool:
    """The same model under two spellings: a dated snapshot and its alias (gpt-4o-mini-2024-07-18, gpt-4o-mini),
    an evaluation id with its backend (name@local), a downloaded folder and its Hub id."""
    if not a or not b:
        return False
    x, y = _model_key(a), _model_key(b)
    return x == y or _DATED.sub("", x) == y or _DATED.sub("", y) == x


def _is_path(name: str) -> bool:
    """A model given as a folder on this computer (not a Hub id or a provider's name)."""
    n = name.strip()
    return n.startswith(("/", "~", "./", "../", "\\\\")) or (len(n) > 2 and n[1] == ":" and n[2] in "/\\")


def display_name(name: str, jobs: list[dict[str, Any]] | None = None) -> str:
    """A model as the person reads it: a job's output folder by the job's name, another folder by its own name
    (a job's `.../job-xxxx/output` without a known job by `job-xxxx`); any other name as it is."""
    head, sep, tail = name.rpartition("@")
    if sep and tail in _EVAL_BACKENDS and _is_path(head):
        return display_name(head, jobs)
    if not _is_path(name):
        return name
    norm = name.strip().rstrip("/\\").replace("\\", "/")
    for j in jobs or []:
        made = str(j.get("result_model") or "").strip().rstrip("/\\").replace("\\", "/")
        if made and made == norm and str(j.get("name") or "").strip():
            return str(j["name"]).strip()
    parts = [p for p in norm.split("/") if p]
    if len(parts) >= 2 and parts[-1] == "output" and parts[-2].startswith("job-"):
        return parts[-2]
    return parts[-1] if parts else name


_NAMED_PARAMS = ("model", "base", "tuned", "other")


def _short_names(value: Any, key: str, jobs: list[dict[str, Any]], names: dict[str, str]) -> Any:
    """A note's params with each model folder said by its name (`names` collects full -> short)."""
    if isinstance(value, str) and key in _NAMED_PARAMS:
        short = display_name(value, jobs)
        if short != value:
            names[value] = short
        return short
    if isinstance(value, dict) and "code" in value:
        return {**value, "params": {k: _short_names(v, k, jobs, names) for k, v in (value.get("params") or {}).items()}}
    if isinstance(value, list):
        return [_short_names(v, key, jobs, names) for v in value]
    return value


def _metric(name: Any) -> Any:
    """The evaluation's metric key as a word the person reads (a nested note, translated like the rest)."""
    return _note_param(f"metric_{name}") if name in ("exact_match", "token_f1", "rouge_l") else name


def _fmt(x: float, digits: int = 2) -> str:
    if x == int(x) and abs(x) >= 1:
        return f"{int(x):,}"
    return f"{x:,.{digits}f}"


def _usd(x: float) -> str:
    return f"{x:,.2f}" if abs(x) >= 0.01 or x == 0 else f"{x:.6f}".rstrip("0")


class _Ctx:
    def __init__(self, answers: dict[str, Any], tables: Tables, project_dir: Path | None, today: date,
                 data: DataFacts | None, evals: EvalFacts | None,
                 jobs: list[dict[str, Any]] | None = None) -> None:
        self.a = answers
        self.jobs = list(jobs or [])
        self.tuned: str | None = None  # the tuned model of the pair (set by resolve_pair)
        self.tuned_source: str | None = None  # chosen | evaluation | job
        self.gain_matches = False
        self.t = tables
        self.project_dir = project_dir
        self.today = today
        self.data = data
        self.evals = evals
        self.model: str = answers["costs"]["base_model"]
        self.backends: list[str] = list(answers["costs"]["backends"])
        self.tunable: dict[str, tuple[str, list[Note]]] = {b: self._tunable(b, self.model) for b in BACKENDS}
        chosen = [b for b in self.backends if self.tunable[b][0] == "tunable"]
        unknown = [b for b in self.backends if self.tunable[b][0] == "unknown"]
        self.backend = (chosen or unknown or self.backends)[0]
        self.training_usd: float | None = None

    # -- tunability from the providers' dated data --------------------------------------------------------
    def _tunable(self, backend: str, model: str) -> tuple[str, list[Note]]:
        if backend == "together":  # its dated list of fine-tunable models (resources/together.json)
            from fttool.tables import together_model, together_table

            as_of = str(together_table().get("as_of") or "?")
            if together_model(model) is not None:
                return "tunable", [Note("ev_tunable", {"model": model, "backend": backend, "as_of": as_of})]
            if "/" in model:
                return "unknown", [Note("ev_providers_unknown", {"backend": backend})]
            return "not", [Note("ev_not_tunable", {"model": model, "backend": backend, "as_of": as_of})]
        providers = self.t.providers
        open_model = "/" in model
        section = (providers or {}).get(backend)
        as_of = str((providers or {}).get("as_of") or "?")
        if not isinstance(section, dict):
            if backend in ("hf", "local") and open_model:
                return "tunable", [Note("ev_open_model", {"model": model, "backend": backend})]
            return "unknown", [Note("ev_providers_unknown", {"backend": backend})]
        notes: list[Note] = []
        end = section.get("new_jobs_end")
        if end:
            if self.today >= date.fromisoformat(str(end)):
                return "not", [Note("ev_backend_closed", {"backend": backend, "date": end})]
            notes.append(Note("ev_new_jobs_end", {"backend": backend, "date": end}))
        shutdown = (section.get("base_model_shutdown") or {}).get(model)
        when = shutdown.get("date") if isinstance(shutdown, dict) else shutdown
        if when and self.today >= date.fromisoformat(str(when)):
            return "not", [Note("ev_retired", {"model": model, "backend": backend, "date": when})]
        ft = section.get("fine_tunable")
        if ft in ("any", "*") or (isinstance(ft, list) and "*" in ft):
            return "tunable", [Note("ev_open_model", {"model": model, "backend": backend}), *notes]
        if isinstance(ft, dict):
            entry = ft.get(model)
            if isinstance(entry, dict):
                retires = entry.get("retires")
                if retires and self.today >= date.fromisoformat(str(retires)):
                    return "not", [Note("ev_retired", {"model": model, "backend": backend, "date": retires})]
                if retires:
                    notes.append(Note("ev_retires", {"model": model, "backend": backend, "date": retires}))
                return "tunable", [Note("ev_tunable", {"model": model, "backend": backend, "as_of": as_of}), *notes]
        elif isinstance(ft, list) and model in ft:
            return "tunable", [Note("ev_tunable", {"model": model, "backend": backend, "as_of": as_of}), *notes]
        elif ft is None:
            if backend in ("hf", "local") and open_model:
                return "tunable", [Note("ev_open_model", {"model": model, "backend": backend})]
            return "unknown", [Note("ev_providers_unknown", {"backend": backend})]
        return "not", [Note("ev_not_tunable", {"model": model, "backend": backend, "as_of": as_of})]

    def what_would_be(self) -> Note:
        def on(model: str, backend: str) -> dict[str, Any]:
            if backend == "local":
                return _note_param("ev_model_here", model=model)
            return _note_param("ev_model_on", model=model, backend=backend_label(backend))

        options: list[dict[str, Any]] = [on(self.model, b) for b in BACKENDS
                                         if b not in self.backends and self.tunable[b][0] == "tunable"]
        for b in self.backends:
            ft = ((self.t.providers or {}).get(b) or {}).get("fine_tunable")
            names = list(ft) if isinstance(ft, (list, dict)) else []
            options += [on(m, b) for m in names[:4] if m != "*"]
        if not options:
            return Note("ev_what_would_be", {"options": _note_param("ev_nothing_known")})
        return Note("ev_what_would_be", {"options": options})

    def resolve_pair(self) -> None:
        """The one model pair every criterion is scored on: the chosen base model and its tuned model (the chosen
        one, else the one the evaluation compared with this base, else the newest finished job's)."""
        chosen = self.a["costs"].get("tuned_model")
        gain = self.evals.gain if self.evals else None
        self.gain_matches = bool(gain and same_model(str(gain.get("base") or ""), self.model)
                                 and (not chosen or same_model(str(gain.get("tuned") or ""), chosen)))
        if chosen:
            self.tuned, self.tuned_source = chosen, "chosen"
        elif self.gain_matches and gain and gain.get("tuned"):
            self.tuned, self.tuned_source = str(gain["tuned"]), "evaluation"
        else:
            mine = self.tuned_models()
            if mine:
                self.tuned, self.tuned_source = mine[0], "job"

    def tuned_models(self) -> list[str]:
        """Tuned models of the chosen base: finished jobs' (newest first), then the evaluation's."""
        out: list[str] = []
        jobs = sorted(self.jobs, key=lambda j: str(j.get("updated_at") or j.get("created_at") or ""), reverse=True)
        for j in jobs:
            name = j.get("result_model")
            if (j.get("status") == "succeeded" and name and same_model(str(j.get("base_model") or ""), self.model)
                    and name not in out):
                out.append(str(name))
        gain = self.evals.gain if self.evals else None
        if gain and same_model(str(gain.get("base") or ""), self.model) and gain.get("tuned"):
            if str(gain["tuned"]) not in out:
                out.append(str(gain["tuned"]))
        return out

    def eval_base(self) -> str | None:
        """The model the evaluation's baselines ran on (its base: the first model it compared)."""
        if not self.evals:
            return None
        if self.evals.gain and self.evals.gain.get("base"):
            return str(self.evals.gain["base"])
        return next(iter(self.evals.models), None)

    def minimum(self) -> int:
        return self.t.minimum_examples(self.backend)

    def valid(self) -> int:
        return self.data.valid if self.data and not self.data.problem else 0


# -- criteria ---------------------------------------------------------------------------------------------
def _tunability(c: _Ctx) -> tuple[float, list[Note], list[str]]:
    table = c.t.score_table("tunability")
    status, notes = c.tunable[c.backend]
    notes = list(notes)
    missing: list[str] = []
    if status == "not":
        notes.append(c.what_would_be())
        missing.append("choose_tunable_model")
    elif status == "unknown":
        missing.append("update_provider_data")
    return float(table[{"tunable": "tunable", "not": "not_tunable"}.get(status, "unknown")]), notes, missing


def _data(c: _Ctx) -> tuple[float, list[Note], list[str]]:
    table = c.t.score_table("data")
    recommended = int(c.t.rules.get("data", {}).get("recommended_examples", 500))
    if c.data is None:
        return float(table["unknown"]), [Note("ev_no_dataset")], ["add_training_data"]
    if c.data.problem:
        return float(table["unknown"]), [Note("ev_data_unreadable", {"problem": c.data.problem})], ["validate_data"]
    minimum = c.minimum()
    d = c.data
    notes = [Note("ev_data_counts", {"valid": d.valid, "examples": d.examples, "errors": d.errors,
                                     "duplicates": d.duplicates, "backend": c.backend, "minimum": minimum,
                                     "recommended": recommended})]
    missing: list[str] = []
    if d.synthetic:
        notes.append(Note("ev_data_synthetic", {"synthetic": d.synthetic, "human": max(0, d.examples - d.synthetic),
                                                "teachers": ", ".join(d.teachers) or "?"}))
    if d.test_generated:
        notes.append(Note("ev_test_generated"))
        missing.append("write_test_questions")
    if d.source != "validator":
        notes.append(Note("ev_data_not_validated"))
        missing.append("validate_data")
    elif d.errors:
        missing.append("validate_data")  # the Data view lists each problem with its line and a fix
    if d.valid < minimum:
        score = float(table["below_minimum"])
        missing.append("add_training_data")
    else:
        row = first_row(table["below"], d.valid, at_most=False)
        if row is not None:
            score = row
        else:
            score = float(table["otherwise_with_errors"] if d.errors else table["otherwise"])
    return score, notes, missing


def _quality(c: _Ctx) -> tuple[float, list[Note], list[str]]:
    table = c.t.score_table("quality")
    gain = c.evals.gain if c.evals else None
    ci = (gain or {}).get("ci95_points")
    get = "evaluate_tuned_model" if c.tuned else "train_tuned_model"
    if gain and not c.gain_matches:  # measured on other models: not evidence for this pair
        return float(table["no_evaluation"]), [Note("ev_gain_other_pair", {
            "tuned": gain.get("tuned", "?"), "base": gain.get("base", "?"), "model": c.model})], [
            get, "use_evaluated_pair"]
    if not gain or not isinstance(ci, list) or len(ci) != 2:
        if not c.tuned:
            return float(table["no_evaluation"]), [Note("ev_no_tuned_model", {"model": c.model})], [get]
        return float(table["no_evaluation"]), [Note("ev_no_evaluation")], [get]
    lo, hi = float(ci[0]), float(ci[1])
    note = Note("ev_gain", {"metric": _metric(gain.get("metric", "?")), "tuned": gain.get("tuned", "?"),
                            "base": gain.get("base", "?"), "delta": _fmt(float(gain.get("delta_points", 0)), 1),
                            "lo": _fmt(lo, 1), "hi": _fmt(hi, 1), "n": gain.get("n", "?")})
    if hi < 0:
        score = float(table["worse"])
    elif lo <= 0:
        score = float(table["includes_zero"])
    else:
        score = next((float(s) for bound, s in table["lower_above"] if lo > bound), float(table["includes_zero"]))
    return score, [note], []


def _alternatives(c: _Ctx) -> tuple[float, list[Note], list[str], bool, bool]:
    """Score, notes, missing, and two facts for the verdict: a baseline exists; retrieval was measured."""
    table = c.t.score_table("alternatives")
    points = table["points"]
    total = 0.0
    notes: list[Note] = []
    baseline = rag = False
    best_rating = 0
    eval_base = c.eval_base()
    other = eval_base is not None and not same_model(eval_base, c.model)  # baselines ran on another model
    for name in ALTERNATIVES:
        label = _note_param(f"q_alternatives_{name}")
        measured = c.evals.baseline(BASELINE_OF[name]) if c.evals else None
        answer = c.a["alternatives"][name]
        if measured and other:
            notes.append(Note("ev_alt_measured_other", {"alternative": label, "other": eval_base, "model": c.model}))
            measured = None
        if measured:
            key, row = measured
            metric = (c.evals.gain or {}).get("metric", "token_f1") if c.evals else "token_f1"
            value = row.get(metric)
            notes.append(Note("ev_alt_measured", {"alternative": label, "metric": _metric(metric),
                                                  "value": _fmt(float(value), 2) if value is not None else "?"}))
            total += float(points["measured"])
            baseline = True
            rag = rag or name == "rag"
        elif answer["rating"] is not None:
            notes.append(Note("ev_alt_rated", {"alternative": label, "rating": answer["rating"]}))
            total += float(points["rated"])
            best_rating = max(best_rating, int(answer["rating"]))
            baseline = True
            rag = rag or name == "rag"
        elif answer["tried"]:
            notes.append(Note("ev_alt_tried_unrated", {"alternative": label}))
        else:
            notes.append(Note("ev_alt_not_tried", {"alternative": label}))
    score = min(float(table["max"]), round(total, 2))
    for rating, cap in table["cap_when_best_rating"]:
        if best_rating >= rating:
            if score > cap:
                notes.append(Note("ev_alt_good_enough", {"rating": best_rating}))
            score = min(score, float(cap))
            break
    missing = [] if baseline else ["run_baseline_evaluation"]
    knowledge = set(c.t.rules["verdict"].get("knowledge_goals", []))
    if knowledge & set(c.a["use_case"]["goals"]) and not rag:
        missing.append("run_rag_baseline")
    return score, notes, missing, baseline, rag


def _effort(c: _Ctx) -> tuple[float, list[Note], list[str]]:
    table = c.t.score_table("effort")
    hours = c.a["costs"]["effort_hours"]
    if hours is None:
        return float(table["otherwise"]), [Note("ev_effort_unknown")], []
    row = first_row(table["hours_at_most"], float(hours), at_most=True)
    return (row if row is not None else float(table["otherwise"])), [Note("ev_effort", {"hours": _fmt(hours, 1)})], []


def _price(c: _Ctx) -> dict[str, Any] | None:
    """The model's prices on the costed backend: an entry `<backend>:<model>` wins over the model's own entry;
    Azure's hourly hosting comes from the `azure_hosting_per_hour` table when the entry has none."""
    entry = c.t.price(f"{c.backend}:{c.model}")
    if entry is None:
        entry = c.t.price(c.model)
        if entry is not None and c.backend not in (entry.get("backends") or [c.backend]):
            entry = None
    if entry is not None and entry.get("hosting_per_hour") is None:
        table = ((c.t.prices or {}).get(f"{c.backend}_hosting_per_hour") or {}).get("models") or {}
        if table.get(c.model) is not None:
            entry["hosting_per_hour"] = float(table[c.model])
    return entry


def _compute(c: _Ctx) -> tuple[float, list[Note], list[str]]:
    table = c.t.score_table("compute")
    tokens = c.data.billed_tokens if c.data and not c.data.problem else None
    if c.backend in ("openai", "azure"):
        price = _price(c)
        if price is None or price.get("training_per_1m_tokens") is None:
            return float(table["unknown"]), [Note("ev_no_price", {"model": c.model, "backend": c.backend})], [
                "choose_priced_model"]
        if tokens is None:
            return float(table["unknown"]), [Note("ev_no_tokens")], ["validate_data"]
        usd = tokens * float(price["training_per_1m_tokens"]) / 1e6
        c.training_usd = usd
        row = first_row(table["usd_at_most"], usd, at_most=True)
        epochs = c.data.epochs if c.data else None
        return (row if row is not None else float(table["usd_otherwise"])), [Note("ev_training_cost", {
            "tokens": f"{tokens:,}", "epochs": epochs or "?", "price": _fmt(float(price["training_per_1m_tokens"])),
            "usd": _usd(usd), "as_of": c.t.price_date()})], []
    if c.backend == "together":  # billed per processed token, by model size (resources/together.json)
        from fttool.tables import together_table, together_training_price

        rate = together_training_price(c.model, "supervised", True)
        if rate is None:
            return float(table["unknown"]), [Note("ev_no_price", {"model": c.model, "backend": c.backend})], [
                "choose_priced_model"]
        if tokens is None:
            return float(table["unknown"]), [Note("ev_no_tokens")], ["validate_data"]
        usd = tokens * rate / 1e6
        c.training_usd = usd
        row = first_row(table["usd_at_most"], usd, at_most=True)
        return (row if row is not None else float(table["usd_otherwise"])), [Note("ev_training_cost", {
            "tokens": f"{tokens:,}", "epochs": (c.data.epochs if c.data else None) or "?", "price": _fmt(rate),
            "usd": _usd(usd), "as_of": str(together_table().get("as_of") or "?")})], []
    if tokens is None:
        return float(table["unknown"]), [Note("ev_no_tokens")], ["validate_data"]
    lc = c.t.rules["local_compute"]
    billions = c.a["costs"]["model_size_billions"] or float(lc["default_model_billions"])
    hardware = "gpu" if c.backend == "hf" else c.a["costs"]["local_hardware"]
    hours = float(lc["flops_per_param_token"]) * billions * 1e9 * tokens / float(lc["effective_flops"][hardware]) / 3600
    c.training_usd = 0.0 if c.backend == "local" else None
    row = first_row(table["hours_at_most"], hours, at_most=True)
    return (row if row is not None else float(table["hours_otherwise"])), [Note("ev_local_hours", {
        "hardware": _note_param(f"hardware_{hardware}"), "hours": _fmt(hours, 1), "billions": _fmt(billions, 1),
        "tokens": f"{tokens:,}"})], []


def _cost(c: _Ctx) -> tuple[float, list[Note], list[str], dict[str, Any] | None]:
    table = c.t.score_table("cost")
    b = c.a["benefits"]
    usage = c.t.rules.get("usage", {})
    rpm = int(b["requests_per_month"] or 0)
    notes: list[Note] = []
    if c.backend == "local":  # no per-token fee and no training bill: nothing to earn back
        return float(table.get("no_fee", 5)), [Note("ev_hosting_here")], [], None
    if c.backend == "hf":
        notes.append(Note("ev_hosting_local"))
    if c.backend == "together":  # a tuned model answers from a dedicated endpoint, billed by the hour
        from fttool.tables import together_hosting

        hosting = together_hosting()
        if hosting is not None:
            per_month = float(hosting["usd"]) * float(usage.get("hours_per_month", 730))
            notes.append(Note("ev_hosting_hourly", {"per_hour": _usd(float(hosting["usd"])),
                                                    "per_month": _usd(per_month)}))
    price = _price(c) if c.backend in ("openai", "azure") else None
    needed = ("input_per_1m_tokens", "output_per_1m_tokens", "tuned_input_per_1m_tokens", "tuned_output_per_1m_tokens")
    if price is None or any(price.get(k) is None for k in needed):
        notes.append(Note("ev_break_even_no_price", {"model": c.model}))
        return float(table["unknown"]), notes, ([] if c.backend in ("hf", "local", "together")
                                                else ["choose_priced_model"]), None
    notes.append(Note("ev_hosting_tokens", {"tin": _fmt(price["tuned_input_per_1m_tokens"]),
                                            "tout": _fmt(price["tuned_output_per_1m_tokens"]),
                                            "bin": _fmt(price["input_per_1m_tokens"]),
                                            "bout": _fmt(price["output_per_1m_tokens"])}))
    hours_month = float(usage.get("hours_per_month", 730))
    hosting_month = float(price["hosting_per_hour"]) * hours_month if price.get("hosting_per_hour") else 0.0
    if price.get("hosting_per_hour"):
        notes.append(Note("ev_hosting_hourly", {"per_hour": _usd(float(price["hosting_per_hour"])),
                                                "per_month": _usd(hosting_month)}))
    else:
        notes.append(Note("ev_hosting_none"))
    if rpm <= 0:
        notes.append(Note("ev_no_usage"))
        return float(table["unknown"]), notes, ["estimate_usage"], None
    prompt = b["prompt_tokens_per_request"]
    if prompt is None:
        prompt = int(usage.get("default_prompt_tokens_per_request", 300))
    out = b["output_tokens_per_request"]
    if out is None:
        out = int(usage.get("default_output_tokens_per_request", 150))
    shots = int(b["few_shot_tokens_saved_per_request"] or 0)
    base = ((prompt + shots) * price["input_per_1m_tokens"] + out * price["output_per_1m_tokens"]) / 1e6
    tuned = (prompt * price["tuned_input_per_1m_tokens"] + out * price["tuned_output_per_1m_tokens"]) / 1e6
    saving = base - tuned
    monthly = saving * rpm - hosting_month
    if monthly <= 0:
        notes.append(Note("ev_break_even_never", {"saving": _usd(saving), "hosting": _usd(hosting_month)}))
        return float(table["never"]), notes, [], None
    training = c.training_usd
    if training is None:
        notes.append(Note("ev_no_tokens"))
        return float(table["unknown"]), notes, ["validate_data"], None
    months = training / monthly
    requests = math.ceil(months * rpm)
    notes.append(Note("ev_break_even", {"requests": f"{requests:,}", "months": _fmt(months, 2),
                                        "per_month": f"{rpm:,}", "saving": _usd(saving)}))
    row = first_row(table["months_at_most"], months, at_most=True)
    return (row if row is not None else float(table["later"])), notes, [], {"requests": requests,
                                                                             "months": round(months, 2)}


def _extensibility(c: _Ctx) -> tuple[float, list[Note], list[str]]:
    reuse = c.a["benefits"]["reuse_for_new_domains"]
    return float(c.t.score_table("extensibility")[reuse]), [Note(f"ev_reuse_{reuse}")], []


def _has_test_split(project_dir: Path, meta: dict[str, Any]) -> bool:
    datasets = meta.get("datasets") or {}
    for split in ("test", "validation"):
        rel = datasets.get(split)
        if rel and (project_dir / str(rel)).is_file():
            return True
    return False


def train_file(answers: dict[str, Any], project_dir: Path | None, project_meta: dict[str, Any] | None) -> Path | None:
    rel = answers["data"]["train_file"] or ((project_meta or {}).get("datasets") or {}).get("train")
    if not rel:
        return None
    p = Path(rel)
    if not p.is_absolute() and project_dir is not None:
        p = project_dir / p
    return p


def decide(answers: dict[str, Any], *, project_dir: Path | None = None, tables: Tables | None = None,
           weights: dict[str, float] | None = None, today: date | None = None,
           data: DataFacts | None = None, evals: EvalFacts | None = None, gather: bool = True,
           check_environment: bool = True, jobs: list[dict[str, Any]] | None = None) -> Decision:
    """Score the answers. With `gather`, the data and evaluation evidence is read from the project folder (and
    the finished jobs from fttool's job store, unless `jobs` gives them: Job.to_dict() rows); tests can pass
    `data`/`evals` (and gather=False) instead."""
    from fttool import clock

    tables = tables or Tables.load()
    answers = answers_mod.normalize(answers)
    meta: dict[str, Any] = {}
    if project_dir is not None and (project_dir / "project.json").is_file():
        import json

        try:
            meta = json.loads((project_dir / "project.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            meta = {}
    today = today or clock.today()
    ctx = _Ctx(answers, tables, project_dir, today, data, evals, jobs)
    if gather:
        if data is None:
            ctx.data = data_facts(train_file(answers, project_dir, meta), ctx.backend, ctx.model, tables)
        if evals is None:
            ctx.evals = eval_facts(project_dir)
        if jobs is None:
            ctx.jobs = stored_jobs()
    ctx.resolve_pair()

    w = tables.default_weights()
    w.update({k: float(v) for k, v in answers.get("weights", {}).items() if k in w})
    w.update({k: float(v) for k, v in (weights or {}).items() if k in w})

    results: dict[str, tuple[float, list[Note], list[str]]] = {}
    results["tunability"] = _tunability(ctx)
    results["data"] = _data(ctx)
    results["quality"] = _quality(ctx)
    alt_score, alt_notes, alt_missing, has_baseline, has_rag = _alternatives(ctx)
    results["alternatives"] = (alt_score, alt_notes, alt_missing)
    results["effort"] = _effort(ctx)
    results["compute"] = _compute(ctx)  # before cost: it sets the training cost
    cost_score, cost_notes, cost_missing, break_even = _cost(ctx)
    results["cost"] = (cost_score, cost_notes, cost_missing)
    results["extensibility"] = _extensibility(ctx)

    criteria = [Criterion(name, tables.group(name), round(results[name][0], 2), w[name], results[name][1],
                          results[name][2]) for name in CRITERIA if name in w]
    total_w = sum(c.weight for c in criteria)
    score = round(sum(c.score * c.weight for c in criteria) / total_w, 2) if total_w > 0 else 0.0

    # the verdict, in the order
    threshold = float(tables.rules["verdict"]["fine_tune_min_score"])
    knowledge = set(tables.rules["verdict"].get("knowledge_goals", [])) & set(answers["use_case"]["goals"])
    gain = ctx.evals.gain if ctx.evals else None
    ci = (gain or {}).get("ci95_points")
    gain_positive = isinstance(ci, list) and len(ci) == 2 and float(ci[0]) > 0
    statuses = [ctx.tunable[b][0] for b in ctx.backends]
    reason: list[Note]
    if statuses and all(s == "not" for s in statuses):
        verdict = "not_worth_it"
        reason = [Note("reason_not_tunable", {"model": ctx.model,
                                              "backends": [backend_label(b) for b in ctx.backends]}),
                  ctx.what_would_be()]
    elif ctx.valid() < ctx.minimum():
        verdict = "collect_more_data_first"
        reason = [Note("reason_too_few_examples", {"valid": ctx.valid(), "minimum": ctx.minimum(),
                                                   "backend": ctx.backend})]
    elif not has_baseline:
        verdict = "improve_prompt_first"
        reason = [Note("reason_no_baseline")]
    elif knowledge and not has_rag:
        verdict = "try_retrieval_first"
        reason = [Note("reason_no_rag_baseline")]
    elif score >= threshold and gain_positive:
        verdict = "fine_tune_now"
        reason = [Note("reason_fine_tune", {"score": _fmt(score), "threshold": _fmt(threshold)})]
    else:
        verdict = "not_worth_it"
        reason = [Note("reason_low_score", {"score": _fmt(score), "threshold": _fmt(threshold)})]
        if not gain_positive:
            reason.append(Note("reason_no_gain"))

    checklist, env_missing = environment_checklist(
        ctx.backend, ctx.model, tunable=ctx.tunable[ctx.backend][0] == "tunable",
        dataset=ctx.valid() >= ctx.minimum() and ctx.data is not None, check_environment=check_environment)
    missing: list[str] = []
    for c in criteria:
        for m in c.missing:
            if m not in missing:
                missing.append(m)
    for m in env_missing:
        if m not in missing:
            missing.append(m)
    evaluations = [m for m in missing if m in ("run_baseline_evaluation", "run_rag_baseline", "evaluate_tuned_model")]
    if evaluations and project_dir is not None and not _has_test_split(project_dir, meta):
        missing.insert(missing.index(evaluations[0]), "make_test_split")  # an evaluation needs held-out examples
    gain_pair = ({"base": str(ctx.evals.gain.get("base") or ""), "tuned": str(ctx.evals.gain.get("tuned") or "")}
                 if ctx.evals and ctx.evals.gain else None)
    if gain_pair:  # where the evaluated tuned model was trained: the job that made it, else a folder here is local
        made_by = [j for j in ctx.jobs if j.get("result_model") and same_model(str(j["result_model"]),
                                                                               gain_pair["tuned"])]
        if made_by and made_by[0].get("backend") in BACKENDS:
            gain_pair["backend"] = str(made_by[0]["backend"])
        elif gain_pair["base"].startswith(("/", "~", ".")) or (len(gain_pair["base"]) > 2
                                                              and gain_pair["base"][1] == ":"):
            gain_pair["backend"] = "local"
    names: dict[str, str] = {}  # a folder by its name, a job's output by the job's name (the full path in facts)
    for note in [*reason, *(n for c in criteria for n in c.notes)]:
        note.params = {k: _short_names(v, k, ctx.jobs, names) for k, v in note.params.items()}
    for item in checklist:
        item["params"] = {k: _short_names(v, k, ctx.jobs, names) for k, v in item["params"].items()}
        item["notes"] = [_short_names(n, "", ctx.jobs, names) for n in item["notes"]]
    for model in (ctx.model, ctx.tuned, *(gain_pair or {}).values()):
        if model and display_name(model, ctx.jobs) != model:
            names[model] = display_name(model, ctx.jobs)
    facts = {"backend": ctx.backend, "backends": ctx.backends, "base_model": ctx.model,
             "pair": {"base": ctx.model, "tuned": ctx.tuned, "tuned_source": ctx.tuned_source},
             "evaluated_pair": gain_pair, "tuned_models": ctx.tuned_models(),
             "use_case": answers["use_case"]["description"],
             "data": ctx.data.to_dict() if ctx.data else None,
             "evaluation": ctx.evals.file if ctx.evals else None,
             "prices_as_of": tables.price_date(),
             "providers_as_of": (tables.providers or {}).get("as_of"), "rules_as_of": tables.rules.get("as_of"),
             "threshold": threshold, "today": today.isoformat(), "training_usd": ctx.training_usd,
             "model_names": names}
    return Decision(verdict, reason, score, criteria, break_even, missing, checklist, facts)
