"""The acceptance policy's records (issue 14): every failing row of a validation run
(``row_failure``, what decides the holds), a steward's acceptance of a run's holds
(``hold_review``), where a return's period came from (``submission.period_source``), and
duplicates recognised per period (the same bytes for another period are another return).

Existing submissions keep a null ``period_source`` (their reports say "as given"); their
validation runs have no ``row_failure`` rows, so a return validated before this revision
that is loaded again holds by its row issues' record only once it is validated again
(``sdh review replay``).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "row_failure",
        sa.Column("run_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("row_number", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("rule_code", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("run_id", "row_number", "rule_code"),
    )
    op.create_table(
        "hold_review",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("rows_held", sa.Integer(), nullable=False),
        sa.Column("reviewed_by", sa.String(length=128), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["run_id"], ["validationrun.id"]),
        sa.ForeignKeyConstraint(["submission_id"], ["submission.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("run_id"),
    )
    with op.batch_alter_table("hold_review") as batch:
        batch.create_index("ix_hold_review_submission_id", ["submission_id"], unique=False)
    with op.batch_alter_table("submission") as batch:
        batch.add_column(sa.Column("period_source", sa.String(length=16), nullable=True))
        batch.drop_constraint("uq_submission_content", type_="unique")
        batch.create_unique_constraint(
            "uq_submission_content", ["contract_id", "agency_id", "sha256", "period_label"]
        )


def downgrade() -> None:
    with op.batch_alter_table("submission") as batch:
        batch.drop_constraint("uq_submission_content", type_="unique")
        batch.create_unique_constraint(
            "uq_submission_content", ["contract_id", "agency_id", "sha256"]
        )
        batch.drop_column("period_source")
    with op.batch_alter_table("hold_review") as batch:
        batch.drop_index("ix_hold_review_submission_id")
    op.drop_table("hold_review")
    op.drop_table("row_failure")
