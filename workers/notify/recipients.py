"""Who hears about an agency's returns: its contacts and webhook in ``agencies.yaml``."""

from __future__ import annotations

from dataclasses import dataclass

from workers.contracts.catalogue import load_catalogue
from workers.errors import ContractError


@dataclass(frozen=True)
class Recipients:
    emails: tuple[str, ...] = ()
    webhook: str | None = None


def recipients_for(agency_id: str) -> Recipients:
    """The agency's contacts and webhook; nobody for an agency no longer in the catalogue."""
    try:
        agency = load_catalogue().agency(agency_id)
    except ContractError:
        return Recipients()
    emails = tuple(dict.fromkeys(a.strip() for a in agency.contacts if a.strip()))
    return Recipients(emails, agency.webhook)
