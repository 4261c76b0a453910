"""SQLAlchemy 2 schema of the athlete store.

The schema is created and changed only by Alembic migrations (``migrations/versions``); these
classes mirror it for the ORM. Raw signals are stored losslessly (compressed ``.npz`` bytes)
with their sampling rate, unit, channels and a SHA-256 content hash. Every computed result
records the method parameters and the neurolift version that produced it.

The training (``training_models``) and account (``accounts_models``) tables are declared on the
same ``Base`` in their own modules, which import this one (never the other way round);
``migrations/env.py`` imports them all.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Base(DeclarativeBase):
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Athlete(Base):
    __tablename__ = "athletes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True, nullable=False)
    body_mass_kg: Mapped[float | None] = mapped_column(Float)
    sex: Mapped[str | None] = mapped_column(String(16))
    birth_date: Mapped[dt.date | None] = mapped_column()
    level: Mapped[str | None] = mapped_column(String(32))
    notes: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    trials: Mapped[list[Trial]] = relationship(back_populates="athlete")


class Trial(Base):
    """One recorded test (a CMJ, a set on the bar, an EMG contraction...) with its raw signal."""

    __tablename__ = "trials"
    __table_args__ = (UniqueConstraint("athlete_id", "content_hash", name="uq_trial_athlete_hash"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int | None] = mapped_column(ForeignKey("athletes.id", ondelete="RESTRICT"))
    domain: Mapped[str] = mapped_column(String(32), nullable=False)  # force, vbt, emg, mu
    test_type: Mapped[str] = mapped_column(String(32), nullable=False)  # cmj, sj, imtp, set...
    recorded_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    source_name: Mapped[str | None] = mapped_column(String(500))
    sampling_rate: Mapped[float] = mapped_column(Float, nullable=False)
    unit: Mapped[str] = mapped_column(String(32), nullable=False)
    channels: Mapped[list[Any]] = mapped_column(JSON, nullable=False)
    n_samples: Mapped[int] = mapped_column(Integer, nullable=False)
    t0: Mapped[float] = mapped_column(Float, nullable=False, default=0.0)
    signal_npz: Mapped[bytes] = mapped_column(LargeBinary, nullable=False)
    content_hash: Mapped[str] = mapped_column(String(64), nullable=False, index=True)
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    athlete: Mapped[Athlete | None] = relationship(back_populates="trials")
    results: Mapped[list[AnalysisResult]] = relationship(back_populates="trial")


class AnalysisResult(Base):
    """A whole typed result (its ``to_dict()``) with the method and version that computed it."""

    __tablename__ = "analysis_results"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    athlete_id: Mapped[int | None] = mapped_column(
        ForeignKey("athletes.id", ondelete="RESTRICT"), index=True
    )
    trial_id: Mapped[int | None] = mapped_column(
        ForeignKey("trials.id", ondelete="RESTRICT"), index=True
    )
    domain: Mapped[str] = mapped_column(String(32), nullable=False)
    kind: Mapped[str] = mapped_column(String(64), nullable=False)
    performed_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False)
    method: Mapped[dict[str, Any]] = mapped_column(JSON, nullable=False, default=dict)
    software_version: Mapped[str] = mapped_column(String(64), nullable=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    trial: Mapped[Trial | None] = relationship(back_populates="results")
    metrics: Mapped[list[Metric]] = relationship(
        back_populates="result", cascade="all, delete-orphan"
    )


class Metric(Base):
    """One scalar metric with its unit, for trends and baselines (e.g. CMJ height over weeks)."""

    __tablename__ = "metrics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    result_id: Mapped[int] = mapped_column(
        ForeignKey("analysis_results.id", ondelete="CASCADE"), index=True
    )
    athlete_id: Mapped[int | None] = mapped_column(
        ForeignKey("athletes.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(String(128), nullable=False, index=True)
    value: Mapped[float] = mapped_column(Float, nullable=False)
    unit: Mapped[str | None] = mapped_column(String(32))
    performed_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, index=True
    )

    result: Mapped[AnalysisResult] = relationship(back_populates="metrics")
