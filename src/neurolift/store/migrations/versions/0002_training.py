"""Training system: athlete training profiles, 1RM history, programs and the training log.

Revision ID: 0002_training
Revises: 0001_base
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_training"
down_revision = "0001_base"
branch_labels = None
depends_on = None


def _athlete_fk() -> sa.Column:
    return sa.Column(
        "athlete_id", sa.Integer, sa.ForeignKey("athletes.id", ondelete="CASCADE"), nullable=False
    )


def upgrade() -> None:
    op.create_table(
        "training_profiles",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "athlete_id",
            sa.Integer,
            sa.ForeignKey("athletes.id", ondelete="CASCADE"),
            nullable=False,
            unique=True,
        ),
        sa.Column("training_age_years", sa.Float),
        sa.Column("goals", sa.JSON, nullable=False),
        sa.Column("equipment", sa.JSON, nullable=False),
        sa.Column("available_days", sa.JSON, nullable=False),
        sa.Column("contraindications", sa.JSON, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "one_rms",
        sa.Column("id", sa.Integer, primary_key=True),
        _athlete_fk(),
        sa.Column("exercise", sa.String(64), nullable=False),
        sa.Column("load_kg", sa.Float, nullable=False),
        sa.Column("measured_on", sa.Date, nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_one_rms_athlete_id", "one_rms", ["athlete_id"])
    op.create_table(
        "training_programs",
        sa.Column("id", sa.Integer, primary_key=True),
        _athlete_fk(),
        sa.Column("goal", sa.String(32), nullable=False),
        sa.Column("level", sa.String(32), nullable=False),
        sa.Column("start_date", sa.Date, nullable=False),
        sa.Column("n_weeks", sa.Integer, nullable=False),
        sa.Column("days_per_week", sa.Integer, nullable=False),
        sa.Column("payload", sa.JSON, nullable=False),
        sa.Column("software_version", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_training_programs_athlete_id", "training_programs", ["athlete_id"])
    op.create_table(
        "set_logs",
        sa.Column("id", sa.Integer, primary_key=True),
        _athlete_fk(),
        sa.Column("performed_on", sa.Date, nullable=False),
        sa.Column("exercise", sa.String(64), nullable=False),
        sa.Column("set_index", sa.Integer, nullable=False),
        sa.Column("load_kg", sa.Float, nullable=False),
        sa.Column("reps", sa.Integer, nullable=False),
        sa.Column("rir", sa.Float),
        sa.Column("rpe", sa.Float),
        sa.Column("mean_velocity_m_s", sa.Float),
        sa.Column("peak_velocity_m_s", sa.Float),
        sa.Column("velocity_loss_pct", sa.Float),
        sa.Column("target_load_kg", sa.Float),
        sa.Column("target_reps", sa.Integer),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_set_logs_athlete_id", "set_logs", ["athlete_id"])
    op.create_index("ix_set_logs_performed_on", "set_logs", ["performed_on"])
    op.create_table(
        "plyo_logs",
        sa.Column("id", sa.Integer, primary_key=True),
        _athlete_fk(),
        sa.Column("performed_on", sa.Date, nullable=False),
        sa.Column("exercise", sa.String(64), nullable=False),
        sa.Column("contacts", sa.Integer, nullable=False),
        sa.Column("tier", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_plyo_logs_athlete_id", "plyo_logs", ["athlete_id"])
    op.create_index("ix_plyo_logs_performed_on", "plyo_logs", ["performed_on"])
    op.create_table(
        "nmes_logs",
        sa.Column("id", sa.Integer, primary_key=True),
        _athlete_fk(),
        sa.Column("performed_on", sa.Date, nullable=False),
        sa.Column("muscle", sa.String(64), nullable=False),
        sa.Column("frequency_hz", sa.Float, nullable=False),
        sa.Column("pulse_width_us", sa.Float, nullable=False),
        sa.Column("on_s", sa.Float, nullable=False),
        sa.Column("off_s", sa.Float, nullable=False),
        sa.Column("contractions", sa.Integer, nullable=False),
        sa.Column("intensity_ma", sa.Float),
        sa.Column("evoked_pct_mvc", sa.Float),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_nmes_logs_athlete_id", "nmes_logs", ["athlete_id"])
    op.create_index("ix_nmes_logs_performed_on", "nmes_logs", ["performed_on"])
    op.create_table(
        "wellness_logs",
        sa.Column("id", sa.Integer, primary_key=True),
        _athlete_fk(),
        sa.Column("performed_on", sa.Date, nullable=False),
        sa.Column("sleep_h", sa.Float, nullable=False),
        sa.Column("sleep_quality", sa.Integer, nullable=False),
        sa.Column("energy", sa.Integer, nullable=False),
        sa.Column("mood", sa.Integer, nullable=False),
        sa.Column("stress", sa.Integer, nullable=False),
        sa.Column("soreness", sa.Integer, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("athlete_id", "performed_on", name="uq_wellness_athlete_day"),
    )
    op.create_index("ix_wellness_logs_athlete_id", "wellness_logs", ["athlete_id"])
    op.create_index("ix_wellness_logs_performed_on", "wellness_logs", ["performed_on"])


def downgrade() -> None:
    for table in (
        "wellness_logs",
        "nmes_logs",
        "plyo_logs",
        "set_logs",
        "training_programs",
        "one_rms",
        "training_profiles",
    ):
        op.drop_table(table)
