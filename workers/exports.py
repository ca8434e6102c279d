"""Text that leaves the hub in a file people open: made inert for spreadsheets.

A value a return delivered (or a person typed) that starts with ``= + - @`` — or a tab or
carriage return in front of one — is read by Excel, LibreOffice and Google Sheets as a
formula when a CSV is opened or a cell pasted, and a formula can fetch URLs or start
programs (``=HYPERLINK(…)``, ``=cmd|' /C calc'!A0``). Every export (the row issues CSV,
the blank templates, the DOCX and HTML packs) passes such text through :func:`safe_cell`
or :func:`safe_lines`, which put an apostrophe in front: spreadsheets then show the text
as typed and never evaluate it. Numbers the hub formats itself are not text from outside
and are written as they are.
"""

from __future__ import annotations

from typing import Any

#: The characters that make a spreadsheet treat a cell as a formula (OWASP's list).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(text: str) -> bool:
    """True when a spreadsheet could read ``text`` as a formula, leading spaces ignored."""
    return text.startswith(FORMULA_START) or text.lstrip(" ").startswith(FORMULA_START)


def safe_cell(value: Any) -> str:
    """One cell's text for a CSV or a table: ``None`` is empty, formulas become text."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def safe_lines(text: str | None) -> str:
    """Several lines of text (a note, a commentary): each line that could start a formula
    when pasted into a cell gets the apostrophe."""
    return "\n".join(safe_cell(line) for line in (text or "").split("\n"))
