"""What every benchmark case is given: where to work, which servers, how big."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Context:
    workdir: Path  # scratch space for generated files, cleaned by the runner
    quick: bool = False  # small sizes: proves the cases run, not the targets
    # The benchmarks own a database of their own so they never touch test or demo data.
    postgres_admin_url: str = field(
        default_factory=lambda: os.environ.get(
            "SDH_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
        )
    )
    database_name: str = "sdh_bench"
    redis_url: str = field(
        default_factory=lambda: os.environ.get("SDH_BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
    )

    @property
    def database_url(self) -> str:
        """SQLAlchemy URL of the benchmark database (psycopg 3 driver)."""
        base = self.postgres_admin_url.rsplit("/", 1)[0]
        return f"{base.replace('postgresql://', 'postgresql+psycopg://', 1)}/{self.database_name}"

    @property
    def libpq_url(self) -> str:
        """The same database for psql and psycopg.connect."""
        return f"{self.postgres_admin_url.rsplit('/', 1)[0]}/{self.database_name}"
