"""Filled packs returned through the hub (issue 19): each upload of an agency's filled
pack, previewed and then stored (``commentary_return``), so the business unit's grid of
agency and priority shows what came back and when.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "commentary_return",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("agency_id", sa.String(length=64), nullable=False),
        sa.Column("priority_id", sa.String(length=64), nullable=False),
        sa.Column("quarter", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("sections_json", sa.Text(), nullable=True),
        sa.Column("sign_off_json", sa.Text(), nullable=True),
        sa.Column("warnings_json", sa.Text(), nullable=True),
        sa.Column("uploaded_by", sa.String(length=128), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["agency_id"], ["agency.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("commentary_return") as batch:
        batch.create_index("ix_commentary_return_agency_id", ["agency_id"], unique=False)
        batch.create_index("ix_commentary_return_quarter", ["quarter"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("commentary_return") as batch:
        batch.drop_index("ix_commentary_return_quarter")
        batch.drop_index("ix_commentary_return_agency_id")
    op.drop_table("commentary_return")
