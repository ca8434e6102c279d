"""The contract's rules in SQL over the staged text: those the column reader could not
check while streaming (``workers.bulk.stream_rules``), or all of them for a file the line
reader staged.

Each item and record rule becomes a SQL condition; one pass over the staging table
collects, per failing row, the codes of the rules it breaks (only the rows that already
failed something, when no rule is left). Uniqueness of the natural key is a hash
aggregate over the same table. The semantics follow the straightforward path: a cell
that is missing is reported by ``required`` only, a cell of the wrong type by its
``type`` rule only, and the other rules look only at cells that parsed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from workers.bulk.convert import SQL_TYPES, matched, matched_columns, twin
from workers.contracts.model import FeedContract, Rule, column_letter
from workers.validation.context import ReturnContext
from workers.validation.engine import ValidationReport
from workers.validation.issues import Issue, RuleOutcome
from workers.warehouse.models import CHILD_EVENT_COLUMNS

MAX_ISSUES_PER_RULE = 10_000
_BOOL = ("y", "yes", "true", "1", "n", "no", "false", "0")


def _lit(value: object) -> str:
    """A SQL literal for a value taken from a contract or the context (never from a file)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return repr(value)
    if isinstance(value, date):
        return f"DATE '{value.isoformat()}'"
    return "'" + str(value).replace("'", "''") + "'"


def _in(values: Iterable[object]) -> str:
    return ", ".join(_lit(v) for v in values) or "NULL"


class _Columns:
    """SQL for the staged columns, prepared once per row.

    ``prepared(table)`` is a subquery that trims each value once; integer, number and date
    columns were typed while staging (``workers.bulk.convert``), so no rule parses a cell.
    ``OFFSET 0`` keeps PostgreSQL from folding the subquery back into the conditions,
    which would trim every cell once per rule.
    """

    def __init__(self, contract: FeedContract) -> None:
        self.contract = contract

    def prepared(self, table: str, columns: list[str]) -> str:
        parts = ["row_number", "_failed"]
        for col in columns:
            ltype = self.contract.column(col).logical_type
            t = f'btrim("{col}")'
            parts.append(f'{t} AS "{col}"')
            parts.append(f"({t} IS NULL OR {t} = '') AS " + f'"{col}__m"')
            if ltype in SQL_TYPES:
                parts.append(f'"{twin(col)}" AS "{col}__v"')
            elif ltype == "boolean":
                parts.append(f"(lower({t}) IN ({_in(_BOOL)})) AS " + f'"{col}__ok"')
                parts.append(f'{t} AS "{col}__v"')
            else:
                parts.append(f'TRUE AS "{col}__ok"')
                parts.append(f'{t} AS "{col}__v"')
            if col in matched_columns(self.contract, [col]):
                parts.append(f'"{matched(col)}"')
        return f"(SELECT {', '.join(parts)} FROM {table} OFFSET 0) p"

    def text(self, col: str) -> str:
        return f'"{col}"'

    def missing(self, col: str) -> str:
        return f'"{col}__m"'

    def type_ok(self, col: str) -> str:
        if self.contract.column(col).logical_type in SQL_TYPES:
            return f'("{col}__v" IS NOT NULL)'
        return f'"{col}__ok"'

    def valid(self, *cols: str) -> str:
        return " AND ".join(f"(NOT {self.missing(c)} AND {self.type_ok(c)})" for c in cols)

    def value(self, col: str) -> str:
        """The typed value (NULL where the cell did not parse)."""
        return f'"{col}__v"'


