"""Read ODCS v3 contract files into :class:`FeedContract` objects.

Parsing goes through ``open_data_contract_standard`` (the ODCS model), then the hub's
settings are read from ``customProperties``. Every problem is reported with the file and
the place in it, because the people who edit contracts are data stewards, not developers.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from open_data_contract_standard.model import (
    CustomProperty,
    DataQuality,
    OpenDataContractStandard,
    SchemaObject,
    SchemaProperty,
)
from pydantic import ValidationError

from workers.contracts.custom_properties import HubProperties, hub_properties
from workers.contracts.model import LOGICAL_TYPES, Column, FeedContract, Rule, Scope, Severity
from workers.errors import ContractError, UnknownContract
from workers.yaml_loader import safe_load

CONTRACT_SUFFIX = ".odcs.yaml"

_CUSTOM_CHECKS: dict[str, tuple[Scope, tuple[str, ...]]] = {
    "not_above": ("record", ("other",)),
    "sum_equals": ("record", ("total", "parts")),
    "in_period": ("item", ()),
    "not_in_future": ("item", ()),
    "change_from_previous": ("return", ("maxShare",)),
    "not_above_measure": ("return", ("measure",)),
}


def _props(items: list[CustomProperty] | None) -> dict[str, Any]:
    return {p.property: p.value for p in items or [] if p.property}


def _severity(quality: DataQuality, where: str) -> Severity:
    sev = (quality.severity or "error").lower()
    if sev in ("error", "critical"):
        return "error"
    if sev in ("warning", "info", "query"):
        return "query"
    raise ContractError(f"{where}: severity {quality.severity!r} is not error or warning")


def _column(prop: SchemaProperty, position: int, where: str) -> Column:
    if not prop.name:
        raise ContractError(f"{where}: property {position} has no name")
    where = f"{where}, property {prop.name!r}"
    ltype = (prop.logicalType or "string").lower()
    if ltype not in LOGICAL_TYPES:
        raise ContractError(
            f"{where}: logicalType {prop.logicalType!r} is not one of {', '.join(LOGICAL_TYPES)}"
        )
    opts = prop.logicalTypeOptions or {}
    unknown = set(opts) - {"minimum", "maximum", "pattern", "format", "maxLength"}
    if unknown:
        raise ContractError(f"{where}: unknown logicalTypeOptions {sorted(unknown)}")
    pattern = opts.get("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ContractError(
                f"{where}: pattern {pattern!r} is not a valid regex: {exc}"
            ) from None
    allowed = None
    for q in prop.quality or []:
        if q.metric == "invalidValues" and q.arguments and "validValues" in q.arguments:
            allowed = tuple(str(v) for v in q.arguments["validValues"])
    custom = _props(prop.customProperties)
    return Column(
        name=prop.name,
        logical_type=ltype,
        position=position,
        label=prop.businessName or prop.name,
        required=bool(prop.required),
        minimum=opts.get("minimum"),
        maximum=opts.get("maximum"),
        pattern=pattern,
        allowed_values=allowed,
        measure=custom.get("measure"),
        pseudonymise=bool(custom.get("pseudonymise", False)),
        description=prop.description or "",
    )


def _column_rules(col: Column) -> list[Rule]:
    """The rules a column's own definition implies (type, required, range, pattern)."""
    rules = [
        Rule(
            f"type.{col.name}",
            "type",
            "error",
            "item",
            f"{col.label} must be {_type_phrase(col.logical_type)}",
            (col.name,),
        )
    ]
    if col.required:
        rules.append(
            Rule(
                f"required.{col.name}",
                "required",
                "error",
                "item",
                f"{col.label} must be filled in",
                (col.name,),
            )
        )
    if col.minimum is not None or col.maximum is not None:
        rules.append(
            Rule(
                f"range.{col.name}",
                "range",
                "error",
                "item",
                f"{col.label} must be {_range_phrase(col.minimum, col.maximum)}",
                (col.name,),
                {"min": col.minimum, "max": col.maximum},
            )
        )
    if col.pattern:
        rules.append(
            Rule(
                f"pattern.{col.name}",
                "pattern",
                "error",
                "item",
                f"{col.label} is not in the expected form",
                (col.name,),
                {"pattern": col.pattern},
            )
        )
    return rules


