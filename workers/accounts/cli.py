"""``sdh users``: create, list, disable and re-enable the people who sign in to the hub.

Passwords are typed twice with hidden input, or read from standard input with
``--password-stdin`` (for provisioning scripts); never given on the command line, where
they would stay in the shell history and the process list.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from sqlmodel import Session

    from workers.warehouse.models import User

users_app = typer.Typer(
    help="People who sign in to the hub's pages, and their roles.", no_args_is_help=True
)

PasswordStdin = Annotated[
    bool,
    typer.Option(
        "--password-stdin", help="Read the password from standard input (its first line)."
    ),
]


def _fail(message: str, code: int = 2) -> NoReturn:
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True).print(f"[red]error:[/] {escape(message)}")
    raise typer.Exit(code)


def _actor() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:
        return "admin"


def _password(from_stdin: bool) -> str:
    if from_stdin:
        import sys

        line = sys.stdin.readline()
        password = line.rstrip("\r\n")
        if not password:
            _fail("No password on standard input")
        return password
    return typer.prompt("Password", hide_input=True, confirmation_prompt="Repeat the password")


def _change(action: Callable[[Session], User]) -> User:
    """Run one change to the accounts in its own session; the accounts' refusal (unknown
    user, name taken, weak password…) becomes the command's error."""
    from workers.accounts.errors import AccountError
    from workers.warehouse.db import init_db, session_scope

    init_db()
    try:
        with session_scope() as session:
            return action(session)
    except AccountError as exc:
        _fail(str(exc))


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Argument(help="Sign-in name, e.g. j.smith.")],
    role: Annotated[
        str,
        typer.Option(help="agency_submitter, data_steward, qeg_reader or admin."),
    ],
    agency: Annotated[
        str | None, typer.Option(help="The agency (agency submitters only, and required).")
    ] = None,
    email: Annotated[str | None, typer.Option(help="Email address.")] = None,
    name: Annotated[str | None, typer.Option(help="Name shown in the pages.")] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Create a user; the password is asked for twice (hidden), or read from stdin."""
    from workers.accounts.errors import AccountError
    from workers.accounts.roles import parse_role
    from workers.accounts.users import create_user

    try:
        parsed = parse_role(role)
    except AccountError as exc:
        _fail(str(exc))
        return
    password = _password(password_stdin)
    user = _change(
        lambda session: create_user(
            session,
            username,
            role=parsed,
            password=password,
            display_name=name or "",
            email=email,
            agency_id=agency,
            created_by=_actor(),
        )
    )
    from rich.console import Console

    Console().print(
        f"User [bold]{user.username}[/] created: {parsed.label}"
        + (f" for {user.agency_id}" if user.agency_id else "")
    )


@users_app.command("disable")
def users_disable(
    username: Annotated[str, typer.Argument(help="The user to disable.")],
    reason: Annotated[str, typer.Option(help="Why (kept in the event log).")] = "",
) -> None:
    """Stop a user signing in at once; the account stays for the audit trail."""
    from workers.accounts.users import disable_user

    user = _change(lambda session: disable_user(session, username, actor=_actor(), reason=reason))
    from rich.console import Console

    Console().print(f"User {user.username} is disabled.")


@users_app.command("enable")
def users_enable(
    username: Annotated[str, typer.Argument(help="The user to enable again.")],
) -> None:
    """Let a disabled user sign in again."""
    from workers.accounts.users import enable_user

    user = _change(lambda session: enable_user(session, username, actor=_actor()))
    from rich.console import Console

    Console().print(f"User {user.username} can sign in again.")


@users_app.command("set-password")
def users_set_password(
    username: Annotated[str, typer.Argument(help="Whose password.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Set a new password for a user (asked for twice, hidden)."""
    from workers.accounts.users import set_password

    password = _password(password_stdin)
    user = _change(lambda session: set_password(session, username, password, actor=_actor()))
    from rich.console import Console

    Console().print(f"Password of {user.username} changed.")


@users_app.command("list")
def users_list() -> None:
    """Every user with role, agency and last sign-in (never a password or its hash)."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from workers.accounts.users import list_users
    from workers.warehouse.db import init_db, session_scope

    init_db()
    with session_scope() as session:
        users = list_users(session)
    table = Table()
    for col in ("username", "name", "role", "agency", "email", "last sign-in", "state"):
        table.add_column(col, overflow="fold")
    for u in users:
        table.add_row(
            u.username,
            escape(u.display_name),
            u.role,
            u.agency_id or "",
            u.email or "",
            "" if u.last_login_at is None else f"{u.last_login_at:%Y-%m-%d %H:%M}",
            "[red]disabled[/]" if u.disabled else "active",
        )
    Console().print(table)


@users_app.command("sessions")
def users_sessions(
    username: Annotated[str | None, typer.Argument(help="Only this user's sessions.")] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Include sessions ended in the last 30 days.")
    ] = False,
) -> None:
    """The web sessions signed in now: number, user, since, last used, address, browser."""
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table

    from workers.accounts.sessions import list_sessions
    from workers.accounts.users import find_user
    from workers.warehouse.db import init_db, session_scope

    init_db()
    from workers.accounts.errors import AccountError

    with session_scope() as session:
        try:
            user = find_user(session, username) if username else None
        except AccountError as exc:
            _fail(str(exc))
        rows = list_sessions(session, user, include_ended=all_)
    table = Table()
    for col in ("session", "user", "signed in", "last used", "address", "browser", "state"):
        table.add_column(col, overflow="fold")
    for record, name in rows:
        state = "live" if record.ended_at is None else f"ended: {record.ended_reason}"
        table.add_row(
            str(record.id),
            name,
            f"{record.created_at:%Y-%m-%d %H:%M}",
            f"{record.last_seen_at:%Y-%m-%d %H:%M}",
            record.address,
            escape(record.user_agent[:60]),
            state,
        )
    Console().print(table)


@users_app.command("revoke")
def users_revoke(
    username: Annotated[str, typer.Argument(help="Whose sessions to end.")],
    session_id: Annotated[
        int | None,
        typer.Option(
            "--session", help="End only this session (a number from `sdh users sessions`)."
        ),
    ] = None,
) -> None:
    """Sign a user out everywhere now (or end one session); the account stays enabled."""
    from workers.accounts.errors import AccountError
    from workers.accounts.sessions import end_one_session, end_user_sessions
    from workers.accounts.users import find_user
    from workers.warehouse.db import init_db, session_scope

    init_db()
    with session_scope() as session:
        try:
            user = find_user(session, username)
        except AccountError as exc:
            _fail(str(exc))
        if session_id is not None:
            if not end_one_session(session, user, session_id, actor=_actor()):
                _fail(f"{user.username} has no live session {session_id}")
            ended = 1
        else:
            ended = end_user_sessions(session, user, "revoked", actor=_actor())
    from rich.console import Console

    Console().print(f"{ended} session(s) of {user.username} ended.")


def register(app: typer.Typer) -> None:
    """Add ``sdh users`` to the ``sdh`` app (imports stay inside the commands)."""
    app.add_typer(users_app, name="users")
