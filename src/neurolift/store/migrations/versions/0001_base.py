"""Base schema: athletes, trials with lossless raw signals, analysis results and metrics.

Revision ID: 0001_base
Revises:
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_base"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "athletes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("body_mass_kg", sa.Float),
        sa.Column("sex", sa.String(16)),
        sa.Column("birth_date", sa.Date),
        sa.Column("level", sa.String(32)),
        sa.Column("notes", sa.Text),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "trials",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("athlete_id", sa.Integer, sa.ForeignKey("athletes.id", ondelete="RESTRICT")),
        sa.Column("domain", sa.String(32), nullable=False),
        sa.Column("test_type", sa.String(32), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source_name", sa.String(500)),
        sa.Column("sampling_rate", sa.Float, nullable=False),
        sa.Column("unit", sa.String(32), nullable=False),
        sa.Column("channels", sa.JSON, nullable=False),
        sa.Column("n_samples", sa.Integer, nullable=False),
        sa.Column("t0", sa.Float, nullable=False),
        sa.Column("signal_npz", sa.LargeBinary, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("meta", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("athlete_id", "content_hash", name="uq_trial_athlete_hash"),
    )
    op.create_index("ix_trials_content_hash", "trials", ["content_hash"])
    op.create_table(
        "analysis_results",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("athlete_id", sa.Integer, sa.ForeignKey("athletes.id", ondelete="RESTRICT")),
        sa.Column("trial_id", sa.Integer, sa.ForeignKey("trials.id", ondelete="RESTRICT")),
        sa.Column("domain", sa.String(32), nullable=False),
        sa.Column("kind", sa.String(64), nullable=False),
        sa.Column("performed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("method", sa.JSON, nullable=False),
        sa.Column("software_version", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_analysis_results_athlete_id", "analysis_results", ["athlete_id"])
    op.create_index("ix_analysis_results_trial_id", "analysis_results", ["trial_id"])
    op.create_index("ix_analysis_results_performed_at", "analysis_results", ["performed_at"])
    op.create_table(
        "metrics",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "result_id",
            sa.Integer,
            sa.ForeignKey("analysis_results.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("athlete_id", sa.Integer, sa.ForeignKey("athletes.id", ondelete="RESTRICT")),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("value", sa.Float, nullable=False),
        sa.Column("unit", sa.String(32)),
        sa.Column("performed_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_metrics_result_id", "metrics", ["result_id"])
    op.create_index("ix_metrics_athlete_id", "metrics", ["athlete_id"])
    op.create_index("ix_metrics_name", "metrics", ["name"])
    op.create_index("ix_metrics_performed_at", "metrics", ["performed_at"])


def downgrade() -> None:
    op.drop_table("metrics")
    op.drop_table("analysis_results")
    op.drop_table("trials")
    op.drop_table("athletes")
