# Every target does its own set-up: a fresh machine needs only Python 3.11.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
DEPS := $(VENV)/.deps-stamp
SYSTEM := .cache/system-stamp
PORT ?= 8000

.PHONY: site test lint serve bench schema clean system translations

$(DEPS): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Debian's Chromium and the npm checkers, installed only when missing.
$(SYSTEM): tests/setup-system.sh package.json package-lock.json
	bash tests/setup-system.sh
	mkdir -p .cache && touch $@

system: $(SYSTEM)

site: $(DEPS)
	$(BIN)/python -m generator build

lint: $(DEPS)
	$(BIN)/ruff check generator tests benchmarks pelicanconf.py
	$(BIN)/mypy
	$(BIN)/python -m generator schema --check

test: $(DEPS) $(SYSTEM) lint
	$(BIN)/python -m pytest

serve: site
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory output $(PORT)

schema: $(DEPS)
	$(BIN)/python -m generator schema

bench: $(DEPS)
	$(BIN)/python -m benchmarks.run

clean:
	rm -rf output .output.* .cache .pytest_cache .mypy_cache .ruff_cache

# Re-extract UI strings from the templates and merge them into every catalogue.
translations: $(DEPS)
	$(BIN)/pybabel extract -F theme/translations/babel.cfg -o theme/translations/messages.pot --no-location --omit-header --no-wrap .
	$(BIN)/pybabel update -i theme/translations/messages.pot -d theme/translations --no-wrap --ignore-obsolete
