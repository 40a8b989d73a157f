"""What a decision is made of (scoring.py decides it): the verdicts, criteria, checklist items and actions by name
and their English words (the message catalog), where each action leads (action_target), a Note, a Criterion, a
Decision, and numbers put in words for notes. Imports the questions and the messages only."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fttool.decision.questions import BACKENDS
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


def note_param(code: str, **params: Any) -> dict[str, Any]:
    return {"code": code, "params": params}


def backend_label(backend: str, code: str | None = None) -> dict[str, Any]:
    """A backend's name as a note param: "This computer" starts a sentence, mid-sentence it is "this computer"
    (`code`: the message it goes into; None: mid-sentence)."""
    if backend != "local":
        return note_param(f"backend_{backend}")
    from fttool.messages import CATALOG

    template = CATALOG.get(code or "", "")
    at = template.find("{backend}")
    starts = at == 0 or (at > 0 and template[:at].rstrip().endswith((".", "!", "?")))
    return note_param("backend_local" if starts else "backend_local_mid")


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


def metric_word(name: Any) -> Any:
    """The evaluation's metric key as a word the person reads (a nested note, translated like the rest)."""
    return note_param(f"metric_{name}") if name in ("exact_match", "token_f1", "rouge_l") else name


def fmt_number(x: float, digits: int = 2) -> str:
    if x == int(x) and abs(x) >= 1:
        return f"{int(x):,}"
    return f"{x:,.{digits}f}"


def fmt_usd(x: float) -> str:
    return f"{x:,.2f}" if abs(x) >= 0.01 or x == 0 else f"{x:.6f}".rstrip("0")

