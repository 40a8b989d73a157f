"""The Jobs view (a package): every job of every backend from the shared store, updated live by the service.

The list (select several to overlay their loss curves), and for the selected job: an overview, the live loss
chart, the event log, the raw record; actions: cancel, pause/resume where the backend allows (and resume of a
stopped local TRL job from its last checkpoint), clone with changed parameters, try the result in the playground,
push to the Hub, export a local model (GGUF + Ollama Modelfile, or merged), open the job's folder.

JobsView (view.py: the layout, the list and what the backend can do) is made of one mixin per job: detail.py (the
overview, the loss chart, the event log, the record) and actions.py (the buttons and the operations they run);
clone.py is the Clone dialog. The package names no backend and imports no other view."""

from ui.views.jobs.clone import CloneDialog
from ui.views.jobs.view import JobsView

__all__ = ["CloneDialog", "JobsView"]
