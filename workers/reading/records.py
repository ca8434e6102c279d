"""JSON returns: a list of objects, or ``{"rows": [...]}`` (optionally naming the contract
and version it follows), read a record at a time with ijson's C parser.

ijson builds each record as Python objects, and for a value nested deep it keeps a path
string per level: a 200 KB file of nested lists would ask it for tens of gigabytes. So a
first pass measures how deep the file nests, strings and escapes included, in numpy
over the raw bytes (``nesting``), and a file nested deeper than any return can be is
refused before ijson sees it.
"""

from __future__ import annotations

import codecs
import itertools
import operator
from collections.abc import Iterator, Sequence
from typing import Any, BinaryIO

import numpy as np
import pyarrow as pa

from workers.arrow import bool_array, int32_array, string_array
from workers.contracts.model import FeedContract
from workers.errors import ReturnFileError
from workers.reading.batch import BATCH_ROWS, Limits, Opener, ReturnReader, TextBatch
from workers.reading.encoding import BOM, CHUNK, as_utf8, check_binary
from workers.reading.header import normalise_name
from workers.reading.workbook import cell_texts

#: Deepest nesting read: the document, the rows list, a row, and a few levels for a cell
#: that wrongly holds a list or an object (reported as such, not read).
MAX_DEPTH = 16
_HEAD = 65536
_QUOTE, _OPEN, _CLOSE = 1, 2, 3
#: What each byte is to the nesting scan (``bytes.translate``): a quote, an opening or
#: closing bracket, or nothing (0); ``_OTHER`` are the bytes it can leave out.
_KINDS = bytes(
    _QUOTE if b == ord('"') else _OPEN if b in b"[{" else _CLOSE if b in b"]}" else 0
    for b in range(256)
)
_OTHER = bytes(b for b in range(256) if not _KINDS[b])


def nesting(stream: BinaryIO) -> tuple[int, bool]:
    """How deep the JSON in ``stream`` nests (brackets inside strings not counted), and
    whether the bytes are UTF-8."""
    depth = deepest = 0
    in_string = False
    backslashes = 0  # a run of backslashes at the end of the previous chunk
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    while chunk := stream.read(CHUNK):
        if utf8:
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                utf8 = False
        if b"\\" not in chunk and not backslashes:
            # Only quotes and brackets matter, and without escapes only their order.
            kinds = np.frombuffer(chunk.translate(_KINDS, _OTHER), dtype=np.int8)
        else:
            data = np.frombuffer(chunk, dtype=np.uint8)
            kinds = np.frombuffer(chunk.translate(_KINDS), dtype=np.int8).copy()
            places = np.flatnonzero(kinds)
            kinds = kinds[places]
            slash = data == 92
            quotes = places[kinds == _QUOTE]
            if len(quotes):
                index = np.arange(len(data))
                last_other = np.maximum.accumulate(np.where(slash, -1, index))
                before = quotes - 1
                run = np.where(before >= 0, before - last_other[np.maximum(before, 0)], 0)
                reaches_start = (before >= 0) & (last_other[np.maximum(before, 0)] < 0)
                run = run + np.where(reaches_start | (before < 0), backslashes, 0)
                escaped = np.flatnonzero(kinds == _QUOTE)[run % 2 == 1]
                kinds[escaped] = 0
            trailing = len(data) - 1 - int(np.flatnonzero(~slash)[-1]) if (~slash).any() else None
            backslashes = backslashes + len(data) if trailing is None else trailing
        if not len(kinds):
            continue
        parity = (np.cumsum(kinds == _QUOTE, dtype=np.int64) + in_string) & 1
        step = np.where(kinds == _OPEN, 1, np.where(kinds == _CLOSE, -1, 0)) * (parity == 0)
        levels = depth + np.cumsum(step)
        deepest = max(deepest, int(levels.max()))
        depth = int(levels[-1])
        in_string = bool(parity[-1])
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    return deepest, utf8