def condition(rule: Rule, contract: FeedContract, ctx: ReturnContext) -> str | None:
    """When the rule fails for a row, as SQL; None for rules not checked per row."""
    c = _Columns(contract)
    col = rule.columns[0] if rule.columns else None
    kind = rule.kind
    if kind == "type":
        if contract.column(col).logical_type == "string":
            return None
        return f"(NOT {c.missing(col)} AND NOT ({c.type_ok(col)}))"
    if kind == "required":
        return c.missing(col)
    if kind == "range":
        lo, hi = rule.params.get("min"), rule.params.get("max")
        parts = [
            f"{c.value(col)} < {_lit(lo)}" if lo is not None else None,
            f"{c.value(col)} > {_lit(hi)}" if hi is not None else None,
        ]
        return f"({c.valid(col)} AND ({' OR '.join(p for p in parts if p)}))"
    if kind == "pattern":
        if contract.column(col).pseudonymise:
            return None  # checked on the raw value while streaming, before hashing
        if col in matched_columns(contract, [col]):  # matched while staging
            return f'({c.valid(col)} AND NOT "{matched(col)}")'
        return f"({c.valid(col)} AND {c.text(col)} !~ {_lit(rule.params['pattern'])})"
    if kind == "allowed_values":
        return f"({c.valid(col)} AND {c.text(col)} NOT IN ({_in(rule.params['values'])}))"
    if kind == "own_area":
        return f"({c.valid(col)} AND {c.text(col)} NOT IN ({_in(ctx.agency_areas)}))"
    if kind == "period_match":
        return f"({c.valid(col)} AND {c.text(col)} <> {_lit(ctx.period.label)})"
    if kind == "in_period":
        return (
            f"({c.valid(col)} AND {c.value(col)} NOT BETWEEN {_lit(ctx.period.start)} "
            f"AND {_lit(ctx.period.end)})"
        )
    if kind == "not_in_future":
        return f"({c.valid(col)} AND {c.value(col)} > {_lit(ctx.received_on)})"
    if kind == "not_above":
        other = rule.columns[1]
        return f"({c.valid(col, other)} AND {c.value(col)} > {c.value(other)})"
    if kind == "sum_equals":
        total, *parts = rule.columns
        added = " + ".join(c.value(p) for p in parts)
        return f"({c.valid(total, *parts)} AND {c.value(total)} <> {added})"
    return None


def _issue_value(rule: Rule, contract: FeedContract, row: dict) -> str | None:
    def shown(col: str) -> str:
        if contract.column(col).pseudonymise:
            return "(withheld)"
        value = row.get(col)
        return "" if value is None else str(value).strip()[:200]

    if not rule.columns:
        return None
    if rule.kind == "not_above":
        return f"{shown(rule.columns[0])} > {rule.columns[1]} {shown(rule.columns[1])}"
    if rule.kind == "sum_equals":
        total, *parts = rule.columns
        try:
            added = sum(float(str(row[p]).replace(",", "")) for p in parts)
            added_text = f"{added:g}"
        except (TypeError, ValueError):
            added_text = "?"
        return f"{shown(total)} ≠ {added_text} ({' + '.join(parts)})"
    if rule.kind == "unique":
        return ", ".join(shown(col) for col in rule.columns)
    return shown(rule.columns[0])


def _duplicates(contract: FeedContract, table: str, rule: Rule, direct: bool = False) -> str:
    """The rows whose key another row repeats, with the rule's code.

    A hash aggregate finds the repeated keys (none, in a good return) and only their rows
    are read again: sorting every row for a window cost more than the rest of the rules.
    The keys are read straight from the staged columns, without the per-row preparation
    the other rules share, as the aggregate reads every row. ``direct``: the table is in
    the partition's layout, whose columns are already typed and trimmed.
    """
    keys, valid = [], []
    for k in rule.columns:
        ltype = contract.column(k).logical_type
        if direct:
            name = "child_key" if contract.column(k).pseudonymise else k
            keys.append(f'"{name}"' if ltype in SQL_TYPES else f'"{name}" COLLATE "C"')
            valid.append(f'"{name}" IS NOT NULL')
            continue
        if ltype in SQL_TYPES:
            keys.append(f'"{twin(k)}"')
            valid.append(f'"{twin(k)}" IS NOT NULL')
            continue
        t = f'btrim("{k}")'
        # Equality needs no collation: byte order lets the aggregate skip the locale's.
        keys.append(f'{t} COLLATE "C"')
        valid.append(f"coalesce({t}, '') <> ''")
        if ltype == "boolean":
            valid.append(f"lower({t}) IN ({_in(_BOOL)})")
    where = " AND ".join(valid)
    names = [f"k{i}" for i in range(len(keys))]
    aliased = ", ".join(f"{k} AS {n}" for k, n in zip(keys, names, strict=True))
    joined = " AND ".join(f"{k} = d.{n}" for k, n in zip(keys, names, strict=True))
    return (
        f"SELECT s.row_number, {_lit(rule.code)} AS code FROM {table} s JOIN "
        f"(SELECT {aliased} FROM {table} WHERE {where} GROUP BY {', '.join(names)} "
        f"HAVING count(*) > 1) d ON {joined} WHERE {where}"
    )


