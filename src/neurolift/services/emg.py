"""Surface EMG and decomposed motor units kept in the store.

What to call:

* ``neurolift emg analyze --athlete`` and an EMG upload: :func:`emg_analysis_save` (after
  :func:`neurolift.signals.emg.emg_analyze`);
* ``neurolift emg mvc --athlete``: :func:`emg_mvc_save`; normalisation with it later
  (``emg analyze --stored-mvc``, a page): :func:`emg_stored_mvc`;
* ``neurolift mu analyze --athlete`` and a decomposition upload: :func:`mu_analysis_save`
  (after :func:`neurolift.motorunits.mu_analyze`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from neurolift.errors import NotFoundError
from neurolift.io.decomposition import Decomposition
from neurolift.store.repository import ResultRecord, Store
from neurolift.timeseries import TimeSeries

__all__ = ["emg_analysis_save", "emg_mvc_save", "emg_stored_mvc", "mu_analysis_save"]


def emg_stored_mvc(store: Store, athlete: str) -> dict[str, float]:
    """The athlete's latest MVC amplitude per channel (V), as saved by :func:`emg_mvc_save`."""
    saved = store.results(athlete=athlete, domain="emg", kind="mvc")
    if not saved:
        raise NotFoundError(
            f"emg analyze: no stored MVC for athlete {athlete!r}; record one with `neurolift emg mvc`"
        )
    return {str(k): float(v) for k, v in saved[-1].payload["mvc"].items()}


def _emg_save(
    store: Store,
    athlete: str,
    payload: Mapping[str, Any],
    *,
    kind: str,
    signal: TimeSeries,
    method: Mapping[str, Any],
    source_name: str | None,
    performed_at: dt.datetime | None,
    meta: Mapping[str, Any],
) -> ResultRecord:
    return store.save_analysis(
        domain="emg",
        kind=kind,
        result=payload,
        athlete=athlete,
        signal=signal,
        test_type="emg" if kind == "emg_analyze" else kind,
        source_name=source_name,
        performed_at=performed_at,
        method=method,
        meta=meta,
    )


def emg_analysis_save(
    store: Store,
    athlete: str,
    payload: Mapping[str, Any],
    *,
    signal: TimeSeries,
    method: Mapping[str, Any],
    source_name: str | None = None,
    file_format: str | None = None,
    performed_at: dt.datetime | None = None,
    session: str | None = None,
) -> ResultRecord:
    """Keep an EMG analysis (its ``to_dict()`` as ``payload``) with the raw EMG."""
    meta = {"session": session, "format": file_format}
    return _emg_save(
        store, athlete, payload, kind="emg_analyze", signal=signal, method=method,
        source_name=source_name, performed_at=performed_at, meta=meta,
    )  # fmt: skip


def emg_mvc_save(
    store: Store,
    athlete: str,
    payload: Mapping[str, Any],
    *,
    signal: TimeSeries,
    method: Mapping[str, Any],
    source_name: str | None = None,
    performed_at: dt.datetime | None = None,
    session: str | None = None,
) -> ResultRecord:
    """Keep an MVC trial's amplitudes (``payload`` with an ``mvc`` mapping) and its raw EMG."""
    return _emg_save(
        store, athlete, payload, kind="mvc", signal=signal, method=method,
        source_name=source_name, performed_at=performed_at, meta={"session": session},
    )  # fmt: skip


def mu_analysis_save(
    store: Store,
    athlete: str,
    payload: Mapping[str, Any],
    decomposition: Decomposition,
    *,
    method: Mapping[str, Any],
    source_name: str | None = None,
    performed_at: dt.datetime | None = None,
    session: str | None = None,
) -> ResultRecord:
    """Keep a motor-unit analysis with its force signal and, in the trial's metadata, every
    unit's discharge times (so the decomposition can be re-analysed)."""
    d = decomposition
    return store.save_analysis(
        domain="mu",
        kind="mu_analyze",
        result=payload,
        athlete=athlete,
        signal=d.reference,
        test_type="mu_decomposition",
        source_name=source_name,
        performed_at=performed_at,
        method=method,
        meta={
            "session": session,
            "source": d.source,
            "sampling_rate_hz": d.sampling_rate,
            "unit_names": list(d.unit_names),
            "discharges": [p.tolist() for p in d.discharges],
        },
    )
