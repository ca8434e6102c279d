"""docker-compose.yml cannot run here (no Docker engine, and Debian and PyPI offer no
compose plugin to run ``docker compose config`` with); check what can be checked: every
service's command is a real ``sdh`` command with the environment, volumes and health check
it needs, the credentials come from ``.env`` (``.env.example`` lists each one), and the
image is built from the wheel with every folder the hub reads at run time."""

from __future__ import annotations

from pathlib import Path

import yaml
from typer.testing import CliRunner

from workers.cli import app
from workers.resources import FOLDERS

REPO = Path(__file__).resolve().parents[2]
COMPOSE = REPO / "docker-compose.yml"


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


def _hub_services() -> dict[str, dict]:
    return {
        name: service
        for name, service in _services().items()
        if isinstance(service.get("command"), list) and service["command"][0] == "sdh"
    }


def _x_hub() -> dict:
    return yaml.safe_load(COMPOSE.read_text())["x-hub"]


def test_every_hub_service_reads_the_credentials_from_the_env_file():
    for name, service in _hub_services().items():
        assert (service.get("env_file") or _x_hub()["env_file"]) == ".env", name


def test_the_env_example_lists_every_credential_the_hub_reads():
    """.env.example is `sdh env example`'s output: keys, the database password, a source
    token for every agency a contract pulls from, SMTP."""
    from workers.contracts.loader import load_contracts
    from workers.envfile import render

    contracts = list(load_contracts().values())
    example = (REPO / ".env.example").read_text()
    assert example == render(contracts), "regenerate it: sdh env example > .env.example"
    lines = example.splitlines()
    for name in ("SDH_PSEUDONYM_KEY", "SDH_SECRET_KEY", "POSTGRES_PASSWORD"):
        assert f"{name}=" in lines, name
    for contract in contracts:
        for agency in contract.agencies:
            assert f"SDH_SOURCE_TOKEN_{agency.upper().replace('-', '_')}=" in lines
    assert "# SDH_SMTP_URL=smtp://user:password@mail.example.org:587?starttls=true" in lines
    # Nothing filled in: the example holds no secret.
    assert all(line.endswith("=") for line in lines if line and not line.startswith("#"))


def test_each_service_has_the_environment_its_command_needs():
    env = _environment("web")
    # The password is not in the URL (it would need escaping there): the hub adds it.
    assert env["SDH_DATABASE_URL"] == "postgresql+psycopg://sdh@postgres:5432/sdh"
    assert env["SDH_DATABASE_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert env["SDH_BROKER_URL"].startswith("redis://redis:")
    for name in _hub_services():
        assert _environment(name)["SDH_DATA_DIR"] == "/data", name
    for required in ("SDH_PSEUDONYM_KEY", "SDH_SECRET_KEY"):
        assert env[required].startswith(f"${{{required}:?"), required
    # The simulator shares the env file, so it checks the tokens the hub sends.
    assert _environment("simulator")["SDH_SOURCE_BASE_URL"].endswith("simulator:8765}")


def test_the_database_password_may_hold_any_character(monkeypatch):
    from sqlalchemy.engine import make_url

    from workers.settings import Settings

    password = "p@ss:w/rd%20#?&é'\""
    monkeypatch.setenv("SDH_DATABASE_URL", "postgresql+psycopg://sdh@postgres:5432/sdh")
    monkeypatch.setenv("SDH_DATABASE_PASSWORD", password)
    settings = Settings()
    url = make_url(settings.resolved_database_url)
    assert (url.username, url.password, url.host, url.database) == (
        "sdh",
        password,
        "postgres",
        "sdh",
    )
    assert password not in settings.shown_database_url and "***" in settings.shown_database_url


def test_worker_and_scheduler_health_checks_are_real_commands():
    runner = CliRunner()
    services = _services()
    for name, check in (("worker", "worker"), ("scheduler", "scheduler")):
        test = services[name]["healthcheck"]["test"]
        assert test == ["CMD", "sdh", "health", check], (name, test)
        assert runner.invoke(app, ["health", check, "--help"]).exit_code == 0


def test_the_image_is_built_from_the_wheel_with_every_folder_the_hub_reads():
    import tomllib

    dockerfile = (REPO / "Dockerfile").read_text()
    copied = {line.split()[1] for line in dockerfile.splitlines() if line.startswith("COPY ")}
    assert {"workers", *FOLDERS} <= copied
    assert "--no-editable" in dockerfile  # installed as the wheel, not linked to /app
    wheel = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["hatch"]["build"]
    wheel = wheel["targets"]["wheel"]
    assert sorted(wheel["only-include"]) == sorted(["workers", *FOLDERS])
    assert wheel["sources"] == {f: f"workers/_data/{f}" for f in FOLDERS}


def test_data_and_backups_belong_to_the_image_user():
    dockerfile = (REPO / "Dockerfile").read_text()
    assert "mkdir -p /data /backups && chown sdh:sdh /data /backups" in dockerfile
    assert "\nUSER sdh\n" in dockerfile
    assert any(v == "backups:/backups" for v in _services()["backup"]["volumes"])


def test_the_build_context_leaves_out_data_keys_and_history():
    ignored = (REPO / ".dockerignore").read_text().splitlines()
    for pattern in (".sdh/", ".venv/", ".git", ".env", "*.key", "backups/"):
        assert pattern in ignored, pattern
    assert "!.env.example" in ignored