def _type_phrase(ltype: str) -> str:
    return {
        "integer": "a whole number",
        "number": "a number",
        "date": "a date (YYYY-MM-DD or DD/MM/YYYY)",
        "boolean": "yes/no (Y, N, true, false, 1, 0)",
        "string": "text",
    }[ltype]


def _range_phrase(lo: float | None, hi: float | None) -> str:
    if lo is not None and hi is not None:
        return f"between {lo:g} and {hi:g}"
    if lo is not None:
        return f"at least {lo:g}"
    return f"at most {hi:g}"


def _quality_rule(q: DataQuality, columns: tuple[str, ...], where: str, known: set[str]) -> Rule:
    if not q.id:
        raise ContractError(f"{where}: every quality rule needs an id (its rule code)")
    where = f"{where}, rule {q.id}"
    if q.type == "library":
        return _library_rule(q, columns, where, known)
    if q.type == "custom" and (q.engine or "").lower() == "sdh":
        return _custom_rule(q, columns, where, known)
    raise ContractError(
        f"{where}: quality type {q.type!r} is not supported (use library, or custom with "
        "engine: sdh)"
    )


def _library_rule(q: DataQuality, columns: tuple[str, ...], where: str, known: set[str]) -> Rule:
    """An ODCS library metric: invalidValues, nullValues, duplicateValues, rowCount."""
    assert q.id is not None
    severity = _severity(q, where)
    message = (q.description or "").strip()
    metric = q.metric or q.rule
    if metric == "invalidValues":
        values = (q.arguments or {}).get("validValues")
        if not values:
            raise ContractError(f"{where}: invalidValues needs arguments.validValues")
        return Rule(
            q.id,
            "allowed_values",
            severity,
            "item",
            message or f"{columns[0]} must be one of {', '.join(map(str, values))}",
            columns,
            {"values": [str(v) for v in values]},
        )
    if metric == "nullValues":
        return Rule(
            q.id, "required", severity, "item", message or f"{columns[0]} is empty", columns
        )
    if metric == "duplicateValues":
        cols = tuple((q.arguments or {}).get("properties") or columns)
        _check_known(cols, known, where)
        return Rule(
            q.id,
            "unique",
            severity,
            "record",
            message or f"{' + '.join(cols)} must be unique",
            cols,
        )
    if metric == "rowCount":
        lo, hi = _bounds(q, where)
        return Rule(
            q.id,
            "row_count",
            severity,
            "return",
            message or f"the return must have {_range_phrase(lo, hi)} rows",
            (),
            {"min": lo, "max": hi},
        )
    raise ContractError(f"{where}: library metric {metric!r} is not supported")


def _custom_rule(q: DataQuality, columns: tuple[str, ...], where: str, known: set[str]) -> Rule:
    """One of the hub's own checks (``engine: sdh``), with the arguments it needs."""
    assert q.id is not None
    severity = _severity(q, where)
    message = (q.description or "").strip()
    impl = q.implementation
    if not isinstance(impl, dict) or "check" not in impl:
        raise ContractError(f"{where}: implementation must be a mapping with a 'check'")
    check = impl["check"]
    if check not in _CUSTOM_CHECKS:
        raise ContractError(
            f"{where}: check {check!r} is unknown; use one of {', '.join(_CUSTOM_CHECKS)}"
        )
    scope, needed = _CUSTOM_CHECKS[check]
    missing = [n for n in needed if n not in impl]
    if missing:
        raise ContractError(f"{where}: check {check} needs {', '.join(missing)}")
    params = {k: v for k, v in impl.items() if k != "check"}
    cols = columns
    if check == "not_above":
        _check_known((impl["other"],), known, where)
        cols = (*columns, impl["other"])
    if check == "sum_equals":
        cols = (impl["total"], *impl["parts"])
        _check_known(cols, known, where)
    if check == "change_from_previous" and not float(impl["maxShare"]) > 0:
        raise ContractError(f"{where}: maxShare must be above 0")
    return Rule(q.id, check, severity, scope, message or check.replace("_", " "), cols, params)


def _bounds(q: DataQuality, where: str) -> tuple[float | None, float | None]:
    if q.mustBe is not None:
        return float(q.mustBe), float(q.mustBe)
    if q.mustBeBetween:
        return float(q.mustBeBetween[0]), float(q.mustBeBetween[1])
    lo = q.mustBeGreaterOrEqualTo
    hi = q.mustBeLessOrEqualTo
    if lo is None and hi is None:
        raise ContractError(f"{where}: rowCount needs mustBe, mustBeBetween or a bound")
    return lo, hi


