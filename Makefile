# `make` alone prints the targets.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= build/tiplake.duckdb
# What the venv holds, one stamp per level: .runtime (the core, what building, querying and
# exporting need: `pip install -e .`), .site (that and matplotlib for the site and the charts:
# `.[site]`) and .dev (all that and the test and lint tools: `.[dev]`, which includes the site
# extra). Each is redone when pyproject.toml changes.
RUNTIME := $(VENV)/.runtime
SITE    := $(VENV)/.site
DEV     := $(VENV)/.dev

.DEFAULT_GOAL := help
.PHONY: help build-db site test test-slow test-fast lint format validate schema bench clean

help: ## print the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

$(RUNTIME): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(SITE): $(RUNTIME)
	$(BIN)/python -m pip install --quiet -e '.[site]'
	@touch $@

# .[dev] includes .[site]: both stamps.
$(DEV): $(RUNTIME)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@ $(SITE)

# The console script, by its name (.ci/run asks for it): the runtime level.
$(BIN)/tiplake: $(RUNTIME)

build-db: $(RUNTIME) ## create the environment if needed and build build/tiplake.duckdb
	$(BIN)/tiplake build --db $(DB)

site: build-db $(SITE) ## build the database if needed, add matplotlib, then the evidence site in build/site
	$(BIN)/tiplake site --db $(DB) --out build/site

# The tests run on every core (pytest-xdist; -n auto), each process building the real database
# once (tests/conftest.py). Three kinds, by marker (pyproject.toml): `slow` (Spark, the wheel
# and other venvs, Chromium, kill and property loops: minutes each), `build` (needs a database
# built from seeds, set by conftest.py) and the rest. CI (.ci/run) runs `make test` and then
# `make test-slow`: every test. The site is written once per run whatever the process
# (conftest.py); the slow tests go a file to a process (--dist loadfile), so Spark's JVM or a
# venv is set up once. (Not loadgroup: with pytest 9.2 it no longer groups, pytest-xdist issue
# 1386.) PYTEST_ARGS passes more, e.g. PYTEST_ARGS="-k incremental".
PYTEST := $(BIN)/python -m pytest -n auto
test: $(DEV) ## run the test suite but the slow tests (about 5 minutes on 2 cores)
	$(PYTEST) -m "not slow" $(PYTEST_ARGS)

test-slow: $(DEV) ## run the slow tests: Spark, Chromium, the wheel, kill and property loops (CI runs them)
	$(PYTEST) --dist loadfile -m slow $(PYTEST_ARGS)

test-fast: $(DEV) ## run the tests that need no built database (under a minute)
	$(PYTEST) -m "not slow and not build" $(PYTEST_ARGS)

validate: $(RUNTIME) ## check the seeds without writing a database
	$(BIN)/tiplake validate

schema: build-db ## rewrite sql/schema.sql from the built database
	$(BIN)/tiplake schema --db $(DB) > sql/schema.sql

# BEFORE: the commit measured too, for before/after figures (4f2332b: when issue 32 was taken
# up; 5f544ad: issue 19); BEFORE= (empty) measures this checkout only. 15 to 45 minutes on 2
# cores with a before.
BEFORE ?= 4f2332b
SIZES  ?= 10000,100000,1000000
bench: $(RUNTIME) ## benchmark the build on synthetic 10k, 100k and 1M claims, before and after (writes bench/RESULTS.md)
	$(BIN)/python bench/run.py --sizes $(SIZES) $(if $(BEFORE),--before $(BEFORE))

lint: $(DEV) ## ruff lint and format check
	$(BIN)/ruff check tiplake tests
	$(BIN)/ruff format --check tiplake tests

format: $(DEV) ## ruff format in place
	$(BIN)/ruff format tiplake tests
	$(BIN)/ruff check --fix tiplake tests

clean: ## remove the environment and the build output
	rm -rf $(VENV) build .pytest_cache .ruff_cache *.egg-info
