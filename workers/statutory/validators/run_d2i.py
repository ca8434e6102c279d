"""Run Data to Insight's validator of the DfE's rules on one return; JSON in, JSON out.

This file runs inside the validators' own virtual environment (pandas < 2, numpy < 1.25),
never in the hub's: it imports nothing of the hub. The hub starts it as a subprocess
(``workers.statutory.validators.run``), writes one request to its standard input and reads
one answer from its standard output:

request::

    {"kind": "cin" | "903", "ruleset": "cin2022_23", "files": [{"path": ..., "name": ...,
     "year": "this" | "last"}], "metadata": {"collectionYear": "2021",
     "localAuthority": "E06000031"}}

answer::

    {"rules": [{"code", "message", "severity", "fields"}],
     "issues": [{"code", "table", "row", "column", "child", "value"}],
     "whole_return": [{"code", "message"}], "crashed": [codes], "tables": {name: rows}}

``row`` is the validator's own 0-based row of the table; ``child`` the child's identifier
as sent (the hub hashes it before anything is kept). Anything the validator prints goes to
standard error, so standard output carries only the answer.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import logging
import sys


def _text(value) -> str | None:
    import pandas as pd

    if value is None:
        return None
    if isinstance(value, list | tuple):
        return ",".join(str(v) for v in value)
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _cell(tables: dict, table: str, row: int, column: str) -> str | None:
    frame = tables.get(table)
    if frame is None or column not in frame.columns or not 0 <= row < len(frame):
        return None
    return _text(frame[column].iloc[row])


def cin_tables(path: str) -> dict:
    """The census's tables exactly as the validator's own ``XMLtoCSV`` makes them (the same
    rows in the same order, the same columns, ``pd.NA`` where an item is absent), built in
    one pass: ``XMLtoCSV`` concatenates frames a child at a time, which grows with the
    square of the children (a 10,000-child census took minutes)."""
    import xml.etree.ElementTree as ET

    import pandas as pd
    from cin_validator.ingress import XMLtoCSV

    names = [
        "Header",
        "ChildIdentifiers",
        "ChildCharacteristics",
        "ChildProtectionPlans",
        "CINdetails",
        "CINplanDates",
        "Reviews",
        "Section47",
        "Assessments",
        "AssessmentFactorsList",
        "Disabilities",
    ]
    columns = {n: list(getattr(XMLtoCSV, n).columns) for n in names}
    ids = set(XMLtoCSV.id_cols)
    rows: dict[str, list[dict]] = {n: [] for n in names}

    def values(table: str, block, out: dict) -> dict:
        for col in columns[table]:
            if col in ids or col in out:
                continue
            found = None if block is None else block.find(col)
            out[col] = pd.NA if found is None else found.text
        return out

    def plans(parent, child_id, cin_id) -> None:
        for cpp, plan in enumerate(parent.findall("ChildProtectionPlans"), start=1):
            ids_ = {"LAchildID": child_id, "CINdetailsID": cin_id, "CPPID": cpp}
            rows["ChildProtectionPlans"].append(values("ChildProtectionPlans", plan, dict(ids_)))
            for review in plan.findall("Reviews[CPPreviewDate]"):
                rows["Reviews"].append(values("Reviews", review, dict(ids_)))

    root = ET.parse(path).getroot()
    header = root.find("Header")
    head: dict = {}
    for part, items in (
        ("CollectionDetails", ["Collection", "Year", "ReferenceDate"]),
        ("Source", ["SourceLevel", "LEA", "SoftwareCode", "Release", "SerialNo", "DateTime"]),
    ):
        block = None if header is None else header.find(part)
        for item in items:
            found = None if block is None else block.find(item)
            head[item] = pd.NA if found is None else found.text
    rows["Header"].append(head)
    children = root.find("Children")
    for child in [] if children is None else children.findall("Child"):
        identifiers = child.find("ChildIdentifiers")
        ident = {}
        for col in columns["ChildIdentifiers"]:
            found = None if identifiers is None else identifiers.find(col)
            ident[col] = pd.NA if found is None else found.text
        rows["ChildIdentifiers"].append(ident)
        child_id = ident.get("LAchildID", pd.NA)
        chars = child.find("ChildCharacteristics")
        rows["ChildCharacteristics"].append(
            values("ChildCharacteristics", chars, {"LAchildID": child_id})
        )
        disabilities = None if chars is None else chars.find("Disabilities")
        for disability in disabilities if disabilities is not None else []:
            rows["Disabilities"].append({"LAchildID": child_id, "Disability": disability.text})
        cin_id = 0
        for details in child.findall("CINdetails"):
            cin_id += 1
            rows["CINdetails"].append(
                values("CINdetails", details, {"LAchildID": child_id, "CINdetailsID": cin_id})
            )
            for assessment_id, assessment in enumerate(details.findall("Assessments"), start=1):
                ids_ = {
                    "LAchildID": child_id,
                    "CINdetailsID": cin_id,
                    "AssessmentID": assessment_id,
                }
                row = values("Assessments", assessment, dict(ids_))
                factors = assessment.find("FactorsIdentifiedAtAssessment")
                if factors is not None and len(factors):
                    listed = [f.text for f in factors]
                    for text in listed:
                        rows["AssessmentFactorsList"].append({**ids_, "AssessmentFactor": text})
                    row["AssessmentFactors"] = listed
                rows["Assessments"].append(row)
            for dates in details.findall("CINPlanDates"):
                rows["CINplanDates"].append(
                    values("CINplanDates", dates, {"LAchildID": child_id, "CINdetailsID": cin_id})
                )
            for s47 in details.findall("Section47"):
                rows["Section47"].append(
                    values("Section47", s47, {"LAchildID": child_id, "CINdetailsID": cin_id})
                )
            plans(details, child_id, cin_id)
        plans(child, child_id, cin_id)
    return {
        n: pd.DataFrame(rows[n], columns=columns[n], dtype=object)
        if rows[n]
        else pd.DataFrame(columns=columns[n])
        for n in names
    }


def run_cin(request: dict) -> dict:
    import xml.etree.ElementTree as ET

    from cin_validator import cin_validator

    module = importlib.import_module(f"cin_validator.rules.{request['ruleset']}")
    registry = module.registry
    path = request["files"][0]["path"]
    if request.get("ingress") == "validator":  # the validator's own reading, to compare
        raw = cin_validator.convert_data(ET.parse(path).getroot())
    else:
        raw = cin_tables(path)
    tables = {name: frame.copy() for name, frame in raw.items()}
    data = cin_validator.process_data(raw)
    validator = cin_validator.CinValidator(data, registry, selected_rules=request.get("select"))
    issues = []
    frame = validator.full_issue_df
    for record in frame.to_dict("records"):
        table = record.get("tables_affected")
        if not isinstance(table, str):
            continue
        row = int(record["row_id"])
        column = str(record.get("columns_affected"))
        issues.append(
            {
                "code": str(record["rule_code"]),
                "table": table,
                "row": row,
                "column": column,
                "child": _cell(tables, table, row, "LAchildID"),
                "value": _cell(tables, table, row, column),
            }
        )
    whole = []
    for record in validator.multichild_issues.to_dict("records"):
        whole.append({"code": str(record["rule_code"]), "message": str(record["rule_description"])})
    rules = [
        {
            "code": str(rule.code),
            "message": str(rule.message),
            "severity": "query" if rule.rule_type.name == "QUERY" else "error",
            "fields": [str(getattr(f, "name", f)) for f in (rule.affected_fields or [])],
        }
        for rule in registry.values()
    ]
    return {
        "rules": rules,
        "issues": issues,
        "whole_return": whole,
        "crashed": [],
        "tables": {name: len(frame) for name, frame in tables.items()},
    }


def run_903(request: dict) -> dict:
    from lac_validator import lac_validator

    module = importlib.import_module(f"lac_validator.rules.{request['ruleset']}")
    registry = module.registry
    files = []
    for f in request["files"]:
        with open(f["path"], "rb") as fh:
            content = fh.read()
        description = "This year" if f.get("year", "this") == "this" else "Prev year"
        files.append({"name": f["name"], "file_content": content, "description": description})
    validator = lac_validator.LacValidator(
        metadata=dict(request["metadata"]),
        files=files,
        registry=registry,
        selected_rules=request.get("select"),
    )
    issues = []
    for table, frame in validator.ds_results.items():
        if table == "metadata" or table.endswith("_last"):
            continue
        flags = [c for c in frame.columns if str(c).startswith("ERR_")]
        for flag in flags:
            code = str(flag)[4:]
            rule = registry.get(code)
            fields = [str(f) for f in (getattr(rule, "affected_fields", None) or [])]
            hit = frame.index[frame[flag].fillna(False).astype(bool)]
            for row in hit.tolist():
                columns: list[str | None] = [c for c in fields if c in frame.columns] or [None]
                for column in columns:
                    issues.append(
                        {
                            "code": code,
                            "table": table,
                            "row": int(row),
                            "column": column,
                            "child": _text(frame.at[row, "CHILD"]) if "CHILD" in frame else None,
                            "value": None if column is None else _text(frame.at[row, column]),
                        }
                    )
    rules = [
        {
            "code": str(code),
            "message": str(rule.message or ""),
            "severity": "error",
            "fields": [str(f) for f in (rule.affected_fields or [])],
        }
        for code, rule in registry.items()
    ]
    return {
        "rules": rules,
        "issues": issues,
        "whole_return": [],
        "crashed": list(validator.fails),
        "tables": {n: len(f) for n, f in validator.dfs.items() if n != "metadata"},
    }


def main() -> int:
    logging.disable(logging.CRITICAL)  # the validators log every rule at INFO
    request = json.load(sys.stdin)
    out = sys.stdout
    try:
        with contextlib.redirect_stdout(sys.stderr):
            answer = run_cin(request) if request["kind"] == "cin" else run_903(request)
    except Exception as exc:  # the hub turns this into a file error a data officer reads
        json.dump({"failure": f"{type(exc).__name__}: {exc}"}, out)
        return 0
    json.dump(answer, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
