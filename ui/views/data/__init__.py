"""The Data view (a package): open the project's datasets, see every problem by row, edit examples, fix, save.
Every slow step is a `data_*` service command run with `bridge.op`; the GUI thread only paints the rows. DataView
(view.py) is made of one mixin per job: header, table, problems, editing, validation, saving, imports, split."""

from ui.views.data.view import DataView

__all__ = ["DataView"]