def _check_known(cols: tuple[str, ...], known: set[str], where: str) -> None:
    unknown = [c for c in cols if c not in known]
    if unknown:
        raise ContractError(f"{where}: refers to unknown column(s) {', '.join(unknown)}")


def parse_contract(text: str, path: Path) -> FeedContract:
    """Parse one contract's YAML text; ``path`` is only used in messages."""
    where = path.name
    odcs = _read_odcs(text, where)
    assert odcs.id is not None and odcs.name is not None and odcs.schema_  # _read_odcs checks
    obj = odcs.schema_[0]
    hub = hub_properties(odcs.customProperties, where)
    columns = _columns(obj, where)
    known = {c.name for c in columns}
    for setting, column in hub.named_columns().items():
        _check_known((column,), known, f"{where}, customProperties.{setting}")
    key = _key(obj)
    rules = _declared_rules(columns, obj, known, where)
    if key:
        rules.append(
            Rule(
                "unique.key",
                "unique",
                "error",
                "record",
                f"Each {' + '.join(key)} may appear only once",
                key,
            )
        )
    rules += _hub_rules(hub)
    codes = [r.code for r in rules]
    dup_codes = {c for c in codes if codes.count(c) > 1}
    if dup_codes:
        raise ContractError(f"{where}: rule code(s) used twice: {', '.join(sorted(dup_codes))}")
    return FeedContract(
        id=odcs.id,
        version=str(odcs.version),
        name=odcs.name,
        path=path,
        table=obj.name or odcs.id.replace("-", "_"),
        agencies=hub.agencies,
        level=hub.level,
        grain=hub.grain,
        columns=columns,
        rules=tuple(rules),
        key=key,
        period_column=hub.periodColumn,
        area_column=hub.areaColumn,
        date_column=hub.dateColumn,
        dimension_column=hub.dimensionColumn,
        event_column=hub.eventColumn,
        formats=hub.formats,
        due_days=hub.dueDays,
        retention_days=hub.retentionDays,
        schedule=hub.schedule,
        source=dict(hub.source),
        on_row_error=hub.onRowError,
        description=(odcs.description.purpose or "").strip() if odcs.description else "",
        max_rows=hub.max_rows,
        max_held_share=hub.maxHeldShare,
        authorisation_required=hub.authorisation == "required",
        short_name=(hub.shortName or "").strip(),
    )


