"""The agency's side of a return (issue 18): who at the agency authorised it and when
(``submission.authorised_by``, ``authorised_at``), and the agency's own explanations of
its queries with the steward's answer (``agency_explanation``).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("submission") as batch:
        batch.add_column(sa.Column("authorised_by", sa.String(length=128), nullable=True))
        batch.add_column(sa.Column("authorised_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "agency_explanation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("explained_by", sa.String(length=128), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("explained_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=True),
        sa.Column("verdict_by", sa.String(length=128), nullable=True),
        sa.Column("verdict_note", sa.Text(), nullable=True),
        sa.Column("verdict_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["run_id"], ["validationrun.id"]),
        sa.ForeignKeyConstraint(["submission_id"], ["submission.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("agency_explanation") as batch:
        batch.create_index("ix_agency_explanation_run_id", ["run_id"], unique=False)
        batch.create_index("ix_agency_explanation_submission_id", ["submission_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("agency_explanation") as batch:
        batch.drop_index("ix_agency_explanation_submission_id")
        batch.drop_index("ix_agency_explanation_run_id")
    op.drop_table("agency_explanation")
    with op.batch_alter_table("submission") as batch:
        batch.drop_column("authorised_at")
        batch.drop_column("authorised_by")