def check_staged(
    cur,
    contract: FeedContract,
    table: str,
    columns: list[str],
    ctx: ReturnContext,
    early: list[Issue],
    rows_received: int,
    filename: str,
    done: frozenset[str] = frozenset(),
    direct: bool = False,
    failing: int | None = None,
) -> ValidationReport:
    """Run every rule on the staged return; mark failing rows in staging for the load.

    ``done`` are the rules the column reader checked while staging: their failures are
    in ``_failed`` already, so only the rest run here (often none: then this reads only
    the rows that failed something). ``direct``: staged in the partition's layout
    (``workers.bulk.fact_layout``), where only the key can be left to check.
    ``failing``: how many rows the column reader staged with failure codes, if known."""
    row_rules = [
        (r, cond)
        for r in contract.rules
        if r.code not in done and (cond := condition(r, contract, ctx)) is not None
    ]
    dup_selects = [
        _duplicates(contract, table, r, direct)
        for r in contract.rules
        if r.kind == "unique" and r.code not in done
    ]
    if row_rules or dup_selects:
        counts, shown_rows = _check_in_sql(cur, contract, table, columns, row_rules, dup_selects)
    elif failing == 0:  # every rule ran while streaming and no row failed one
        counts, shown_rows = {}, {}
    else:
        counts, shown_rows = _read_staged_failures(cur, table)
    wanted = sorted({n for rows in shown_rows.values() for n in rows})
    quoted = ", ".join(_shown_sql(contract, n, direct) for n in columns)
    values: dict[int, dict] = {}
    if wanted:
        cur.execute(
            f"SELECT row_number, {quoted} FROM {table} WHERE row_number = ANY(%s)", (wanted,)
        )
        for rec in cur.fetchall():
            values[rec[0]] = dict(zip(columns, rec[1:], strict=True))

    letters = {n: column_letter(i) for i, n in enumerate(columns, start=1)}
    early_by_rule: dict[str, list[Issue]] = {}
    for issue in early:
        early_by_rule.setdefault(issue.rule, []).append(issue)
    report = ValidationReport(contract, filename, ctx, rows_received)
    if "file.row_length" in early_by_rule:
        rule = Rule(
            "file.row_length",
            "type",
            "error",
            "record",
            "Every row must have as many values as the header",
        )
        ragged = early_by_rule["file.row_length"]
        report.outcomes.append(RuleOutcome(rule, failed=len(ragged), issues=ragged))
    readable = rows_received - len(early_by_rule.get("file.row_length", []))
    for rule in contract.rules:
        if rule.cross_return:
            report.outcomes.append(RuleOutcome(rule, checked=False))
            continue
        if rule.kind == "row_count":
            lo, hi = rule.params.get("min"), rule.params.get("max")
            outcome = RuleOutcome(rule)
            if (lo is not None and readable < lo) or (hi is not None and readable > hi):
                outcome.failed = 1
                outcome.issues.append(
                    Issue(
                        rule.code,
                        rule.severity,
                        f"{rule.message} (this return has {readable} rows)",
                        value=str(readable),
                    )
                )
            report.outcomes.append(outcome)
            continue
        if (
            rule.kind != "unique"
            and condition(rule, contract, ctx) is None
            and rule.code not in early_by_rule
        ):
            if rule.kind in ("type", "pattern"):
                report.outcomes.append(RuleOutcome(rule))
            continue
        col = rule.columns[0] if rule.columns else None
        outcome = RuleOutcome(rule, failed=counts.get(rule.code, 0))
        if rule.code in early_by_rule:  # found while streaming (identifier patterns)
            outcome.issues = early_by_rule[rule.code][:MAX_ISSUES_PER_RULE]
        else:
            for number in shown_rows.get(rule.code, []):
                outcome.issues.append(
                    Issue(
                        rule.code,
                        rule.severity,
                        rule.message,
                        row=number,
                        column=col,
                        letter=letters.get(col or ""),
                        value=_issue_value(rule, contract, values.get(number, {})),
                    )
                )
        report.outcomes.append(outcome)
    return report


