"""The header row: every file column mapped to a contract column, or one message that says
what is wrong with it (renamed, missing, extra, twice, a title row above it)."""

from __future__ import annotations

import difflib
import re

from workers.contracts.model import FeedContract, column_letter
from workers.errors import ReturnFileError


def normalise_name(name: object) -> str:
    """Header names compare without case, surrounding space, a BOM, or the difference
    between spaces, hyphens and underscores."""
    return re.sub(r"[\s\-]+", "_", str(name).strip().strip("\ufeff").lower())


def _title_row(header: list[str], contract: FeedContract) -> str | None:
    """The text of a title row (one cell filled, as a merged title leaves it) where the
    header should be; None when the row looks like a header."""
    filled = [h.strip() for h in header if h.strip()]
    if (
        len(contract.columns) > 1
        and len(filled) == 1
        and len(header) > 1
        and normalise_name(filled[0]) not in contract.column_names
    ):
        return filled[0]
    return None


def match_header(
    contract: FeedContract, header: list[str], filename: str, max_columns: int | None = None
) -> list[str]:
    """Each file column's contract name, in the file's order."""
    limit = max_columns or max(64, 4 * len(contract.columns))
    if len(header) > limit:
        raise ReturnFileError(
            filename,
            f"the header has {len(header):,} columns; contract {contract.id} has "
            f"{len(contract.columns)} (the hub reads at most {limit} before giving up)",
            row=1,
            rule="file.header",
        )
    if not any(h.strip() for h in header):
        raise ReturnFileError(
            filename, "the first row must be the header", row=1, rule="file.header"
        )
    title = _title_row(header, contract)
    if title is not None:
        raise ReturnFileError(
            filename,
            f"a title row above the header: row 1 holds only {title[:80]!r}; the first row "
            "must be the header (the column names), with the data from row 2; delete the "
            "title row and send the file again",
            row=1,
            rule="file.header",
        )
    names = [normalise_name(h) for h in header]
    expected = contract.column_names
    seen = [(i, n) for i, n in enumerate(names, start=1) if names.count(n) > 1]
    if seen:
        i, name = seen[-1]
        what = f"column {name!r} appears twice" if name else "a column with no name appears"
        raise ReturnFileError(
            filename,
            f"{what} in the header" + ("" if name else " more than once (blank header cells)"),
            row=1,
            column=name[:128],
            letter=column_letter(i),
            rule="file.header",
        )
    missing = [c for c in expected if c not in names]
    extra = [
        (i, h)
        for i, (h, n) in enumerate(zip(header, names, strict=True), start=1)
        if n not in expected
    ]
    if missing or extra:
        problems = []
        first = (
            (column_letter(extra[0][0]), str(extra[0][1])[:128]) if extra else (None, missing[0])
        )
        for i, original in extra:
            guess = difflib.get_close_matches(normalise_name(original), missing, n=1, cutoff=0.6)
            if guess:
                problems.append(
                    f"column {column_letter(i)} '{original}' looks like '{guess[0]}' renamed"
                )
                missing.remove(guess[0])
            else:
                problems.append(f"column {column_letter(i)} '{original}' is not in the contract")
        if missing:
            problems.append("missing column(s): " + ", ".join(missing))
        mismatch = ReturnFileError(
            filename,
            "the header does not match contract "
            f"{contract.id} v{contract.version}: " + "; ".join(problems),
            row=1,
            column=first[1],
            letter=first[0],
            rule="file.header",
        )
        mismatch.found_header = tuple(str(h) for h in header)
        raise mismatch
    return names
