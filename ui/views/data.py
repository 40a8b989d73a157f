from __future__ import annotations

from ui.views.base import ComingView


class DataView(ComingView):
    key = "data"

    def title(self) -> str:
        return self.tr("Data")

    def coming_text(self) -> str:
        return self.tr(
            "Edit chat examples, import JSONL, CSV, Parquet or a Hub dataset, see every problem by line with a "
            "fix, count tokens and estimate the cost. Not available yet: it arrives with the Data feature.")

    def project_facts(self) -> str:
        assert self.project is not None
        rows = []
        for split, path in self.project.dataset_files().items():
            size = path.stat().st_size if path.is_file() else None
            state = self.tr("{0} KB").format(round(size / 1024, 1)) if size is not None else self.tr("missing")
            rows.append(f"{split}: {path.name} ({state})")
        return self.tr("Datasets in this project:") + "\n" + "\n".join(rows)
