# Two entry points on a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: report report-dask test lint browser bench bench-live lab clean help

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t- /'

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -e ".[dev]"
	touch $(STAMP)

report: $(STAMP) ## set up .venv and build reports/ (HTML, tables, answers) from every notebook with defaults
	$(BIN)/swapmodel report

report-dask: $(STAMP) ## build reports/ with the heavy sweeps on a dask LocalCluster (EXECUTOR=tcp://host:8786 for a cluster)
	$(BIN)/swapmodel report --executor $(or $(EXECUTOR),local)

test: $(STAMP) lint browser ## set up .venv, lint, install Chromium when missing, and run the test suite
	$(BIN)/python -m pytest

browser: ## Debian's chromium for the browser tests (installed when missing; root, or sudo)
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: $(STAMP) ## ruff over the package, tests, notebooks and benchmarks
	$(BIN)/ruff check swapmodel tests notebooks benchmarks

bench: $(STAMP) ## print the benchmark figures (cost model, allocator simulator)
	$(BIN)/python benchmarks/bench_cost.py
	$(BIN)/python benchmarks/bench_allocator.py
	$(BIN)/swapmodel kernel latency

bench-live: $(STAMP) ## the benchmark with the kernel timed on zram in the same run (root; restores every knob)
	$(BIN)/python benchmarks/bench_allocator.py --live

lab: $(STAMP) ## start JupyterLab on notebooks/
	$(BIN)/jupyter lab notebooks/

clean: ## remove what the build makes (venv, caches, numba caches, untracked report files); never a tracked file
	rm -rf $(VENV) reports/executed .pytest_cache .ruff_cache .hypothesis *.egg-info
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
	git clean -fX -q reports/
