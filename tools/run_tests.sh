#!/usr/bin/env bash
# The whole suite: lint, import contract, unit, ui (offscreen) and e2e tests.
# The Secret Service test runs inside its own dbus session (see tests/e2e/test_secret_service.py).
set -euo pipefail
cd "$(dirname "$0")/.."
export QT_QPA_PLATFORM=offscreen
export PYTHONDONTWRITEBYTECODE=1
.venv/bin/ruff check .
.venv/bin/lint-imports
.venv/bin/python -m pytest -p no:cacheprovider --durations=20 "$@"
