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


def _environment(name: str) -> dict:
    service = _services()[name]
    return service.get("environment") or yaml.safe_load(COMPOSE.read_text())["x-hub"]["environment"]


def test_every_sdh_setting_in_the_file_is_one_the_hub_reads():
    from workers.settings import Settings

    package = COMPOSE.parent / "workers"
    source = "\n".join(p.read_text() for p in package.rglob("*.py"))
    for name, service in _services().items():
        if not (isinstance(service.get("command"), list) and service["command"][0] == "sdh"):
            continue
        for key in _environment(name):
            if key.startswith("SDH_"):
                # A Settings field, or read by name where it is used (secrets).
                assert key[4:].lower() in Settings.model_fields or key in source, (name, key)


def test_services_log_json_and_expose_metrics_and_readiness():
    services = _services()
    for name in ("migrate", "worker", "scheduler", "web", "backup"):
        assert _environment(name)["SDH_LOG_FORMAT"] == "json", name
    worker = services["worker"]
    port = _environment("worker")["SDH_WORKER_METRICS_PORT"]
    assert port in [str(p) for p in worker["expose"]]
    assert f"127.0.0.1:{port}/metrics" in " ".join(worker["healthcheck"]["test"])
    # The worker keeps the rest of the shared environment, not only its own additions.
    assert _environment("worker")["SDH_DATABASE_URL"] == _environment("web")["SDH_DATABASE_URL"]
    web_check = " ".join(services["web"]["healthcheck"]["test"])
    assert "/readyz" in web_check

    from workers.web.app import create_app

    assert {"/healthz", "/readyz", "/metrics"} <= set(create_app().openapi()["paths"])


def test_the_backup_service_sees_the_landing_store():
    backup = _services()["backup"]
    data_dir = _environment("backup")["SDH_DATA_DIR"]
    assert any(v.endswith(f":{data_dir}") for v in backup["volumes"])
    assert any(v.endswith(":/backups") for v in backup["volumes"])
