"""Sessions kept in the database and sign-in failures counted there (issue 16, item 3):
``web_session`` (a signed-in browser's session, ended for good at sign-out, when the
account is disabled, its password changes, or an admin revokes it) and
``signin_failure`` (failed sign-ins, per account, address and browser, as keyed hashes,
for the throttle every web process shares).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "signin_failure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("account", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("device", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("signin_failure", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_signin_failure_account"), ["account"], unique=False)
        batch_op.create_index(batch_op.f("ix_signin_failure_address"), ["address"], unique=False)
        batch_op.create_index(batch_op.f("ix_signin_failure_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_signin_failure_device"), ["device"], unique=False)

    op.create_table(
        "web_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("user_agent", sa.String(length=200), nullable=False),
        sa.Column("flash", sa.Text(), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_reason", sa.String(length=32), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["app_user.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("token_sha256"),
    )
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_session_ended_at"), ["ended_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_web_session_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_session_user_id"))
        batch_op.drop_index(batch_op.f("ix_web_session_ended_at"))

    op.drop_table("web_session")
    with op.batch_alter_table("signin_failure", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_signin_failure_device"))
        batch_op.drop_index(batch_op.f("ix_signin_failure_at"))
        batch_op.drop_index(batch_op.f("ix_signin_failure_address"))
        batch_op.drop_index(batch_op.f("ix_signin_failure_account"))

    op.drop_table("signin_failure")
