# Two commands: `make run` (set up + serve the demo on SpatiaLite) and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := server

.PHONY: run test setup setup-test lint format plugin translations clean

# The venv is built from Debian's Python with system site packages, so that the QGIS,
# PyQt5 and GDAL bindings installed by apt import inside it.
$(VENV)/.installed-run: pyproject.toml
	./scripts/setup-system.sh run
	test -x $(PY) || /usr/bin/python3 -m venv --system-site-packages $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed-run
	./scripts/setup-system.sh test
	$(PY) -m pip install -q -e '.[test,training]'
	touch $@

setup: $(VENV)/.installed-run

setup-test: $(VENV)/.installed-test

run: setup
	$(VENV)/bin/flask --app server db upgrade
	$(VENV)/bin/flask --app server demo load
	$(VENV)/bin/flask --app server serve --host $(HOST) --port $(PORT)

test: setup-test
	$(VENV)/bin/ruff check .
	$(PY) -m pytest

lint: setup
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format: setup
	$(VENV)/bin/ruff format . && $(VENV)/bin/ruff check --fix .

# The installable plugin zip (dist/verite_terrain.zip), with the pack contract vendored in.
# Standard library only: no setup needed.
plugin:
	$(if $(wildcard $(PY)),$(PY),python3) scripts/build_plugin.py

# pylupdate5 over the plugin's .py/.ui into qgis_plugin/i18n/*.ts, then lrelease to .qm;
# fails listing the strings still to translate (tools: `scripts/setup-system.sh test`).
translations:
	$(if $(wildcard $(PY)),$(PY),python3) scripts/build_plugin.py translations

clean:
	rm -rf build dist *.egg-info .pytest_cache .ruff_cache
