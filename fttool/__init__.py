"""fttool: the headless core of the fine-tuning app (no Qt here, see shared/DESIGN.md)."""

__version__ = "0.1.0"
