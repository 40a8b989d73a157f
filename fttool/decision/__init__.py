"""Should this person fine-tune at all? The lesson's questionnaire, its scoring and the verdict (no Qt here).

    from fttool.decision import decide, answers
    d = decide(answers.load("decision.json"), project_dir=Path("my-project"))
    d.verdict, d.score, d.to_json()
"""

from fttool.decision.scoring import ACTIONS, CHECKLIST, CRITERIA, VERDICTS, Criterion, Decision, Note, decide

__all__ = ["ACTIONS", "CHECKLIST", "CRITERIA", "VERDICTS", "Criterion", "Decision", "Note", "decide"]
