# Two commands do all set-up from a fresh clone: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PORT

.PHONY: run test test-fast test-sqlite test-postgres test-browser goldens bench-pb messages audit clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

run: $(VENV)/.installed
	DEMO_MODE=true $(BIN)/solidarity migrate --verbosity 0
	DEMO_MODE=true $(BIN)/solidarity demo
	DEMO_MODE=true $(BIN)/solidarity serve --port $(PORT)

test: $(VENV)/.installed-test
	$(BIN)/python scripts/run_tests.py

# test-fast: SQLite without the long sweeps over every shared file, for a developer's quick loop.
test-fast test-sqlite test-postgres test-browser: $(VENV)/.installed-test
	$(BIN)/python scripts/run_tests.py $(subst test-,,$@)

# Reference results from pabutools 1.2.3, in a virtual environment of its own (not needed by CI).
var/pabutools-venv/bin/python:
	$(PYTHON) -m venv var/pabutools-venv
	var/pabutools-venv/bin/pip install --quiet pabutools==1.2.3

goldens: var/pabutools-venv/bin/python
	var/pabutools-venv/bin/python scripts/pb_goldens.py

bench-pb: $(VENV)/.installed var/pabutools-venv/bin/python
	$(BIN)/python bench/pb_vs_pabutools.py

messages: $(VENV)/.installed
	cd solidarity && ../$(BIN)/solidarity makemessages -l es --no-obsolete --ignore "engines/*" --ignore "*/tests/*" && ../$(BIN)/solidarity compilemessages

clean:
	rm -rf $(VENV) var/static

# audit: pinned versions against PyPI's vulnerability data (pip-audit), and a CycloneDX SBOM of the
# installed runtime (var/sbom.json). Needs pypi.org's JSON API; in a tool environment of its own.
var/audit-venv/bin/python:
	$(PYTHON) -m venv var/audit-venv
	var/audit-venv/bin/pip install --quiet pip-audit==2.10.1 cyclonedx-bom==7.5.0

audit: $(VENV)/.installed var/audit-venv/bin/python
	var/audit-venv/bin/pip-audit --vulnerability-service pypi --path $$($(BIN)/python -c "import site; print(site.getsitepackages()[0])")
	var/audit-venv/bin/cyclonedx-py environment $(BIN)/python --output-file var/sbom.json