def _shown_sql(contract: FeedContract, col: str, direct: bool) -> str:
    """A staged cell as a steward is shown it. In the partition's layout the text as sent
    is kept only on rows that failed while streaming; a row found later (a repeated key)
    shows its stored value."""
    if not direct:
        return f'"{col}"'
    if contract.column(col).pseudonymise:
        return "NULL"
    if col in CHILD_EVENT_COLUMNS:
        return f'coalesce("{col}__t", "{col}"::text)'
    return f'"{col}__t"'


def _read_staged_failures(cur, table: str) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Each rule's count of failing rows and the first rows shown, read from the codes
    the column reader staged: with every rule checked while streaming they are final, so
    one pass over the staged rows does, with no table of failures to make and drop (which
    cost a small return more database time than its rows)."""
    cur.execute(
        "SELECT code, row_number, n FROM (SELECT code, row_number, "
        "count(*) OVER (PARTITION BY code) AS n, "
        "row_number() OVER (PARTITION BY code ORDER BY row_number) AS rn "
        f"FROM {table}, unnest(_failed) code WHERE _failed IS NOT NULL) x "
        "WHERE rn <= %s ORDER BY code, row_number",
        (MAX_ISSUES_PER_RULE,),
    )
    counts: dict[str, int] = {}
    shown_rows: dict[str, list[int]] = {}
    for code, number, n in cur.fetchall():
        counts[code] = n
        shown_rows.setdefault(code, []).append(number)
    return counts, shown_rows


def _check_in_sql(
    cur,
    contract: FeedContract,
    table: str,
    columns: list[str],
    row_rules: list[tuple[Rule, str]],
    dup_selects: list[str],
) -> tuple[dict[str, int], dict[str, list[int]]]:
    """Run the rules left to SQL, mark each failing row's codes in staging for the load,
    and return each rule's count of failing rows and the first rows shown."""
    c = _Columns(contract)
    if row_rules:
        cases = ", ".join(f"CASE WHEN {cond} THEN {_lit(r.code)} END" for r, cond in row_rules)
        # A row that could not be read was staged empty: only its own failure counts. The
        # codes are collected only for rows that fail something: building an array for
        # each of a million passing rows cost more than checking them.
        fails = " OR ".join(["_failed IS NOT NULL", *(f"({cond})" for _, cond in row_rules)])
        scan = (
            f"SELECT row_number, unnest(CASE WHEN 'file.row_length' = ANY(_failed) "
            f"THEN _failed ELSE array_remove(ARRAY[{cases}]::text[], NULL) "
            f"|| coalesce(_failed, '{{}}') END) AS code FROM {c.prepared(table, columns)} "
            f"WHERE {fails}"
        )
    else:
        scan = f"SELECT row_number, unnest(_failed) AS code FROM {table} WHERE _failed IS NOT NULL"
    union = " UNION ALL ".join([scan, *dup_selects])
    # The key's aggregate holds every key in memory: far faster than spilling to disk.
    cur.execute("SET LOCAL work_mem = '256MB'")
    cur.execute("DROP TABLE IF EXISTS pg_temp.sdh_fail")
    cur.execute(
        f"CREATE TEMP TABLE sdh_fail AS SELECT row_number, "
        f"array_agg(DISTINCT code ORDER BY code) AS failed FROM ({union}) u GROUP BY row_number"
    )
    cur.execute("SELECT code, count(*) FROM sdh_fail, unnest(failed) code GROUP BY code")
    counts = dict(cur.fetchall())
    cur.execute(
        "SELECT code, row_number FROM (SELECT code, row_number, row_number() OVER "
        "(PARTITION BY code ORDER BY row_number) AS rn FROM sdh_fail, unnest(failed) code) x "
        "WHERE rn <= %s ORDER BY code, row_number",
        (MAX_ISSUES_PER_RULE,),
    )
    shown_rows: dict[str, list[int]] = {}
    for code, number in cur.fetchall():
        shown_rows.setdefault(code, []).append(number)
    errors = [r.code for r in contract.rules if r.severity == "error"] + ["file.row_length"]
    cur.execute(
        f"UPDATE {table} s SET _failed = f.failed, _error = (f.failed && %s::text[]) "
        "FROM sdh_fail f WHERE s.row_number = f.row_number "
        "AND s._failed IS DISTINCT FROM f.failed",
        (errors,),
    )
    cur.execute("DROP TABLE pg_temp.sdh_fail")
    return counts, shown_rows
