"""Import and export of training data. Modules: readers (formats told apart and read into the chat shape),
writers (any format written, JSONL atomically), exports (each backend's folder), each importing only those before
it; here, their public names (`formats.read_examples`, `formats.write_format`, `formats.export_openai`...)."""

from __future__ import annotations

# Formats: chat JSONL ("chat"), DPO preference JSONL ("dpo"), ShareGPT JSON/JSONL ("sharegpt": `conversations`
# with `from`/`value`), legacy prompt/completion JSONL ("prompt_completion"), Alpaca JSON/JSONL ("alpaca":
# instruction/input/output), CSV and TSV with a column mapping ("csv", "tsv"), Parquet ("parquet", read and
# written by the pure-Python fttool/datasets/parquet/, imported only when needed).
from fttool.datasets.errors import ConversionRefused, DatasetFormatError
from fttool.datasets.formats.exports import (
    chatml_text,
    export_autotrain,
    export_azure,
    export_hub_folder,
    export_openai,
    openai_example,
)
from fttool.datasets.formats.readers import (
    FORMATS,
    WHOLE_JSON_BYTES,
    ColumnMapping,
    OnError,
    detect_format,
    from_alpaca,
    from_prompt_completion,
    from_row,
    from_sharegpt,
    guess_mapping,
    read_columns,
    read_examples,
    table_preview,
)
from fttool.datasets.formats.writers import (
    BOM,
    FORMULA_START,
    AtomicWriter,
    dumps,
    spreadsheet_safe,
    to_alpaca,
    to_prompt_completion,
    to_row,
    to_sharegpt,
    what_would_be_lost,
    write_csv,
    write_format,
    write_json_array,
    write_jsonl,
    write_parquet,
)

__all__ = [
    "BOM", "FORMATS", "FORMULA_START", "WHOLE_JSON_BYTES", "AtomicWriter", "ColumnMapping", "ConversionRefused",
    "DatasetFormatError", "OnError", "chatml_text", "detect_format", "dumps", "export_autotrain", "export_azure",
    "export_hub_folder", "export_openai", "from_alpaca", "from_prompt_completion", "from_row", "from_sharegpt",
    "guess_mapping", "openai_example", "read_columns", "read_examples", "spreadsheet_safe", "table_preview",
    "to_alpaca", "to_prompt_completion", "to_row", "to_sharegpt", "what_would_be_lost", "write_csv",
    "write_format", "write_json_array", "write_jsonl", "write_parquet",
]
