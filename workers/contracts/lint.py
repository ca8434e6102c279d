"""``sdh contracts lint``: every problem in every contract, each with its file and place.

Three layers, in this order: the official JSON schema of the ODCS version the contract
declares (is it a document other ODCS tools read?), the hub's own reading of it
(customProperties, rules, columns), and the cross-references to the catalogue (agencies,
measures, priorities) that only make sense across files.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import yaml

from workers.contracts.catalogue import Catalogue, load_catalogue
from workers.contracts.loader import CONTRACT_SUFFIX, contract_files, load_contract_file
from workers.contracts.model import FeedContract
from workers.errors import ContractError
from workers.yaml_loader import safe_load

#: Where the ODCS JSON schemas shipped with the hub live, one per version it reads.
SCHEMA_FOLDER = "odcs"
SCHEMA_NAME = "odcs-json-schema-{version}.json"


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    #: Where in the document, e.g. ``schema[0] la_csc_activity > quality[0] CSC-001``.
    where: str | None = None

    def __str__(self) -> str:
        if self.where:
            return f"{self.file}: {self.where}: {self.message}"
        return f"{self.file}: {self.message}"


def odcs_versions() -> list[str]:
    """The ``apiVersion`` values the hub accepts: those whose schema it ships."""
    folder = resources.files(__package__).joinpath(SCHEMA_FOLDER)
    prefix, suffix = SCHEMA_NAME.split("{version}")
    names = (item.name for item in folder.iterdir())
    return sorted(n.removeprefix(prefix).removesuffix(suffix) for n in names if n.endswith(suffix))


@cache
def odcs_validator(version: str):  # -> jsonschema.protocols.Validator
    """The official JSON schema of ODCS ``version`` (see odcs/README.md for its source)."""
    import jsonschema

    name = SCHEMA_NAME.format(version=version)
    text = resources.files(__package__).joinpath(SCHEMA_FOLDER, name).read_text("utf-8")
    schema = json.loads(text)
    return jsonschema.validators.validator_for(schema)(schema)


def _where(doc: object, path: Sequence[str | int]) -> str:
    """A path in the document as its author reads it: list items with their index and
    name (or id), e.g. ``schema[0] la_csc_activity > properties[3] referrals``."""
    parts: list[str] = []
    node = doc
    for step in path:
        node = node[step] if isinstance(node, dict | list) else None  # type: ignore[index]
        if isinstance(step, int):
            label = node.get("name") or node.get("id") if isinstance(node, dict) else None
            parts[-1] += f"[{step}]" + (f" {label}" if label else "")
        else:
            parts.append(str(step))
    return " > ".join(parts) or "(top level)"


def _schema_message(error) -> tuple[list[str | int], str]:
    """The deepest useful reason: for "not valid under any of the given schemas", the
    alternative that came closest and why it failed."""
    from jsonschema.exceptions import best_match

    while error.context:
        error = best_match(error.context)
    return list(error.absolute_path), error.message[:300]


def _schema_problems(path: Path) -> list[Problem]:
    """The contract checked against the JSON schema of the ODCS version it declares."""
    try:
        doc = safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return [Problem(path.name, f"not valid YAML: {exc}")]
    if not isinstance(doc, dict):
        return [
            Problem(path.name, "is not a YAML mapping (an ODCS document starts with apiVersion:)")
        ]
    version = doc.get("apiVersion")
    known = odcs_versions()
    if version not in known:
        return [
            Problem(
                path.name,
                f"ODCS version {version!r} is not one the hub can check; declare one of "
                f"{', '.join(known)}",
                "apiVersion",
            )
        ]
    found: dict[Problem, tuple] = {}  # one problem once, however many branches report it
    for error in odcs_validator(version).iter_errors(doc):
        path_, message = _schema_message(error)
        problem = Problem(path.name, f"ODCS {version} schema: {message}", _where(doc, path_))
        found.setdefault(problem, tuple((isinstance(s, str), s) for s in path_))
    return sorted(found, key=found.__getitem__)  # in document order


def _catalogue_problems(contract: FeedContract, cat: Catalogue) -> list[Problem]:
    name = contract.path.name
    problems = []
    agency_ids = {a.id for a in cat.agencies}
    for agency in contract.agencies:
        if agency not in agency_ids:
            problems.append(Problem(name, f"agency {agency!r} is not in catalogue/agencies.yaml"))
    measure_ids = {m.id for m in cat.measures}
    for col in contract.measure_columns:
        if col.measure not in measure_ids:
            problems.append(
                Problem(
                    name,
                    f"column {col.name!r}: measure {col.measure!r} is not "
                    "in catalogue/measures.yaml",
                )
            )
    for rule in contract.rules:
        if rule.kind == "not_above_measure" and rule.params["measure"] not in measure_ids:
            problems.append(
                Problem(
                    name,
                    f"rule {rule.code}: measure {rule.params['measure']!r} is not in the catalogue",
                )
            )
    problems.extend(_source_problems(contract))
    if contract.level == "child" and not any(c.pseudonymise for c in contract.columns):
        problems.append(
            Problem(name, "a child-level contract must pseudonymise its child identifier column")
        )
    if contract.level == "aggregate" and not contract.measure_columns:
        problems.append(Problem(name, "an aggregate contract needs at least one measure column"))
    return problems


def _source_problems(contract: FeedContract) -> list[Problem]:
    """A pulled feed's source settings, checked now rather than at the first failed pull."""
    name = contract.path.name
    source = contract.source
    if not source:
        if contract.schedule:
            return [Problem(name, "a schedule is set but there is no source to pull from")]
        return []
    problems = []
    if not source.get("path"):
        problems.append(Problem(name, "source needs a 'path', e.g. feed/{agency}/{period}.csv"))
    auth = source.get("auth", "none")
    needed = {"bearer": ("secretEnv",), "basic": ("usernameEnv", "passwordEnv"), "none": ()}
    if auth not in needed:
        problems.append(Problem(name, f"source auth {auth!r} is not bearer, basic or none"))
    else:
        for key in needed[auth]:
            if not source.get(key):
                problems.append(
                    Problem(
                        name,
                        f"source auth {auth} needs '{key}' (the name of "
                        "the environment variable holding the secret)",
                    )
                )
    for key, value in source.items():
        if key.lower() in ("token", "password", "secret") and value:
            problems.append(
                Problem(
                    name,
                    f"source '{key}' holds a secret: contracts name the "
                    "environment variable instead",
                )
            )
    return problems


