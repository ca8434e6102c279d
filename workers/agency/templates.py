"""An XLSX template per contract that helps the person filling it in (issue 18, item 6):
the return's sheet first (the hub reads the first worksheet) with the header in the
contract's order and drop-down lists of the allowed codes (Excel data validation), whole
numbers kept within the contract's range; then sheets the hub never reads: the column
descriptions, the allowed codes, and an example row.

The example lives on its own sheet, never on the return's: a row left in by mistake would
be sent as data.
"""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from workers.contracts.model import Column, FeedContract
from workers.exports import safe_cell
from workers.periods import period_containing

#: Rows of the return's sheet that carry the drop-downs and checks.
VALIDATED_ROWS = 5000
RETURN_SHEET, COLUMNS_SHEET, CODES_SHEET, EXAMPLE_SHEET = "Return", "Columns", "Codes", "Example"


def _rule(column: Column) -> str:
    """What a column accepts, in words."""
    if column.allowed_values:
        return f"One of the codes on the {CODES_SHEET} sheet (column {column.name})"
    if column.logical_type == "integer":
        low = "" if column.minimum is None else f"{column.minimum:g}"
        high = "" if column.maximum is None else f"{column.maximum:g}"
        if low and high:
            return f"A whole number from {low} to {high}"
        if low:
            return f"A whole number, at least {low}"
        return "A whole number"
    if column.logical_type == "date":
        return "A date (for example 2021-04-01)"
    if column.pattern:
        return f"Text of the form {column.pattern}"
    return "Text"


def example_value(contract: FeedContract, column: Column, area: str | None) -> str | int:
    """A value of the right form for the example row (an illustration, not figures)."""
    period = period_containing(date(2021, 4, 1), contract.grain)
    if column.name == contract.period_column:
        return period.label
    if column.name == contract.area_column and area:
        return area
    if column.allowed_values:
        return column.allowed_values[0]
    if column.logical_type == "integer":
        return int(column.minimum or 0) + 1 if column.maximum != 0 else 0
    if column.logical_type == "date":
        return period.start.isoformat()
    if column.pattern and "E\\d{8}" in column.pattern:
        return area or "E10000003"
    if column.pattern:
        return "ABC123"
    return "text"


def template_xlsx(contract: FeedContract, area: str | None = None) -> bytes:
    """The template workbook's bytes."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = RETURN_SHEET
    codes = book.create_sheet(CODES_SHEET)
    bold = Font(bold=True)
    code_column = 0
    last = VALIDATED_ROWS + 1
    for i, column in enumerate(contract.columns, start=1):
        cell = sheet.cell(row=1, column=i, value=safe_cell(column.name))
        cell.font = bold
        sheet.column_dimensions[get_column_letter(i)].width = max(12, len(column.name) + 2)
        letter = get_column_letter(i)
        where = f"{letter}2:{letter}{last}"
        if column.allowed_values:
            code_column += 1
            code_letter = get_column_letter(code_column)
            codes.cell(row=1, column=code_column, value=column.name).font = bold
            for j, value in enumerate(column.allowed_values, start=2):
                codes.cell(row=j, column=code_column, value=safe_cell(value))
            end = len(column.allowed_values) + 1
            check = DataValidation(
                type="list",
                formula1=f"={CODES_SHEET}!${code_letter}$2:${code_letter}${end}",
                allow_blank=not column.required,
                showDropDown=False,  # openpyxl's name for "hide the arrow": keep it shown
            )
        elif column.logical_type == "integer":
            check = DataValidation(
                type="whole",
                operator="between",
                formula1=str(int(column.minimum if column.minimum is not None else -(10**9))),
                formula2=str(int(column.maximum if column.maximum is not None else 10**12)),
                allow_blank=not column.required,
            )
        else:
            continue
        check.error = _rule(column)
        check.errorTitle = f"{column.name}: not allowed"
        check.prompt = (column.description or column.label or _rule(column))[:255]
        check.promptTitle = column.name[:32]
        check.showErrorMessage = check.showInputMessage = True
        sheet.add_data_validation(check)
        check.add(where)
    sheet.freeze_panes = "A2"

    described = book.create_sheet(COLUMNS_SHEET)
    heads = ("Column", "Letter", "Name", "Description", "What it accepts", "Required")
    for j, head in enumerate(heads, start=1):
        described.cell(row=1, column=j, value=head).font = bold
    for i, column in enumerate(contract.columns, start=2):
        values = (
            column.name,
            column.letter,
            column.label,
            column.description,
            _rule(column),
            "yes" if column.required else "no",
        )
        for j, value in enumerate(values, start=1):
            described.cell(row=i, column=j, value=safe_cell(value))
    for letter, width in zip("ABCDEF", (28, 8, 36, 60, 40, 10), strict=True):
        described.column_dimensions[letter].width = width

    example = book.create_sheet(EXAMPLE_SHEET)
    example.cell(
        row=1,
        column=1,
        value="An example of one row, to show the form of each value: these are not figures "
        f"to send. Fill in the {RETURN_SHEET} sheet.",
    )
    for i, column in enumerate(contract.columns, start=1):
        example.cell(row=3, column=i, value=column.name).font = bold
        shown = example_value(contract, column, area)
        example.cell(row=4, column=i, value=shown if isinstance(shown, int) else safe_cell(shown))
    if not code_column:
        codes.cell(row=1, column=1, value="This return has no coded columns.")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
