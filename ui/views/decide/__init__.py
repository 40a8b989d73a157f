"""Decide: should this person fine-tune at all? The lesson's questions, the verdict with each criterion's score,
weight and evidence, the buttons that get missing evidence, the lesson's checklist, and a report to export. The
questionnaire, the scoring and the report are fttool.decision (no Qt); this view imports no other view.

    view.py       DecideView: loading, scoring and saving on the service, the evaluated pair, go_get
    questions.py  the questionnaire: a field per question, the answers in and out
    verdict.py    the verdict panel: the pair, the verdict, the criteria table, missing evidence, checklist, export
    words.py      the core's decision messages in the person's language
"""

from ui.views.decide.view import DecideView

__all__ = ["DecideView"]
