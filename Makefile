# Two commands on a fresh machine: `make run` (the main job) and `make test`.
# Both create the virtual environment themselves with Python 3.12+.
PYTHON ?= $(shell command -v python3.12 || (command -v pyenv >/dev/null && pyenv which python3.12 2>/dev/null) || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench clean mutants

# The editable install maps sim/, agents/, ... into the one package `cogov` (pyproject.toml),
# which setuptools can only do with an import hook, and it then always prints an
# information-only notice (setuptools' InformationOnly "Editable installation.": folders in
# the working directory named like the package may take precedence). Here the folder so
# named, cogov/, is the package's own source, so the notice is silenced, that one only; a
# wheel build prints nothing (tests/test_wheel.py builds one).
$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 12), "cogov needs Python 3.12+, found " + sys.version'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	PYTHONWARNINGS="ignore:Editable installation" $(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

# The main job: the policy comparison batch (resumes if interrupted), its summary with 95%
# intervals, and the policy brief (results/policy_comparison/report.html).
run: $(STAMP)
	$(BIN)/cogov batch policy_comparison --out results/policy_comparison --resume
	$(BIN)/cogov summarize results/policy_comparison
	$(BIN)/cogov report results/policy_comparison

# .ci/system-packages installs Debian's chromium and fonts-noto-cjk through apt when missing
# (as root or with passwordless sudo); where it cannot, it says so loudly and the tests that
# need them skip, naming the package (COGOV_MISSING), instead of failing.
test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	COGOV_MISSING="$$(.ci/system-packages)" $(BIN)/pytest -rs

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_model.py && $(BIN)/python benchmarks/bench_events.py && $(BIN)/python benchmarks/bench_naive.py && $(BIN)/python benchmarks/bench_district.py && $(BIN)/python benchmarks/bench_batch.py

# Mutation testing, a habit before an issue that changes the model is resolved; not in CI (it
# takes hours over all of sim/ and agents/: see docs/TESTING.md). cosmic-ray changes one thing
# at a time in a scratch copy laid out as the installed package (sim/ as cogov/sim, first on
# the import path), runs the fast tests of mutants.toml, and counts the mutants they kill.
# MUTATE restricts it to files or folders: make mutants MUTATE="sim/intake.py agents"
MUTATE ?= sim agents
MUTANTS_DIR ?= $(or $(TMPDIR),/tmp)/cogov-mutants
# SAMPLE=N keeps a seeded random sample of N mutants (scripts/mutant_sample.py); empty: all.
SAMPLE ?=
SAMPLE_SEED ?= 1
mutants: $(STAMP)
	$(BIN)/pip install -q 'cosmic-ray>=8.4,<9'
	rm -rf $(MUTANTS_DIR) && mkdir -p $(MUTANTS_DIR)/pkg
	cp -r cogov $(MUTANTS_DIR)/pkg/cogov
	for d in sim agents experiments scenarios viz; do cp -r $$d $(MUTANTS_DIR)/pkg/cogov/$$d; done
	cp -r tests docs pyproject.toml $(MUTANTS_DIR)/
	sed 's|^module-path = .*|module-path = [$(foreach m,$(MUTATE),"pkg/cogov/$(m)",)]|' \
	  mutants.toml > $(MUTANTS_DIR)/mutants.toml
	cd $(MUTANTS_DIR) && export PATH=$(abspath $(BIN)):$$PATH PYTHONPATH=$(MUTANTS_DIR)/pkg && \
	  cosmic-ray init mutants.toml session.sqlite && \
	  cr-filter-operators session.sqlite mutants.toml && \
	  $(if $(SAMPLE),python $(CURDIR)/scripts/mutant_sample.py session.sqlite $(SAMPLE) $(SAMPLE_SEED) &&) \
	  nice -n 15 cosmic-ray exec mutants.toml session.sqlite && \
	  cr-report session.sqlite > report.txt
	tail -n 3 $(MUTANTS_DIR)/report.txt

clean:
	rm -rf $(VENV) results .pytest_cache
