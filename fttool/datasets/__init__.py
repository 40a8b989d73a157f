"""Training data: import (formats, hub), checks (validate, codes), tokens and cost (tokens, cost, limits), split,
fixes, and the `fttool validate` / `fttool dataset ...` commands (cli). No Qt here; heavy libraries (numpy,
tiktoken, pyarrow, huggingface_hub) are imported only when used. The published API is in the contracts."""
