"""Statutory returns: a CIN census of a large authority (about 10,000 children) through
the whole path, ``sdh ingest la-cin-census`` into PostgreSQL: read and pseudonymise the
XML, the DfE's rules in the validators' own environment (a second process), the children
held or loaded, the measures derived. Reported twice: the ingest as a whole (its time and
the hub process's peak memory), and the validator process alone on the same file (its time
and peak: the subprocess the ingest waits for, whose memory the hub's figure leaves out).
"""

from __future__ import annotations

import json

from benchmarks.cases.ingest import _admin, _sdh, fresh_database, hub_env
from benchmarks.context import Context
from benchmarks.measure import run_measured
from benchmarks.result import Result

DATABASE = "sdh_bench_statutory"


def run(ctx: Context) -> list[Result]:
    import dataclasses

    from workers.statutory import environment
    from workers.statutory.sample import scaled_census

    ctx = dataclasses.replace(ctx, database_name=DATABASE)
    children = 1_000 if ctx.quick else 10_000
    ctx.workdir.mkdir(parents=True, exist_ok=True)
    path = ctx.workdir / "2020-21.xml"
    path.write_text(scaled_census(children), encoding="utf-8")
    sent = path.read_text(encoding="utf-8").count("<Child>")
    results = []
    try:
        fresh_database(ctx)
        env = hub_env(ctx, ctx.workdir / "sdh")
        run_measured([_sdh(), "init"], env=env)
        environment.python()  # made once per lock, before anything is timed
        ingest = run_measured(
            [_sdh(), "ingest", "la-cin-census", str(path), "--agency", "peterborough-cc"],
            env=env,
        )
        if "loaded" not in ingest.stdout:
            raise RuntimeError(f"the census did not load:\n{ingest.stdout[-2000:]}")
        results.append(
            Result(
                case="statutory: sdh ingest la-cin-census",
                rows=sent,
                ours_s=ingest.seconds,
                peak_mb=ingest.peak_mb,
                note="rows are children; peak is the hub process",
            )
        )
        request = {
            "kind": "cin",
            "ruleset": "cin2022_23",
            "files": [{"path": str(path), "name": path.name}],
            "metadata": {},
        }
        request_file = ctx.workdir / "request.json"
        request_file.write_text(json.dumps(request), encoding="utf-8")
        alone = run_measured(
            ["sh", "-c", f'"{environment.python()}" "{environment.RUNNER}" < "{request_file}"']
        )
        answer = json.loads(alone.stdout)
        results.append(
            Result(
                case="statutory: the DfE's rules alone (validator process)",
                rows=sent,
                ours_s=alone.seconds,
                peak_mb=alone.peak_mb,
                note=f"{len(answer['rules'])} rules, {len(answer['issues'])} issue(s)",
            )
        )
    finally:
        _admin(ctx, f"DROP DATABASE IF EXISTS {ctx.database_name} WITH (FORCE)")
    return results
