"""People who sign in to the hub: accounts, passwords, roles and what each role may do.

The names below are imported on first use, so ``sdh --help`` stays fast.
"""

from __future__ import annotations

from workers.lazy import lazy_getattr

_EXPORTS = {
    "AccountError": "errors",
    "UserNotFound": "errors",
    "UsernameTaken": "errors",
    "WeakPassword": "errors",
    "Action": "permissions",
    "agency_scope": "permissions",
    "packs_scope": "permissions",
    "can": "permissions",
    "require": "permissions",
    "Role": "roles",
    "parse_role": "roles",
    "authenticate": "users",
    "create_user": "users",
    "disable_user": "users",
    "enable_user": "users",
    "find_user": "users",
    "get_user": "users",
    "list_users": "users",
    "set_password": "users",
}
__all__ = sorted(_EXPORTS)

__getattr__ = lazy_getattr(__name__, _EXPORTS)
