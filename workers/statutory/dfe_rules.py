"""The DfE's rules, run by Data to Insight's validator in its own environment.

The hub writes one JSON request to ``validators/run_d2i.py`` (started with the validators'
interpreter) and reads one JSON answer: the rules of the collection year, and every place
a rule failed (table, the validator's row, column, the child's identifier as sent, the
value). The identifier is hashed here before anything else sees it.
"""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from workers.errors import ReturnFileError
from workers.pseudonymise import pseudonymise
from workers.statutory import environment

#: A validator that has not answered by then is stopped (a 10,000-child census takes
#: about a minute; see docs/performance.md).
TIMEOUT_SECONDS = 1800


@dataclass(frozen=True)
class DfeRule:
    code: str
    message: str
    severity: str  # error | query
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Finding:
    """One place a DfE rule failed: ``row`` is the validator's 0-based row of ``table``;
    ``child`` the child's pseudonym (None for a rule about the whole return)."""

    code: str
    table: str | None
    row: int | None
    column: str | None
    child: str | None
    value: str | None


@dataclass
class Verdict:
    rules: dict[str, DfeRule]
    findings: list[Finding]
    whole_return: list[tuple[str, str]]
    crashed: list[str]
    tables: dict[str, int]


def run_rules(
    kind: str,
    ruleset: str,
    files: list[tuple[Path, str]],
    key: bytes,
    *,
    metadata: dict[str, str] | None = None,
    filename: str = "",
    ingress: str | None = None,
) -> Verdict:
    """Run the validator on ``files`` (path, name as sent) and hash what it says of children.
    ``ingress="validator"`` has a census read by the validator's own (slower) reader."""
    request = {
        "ingress": ingress,
        "kind": kind,
        "ruleset": ruleset,
        "files": [{"path": str(p), "name": n, "year": "this"} for p, n in files],
        "metadata": metadata or {},
    }
    done = subprocess.run(
        [str(environment.python()), str(environment.RUNNER)],
        input=json.dumps(request).encode(),
        capture_output=True,
        timeout=TIMEOUT_SECONDS,
        check=False,
    )
    try:
        answer = json.loads(done.stdout or b"{}")
    except json.JSONDecodeError:
        answer = {}
    if done.returncode != 0 or "rules" not in answer:
        reason = answer.get("failure") or done.stderr.decode(errors="replace").strip()[-300:]
        raise ReturnFileError(
            filename,
            f"the DfE's rules could not read it ({reason or 'the validator stopped'})",
            rule="dfe.unreadable",
        )
    rules = {
        r["code"]: DfeRule(r["code"], r["message"], r["severity"], tuple(r["fields"]))
        for r in answer["rules"]
    }
    hashed: dict[str, str] = {}

    def child(raw: str | None) -> str | None:
        if raw is None:
            return None
        if raw not in hashed:
            hashed[raw] = pseudonymise(raw, key)
        return hashed[raw]

    findings = [
        Finding(i["code"], i["table"], i["row"], i["column"], child(i["child"]), i["value"])
        for i in answer["issues"]
    ]
    return Verdict(
        rules,
        findings,
        [(w["code"], w["message"]) for w in answer["whole_return"]],
        list(answer["crashed"]),
        dict(answer["tables"]),
    )