def _read_odcs(text: str, where: str) -> OpenDataContractStandard:
    """The YAML as an ODCS v3 data contract with the one schema object a feed has."""
    try:
        data = safe_load(text)
    except yaml.YAMLError as exc:
        raise ContractError(f"{where}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ContractError(f"{where}: a contract is a YAML mapping")
    try:
        odcs = OpenDataContractStandard(**data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(x) for x in first["loc"])
        raise ContractError(f"{where}: {loc}: {first['msg']}") from None
    if odcs.kind != "DataContract" or not (odcs.apiVersion or "").startswith("v3"):
        raise ContractError(f"{where}: expected kind DataContract and apiVersion v3.x")
    for attr in ("id", "version", "name"):
        if not getattr(odcs, attr):
            raise ContractError(f"{where}: '{attr}' is required")
    if not odcs.schema_ or len(odcs.schema_) != 1:
        raise ContractError(f"{where}: a feed contract has exactly one schema object")
    return odcs


def _columns(obj: SchemaObject, where: str) -> tuple[Column, ...]:
    if not obj.properties:
        raise ContractError(f"{where}: schema {obj.name!r} has no properties")
    columns = tuple(_column(p, i, where) for i, p in enumerate(obj.properties, start=1))
    names = [c.name for c in columns]
    dupes = {n for n in names if names.count(n) > 1}
    if dupes:
        raise ContractError(f"{where}: column(s) defined twice: {', '.join(sorted(dupes))}")
    for col in columns:
        if col.measure and col.logical_type not in ("integer", "number"):
            raise ContractError(f"{where}, property {col.name!r}: a measure column must be numeric")
    return columns


def _key(obj: SchemaObject) -> tuple[str, ...]:
    """The primary key's columns, in their order."""
    keyed = [p for p in obj.properties or [] if p.primaryKey and p.name]
    return tuple(str(p.name) for p in sorted(keyed, key=lambda p: p.primaryKeyPosition or 0))


def _declared_rules(
    columns: tuple[Column, ...], obj: SchemaObject, known: set[str], where: str
) -> list[Rule]:
    """What each column's definition implies, then the quality rules the contract lists
    (per property, then for the whole schema)."""
    rules: list[Rule] = []
    for col, prop in zip(columns, obj.properties or [], strict=True):
        rules.extend(_column_rules(col))
        for q in prop.quality or []:
            rules.append(_quality_rule(q, (col.name,), f"{where}, property {col.name!r}", known))
    for q in obj.quality or []:
        rules.append(_quality_rule(q, (), where, known))
    return rules


def _hub_rules(hub: HubProperties) -> list[Rule]:
    """The rules the hub's settings imply: areas, periods and dates of the return."""
    rules: list[Rule] = []
    if hub.areaColumn:
        rules.append(
            Rule(
                "agency.area",
                "own_area",
                "error",
                "record",
                "This is not one of your agency's areas (an unknown code, or another agency's "
                "area): send only your own areas' data",
                (hub.areaColumn,),
            )
        )
    if hub.periodColumn:
        rules.append(
            Rule(
                "period.match",
                "period_match",
                "error",
                "record",
                "The period in the row is not the period of this return",
                (hub.periodColumn,),
            )
        )
    if hub.dateColumn:
        rules.append(
            Rule(
                "period.date",
                "in_period",
                "error",
                "item",
                "The date is outside the reporting period of this return",
                (hub.dateColumn,),
            )
        )
        rules.append(
            Rule(
                "period.future",
                "not_in_future",
                "error",
                "item",
                "The date is in the future",
                (hub.dateColumn,),
            )
        )
    rules.append(
        Rule(
            "period.not_started",
            "return_period",
            "error",
            "return",
            "A return cannot be for a period that had not begun when it arrived",
            (),
            {"when": "not_started"},
        )
    )
    rules.append(
        Rule(
            "period.not_ended",
            "return_period",
            "query",
            "return",
            "The return's period had not ended when it arrived; its figures may be incomplete",
            (),
            {"when": "not_ended"},
        )
    )
    return rules


def load_contract_file(path: Path) -> FeedContract:
    return parse_contract(path.read_text(encoding="utf-8"), path)


def contract_files(directory: Path) -> list[Path]:
    return sorted(directory.glob(f"*{CONTRACT_SUFFIX}"))


@lru_cache(maxsize=64)
def _load_file(path: Path) -> FeedContract:
    """One contract file, parsed once per process (until :func:`reload_contracts`)."""
    contract = load_contract_file(path)
    expected = path.name.removesuffix(CONTRACT_SUFFIX)
    if contract.id != expected:
        raise ContractError(f"{path.name}: id {contract.id!r} does not match the file name")
    return contract


def _load_all(directory: Path) -> dict[str, FeedContract]:
    contracts = {}
    for path in contract_files(directory):
        contract = _load_file(path)
        contracts[contract.id] = contract
    return contracts


def _directory(directory: Path | None) -> Path:
    if directory is None:
        from workers.settings import get_settings

        directory = get_settings().contracts_dir
    return Path(directory).resolve()


def load_contracts(directory: Path | None = None) -> dict[str, FeedContract]:
    """Every contract in the contracts folder, by id."""
    return _load_all(_directory(directory))


def get_contract(contract_id: str, directory: Path | None = None) -> FeedContract:
    """One contract by id. Only its own file is read: a command about one feed (``sdh
    ingest``) need not parse every contract first. An unknown id reads them all, to list
    the known ones."""
    folder = _directory(directory)
    path = folder / f"{contract_id}{CONTRACT_SUFFIX}"
    if path.parent == folder and path in contract_files(folder):
        return _load_file(path)
    contracts = _load_all(folder)
    try:
        return contracts[contract_id]
    except KeyError:
        raise UnknownContract(
            f"No contract {contract_id!r}; known contracts: {', '.join(sorted(contracts))}"
        ) from None


def reload_contracts() -> None:
    """Read the contract files again at their next use: a long-running process (the web
    app, a worker) replaying a return after a contract fix must see the fixed file."""
    _load_file.cache_clear()
