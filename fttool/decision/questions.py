"""The lesson's questionnaire as data: four sections (use case, alternatives, costs, benefits), each question with
an id (its place in the answers file), a kind the Decide view knows how to draw, its options and message codes
for its label and help text (English in fttool/messages.py, translated by code in ui/messages.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from fttool.messages import register

# the order of the lesson: Kes Penggunaan, Alternatif, Kos, Manfaat
SECTIONS: tuple[str, ...] = ("use_case", "alternatives", "costs", "benefits")

GOALS: tuple[str, ...] = ("format_style", "tone", "task_accuracy", "domain_vocabulary", "latency", "new_skill",
                          "knowledge")
ALTERNATIVES: tuple[str, ...] = ("prompt_engineering", "few_shot", "rag")
BACKENDS: tuple[str, ...] = ("openai", "azure", "hf", "together", "local")
HARDWARE: tuple[str, ...] = ("cpu", "gpu")
REUSE: tuple[str, ...] = ("yes", "unsure", "no")
# evaluation baselines (eval/results.json) that measure each alternative
BASELINE_OF: dict[str, str] = {"prompt_engineering": "zero-shot", "few_shot": "few-shot", "rag": "rag"}


@dataclass(frozen=True)
class Question:
    id: str  # "section.key" in the answers file
    kind: str  # multi, text, usecase, alternative, int, float, choice, model, tuned
    options: tuple[str, ...] = ()
    minimum: float = 0
    maximum: float = 1e9
    label: str = field(default="")  # message code
    help: str = field(default="")  # message code

    @property
    def section(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def key(self) -> str:
        return self.id.split(".", 1)[1]


def _q(qid: str, kind: str, **kw: object) -> Question:
    name = qid.replace(".", "_")
    return Question(qid, kind, label=f"q_{name}", help=f"q_{name}_help", **kw)  # type: ignore[arg-type]


QUESTIONS: tuple[Question, ...] = (
    _q("use_case.description", "usecase"),
    _q("use_case.goals", "multi", options=GOALS),
    _q("use_case.why_not_prompting", "text"),
    _q("alternatives.prompt_engineering", "alternative"),
    _q("alternatives.few_shot", "alternative"),
    _q("alternatives.rag", "alternative"),
    _q("costs.backends", "multi", options=BACKENDS),
    _q("costs.base_model", "model"),
    _q("costs.tuned_model", "tuned"),
    _q("costs.effort_hours", "float", minimum=0, maximum=10_000),
    _q("costs.local_hardware", "choice", options=HARDWARE),
    _q("costs.model_size_billions", "float", minimum=0, maximum=1000),
    _q("benefits.requests_per_month", "int", minimum=0, maximum=10**10),
    _q("benefits.prompt_tokens_per_request", "int", minimum=0, maximum=10**7),
    _q("benefits.few_shot_tokens_saved_per_request", "int", minimum=0, maximum=10**7),
    _q("benefits.output_tokens_per_request", "int", minimum=0, maximum=10**7),
    _q("benefits.reuse_for_new_domains", "choice", options=REUSE),
)


def questions(section: str | None = None) -> list[Question]:
    return [q for q in QUESTIONS if section is None or q.section == section]


register({
    # sections (the lesson's headings)
    "section_use_case": "Use case",
    "section_alternatives": "Alternatives",
    "section_costs": "Costs",
    "section_benefits": "Benefits",
    "section_use_case_help": "What is your use case for fine-tuning? What should the model do better?",
    "section_alternatives_help": (
        "Have you tried other techniques first? Use them to build a baseline for comparison."),
    "section_costs_help": "Have you identified the costs of fine-tuning?",
    "section_benefits_help": "Have you confirmed the benefits of fine-tuning?",
    # use case
    "q_use_case_description": "Your use case",
    "q_use_case_description_help": (
        "In a sentence or a short paragraph: what should the model do, for whom? It heads the report, and the "
        "project list shows it."),
    "q_use_case_description_placeholder": (
        "e.g. Answer customers' questions about cake orders in our shop's friendly tone, in three sentences at "
        "most."),
    "q_use_case_goals": "What should improve?",
    "q_use_case_goals_help": "Tick everything the tuned model should do better than the base model with a good prompt.",
    "goal_format_style": "Format and style",
    "goal_tone": "Tone",
    "goal_task_accuracy": "Accuracy on a narrow task",
    "goal_domain_vocabulary": "Domain vocabulary",
    "goal_latency": "Shorter prompts, lower latency",
    "goal_new_skill": "A skill the model lacks",
    "goal_knowledge": "Facts from your own documents",
    "q_use_case_why_not_prompting": "Why does prompting not reach it?",
    "q_use_case_why_not_prompting_help": "In a sentence or two: what still goes wrong with your best prompt.",
    # alternatives
    "q_alternatives_prompt_engineering": "Prompt engineering",
    "q_alternatives_prompt_engineering_help": (
        "Clear instructions in the system prompt. Rate how well it worked (1 = not at all, 5 = fully), or run a "
        "zero-shot baseline evaluation to measure it."),
    "q_alternatives_few_shot": "Few-shot learning",
    "q_alternatives_few_shot_help": (
        "A few example questions and answers in every prompt. Rate it, or run a few-shot baseline evaluation."),
    "q_alternatives_rag": "Retrieval-augmented generation (RAG)",
    "q_alternatives_rag_help": (
        "Search your documents and add what is found to the prompt. Rate it, or run a RAG baseline evaluation."),
    "alternative_tried": "Tried",
    "alternative_rating": "How well it worked (1-5)",
    "alternative_measured": "measured by the evaluation",
    # costs
    "q_costs_backends": "Where would you train?",
    "q_costs_backends_help": "One or more training backends; the first one that can tune the model is costed.",
    "backend_openai": "OpenAI",
    "backend_azure": "Azure OpenAI",
    "backend_hf": "Hugging Face",
    "backend_together": "Together AI",
    "backend_local": "This computer",
    "q_costs_base_model": "Base model",
    "q_costs_base_model_help": "The pretrained model to fine-tune: an OpenAI model name or a Hugging Face model id.",
    "q_costs_tuned_model": "Tuned model",
    "q_costs_tuned_model_help": (
        "The fine-tuned model to judge, when you have one: every criterion is scored on this base model and its "
        "tuned model. Leave it on automatic to take the one your evaluation or your finished jobs name."),
    "q_costs_tuned_model_auto": "automatic",
    "q_costs_effort_hours": "Effort (hours)",
    "q_costs_effort_hours_help": "Hours you expect to spend preparing the data, evaluating and improving the model.",
    "q_costs_local_hardware": "Local hardware",
    "q_costs_local_hardware_help": "For training on this computer or on Hugging Face: a CPU only, or a GPU.",
    "hardware_cpu": "CPU only",
    "hardware_gpu": "A GPU",
    "q_costs_model_size_billions": "Model size (billions of parameters)",
    "q_costs_model_size_billions_help": "For open models: 0.5 for a small model, 7 for a 7B model.",
    # benefits
    "q_benefits_requests_per_month": "Requests per month",
    "q_benefits_requests_per_month_help": "How many requests the model will answer in a month.",
    "q_benefits_prompt_tokens_per_request": "Prompt tokens per request",
    "q_benefits_prompt_tokens_per_request_help": "Tokens of a typical prompt without the few-shot examples.",
    "q_benefits_few_shot_tokens_saved_per_request": "Few-shot tokens saved per request",
    "q_benefits_few_shot_tokens_saved_per_request_help": (
        "Tokens of the examples that leave the prompt once the model is tuned."),
    "q_benefits_output_tokens_per_request": "Answer tokens per request",
    "q_benefits_output_tokens_per_request_help": "Tokens of a typical answer.",
    "q_benefits_reuse_for_new_domains": "Can the base model be reused for new domains?",
    "q_benefits_reuse_for_new_domains_help": (
        "Would the same base model (and this work) serve other tasks or domains later?"),
    "reuse_yes": "Yes",
    "reuse_unsure": "Not sure",
    "reuse_no": "No",
})
