"""Reading a population release a steward imports: a CSV of area_code, year and
population_0_17, checked whole before anything is stored."""

from __future__ import annotations

import csv
import io
import re

from workers.contracts.model import column_letter
from workers.errors import SdhError
from workers.warehouse.populations import Figures

COLUMNS = ("area_code", "year", "population_0_17")
_COUNT = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+$")


class PopulationFileError(SdhError):
    """The file cannot be imported as it is; every problem is named by row and column."""

    def __init__(self, filename: str, problems: list[str]) -> None:
        self.filename = filename
        self.problems = problems
        shown = problems[:20]
        more = f"\n… and {len(problems) - len(shown)} more" if len(problems) > len(shown) else ""
        super().__init__(
            f"{filename}: not imported, {len(problems)} problem(s):\n"
            + "\n".join(f"  {p}" for p in shown)
            + more
        )


def _letter(index: int) -> str:

    return column_letter(index + 1)


def read_release(data: bytes, filename: str, known_areas: set[str]) -> Figures:
    """The figures in the file, or :class:`PopulationFileError` listing each bad cell as
    ``row N, column B (year): … [rule]`` (rows as Excel numbers them: the header is 1).
    Columns other than the three are ignored (an area name beside its code, say)."""
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise PopulationFileError(
            filename, ["the file is not UTF-8 text [file.encoding]"]
        ) from None
    rows = list(csv.reader(io.StringIO(content)))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise PopulationFileError(
            filename, ["row 1: the file is empty: a header row is expected [file.empty]"]
        )
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise PopulationFileError(
            filename,
            [
                f"row 1: column(s) {', '.join(missing)} missing; the header must name "
                f"{', '.join(COLUMNS)} [header.required]"
            ],
        )
    at = {c: header.index(c) for c in COLUMNS}
    problems: list[str] = []
    figures: Figures = {}
    seen: dict[tuple[str, int], int] = {}

    def where(row_no: int, column: str) -> str:
        return f"row {row_no}, column {_letter(at[column])} ({column})"

    for row_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        cells = {c: (row[i].strip() if i < len(row) else "") for c, i in at.items()}
        area, year_text, count_text = cells["area_code"], cells["year"], cells["population_0_17"]
        ok = True
        if area not in known_areas:
            problems.append(
                f"{where(row_no, 'area_code')}: {area!r} is not an area of the catalogue "
                f"(known: {', '.join(sorted(known_areas))}) [area.known]"
            )
            ok = False
        if not (year_text.isdigit() and 1990 <= int(year_text) <= 2100):
            problems.append(
                f"{where(row_no, 'year')}: {year_text!r} is not a mid-year such as 2023 "
                "[year.valid]"
            )
            ok = False
        if not (_COUNT.match(count_text) and int(count_text.replace(",", "")) > 0):
            problems.append(
                f"{where(row_no, 'population_0_17')}: {count_text!r} is not a whole number "
                "of children above zero [population.positive]"
            )
            ok = False
        if not ok:
            continue
        key = (area, int(year_text))
        if key in seen:
            problems.append(
                f"{where(row_no, 'year')}: {area} {key[1]} is given again (first on row "
                f"{seen[key]}) [population.unique]"
            )
            continue
        seen[key] = row_no
        figures.setdefault(area, {})[key[1]] = int(count_text.replace(",", ""))
    if problems:
        raise PopulationFileError(filename, problems)
    if not figures:
        raise PopulationFileError(filename, ["row 2: no figures under the header [file.empty]"])
    return figures
