"""The environment is read in one place: ``workers/settings.py``.

A module that reads ``os.environ`` itself escapes what ``Settings`` guarantees (one list of
variables, validated, secrets hidden when printed) and what ``use_settings`` does for
``sdh demo``; so any such read outside settings fails here, with the few modules that
must touch the environment for another program named and explained.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from workers.settings import Settings, use_settings

PROJECT_ROOT = Path(__file__).resolve().parents[2]

PACKAGE = PROJECT_ROOT / "workers"
#: Modules that may touch the environment, and why.
ALLOWED = {
    "workers/settings.py": "the one settings object",
    "workers/observability/worker.py": "sets the variables dramatiq and prometheus-client "
    "read, before it imports them",
    "workers/backup/database.py": "hands the environment on to pg_dump and pg_restore",
    "workers/cli.py": "sets COLUMNS, which rich reads, so piped output is not cut at 80",
}
NAMES = {"environ", "environb", "getenv", "getenvb", "putenv", "unsetenv"}


def environment_uses(path: Path) -> list[str]:
    """``os.environ``, ``os.getenv`` and the like in a module, as ``line: code``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in NAMES
            and isinstance(node.value, ast.Name)
            and node.value.id == "os"
        ) or (
            isinstance(node, ast.ImportFrom)
            and node.module == "os"
            and any(alias.name in NAMES for alias in node.names)
        ):
            found.append(f"{node.lineno}: {ast.unparse(node)}")
    return found


def test_no_module_but_settings_reads_the_environment() -> None:
    readers = {
        str(path.relative_to(PROJECT_ROOT)): uses
        for path in sorted(PACKAGE.rglob("*.py"))
        if (uses := environment_uses(path))
    }
    assert {path: uses for path, uses in readers.items() if path not in ALLOWED} == {}
    # The allow-list stays exact: a module that stops reading the environment leaves it.
    assert set(readers) == set(ALLOWED)


def test_the_check_finds_every_way_of_reading(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "import os\nfrom os import getenv\n"
        "a = os.environ.get('X')\nb = os.getenv('Y')\nos.environ['Z'] = '1'\n"
    )
    assert len(environment_uses(module)) == 4
    module.write_text("import os\nx = os.path.join('a', 'b')\nenviron = {}\n")
    assert environment_uses(module) == []


def test_source_secrets_come_from_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    """What the agencies' systems need, by agency or by the variable a contract names."""
    monkeypatch.setenv("SDH_SOURCE_TOKEN_PETERBOROUGH_CC", "from-the-environment")
    monkeypatch.setenv("SDH_SOURCE_BASE_URL_PETERBOROUGH_CC", "https://pcc.example/api/")
    monkeypatch.setenv("SDH_SOURCE_TOKEN_CAMBRIDGESHIRE_CC", "")
    settings = Settings()
    assert settings.source_token("peterborough-cc") == "from-the-environment"
    assert settings.source_token("cambridgeshire-cc") is None  # empty is unset
    assert settings.source_base_url_for("peterborough-cc") == "https://pcc.example/api"
    assert settings.source_base_url_for("cambridgeshire-cc") == settings.source_base_url

    given = settings.with_source_secrets({"SDH_SOURCE_TOKEN_CAMBRIDGESHIRE_CC": "given"})
    assert given.source_token("cambridgeshire-cc") == "given"
    assert given.source_token("peterborough-cc") == "from-the-environment"
    assert settings.source_token("cambridgeshire-cc") is None  # the original is unchanged
    assert "given" not in repr(given)


def test_settings_put_in_force_are_every_threads_until_the_block_ends(
    tmp_path: Path,
) -> None:
    import threading

    from workers.settings import get_settings

    outside = get_settings()
    mine = Settings(data_dir=tmp_path / "elsewhere")
    seen: list[Path] = []
    with use_settings(mine):
        thread = threading.Thread(target=lambda: seen.append(get_settings().data_dir))
        thread.start()
        thread.join()
        assert get_settings() is mine
    assert seen == [tmp_path / "elsewhere"]
    assert get_settings() == outside
