# The README's commands. `make run` and `make test` work on a fresh Debian machine as root
# (they install the system libraries Qt needs) and on a developer's laptop (they skip apt).

SHELL := /bin/bash
VENV  ?= .venv
# A Python 3.10-3.13 for the app's own environment: prefer 3.11, the version we measure on.
PYTHON ?= $(shell for p in python3.11 python3.12 python3.10 python3.13 python3; do \
             command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(not (3,10) <= sys.version_info[:2] <= (3,13))' 2>/dev/null && { echo $$p; break; }; done)
VPY   := $(VENV)/bin/python
STAMP := $(VENV)/.installed

# Debian packages: what Qt needs offscreen, what a real window needs, and what the tests need
# (Xvfb for the real-window test, gnome-keyring + dbus for the Secret Service test, Go for the test that renders
# the Ollama Modelfile templates with text/template, the engine Ollama uses).
APT_QT   := libegl1 libgl1 libfontconfig1 libglib2.0-0 libxkbcommon0 libdbus-1-3 fonts-dejavu-core
APT_X11  := xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 \
            libxcb-randr0 libxcb-render-util0 libxcb-image0
APT_TEST := gnome-keyring dbus-daemon dbus-x11 libsecret-tools desktop-file-utils golang-go
APT_PY   := python3-venv

.PHONY: run test lint bench bench-eval sysdeps-run sysdeps-test venv clean lock screenshots translations

run: sysdeps-run $(STAMP) translations
	$(VENV)/bin/fttool-app

test: sysdeps-test $(STAMP) translations
	bash tools/run_tests.sh

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy

bench: $(STAMP)
	$(VPY) bench/startup.py

bench-eval: $(STAMP)
	$(VPY) bench/eval.py

# Longer fuzzing than the suite's fixed-seed run: random seeds, 20,000 examples per property, what it finds kept
# in .hypothesis/ (save a crashing input as tests/fuzz/regressions/<format>-<what> once it is fixed)
.PHONY: fuzz
fuzz: $(STAMP)
	QT_QPA_PLATFORM=offscreen FUZZ_EXAMPLES=20000 FUZZ_RANDOM=1 $(VPY) -m pytest -q -p no:cacheprovider tests/fuzz

.PHONY: bench-editor
bench-editor: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(VPY) bench/editor.py

.PHONY: bench-hub
bench-hub: $(STAMP)
	$(VPY) bench/hub_push.py

# every view (build/screenshots/*.png), then each step of the no-code journey in English and Malay
# (build/screenshots/journey/<lang>/NN-step.png; it trains the tiny test model, about a minute per language)
screenshots: $(STAMP) translations
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/fttool-app --screenshots build/screenshots
	QT_QPA_PLATFORM=offscreen FTTOOL_JOURNEY_SHOTS=$(CURDIR)/build/screenshots/journey $(VPY) -m pytest -q \
	    -p no:cacheprovider tests/e2e/test_journey.py

venv: $(STAMP)

# Compiled translations (resources/i18n/fttool_<lang>.qm) from ui/translations/*.ts with PySide6-Essentials' lrelease;
# the wheel and the bundle carry them with resources/. Refresh the .ts sources: tools/update_translations.py.
translations: $(STAMP)
	$(VPY) -m ui.i18n build

$(STAMP): pyproject.toml requirements.lock
	@test -n "$(PYTHON)" || { echo "No Python 3.10-3.13 found: install python3 (and python3-venv on Debian)."; exit 1; }
	test -x $(VPY) || $(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install --quiet --upgrade pip
	$(VPY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

sysdeps-run:
	@bash tools/apt_ensure.sh $(APT_PY) $(APT_QT) $(APT_X11)

sysdeps-test:
	@bash tools/apt_ensure.sh $(APT_PY) $(APT_QT) $(APT_X11) $(APT_TEST)

# Regenerate the lock file from a throwaway environment (run after changing dependencies).
lock:
	rm -rf build/lockenv && $(PYTHON) -m venv build/lockenv
	build/lockenv/bin/pip install --quiet -e ".[dev]"
	build/lockenv/bin/pip freeze --exclude-editable | grep -v '^-e' > requirements.lock

clean:
	rm -rf $(VENV) build dist *.egg-info

# Installers: the frozen app (PyInstaller one-folder: fttool-app + fttool) from a clean venv under
# build/package/, then its tar.gz and .deb (Linux). Windows and macOS: .github/workflows/package-*.yml.
.PHONY: package package-test bench-package
package: $(STAMP)
	$(VPY) packaging/build.py

# The frozen smoke tests and the wheel test (they build the bundle first when the sources changed).
package-test: sysdeps-test $(STAMP)
	QT_QPA_PLATFORM=offscreen FTTOOL_FROZEN_TESTS=1 $(VPY) -m pytest -p no:cacheprovider -q \
		tests/e2e/test_package.py tests/e2e/test_wheel.py

bench-package: $(STAMP)
	$(VPY) bench/package.py
