"""The hub as an operator installs it: the wheel, in a fresh virtual environment outside
the repository, run from an empty folder with no ``SDH_*`` variable set.

Everything the hub reads at run time (contracts and catalogue, SQL, page and pack
templates, the ODCS schemas) must come from the installed package: a command that finds
them only because the source tree happens to sit beside it passes every other test and
fails in the Docker image. One virtual environment serves every check (built once per
module); it is installed with uv at the lock's pins, from uv's cache where it can be.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests

from tests.support import free_port, wait_for
from workers.resources import FOLDERS

REPO = Path(__file__).resolve().parents[2]
#: Generous: the demo takes 25 to 80 s on two busy cores, installing a few seconds.
SLOW = 900


def _uv() -> str:
    """uv as `uv run` (which sets UV) or the Makefile (PATH, then .tools/) found it."""
    for candidate in (os.environ.get("UV"), shutil.which("uv"), str(REPO / ".tools/bin/uv")):
        if candidate and Path(candidate).is_file():
            return candidate
    pytest.fail("uv is needed to build and install the wheel: run the tests with `make test`")


def _run(argv: list[str | Path], **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(a) for a in argv], capture_output=True, text=True, timeout=SLOW, **kwargs
    )
    assert result.returncode == 0, f"{argv}\n{result.stdout}\n{result.stderr}"
    return result


@dataclass
class Installed:
    wheel: Path
    sdh: Path
    home: Path  # the empty folder every command runs in
    env: dict[str, str]

    def run(self, *args: str, timeout: float = SLOW, **env: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.sdh), *args],
            cwd=self.home,
            env={**self.env, **env},
            capture_output=True,
            text=True,
            timeout=timeout,
        )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    uv = _uv()
    root = tmp_path_factory.mktemp("installed")
    assert not root.resolve().is_relative_to(REPO)
    _run([uv, "build", "--wheel", "--out-dir", root / "dist", REPO], cwd=root)
    (wheel,) = (root / "dist").glob("*.whl")
    pins = root / "pins.txt"
    _run(
        [uv, "export", "--frozen", "--no-dev", "--no-hashes", "--no-emit-project", "-o", pins],
        cwd=REPO,
    )
    venv = root / "venv"
    _run([uv, "venv", "--quiet", "--python", sys._base_executable, venv], cwd=root)
    _run(
        [
            uv,
            "pip",
            "install",
            "--quiet",
            "--compile-bytecode",
            "--python",
            venv / "bin/python",
            "-c",
            pins,
            wheel,
        ]
    )
    home = root / "empty"
    home.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SDH_", "UV_", "VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME"))
    }
    return Installed(wheel, venv / "bin" / "sdh", home, env)


def test_the_wheel_carries_every_folder_the_hub_reads(installed: Installed) -> None:
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
    for folder in FOLDERS:
        for path in (REPO / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                packaged = f"workers/_data/{path.relative_to(REPO).as_posix()}"
                assert packaged in names, f"{packaged} is not in {installed.wheel.name}"
    for path in (REPO / "workers").rglob("*"):
        if path.is_file() and path.suffix not in (".py", ".pyc"):
            assert path.relative_to(REPO).as_posix() in names, path


def test_contracts_lint_checks_the_shipped_contracts(installed: Installed) -> None:
    result = installed.run("contracts", "lint")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "7 contract(s) and the catalogue are valid" in result.stdout
    assert "la-csc-activity.odcs.yaml" in result.stdout
    assert not (installed.home / "contracts").exists()


@pytest.fixture(scope="module")
def demo(installed: Installed) -> subprocess.CompletedProcess:
    return installed.run("demo")


def test_demo_runs_end_to_end_from_the_installed_package(
    installed: Installed, demo: subprocess.CompletedProcess
) -> None:
    assert demo.returncode == 0, demo.stdout + demo.stderr
    assert "differ from the published report" not in demo.stdout
    index = installed.home / ".sdh/demo/outputs/packs/2021-Q4/index.html"
    assert index.is_file(), demo.stdout
    assert str(index) in demo.stdout.replace("\n", "")
    # A command's output carries no library's INFO line (Great Expectations had one).
    assert " INFO " not in demo.stdout + demo.stderr


def test_packs_build_renders_docx_and_html_from_the_shipped_templates(
    installed: Installed, demo: subprocess.CompletedProcess
) -> None:
    assert demo.returncode == 0, demo.stderr
    data = str(installed.home / ".sdh/demo")
    out = installed.home / ".sdh/demo/outputs/packs/2021-Q4"
    for old in out.iterdir():
        old.unlink()
    result = installed.run("packs", "build", "--quarter", "2021-Q4", SDH_DATA_DIR=data)
    assert result.returncode == 0, result.stdout + result.stderr
    docx = sorted(out.glob("*.docx"))
    html = sorted(out.glob("*.html"))
    assert len(docx) == 11 and len(html) == 12, (docx, html)  # 10 single + consolidated, index
    assert (out / "index.html").is_file()


def test_serve_answers_the_sign_in_page_with_its_form(installed: Installed) -> None:
    port = free_port()
    log = installed.home / "serve.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(installed.sdh), "serve", "--port", str(port)],
            cwd=installed.home,
            env=installed.env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        base = f"http://127.0.0.1:{port}"

        def ready() -> bool:
            assert proc.poll() is None, log.read_text()
            try:
                return requests.get(f"{base}/readyz", timeout=5).status_code == 200
            except requests.ConnectionError:
                return False

        wait_for(ready, 120, "sdh serve to be ready", log.read_text)
        page = requests.get(f"{base}/sign-in", timeout=10)
        assert page.status_code == 200, page.text[:2000]
        assert '<form method="post"' in page.text and 'name="password"' in page.text
        css = requests.get(f"{base}/static/sdh.css", timeout=10)
        assert css.status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=30)
