"""README's deployment walk-through names only real ``sdh`` commands and options, so an
operator following it top to bottom never meets "No such command" (each was also run by
hand, natively: see docs/deploy.md)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import typer.main

from workers.cli import app

README = Path(__file__).resolve().parents[2] / "README.md"


def _walkthrough_commands() -> list[list[str]]:
    text = README.read_text()
    section = text[text.index("## Deploying") : text.index("## Configuration")]
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", section, flags=re.S):
        for line in block.splitlines():
            code = line.split("  #")[0]
            for part in re.split(r"&&|;|&(?!&)", code):
                words = shlex.split(part.replace("$(", "(").replace("<", " "))
                if "sdh" in words:
                    commands.append(words[words.index("sdh") + 1 :])
    return commands


def test_every_sdh_command_of_the_walkthrough_exists_with_its_options():
    root = typer.main.get_command(app)
    commands = _walkthrough_commands()
    assert len(commands) >= 15, commands
    for words in commands:
        command = root  # a group has `commands` (typer bundles its own click)
        rest = list(words)
        while hasattr(command, "commands") and rest and rest[0] in command.commands:
            command = command.commands[rest.pop(0)]
        assert not hasattr(command, "commands"), words
        known = {opt for param in command.params for opt in param.opts + param.secondary_opts}
        for word in rest:
            if word.startswith("-"):
                assert word.split("=")[0] in known, (words, word)


def test_the_walkthrough_covers_keys_tokens_first_user_first_pull_and_backups():
    first_words = {" ".join(w[:2]) for w in _walkthrough_commands()}
    for step in (
        "env new",
        "init",
        "users add",
        "tokens create",
        "simulate",
        "pull la-csc-activity",
        "backup create",
        "health worker",
        "health scheduler",
    ):
        assert any(f.startswith(step) for f in first_words), step
