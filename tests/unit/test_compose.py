"""docker-compose.yml cannot run here (no Docker engine); check what can be checked: every
service's command is a real ``sdh`` command, and the safety settings are in place."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from workers.cli import app

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def _services() -> dict:
    return yaml.safe_load(COMPOSE.read_text())["services"]


def test_every_hub_service_runs_an_existing_sdh_command():
    runner = CliRunner()
    commands = [
        s["command"]
        for s in _services().values()
        if isinstance(s.get("command"), list) and s["command"][0] == "sdh"
    ]
    assert {c[1] for c in commands} >= {"init", "worker", "scheduler", "serve", "simulate"}
    for command in commands:
        result = runner.invoke(app, [command[1], "--help"])
        assert result.exit_code == 0, (command, result.output)
        for option in (a for a in command[2:] if a.startswith("--")):
            assert option in result.output, (command, option)


def test_redis_persists_and_never_evicts_queued_returns():
    redis = _services()["redis"]
    assert "--appendonly" in redis["command"] and "yes" in redis["command"]
    assert "noeviction" in redis["command"]


def test_services_wait_for_the_migration_and_have_health_checks():
    services = _services()
    for name in ("worker", "scheduler", "web"):
        deps = (
            services[name].get("depends_on")
            or yaml.safe_load(COMPOSE.read_text())["x-hub"]["depends_on"]
        )
        assert deps["migrate"]["condition"] == "service_completed_successfully"
    for name in ("redis", "postgres", "web"):
        assert "healthcheck" in services[name]


def test_no_secret_is_written_in_the_file():
    text = COMPOSE.read_text()
    assert "${SDH_PSEUDONYM_KEY:?" in text and "${POSTGRES_PASSWORD:?" in text
