# Two entry points on a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: report test bench lab clean help

help:
	@echo "make report  - set up .venv and build reports/ (HTML) from every notebook with defaults"
	@echo "make test    - set up .venv and run the test suite"
	@echo "make bench   - print the cost-model benchmark figures"
	@echo "make lab     - start JupyterLab on notebooks/"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

report: $(STAMP)
	$(BIN)/python -m swapmodel.reports

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_cost.py
	$(BIN)/python benchmarks/bench_allocator.py

lab: $(STAMP)
	$(BIN)/jupyter lab notebooks/

clean:
	rm -rf $(VENV) reports/*.html reports/figures reports/executed