def _catalogue_self_problems(cat: Catalogue) -> list[Problem]:
    problems = []
    ids = {m.id for m in cat.measures} | {"population_0_17"}
    priorities = {p.id for p in cat.priorities}
    for m in cat.measures:
        for part in (m.numerator, m.denominator):
            if part and part not in ids:
                problems.append(Problem("measures.yaml", f"{m.id}: {part!r} is not a measure"))
        for p in m.priorities:
            if p not in priorities:
                problems.append(Problem("measures.yaml", f"{m.id}: priority {p!r} is unknown"))
    for priority in cat.priorities:
        if len(priority.review_quarters) != 2:
            problems.append(
                Problem(
                    "priorities.yaml",
                    f"{priority.id}: QEG reviews each priority "
                    f"twice a year; it lists {len(priority.review_quarters)} quarters",
                )
            )
    areas = {a.code for a in cat.areas}
    for agency in cat.agencies:
        for area in agency.areas:
            if area not in areas:
                problems.append(Problem("agencies.yaml", f"{agency.id}: area {area!r} unknown"))
    return problems


def _engine_problems(contract: FeedContract) -> list[Problem]:
    """Rules the engine cannot check (a kind with no implementation, a pattern it cannot
    compile) are errors here, never skipped when a return arrives."""
    from workers.validation.rules import compile_rules

    try:
        compile_rules.__wrapped__(contract)
    except ContractError as exc:
        return [Problem(contract.path.name, str(exc).removeprefix(f"{contract.path.name}: "))]
    return []


def lint(directory: Path) -> tuple[list[FeedContract], list[Problem]]:

    contracts: list[FeedContract] = []
    problems: list[Problem] = []
    try:
        cat: Catalogue | None = load_catalogue(directory)
    except ContractError as exc:
        problems.append(Problem("catalogue", str(exc)))
        cat = None
    if cat is not None:
        problems.extend(_catalogue_self_problems(cat))
    files = contract_files(directory)
    if not files:
        problems.append(Problem(str(directory), f"no *{CONTRACT_SUFFIX} files"))
    for path in files:
        problems.extend(_schema_problems(path))
        try:
            contract = load_contract_file(path)
        except ContractError as exc:
            problems.append(Problem(path.name, str(exc).removeprefix(f"{path.name}: ")))
            continue
        if contract.id != path.name.removesuffix(CONTRACT_SUFFIX):
            problems.append(Problem(path.name, f"id {contract.id!r} must match the file name"))
        problems.extend(_engine_problems(contract))
        contracts.append(contract)
        if cat is not None:
            problems.extend(_catalogue_problems(contract, cat))
    return contracts, problems
