"""ORM classes of the training system (migration ``0002_training``): profiles, 1RMs, programs
and the training log (sets, plyometric contacts, NMES doses, wellness), whose entries carry a
natural key (migration ``0004_log_keys``); the per-athlete change counter of readiness data that
database triggers keep (migration ``0005_readiness_versions``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from neurolift.store.models import Base, utcnow


class TrainingProfile(Base):
    __tablename__ = "training_profiles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), unique=True, nullable=False
    )
    training_age_years: Mapped[float | None] = mapped_column(Float)
    goals: Mapped[list[Any]] = mapped_column(JSON, nullable=False, default=list)
    equipment: Mapped[list[Any]] = mapped_column(JSON, nullable=False, default=list)
    available_days: Mapped[list[Any]] = mapped_column(JSON, nullable=False, default=list)
    contraindications: Mapped[list[Any]] = mapped_column(JSON, nullable=False, default=list)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class OneRmRecord(Base):
    __tablename__ = "one_rms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True, nullable=False
    )
    exercise: Mapped[str] = mapped_column(String(64), nullable=False)
    load_kg: Mapped[float] = mapped_column(Float, nullable=False)
    measured_on: Mapped[dt.date] = mapped_column(Date, nullable=False)
    method: Mapped[str] = mapped_column(String(16), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class TrainingProgram(Base):
    __tablename__ = "training_programs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True, nullable=False
    )
    goal: Mapped[str] = mapped_column(String(32), nullable=False)
    level: Mapped[str] = mapped_column(String(32), nullable=False)
    start_date: Mapped[dt.date] = mapped_column(Date, nullable=False)
    n_weeks: Mapped[int] = mapped_column(Integer, nullable=False)
    days_per_week: Mapped[int] = mapped_column(Integer, nullable=False)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    software_version: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class SetLogRow(Base):
    __tablename__ = "set_logs"
    __table_args__ = (  # natural key (migration 0004_log_keys)
        Index(
            "uq_set_logs_entry", "athlete_id", "performed_on", "exercise", "set_index", unique=True
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True, nullable=False
    )
    performed_on: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    exercise: Mapped[str] = mapped_column(String(64), nullable=False)
    set_index: Mapped[int] = mapped_column(Integer, nullable=False)
    load_kg: Mapped[float] = mapped_column(Float, nullable=False)
    reps: Mapped[int] = mapped_column(Integer, nullable=False)
    rir: Mapped[float | None] = mapped_column(Float)
    rpe: Mapped[float | None] = mapped_column(Float)
    mean_velocity_m_s: Mapped[float | None] = mapped_column(Float)
    peak_velocity_m_s: Mapped[float | None] = mapped_column(Float)
    velocity_loss_pct: Mapped[float | None] = mapped_column(Float)
    target_load_kg: Mapped[float | None] = mapped_column(Float)
    target_reps: Mapped[int | None] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PlyoLogRow(Base):
    __tablename__ = "plyo_logs"
    __table_args__ = (
        Index("uq_plyo_logs_entry", "athlete_id", "performed_on", "exercise", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True, nullable=False
    )
    performed_on: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    exercise: Mapped[str] = mapped_column(String(64), nullable=False)
    contacts: Mapped[int] = mapped_column(Integer, nullable=False)
    tier: Mapped[str] = mapped_column(String(16), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class NmesLogRow(Base):
    __tablename__ = "nmes_logs"
    __table_args__ = (
        Index("uq_nmes_logs_entry", "athlete_id", "performed_on", "muscle", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True, nullable=False
    )
    performed_on: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    muscle: Mapped[str] = mapped_column(String(64), nullable=False)
    frequency_hz: Mapped[float] = mapped_column(Float, nullable=False)
    pulse_width_us: Mapped[float] = mapped_column(Float, nullable=False)
    on_s: Mapped[float] = mapped_column(Float, nullable=False)
    off_s: Mapped[float] = mapped_column(Float, nullable=False)
    contractions: Mapped[int] = mapped_column(Integer, nullable=False)
    intensity_ma: Mapped[float | None] = mapped_column(Float)
    evoked_pct_mvc: Mapped[float | None] = mapped_column(Float)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class WellnessLogRow(Base):
    __tablename__ = "wellness_logs"
    __table_args__ = (
        UniqueConstraint("athlete_id", "performed_on", name="uq_wellness_athlete_day"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True, nullable=False
    )
    performed_on: Mapped[dt.date] = mapped_column(Date, nullable=False, index=True)
    sleep_h: Mapped[float] = mapped_column(Float, nullable=False)
    sleep_quality: Mapped[int] = mapped_column(Integer, nullable=False)
    energy: Mapped[int] = mapped_column(Integer, nullable=False)
    mood: Mapped[int] = mapped_column(Integer, nullable=False)
    stress: Mapped[int] = mapped_column(Integer, nullable=False)
    soreness: Mapped[int] = mapped_column(Integer, nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ReadinessVersion(Base):
    """How often the readiness data of an athlete changed: triggers on the athlete, profile,
    set, check-in, metric, result and team-membership tables raise ``version`` in the writing
    transaction (never written by the application)."""

    __tablename__ = "readiness_versions"

    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    version: Mapped[int] = mapped_column(BigInteger, nullable=False)
