# One image for every hub process: migrate, worker, scheduler, web, simulator.
FROM python:3.11-slim
# pg_dump and pg_restore for `sdh backup` (the same major version as the postgres service).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client \
    && rm -rf /var/lib/apt/lists/*
ENV PYTHONUNBUFFERED=1 UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy
RUN pip install --no-cache-dir uv
WORKDIR /app
COPY pyproject.toml uv.lock README.md ./
RUN uv sync --frozen --no-dev --no-install-project
COPY workers ./workers
COPY contracts ./contracts
COPY sql ./sql
RUN uv sync --frozen --no-dev
ENV PATH="/app/.venv/bin:$PATH" SDH_DATA_DIR=/data
RUN useradd --create-home --uid 10001 sdh && mkdir -p /data && chown sdh /data
USER sdh
EXPOSE 8000 9191
CMD ["sdh", "serve", "--host", "0.0.0.0", "--port", "8000"]
