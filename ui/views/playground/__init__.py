"""The Playground: chat with a model, or with two side by side (typically base and tuned), blind if you like; keep a
good conversation as a training example; and evaluate models on held-out data. It talks to the job service through
the bridge only, imports no other view, and from the core only the project and the job record.

    view.py           PlaygroundView: the Chat tab (pickers, modes, system prompt and sampling), the model lists,
                      and the Evaluate tab, built the first time it is shown
    conversation.py   the chat side by side: columns and headers, sending, streaming, stop, regenerate, picking
    review.py         "Save as training example": the review dialog, saving, Undo save
    chat_widgets.py   the model picker, an answer column, the stream relay
    names.py          what a model is called in the lists (a job's name, a folder's name) and its base model
    evaluate.py       EvaluatePanel: running an evaluation (progress and Cancel as one service task)
    eval_setup.py     what to evaluate: held-out data, A and B, baselines, the judge
    eval_results.py   what it found: the table, the gain in plain words, the chart, the examples
    eval_widgets.py   the interval bar and the examples' item model
"""

from ui.itemmodels.jobs import short_model_name
from ui.views.playground.names import base_index, model_tip, model_title, model_title_for
from ui.views.playground.view import PlaygroundView

__all__ = ["PlaygroundView", "base_index", "model_tip", "model_title", "model_title_for", "short_model_name"]
