"""Force-plate trials: analyse a file and keep it for an athlete.

What to call:

* ``neurolift force analyze``/``force plot`` and an uploaded force file:
  :func:`force_analyze_file`, then :func:`force_trial_save` to keep it for an athlete;
* a folder of files: :func:`neurolift.batch.force_batch` (``neurolift force batch``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from neurolift.io.force import force_read
from neurolift.signals.force import force_analyze
from neurolift.timeseries import TimeSeries

if TYPE_CHECKING:  # the store (SQLAlchemy, pandas) is imported only by whoever saves a trial
    from neurolift.store.repository import ResultRecord, Store

__all__ = ["AnalysedTrial", "force_analyze_file", "force_trial_save"]


@dataclass(frozen=True)
class AnalysedTrial:
    """A force file's signal and the result of its analysis (a jump, jumps or a pull)."""

    signal: TimeSeries
    result: Any


def force_analyze_file(
    path: str | Path,
    *,
    test: str = "auto",
    sampling_rate: float | None = None,
    body_mass_kg: float | None = None,
    drop_height_m: float | None = None,
    **params: Any,
) -> AnalysedTrial:
    """Read a force file (CSV/TXT/TSV or C3D) and analyse it
    (:func:`neurolift.signals.force.force_analyze`; ``params`` are its detection options)."""
    ts = force_read(path, sampling_rate=sampling_rate)
    kw: dict[str, Any] = dict(params)
    if body_mass_kg is not None:
        kw["body_mass_kg"] = body_mass_kg
    if drop_height_m is not None:
        kw["drop_height_m"] = drop_height_m
    return AnalysedTrial(ts, force_analyze(ts, test=test, **kw))


def force_trial_save(
    store: Store,
    athlete: str,
    trial: AnalysedTrial,
    *,
    source_name: str | None = None,
    performed_at: dt.datetime | None = None,
) -> ResultRecord:
    """Keep an analysed force trial (signal and result) for an existing athlete, in one
    transaction; ``performed_at`` defaults to now."""
    return store.save_analysis(
        domain="force",
        kind=trial.result.test,
        result=trial.result,
        athlete=athlete,
        signal=trial.signal,
        source_name=source_name,
        performed_at=performed_at,
    )
