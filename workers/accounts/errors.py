"""Errors about people's accounts, worded for the administrator who manages them."""

from __future__ import annotations

from workers.errors import SdhError


class AccountError(SdhError):
    """A user cannot be created or changed as asked."""


class UserNotFound(AccountError):
    """No user with that name."""


class UsernameTaken(AccountError):
    """Another user already has that name."""


class WeakPassword(AccountError):
    """The password is too short or otherwise unusable."""


class HashingBusy(AccountError):
    """Every password-hashing slot stayed taken: the sign-in should be tried again."""
