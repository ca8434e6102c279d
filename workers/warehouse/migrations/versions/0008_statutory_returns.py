"""Statutory returns (issue 20): a row issue names its table and child
(``rowissue.table_name``, ``rowissue.child_key``: a CIN census's XML module or an SSDA903
CSV, and the child's pseudonym), and a measure names the feed whose figure counts where
two give one (``measure.authoritative_contract``).

Revision ID: 0008
Revises: 0006
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("rowissue") as batch:
        batch.add_column(sa.Column("table_name", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("child_key", sa.String(length=64), nullable=True))
    with op.batch_alter_table("measure") as batch:
        batch.add_column(sa.Column("authoritative_contract", sa.String(length=64), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("measure") as batch:
        batch.drop_column("authoritative_contract")
    with op.batch_alter_table("rowissue") as batch:
        batch.drop_column("child_key")
        batch.drop_column("table_name")
