# Two commands: `make run` (set up and serve) and `make test` (the whole suite).
# Dependencies are locked in uv.lock: `make install` needs only python3 and pip, installs the
# pinned uv into .venv and lets it sync .venv to the lock (the project itself editable).
# After changing dependencies in pyproject.toml: `make lock` (and commit uv.lock).
PYTHON ?= python3
UV_VERSION := 0.13.9
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# uv syncs the same .venv that pip made, with the interpreter it holds.
UV := UV_PROJECT_ENVIRONMENT=$(VENV) UV_PYTHON=$(BIN)/python UV_PYTHON_DOWNLOADS=never $(BIN)/uv

.PHONY: install lock run test replicas lint format bench clean

$(STAMP): pyproject.toml uv.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q "uv==$(UV_VERSION)"
	$(UV) sync --frozen --all-extras
	touch $(STAMP)

install: $(STAMP)

lock:
	test -x $(BIN)/uv || ($(PYTHON) -m venv $(VENV) && $(BIN)/pip install -q "uv==$(UV_VERSION)")
	$(UV) lock

run: $(STAMP)
	$(BIN)/hiring setup
	$(BIN)/hiring serve

# One pytest worker per core (pytest-xdist); each worker has its own database.
test: $(STAMP)
	$(BIN)/pytest -n auto

# The replica scenario (tests/replicas): two `hiring serve` processes on a fresh database of
# this PostgreSQL server, with Redis, moto's S3 server and a fake Apollo. PYTEST_ARGS="-k apply"
# runs one step.
REPLICAS_POSTGRES_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/postgres
REPLICAS_REDIS_URL ?= redis://127.0.0.1:6379/0
replicas: $(STAMP)
	HIRING_REPLICAS_POSTGRES_URL=$(REPLICAS_POSTGRES_URL) HIRING_REPLICAS_REDIS_URL=$(REPLICAS_REDIS_URL) \
		$(BIN)/pytest tests/replicas -v $(PYTEST_ARGS)

# uv.lock must match pyproject.toml (uv sync --frozen would install a stale lock silently).
lint: $(STAMP)
	$(UV) lock --check
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy src

format: $(STAMP)
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

bench: $(STAMP)
	$(BIN)/python -m benchmarks.resumes
	command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m benchmarks.run
	$(BIN)/python -m benchmarks.ranking
	$(BIN)/python -m benchmarks.ranking_quality
	$(BIN)/python -m benchmarks.portal
	$(BIN)/python -m benchmarks.imports

clean:
	rm -rf $(VENV) var
