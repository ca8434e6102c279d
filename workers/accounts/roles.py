"""The four roles, and which of them belong to an agency."""

from __future__ import annotations

from enum import StrEnum

from workers.accounts.errors import AccountError


class Role(StrEnum):
    """What a person does in the hub; each role sees and does only its own part."""

    AGENCY_SUBMITTER = "agency_submitter"  # an agency's data officer: its own returns only
    DATA_STEWARD = "data_steward"  # the business unit: reviews every return
    QEG_READER = "qeg_reader"  # QEG members: read the packs
    ADMIN = "admin"  # runs the hub: users, tokens, and everything a steward does

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def bound_to_agency(self) -> bool:
        """Only agency submitters act for one agency; every other role is partnership-wide."""
        return self is Role.AGENCY_SUBMITTER


ROLE_LABELS = {
    Role.AGENCY_SUBMITTER: "Agency submitter",
    Role.DATA_STEWARD: "Data steward",
    Role.QEG_READER: "QEG reader",
    Role.ADMIN: "Administrator",
}


def parse_role(value: str) -> Role:
    """The role named ``value`` (``data_steward`` or ``data-steward``), or a clear error."""
    try:
        return Role(value.strip().lower().replace("-", "_"))
    except ValueError:
        raise AccountError(
            f"No role {value!r}; roles: {', '.join(r.value for r in Role)}"
        ) from None