def _declared(head: bytes) -> dict[str, Any]:
    """Top-level scalar fields before ``rows`` (``contract``, ``contract_version``), read
    from the head of the file."""
    import ijson

    found: dict[str, Any] = {}
    key = None
    try:
        for prefix, event, value in ijson.parse(head, use_float=True):
            if prefix == "" and event == "map_key":
                if value == "rows":
                    break
                key = value
            elif prefix == key and event in ("string", "number", "boolean", "null"):
                found[str(key)] = value
    except (ijson.JSONError, ijson.IncompleteJSONError):
        pass
    return found


def _refuse(filename: str, message: str, **where: Any) -> ReturnFileError:
    return ReturnFileError(filename, message, rule="file.json", **where)


class RecordsReader(ReturnReader):
    format = "json"

    def __init__(
        self, contract: FeedContract, filename: str, opener: Opener, limits: Limits
    ) -> None:
        self._opener = opener
        with opener() as stream:
            head = stream.read(_HEAD)
            check_binary(head, filename)
            stream.seek(0)
            deepest, self._utf8 = nesting(stream)
        self.encoding = "utf-8" if self._utf8 else "windows-1252"
        if deepest > MAX_DEPTH:
            raise _refuse(
                filename,
                f"the JSON nests {deepest:,} levels deep; a return is a list of rows of "
                f"values (the hub reads at most {MAX_DEPTH} levels)",
            )
        start = head.lstrip(BOM).lstrip()[:1]
        if start == b"{":
            self._prefix = "rows.item"
            self._check_declared(_declared(head.lstrip(BOM)), contract, filename)
        elif start == b"[":
            self._prefix = "item"
        elif not start:
            raise ReturnFileError(filename, "the file is empty", rule="file.empty")
        else:
            raise _refuse(filename, 'JSON must be a list of objects, or {"rows": [...]}')
        # JSON has no header row: its columns are the contract's, each row naming its own.
        super().__init__(contract, filename, list(contract.column_names), limits)
        self._names = {c: c for c in contract.column_names}
        self._exact = frozenset(contract.column_names)

    def _open(self) -> BinaryIO:
        stream = self._opener()
        if self._utf8:
            if stream.read(3) != BOM:
                stream.seek(0)
            return stream
        with stream:
            return as_utf8(stream, self.filename)

    @staticmethod
    def _check_declared(doc: dict[str, Any], contract: FeedContract, filename: str) -> None:
        """A file for another feed, or for another major version of this one, is refused
        as a whole rather than read column by column against the wrong rules."""
        declared = doc.get("contract")
        if declared is not None and str(declared) != contract.id:
            raise ReturnFileError(
                filename,
                f"the file says it is a {str(declared)[:64]!r} return but was sent as "
                f"{contract.id}; send it to the contract it was made for",
                column="contract",
                rule="file.contract",
            )
        version = doc.get("contract_version", doc.get("version"))
        if version is not None and str(version).split(".")[0] != contract.version.split(".")[0]:
            raise ReturnFileError(
                filename,
                f"the file follows {contract.id} version {str(version)[:32]}, but the hub "
                f"checks returns against version {contract.version}; export it again with "
                "the current template",
                column="contract_version",
                rule="file.contract_version",
            )

    def _column(self, key: str, number: int) -> str:
        name = self._names.get(key)
        if name is None:
            normal = normalise_name(key)
            if normal not in self.contract.column_names:
                raise ReturnFileError(
                    self.filename,
                    f"row {number} has a field {key[:64]!r} that is not in contract "
                    f"{self.contract.id} v{self.contract.version}",
                    row=number,
                    column=key[:128],
                    rule="file.header",
                )
            if len(self._names) < 4 * len(self.contract.columns):
                self._names[key] = normal
            name = normal
        return name

    def _usual(self, chunk: list[Any], last: int) -> bool:
        """Whether every record of a batch is an object naming the contract's columns as
        the contract writes them, within the feed's rows."""
        return (
            last - 1 <= self.limits.max_rows
            and set(map(type, chunk)) == {dict}
            and all(map(self._exact.issuperset, chunk))
        )

    def _row(self, record: Any, number: int) -> dict[str, Any]:
        """One record checked: an object, within the feed's rows, its names the
        contract's (written otherwise, they are read as the header's would be)."""
        if not isinstance(record, dict):
            raise _refuse(
                self.filename,
                f'JSON must be a list of objects, or {{"rows": [...]}}: row {number} is not '
                "an object",
                row=number,
            )
        if number - 1 > self.limits.max_rows:
            raise ReturnFileError(
                self.filename,
                f"the return has more than {self.limits.max_rows:,} rows, more than any "
                f"return of {self.contract.id} can hold",
                row=number,
                rule="file.too_many_rows",
            )
        if record.keys() <= self._exact:
            return record
        return {self._column(k, number): v for k, v in record.items()}

    def _where(self, exc: Exception) -> str:
        """What is wrong, with its line and column: the standard library says where (it
        is read again for that, up to a size); ijson only shows the text around it."""
        import json

        with self._open() as stream:
            data = stream.read(_LOCATE_UP_TO + 1)
        if len(data) <= _LOCATE_UP_TO:
            try:
                json.loads(data)
            except json.JSONDecodeError as found:
                return f"{found.msg} at line {found.lineno}, column {found.colno}"
            except (RecursionError, ValueError):
                pass
        return str(exc).splitlines()[0][:200]

    def _has_rows(self) -> bool:
        """Whether the document's object has a ``rows`` list (it may be empty)."""
        import ijson

        with self._open() as stream:
            found = False
            for prefix, event, value in ijson.parse(stream):
                if prefix == "" and event == "map_key":
                    found = value == "rows"
                elif found and prefix == "rows":
                    return event == "start_array"
        return False

    def batches(self, only: set[str] | None = None) -> Iterator[TextBatch]:
        import ijson

        self.ragged = []
        keep = [n for n in self.columns if only is None or n in only]
        width = len(self.columns)
        seen: set[str] = set()
        last = 1  # the number of the last row read (the header is row 1)
        try:
            with self._open() as stream:
                records = ijson.items(stream, self._prefix, use_float=True)
                # A batch of records is taken by ijson in C; rows are looked at one by one
                # only in a batch where something is unusual.
                while chunk := list(itertools.islice(records, BATCH_ROWS)):
                    first, last = last + 1, last + len(chunk)
                    if not self._usual(chunk, last):
                        chunk = [self._row(r, n) for n, r in enumerate(chunk, start=first)]
                    if min(map(len, chunk)) == width:
                        seen = set(self.columns)
                    else:
                        for record in chunk:
                            seen.update(record)
                    numbers = np.arange(first, last + 1, dtype=np.int32)
                    if (batch := _batch(chunk, numbers, keep, width)) is not None:
                        yield batch
        except (ijson.JSONError, ijson.IncompleteJSONError) as exc:
            raise _refuse(self.filename, f"not valid JSON: {self._where(exc)}") from None
        if last == 1:
            if self._prefix == "rows.item" and not self._has_rows():
                raise _refuse(self.filename, 'JSON must be a list of objects, or {"rows": [...]}')
            raise ReturnFileError(self.filename, "the file has no rows", rule="file.no_rows")

        missing = [c for c in self.columns if c not in seen]
        if missing and only is None:
            raise ReturnFileError(
                self.filename,
                f"the header does not match contract {self.contract.id} "
                f"v{self.contract.version}: missing column(s): {', '.join(missing)} (no row "
                "has them)",
                column=missing[0],
                rule="file.header",
            )


_LOCATE_UP_TO = 20 * 1024 * 1024


def _batch(
    rows: list[dict[str, Any]], numbers: np.ndarray, keep: list[str], width: int
) -> TextBatch | None:
    columns = {}
    not_scalar: dict[str, pa.Array] = {}
    by_column: list[Sequence[Any]]
    if len(keep) > 1 and all(len(row) == width for row in rows):  # one lookup per row
        by_column = list(zip(*map(operator.itemgetter(*keep), rows), strict=False))
    else:
        by_column = [list(map(operator.methodcaller("get", name), rows)) for name in keep]
    for name, values in zip(keep, by_column, strict=True):
        if {dict, list} & set(map(type, values)):
            containers = [isinstance(v, dict | list) for v in values]
            not_scalar[name] = bool_array(np.array(containers, dtype=bool))
            values = ["" if c else v for v, c in zip(values, containers, strict=True)]
        columns[name] = string_array(cell_texts(values))
    return TextBatch(int32_array(numbers), columns, not_scalar).without_blank_rows()
