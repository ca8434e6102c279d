"""Creating people's accounts, signing them in, changing passwords, disabling accounts.

Each change is also an event row (who did it, to whom), like every other change in the
hub; sign-ins only update ``last_login_at``, so the audit trail is not flooded.
"""

from __future__ import annotations

import re

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from workers.accounts import passwords
from workers.accounts.errors import AccountError, UsernameTaken, UserNotFound
from workers.accounts.roles import Role, parse_role
from workers.accounts.sessions import end_user_sessions
from workers.warehouse.events import record_event
from workers.warehouse.models import Agency, User, utcnow

USERNAME = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_username(username: str) -> str:
    """Usernames are compared without case: ``J.Smith`` and ``j.smith`` are one person."""
    return username.strip().lower()


def _check_username(username: str) -> str:
    name = normalise_username(username)
    if not USERNAME.match(name):
        raise AccountError(
            f"{username!r} cannot be a username: use 2 to 64 letters, digits, dots, dashes, "
            "underscores or @, starting with a letter or digit"
        )
    return name


def _check_email(email: str | None) -> str | None:
    if email is None or not email.strip():
        return None
    email = email.strip()
    if len(email) > 320 or not EMAIL.match(email):
        raise AccountError(f"{email!r} is not an email address")
    return email


def _check_agency(session: Session, role: Role, agency_id: str | None) -> str | None:
    agency_id = (agency_id or "").strip() or None
    if role.bound_to_agency:
        if agency_id is None:
            raise AccountError(
                "An agency submitter must belong to an agency: give --agency (see "
                "`sdh contracts list` for the agencies)"
            )
        if session.get(Agency, agency_id) is None:
            known = sorted(a.id for a in session.exec(select(Agency)))
            raise AccountError(f"No agency {agency_id!r}; agencies: {', '.join(known)}")
        return agency_id
    if agency_id is not None:
        raise AccountError(
            f"A {role.label.lower()} works for the whole partnership and cannot belong to "
            f"an agency; leave the agency out, or make the user an agency submitter"
        )
    return None


def get_user(session: Session, username: str) -> User | None:
    return session.exec(select(User).where(User.username == normalise_username(username))).first()


def find_user(session: Session, username: str) -> User:
    user = get_user(session, username)
    if user is None:
        raise UserNotFound(f"No user {username!r}; `sdh users list` shows them")
    return user


def list_users(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(User.username)))


def create_user(
    session: Session,
    username: str,
    *,
    role: Role | str,
    password: str,
    display_name: str = "",
    email: str | None = None,
    agency_id: str | None = None,
    created_by: str = "admin",
) -> User:
    """Create an account; the password is checked, hashed and never kept as typed."""
    role = parse_role(role) if not isinstance(role, Role) else role
    name = _check_username(username)
    agency = _check_agency(session, role, agency_id)
    mail = _check_email(email)
    passwords.check_password_rules(password, name, display_name, mail or "")
    if get_user(session, name) is not None:
        raise UsernameTaken(f"There is already a user {name!r}")
    user = User(
        username=name,
        display_name=(display_name or "").strip()[:128],
        email=mail,
        role=role.value,
        agency_id=agency,
        password_hash=passwords.hash_password(password),
        created_by=created_by[:128],
        password_changed_at=utcnow(),
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:  # created at the same moment by someone else
        session.rollback()
        raise UsernameTaken(f"There is already a user {name!r}") from None
    record_event(
        session, "user_created", None, created_by, username=name, role=role.value, agency=agency
    )
    session.commit()
    return user


def authenticate(session: Session, username: str, password: str) -> User | None:
    """The user, when the name and password match an enabled account; otherwise None.

    Every refusal (unknown name, wrong password, disabled account) takes the time of one
    argon2 check and gives the same answer, so neither the answer nor its timing says
    which names exist; an unknown name only pretends to check (no hash is computed). A
    hash made with older parameters is replaced on success.
    """
    if len(password) > passwords.MAX_LENGTH:
        return None
    user = get_user(session, username)
    if user is None:
        passwords.pretend_verify()
        return None
    if not passwords.verify_password(user.password_hash, password) or user.disabled:
        return None
    if passwords.needs_rehash(user.password_hash):
        user.password_hash = passwords.hash_password(password)
    user.last_login_at = utcnow()
    session.add(user)
    session.commit()
    return user


def set_password(session: Session, username: str, password: str, *, actor: str = "admin") -> User:
    user = find_user(session, username)
    passwords.check_password_rules(password, user.username, user.display_name, user.email or "")
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = utcnow()
    session.add(user)
    record_event(session, "password_changed", None, actor, username=user.username)
    # Whoever signed in with the old password is signed out.
    end_user_sessions(session, user, "password_changed", actor=actor, commit=False)
    session.commit()
    return user


def disable_user(
    session: Session, username: str, *, actor: str = "admin", reason: str = ""
) -> User:
    """Stop an account signing in and end its sessions (it stays, for the audit trail)."""
    user = find_user(session, username)
    if not user.disabled:
        user.disabled = True
        session.add(user)
        record_event(
            session, "user_disabled", None, actor, username=user.username, reason=reason.strip()
        )
    # Ended for good: enabling the account again does not bring these sessions back.
    end_user_sessions(session, user, "disabled", actor=actor, commit=False)
    session.commit()
    return user


def enable_user(session: Session, username: str, *, actor: str = "admin") -> User:
    user = find_user(session, username)
    if user.disabled:
        user.disabled = False
        session.add(user)
        record_event(session, "user_enabled", None, actor, username=user.username)
        session.commit()
    return user
