"""New passwords are checked as NIST SP 800-63B asks (issue 16, item 7): long enough,
not a common password, not a repeat or a sequence, not built from the username or the
hub's own words; refused with a message saying why and what to choose instead."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from workers.accounts import WeakPassword, create_user, set_password
from workers.accounts.passwords import check_password_rules
from workers.warehouse.db import session_scope

REFUSED = [
    ("aaaaaaaaaaaa", "Repeats"),
    ("password1234", "very common password"),
    ("Password1234!", "commonly used password"),
    ("qwertyuiop12", "commonly used password"),
    ("abcdefghijkl", "Sequences"),
    ("123456789012", "commonly used password"),
    ("iloveyou2020", "commonly used password"),
    ("trustno1trustno1", "Repeats"),
    ("j.smith.j.smith", "cannot contain the username"),
    ("safeguarding2021", ""),  # the hub's own word and a year
    ("short", "at least 12 characters"),
]
ACCEPTED = ["a long enough password 42", "quince marmalade on tuesdays", "correct horse battery"]


@pytest.mark.parametrize(("password", "why"), REFUSED)
def test_weak_passwords_are_refused_with_the_reason(password: str, why: str) -> None:
    with pytest.raises(WeakPassword) as refused:
        check_password_rules(password, "j.smith")
    message = str(refused.value)
    assert why in message
    assert any(w in message for w in ("too easy to guess", "at least 12", "username"))


@pytest.mark.parametrize("password", ACCEPTED)
def test_long_unrelated_words_are_accepted(password: str) -> None:
    check_password_rules(password, "j.smith")


def test_a_long_password_is_judged_without_cost() -> None:
    """zxcvbn judges the first 72 characters (its limit): a 1,000-character password is
    neither an error nor slow to check, and one made of a repeat is still refused."""
    check_password_rules("pelican umbrella " * 58, "j.smith")
    with pytest.raises(WeakPassword, match="Repeats"):
        check_password_rules("a" * 1000, "j.smith")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_accounts_and_the_command_refuse_a_common_password(warehouse) -> None:
    from workers.cli import app as sdh

    with session_scope() as s:
        with pytest.raises(WeakPassword):
            create_user(s, "j.smith", role="qeg_reader", password="password1234")
        create_user(s, "j.smith", role="qeg_reader", password="quince marmalade on tuesdays")
        with pytest.raises(WeakPassword):
            set_password(s, "j.smith", "aaaaaaaaaaaa", actor="admin")
    result = CliRunner().invoke(
        sdh,
        ["users", "add", "a.steward", "--role", "data_steward", "--password-stdin"],
        input="password1234\n",
    )
    assert result.exit_code == 2
    assert "too easy to guess" in result.output and "very common password" in result.output
    assert "Traceback" not in result.output
