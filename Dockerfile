# One image for every hub process: migrate, worker, scheduler, web, simulator, backup.
#
# The hub goes in as its wheel, not as a source tree: contracts, SQL and templates travel
# inside the package (workers/resources.py), so what runs here is what
# tests/e2e/test_installed.py installs and runs from an empty folder.
# Bookworm for PostgreSQL 15's pg_dump and pg_restore (`sdh backup`), the major version of
# the postgres service in docker-compose.yml.
FROM python:3.11-slim-bookworm AS build
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never
RUN pip install --no-cache-dir uv
# The same path as in the final image: the virtual environment's scripts name it.
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY workers ./workers
COPY contracts ./contracts
COPY sql ./sql
COPY templates ./templates
RUN uv sync --frozen --no-dev --no-editable

FROM python:3.11-slim-bookworm
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
COPY --from=build /app/.venv /app/.venv
ENV PATH="/app/.venv/bin:$PATH" PYTHONUNBUFFERED=1 SDH_DATA_DIR=/data
# /data (landing store, keys made on first use) and /backups belong to the hub's user: a
# named volume mounted there starts with this owner.
RUN useradd --create-home --uid 10001 sdh \
    && mkdir -p /data /backups && chown sdh:sdh /data /backups && chmod 0700 /data /backups
USER sdh
WORKDIR /home/sdh
EXPOSE 8000 9191
CMD ["sdh", "serve", "--host", "0.0.0.0", "--port", "8000"]
