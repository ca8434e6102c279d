"""``sdh contracts lint``: every problem in every contract, each with its file and place.

Three layers: the ODCS JSON schema (is it a valid ODCS v3 document?), the hub's own reading
of it (customProperties, rules, columns), and the cross-references to the catalogue
(agencies, measures, priorities) that only make sense across files.
"""

from __future__ import annotations

import json
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


@dataclass(frozen=True)
class Problem:
    file: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.message}"


@cache
def _odcs_validator():
    """The ODCS JSON schema shipped with the open-data-contract-standard package."""
    import jsonschema

    text = resources.files("open_data_contract_standard").joinpath("schema.json").read_text()
    return jsonschema.Draft201909Validator(json.loads(text))


def _schema_problems(path: Path) -> list[Problem]:
    try:
        doc = safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        return [Problem(path.name, f"not valid YAML: {exc}")]
    validator = _odcs_validator()
    problems = []
    for error in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in error.absolute_path) or "(top)"
        problems.append(Problem(path.name, f"ODCS schema: {where}: {error.message[:300]}"))
    return problems


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
    for p in cat.priorities:
        if len(p.review_quarters) != 2:
            problems.append(
                Problem(
                    "priorities.yaml",
                    f"{p.id}: QEG reviews each priority "
                    f"twice a year; it lists {len(p.review_quarters)} quarters",
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
