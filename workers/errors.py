"""The hub's exceptions: each message is written for the data officer who has to act on it."""

from __future__ import annotations


class SdhError(Exception):
    """Base of every error the hub raises on purpose; the CLI prints these without a traceback."""


class ContractError(SdhError):
    """A data contract file is wrong (the feed's owner has to fix the YAML)."""


class UnknownContract(ContractError):
    """No contract with that id."""


class ReturnFileError(SdhError):
    """A return cannot be read at all (encoding, format, header); names the file and the fault."""

    def __init__(
        self,
        filename: str,
        message: str,
        *,
        row: int | None = None,
        column: str | None = None,
        rule: str = "file.readable",
        letter: str | None = None,
    ) -> None:
        self.filename = filename
        self.row = row
        self.column = column
        self.letter = letter
        self.rule = rule
        where = filename
        if row is not None:
            where += f", row {row}"
        if column:
            where += f", column {letter} ({column})" if letter else f", column {column}"
        super().__init__(f"{where}: {message} [{rule}]")
        self.detail = message
        #: The header the file has, when it is not the contract's (shown beside the
        #: expected one, so the sender sees the difference at a glance).
        self.found_header: tuple[str, ...] | None = None


class AgencyNotAllowed(SdhError):
    """An agency tried to deliver a return for a contract it does not own."""


class SubmissionNotFound(SdhError):
    """No submission with that id."""


class InvalidTransition(SdhError):
    """A submission is not in a state where that action makes sense."""


class SourceError(SdhError):
    """An agency's system did not give us a usable file (refused, wrong answer, too big)."""


class TransientSourceError(SourceError):
    """The agency's system failed in a way that may pass (timeout, 5xx): worth retrying."""


class ReasonRequired(SdhError):
    """A steward's action was asked for without a reason; every decision needs one on record."""


class PermissionDenied(SdhError):
    """The signed-in person's role (or agency) does not allow this."""
