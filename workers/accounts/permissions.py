"""Who may do what: one place for every page and command to ask.

``can(user, action, submission)`` answers yes or no; ``require`` raises
``PermissionDenied`` with a message for the person refused. A disabled or missing user can
do nothing. The matrix:

=================  ================  ============  ==========  =====
action             agency_submitter  data_steward  qeg_reader  admin
=================  ================  ============  ==========  =====
view_returns       own agency        all           —           all
view_submission    own agency        all           —           all
upload             own contracts     —             —           —
authorise          own agency        —             —           —
review             —                 yes           —           yes
read_packs         own agency's      yes           yes         yes
return_commentary  own agency's      yes           —           yes
manage_users       —                 —             —           yes
manage_tokens      —                 —             —           yes
=================  ================  ============  ==========  =====

``view_returns`` covers the returns calendar and submission lists: an agency submitter's
lists must be filtered with ``agency_scope(user)``. ``read_packs`` lets an agency submitter
open its own agency's packs only (the packs pages filter by ``agency_scope``-like checks:
never another agency's pack, the consolidated pack or the quarter's index);
``return_commentary`` is uploading a filled pack, an agency's own or, for the business
unit, any agency's (one sent by email). A page that shows one submission to a
user who may not see it should answer "not found" rather than "forbidden", so ids of
other agencies' returns do not leak (the API does the same).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Protocol

from workers.accounts.roles import Role
from workers.contracts.loader import get_contract
from workers.errors import PermissionDenied


class Action(StrEnum):
    VIEW_RETURNS = "view_returns"
    VIEW_SUBMISSION = "view_submission"
    UPLOAD = "upload"
    AUTHORISE = "authorise"
    REVIEW = "review"
    READ_PACKS = "read_packs"
    RETURN_COMMENTARY = "return_commentary"
    MANAGE_USERS = "manage_users"
    MANAGE_TOKENS = "manage_tokens"


class Person(Protocol):
    """What a permission check needs of a user (a ``User`` row, or the web session's copy)."""

    role: str
    agency_id: str | None
    disabled: bool


class HasAgency(Protocol):
    agency_id: str


class HasAgencies(Protocol):
    agencies: tuple[str, ...]


#: Actions a role may take on anything; agency-bound actions are decided in ``can``.
_GRANTS: dict[Role, frozenset[Action]] = {
    Role.AGENCY_SUBMITTER: frozenset(
        {
            Action.VIEW_RETURNS,
            Action.VIEW_SUBMISSION,
            Action.UPLOAD,
            Action.AUTHORISE,
            Action.READ_PACKS,
            Action.RETURN_COMMENTARY,
        }
    ),
    Role.DATA_STEWARD: frozenset(
        {
            Action.VIEW_RETURNS,
            Action.VIEW_SUBMISSION,
            Action.REVIEW,
            Action.READ_PACKS,
            Action.RETURN_COMMENTARY,
        }
    ),
    Role.QEG_READER: frozenset({Action.READ_PACKS}),
    Role.ADMIN: frozenset(
        {
            Action.VIEW_RETURNS,
            Action.VIEW_SUBMISSION,
            Action.REVIEW,
            Action.READ_PACKS,
            Action.RETURN_COMMENTARY,
            Action.MANAGE_USERS,
            Action.MANAGE_TOKENS,
        }
    ),
}

_DENIED = {
    Action.VIEW_RETURNS: "see the returns",
    Action.VIEW_SUBMISSION: "see this return",
    Action.UPLOAD: "deliver this return",
    Action.AUTHORISE: "authorise this return for its agency",
    Action.REVIEW: "review returns (accept, override, reject, replay)",
    Action.READ_PACKS: "read the QEG packs",
    Action.RETURN_COMMENTARY: "return commentary for this pack",
    Action.MANAGE_USERS: "manage users",
    Action.MANAGE_TOKENS: "manage agency API tokens",
}


def _role(user: Person | None) -> Role | None:
    if user is None or user.disabled:
        return None
    try:
        return Role(user.role)
    except ValueError:
        return None


def _contract_agencies(contract: str | HasAgencies) -> tuple[str, ...]:
    if isinstance(contract, str):
        return get_contract(contract).agencies
    return tuple(contract.agencies)


def can(
    user: Person | None,
    action: Action | str,
    submission: HasAgency | None = None,
    *,
    contract: str | HasAgencies | None = None,
) -> bool:
    """May ``user`` take ``action`` (on ``submission``, or for ``contract`` when uploading)?

    Without a submission, ``view_submission`` answers "may this user open submission
    pages at all"; without a contract, ``upload`` answers "may this user upload at all".
    """
    role = _role(user)
    if role is None:
        return False
    action = Action(action)
    if action not in _GRANTS[role]:
        return False
    if not role.bound_to_agency:
        return True
    assert user is not None
    if user.agency_id is None:  # an agency submitter without an agency: refuse everything
        return False
    if submission is not None and submission.agency_id != user.agency_id:
        return False
    if action is Action.UPLOAD and contract is not None:
        return user.agency_id in _contract_agencies(contract)
    return True


def require(
    user: Person | None,
    action: Action | str,
    submission: HasAgency | None = None,
    *,
    contract: str | HasAgencies | None = None,
) -> None:
    """Raise ``PermissionDenied`` unless ``can`` says yes."""
    if not can(user, action, submission, contract=contract):
        raise PermissionDenied(f"Your account is not allowed to {_DENIED[Action(action)]}")


def agency_scope(user: Person | None) -> str | None:
    """The one agency whose returns this user's lists must be limited to; None for all.

    Raises ``PermissionDenied`` for a user who may see no returns at all.
    """
    require(user, Action.VIEW_RETURNS)
    assert user is not None
    return user.agency_id if _role(user) is Role.AGENCY_SUBMITTER else None


def packs_scope(user: Person | None) -> str | None:
    """The one agency whose packs this user may open; None for every pack (and the
    consolidated pack and index). Raises ``PermissionDenied`` for a user who may read none."""
    require(user, Action.READ_PACKS)
    assert user is not None
    return user.agency_id if _role(user) is Role.AGENCY_SUBMITTER else None
