"""Child populations as dated releases (issue 14, item 8): each release as it came
(``population_release``: its source, who added it and when) and its figures
(``population_estimate``); the reporting view ``v_area_population`` takes, for each area
and year, the release added last. ``area_population`` (one figure per area and year, from
the catalogue) goes: ``init_db`` loads the catalogue's releases, the same figures, after
the revisions run.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "population_release",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=255), nullable=False),
        sa.Column("origin", sa.String(length=16), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=True),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("figures", sa.Integer(), nullable=False),
        sa.Column("imported_by", sa.String(length=128), nullable=False),
        sa.Column("imported_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "sha256", name="uq_population_release"),
    )
    op.create_table(
        "population_estimate",
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("area_code", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("population_0_17", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["area_code"], ["area.code"]),
        sa.ForeignKeyConstraint(["release_id"], ["population_release.id"]),
        sa.PrimaryKeyConstraint("release_id", "area_code", "year"),
    )
    op.drop_table("area_population")


def downgrade() -> None:
    op.create_table(
        "area_population",
        sa.Column("area_code", sa.String(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("population_0_17", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["area_code"], ["area.code"]),
        sa.PrimaryKeyConstraint("area_code", "year"),
    )
    op.drop_table("population_estimate")
    op.drop_table("population_release")
