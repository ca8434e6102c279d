"""``docs/rules.md``: the grammar and the rule kinds as the engine applies them, written
from the code (``python -m workers.validation.rules_doc > docs/rules.md``; a test keeps
the file in step), so contracts, agencies' analysts and the engine read the same thing."""

from __future__ import annotations

from workers.validation import grammar
from workers.validation.rules import KIND_DOCS, ROW_KINDS


def render() -> str:
    lines = [
        "# Rules",
        "",
        "How the hub reads a return's cells and what each kind of rule checks: one",
        "implementation of each, on every return whatever its format (CSV, XLSX, JSON) and",
        "size. Written from the code by `python -m workers.validation.rules_doc`; do not edit",
        "by hand. The acceptance policy (what happens to a return that breaks them) is",
        "`docs/acceptance.md`.",
        "",
        "## How text becomes a value",
        "",
        grammar.__doc__.split("\n\n", 2)[2].strip(),
        "",
        "| type | accepted |",
        "| --- | --- |",
        *(f"| {kind} | {text} |" for kind, text in grammar.GRAMMAR.items()),
        "",
        "## Rule kinds",
        "",
        "Every kind below has one implementation. A rule reports a cell only when the cell",
        "is present and of its type: a blank cell is `required`'s, a cell of the wrong type",
        "`type`'s. An error holds the row back (or, for an error of the whole return, the",
        "return); a query asks for an explanation and holds nothing.",
        "",
        "| kind | checked | checks |",
        "| --- | --- | --- |",
        *(
            f"| `{kind}` | {'row by row' if kind in ROW_KINDS else 'over the return'} | {text} |"
            for kind, text in KIND_DOCS.items()
        ),
        "",
        "## Checking a return before sending it",
        "",
        "`sdh validate CONTRACT FILE` runs this same engine on a file and loads nothing. For",
        "an agency's own pipeline, `sdh contracts export CONTRACT --format gx [--agency A",
        "--period P]` writes the contract as a Great Expectations suite. It judges a table",
        "with, for each column, its trimmed text (null where blank), `<column>__v` (its value",
        "typed as above, null where blank or not of the type) and `<column>__bad` (true where",
        "a cell is present but not of its type), and `__sum_<rule>` for each total-of-parts",
        "rule; `workers/contracts/gx_suite.py` `frame` builds that table with pandas. The",
        "hub's test suite judges its engine against that suite, rule kind by rule kind",
        "(`tests/conformance`). The cross-return rules need the warehouse and stay with the",
        "hub.",
        "",
    ]

    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")
