# The documented commands. uv is used when present, otherwise installed into .tools/
# (a private virtual environment), so `make demo` and `make test` work on a machine
# that has only Python 3.11.

PYTHON ?= python3.11
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)

.PHONY: demo test test-fast lint format install services bench e2e-deps

demo: install
	$(UV) run sdh demo

test: install e2e-deps
	@# Two processes, one per core; a file's tests stay together in one of them (they
	@# share module fixtures and, for the e2e files, a Redis database each).
	$(UV) run pytest -n 2 --dist loadfile

e2e-deps:
	@# axe-core, which the browser tests inject into every page (tests/e2e/axe.py).
	@test -f tests/e2e/node_modules/axe-core/axe.min.js || \
		npm ci --prefix tests/e2e --no-audit --no-fund --loglevel=error

test-fast: install
	@# The unit tests alone: no PostgreSQL, Redis, browser or second process; a minute or less.
	$(UV) run pytest tests/unit -q

bench: install
	$(UV) run python -m benchmarks.run

lint: install
	$(UV) run ruff check .
	$(UV) run ruff format --check .
	@# workers/ as [tool.mypy] in pyproject.toml sets it (modules not yet clean listed there)
	$(UV) run mypy
	@# the order of workers/' packages ([tool.importlinter] in pyproject.toml)
	$(UV) run lint-imports --no-cache
	@# code nothing calls (at 80% vulture's findings are sure; below, read them by hand)
	$(UV) run vulture workers --min-confidence 80

format: install
	$(UV) run ruff format .
	$(UV) run ruff check --fix .

install: $(UV)
	@# Bytecode compiled once here, as the Docker image does: where PYTHONDONTWRITEBYTECODE
	@# is set nothing else writes .pyc files, and every `sdh` process would compile each
	@# module it imports, about half the CPU of a short command. Here, not in pyproject.toml
	@# (compile-bytecode), which made every `uv run` compile all 8,000 files again and say so.
	$(UV) sync --frozen --python $(PYTHON) --compile-bytecode --quiet
	$(UV) run --frozen python -m compileall -q -j 0 workers benchmarks
	@# The DfE rule validators (Data to Insight) in their own environment, from their lock
	@# (workers/statutory/validators/requirements.lock); nothing to do once it is made.
	$(UV) run --frozen python -m workers.statutory.environment >/dev/null

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv
