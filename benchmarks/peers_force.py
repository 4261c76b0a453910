"""Cross-check neurolift's countermovement-jump metrics against the peers plateforce and jumpmetrics.

Run from a venv that has the ``[peers]`` extra (the peers are never needed by ``make test``)::

    python benchmarks/peers_force.py            # markdown tables for BENCHMARKS.md
    python benchmarks/peers_force.py --json     # the same numbers as JSON

Trials: the real CMJ recordings shipped in ``tests/data/force`` (1000 Hz, inferred by the sources'
tools) - the Gidiel-Machado single- and dual-plate files, the Sams single trial and the four
standalone jumps of the Sams long file. The long file is cut into one segment per jump, from 3.0 s
before to 1.5 s after take-off, where take-off is the first sample of a run of at least 150 ms below
20 N (a library-independent rule, so no tool's own event detection chooses the segment).

Each peer is called the way its documentation shows, with its documented defaults:

- plateforce 0.1.x (README example): ``bwepoch.fixed_window`` (duration 1 s, at the trial start),
  ``onset.threshold.noise_relative`` (k = 5, 30 ms persistence, 30 ms back-off, downward only),
  ``takeoff.threshold.absolute_force`` (20 N, first sample below); peak force from
  ``force.peak.gross`` over the ``window_end.takeoff.detected`` window (trial start -> take-off).
- jumpmetrics 0.2.x: the steps of its one-call wrapper ``process_jump_trial`` (which raises
  when the athlete stays on the plate after landing - :func:`jumpmetrics_wrapper_error`), with the
  wrapper's defaults: 4th-order 50 Hz Butterworth (filtfilt), take-off = first sample of a 0.25 s
  run with |F| < 10 N (searched after force first exceeds 1000 N), the 2 s before take-off kept,
  body weight = mean of the first 0.25 s of that crop (``ForceTimeCurveCMJTakeoffProcessor``
  default), velocity integrated from the start of the crop, onset = 5 SD below the mean of the
  first 0.5 s on a 0.2 s Savitzky-Golay-smoothed trace held for 175 ms, peak force = first peak
  of prominence 50 N after the braking start.

The functions here return plain dicts with the four compared metrics (SI units) so
``tests/signals/force/test_peers.py`` and ``benchmarks/bench_force.py`` share one way of calling
each tool.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from neurolift.io.force import force_read
from neurolift.signals.force import cmj_metrics
from neurolift.timeseries import TimeSeries

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "force"
FS_HZ = 1000.0
METRICS = ("jump_height_m", "takeoff_velocity_m_s", "time_to_takeoff_s", "peak_force_n")
# differences the issue asks us to explain: > 5 mm of jump height, > 2 % otherwise
HEIGHT_TOL_M = 0.005
REL_TOL = 0.02

# the files every tool reads, and the long file cut into one segment per jump
CMJ_FILES = (
    "gidiel_Single-CMJ-Fz.txt",
    "gidiel_Dual-CMJ-Fz.txt",
    "gpl/sams_cmj_single_trial_dual_fp.csv",
)
LONG_FILE = "gpl/sams_jumps_long_1_dual_fp.csv"
SEGMENT_BEFORE_S = 3.0
SEGMENT_AFTER_S = 1.5


@dataclass(frozen=True)
class Trial:
    """One CMJ: total vertical force (N) at ``fs`` Hz, and the per-plate trace neurolift sees."""

    label: str
    force_n: np.ndarray
    fs: float
    series: TimeSeries  # what neurolift analyses (one or two plate channels)


def flight_starts(
    total: np.ndarray, fs: float, threshold_n: float = 20.0, min_flight_s: float = 0.15
) -> list[int]:
    """First samples of runs of at least ``min_flight_s`` below ``threshold_n`` after loading."""
    below = total < threshold_n
    edges = np.diff(np.concatenate(([0], below.astype(np.int8), [0])))
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    k = int(round(min_flight_s * fs))
    return [
        int(a)
        for a, b in zip(starts, stops, strict=True)
        if a > 0 and b - a >= k and b < total.size
    ]


def real_trials() -> list[Trial]:
    """The seven real CMJs (three files, four segments of the long file)."""
    out: list[Trial] = []
    for name in CMJ_FILES:
        ts = force_read(DATA / name, sampling_rate=FS_HZ)
        out.append(Trial(Path(name).name, ts.as_2d().sum(axis=1), FS_HZ, ts))
    ts = force_read(DATA / LONG_FILE, sampling_rate=FS_HZ)
    values = ts.as_2d()
    total = values.sum(axis=1)
    for i, to in enumerate(flight_starts(total, FS_HZ), start=1):
        a, b = to - int(SEGMENT_BEFORE_S * FS_HZ), to + int(SEGMENT_AFTER_S * FS_HZ)
        seg = TimeSeries(values[a:b], FS_HZ, "N", ts.channels)
        out.append(Trial(f"sams_long_1 jump {i}", total[a:b], FS_HZ, seg))
    return out


# --------------------------------------------------------------------------- neurolift
def neurolift_cmj(trial: Trial, **params: Any) -> dict[str, float]:
    """neurolift ``cmj_metrics`` (defaults unless ``params`` say otherwise)."""
    r = cmj_metrics(trial.series, **params)
    return {
        "jump_height_m": r.jump_height_impulse_m,
        "takeoff_velocity_m_s": r.takeoff_velocity_m_s,
        "time_to_takeoff_s": r.time_to_takeoff_s,
        "peak_force_n": max(r.peak_propulsive_force_n, r.peak_braking_force_n or -np.inf),
        "body_weight_n": r.body_weight_n,
        "onset_s": r.onset_s,
        "takeoff_s": r.takeoff_s,
        "weighing_start_s": r.weighing_start_s,
    }


# --------------------------------------------------------------------------- plateforce
_PF_REGISTRY = None


def _pf_registry():  # type: ignore[no-untyped-def]
    global _PF_REGISTRY
    import plateforce as pf

    if _PF_REGISTRY is None:
        _PF_REGISTRY = pf.Registry.load()
    return _PF_REGISTRY


def plateforce_methods(
    *,
    weighing: str = "bwepoch.fixed_window",
    weighing_params: dict[str, float] | None = None,
    onset: str = "onset.threshold.noise_relative",
    onset_params: dict[str, float] | None = None,
    takeoff: str = "takeoff.threshold.absolute_force",
    takeoff_params: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Bound plateforce methods (README defaults unless told otherwise), reusable across trials."""
    reg = _pf_registry()
    wp = (
        {"duration": 1.0}
        if weighing_params is None and weighing == "bwepoch.fixed_window"
        else (weighing_params or {})
    )
    op = (
        {"k": 5.0}
        if onset_params is None and onset == "onset.threshold.noise_relative"
        else (onset_params or {})
    )
    tp = {"threshold_n": 20.0} if takeoff_params is None else takeoff_params
    return {
        "weighing_epoch": reg.method(weighing).bind(**wp),
        "onset": reg.method(onset).bind(**op),
        "takeoff": reg.method(takeoff).bind(**tp),
        "derived": {
            "peak_force": reg.method("force.peak.gross").bind(),
            "analysis_window": reg.method("window_end.takeoff.detected").bind(),
        },
    }


def plateforce_cmj(
    force_n: np.ndarray,
    fs: float,
    methods: dict[str, Any] | None = None,
    *,
    two_sided: bool = False,
    onset_index: int | None = None,
) -> dict[str, float]:
    """plateforce ``analyse_countermovement_jump``; raises RuntimeError when it refuses a step.

    ``two_sided`` sets the onset operator's direction to ``two_sided`` (default ``below_only``);
    ``onset_index`` imposes the onset sample (plateforce's own override).
    """
    import plateforce as pf

    m = methods if methods is not None else plateforce_methods()
    trial = pf.Trial(np.ascontiguousarray(force_n, dtype=np.float64), sample_rate_hz=float(fs))
    j = pf.analyse_countermovement_jump(
        trial,
        onset_options={"direction": "two_sided"} if two_sided else None,
        onset_index=onset_index,
        **m,
    )
    if j.refusals or j.takeoff_velocity_meters_per_second is None:
        raise RuntimeError(f"plateforce refused: {j.refusals}")
    return _plateforce_values(j)


def _plateforce_values(j: Any) -> dict[str, float]:
    return {
        "jump_height_m": j.jump_height_takeoff_frame_meters.value,
        "takeoff_velocity_m_s": j.takeoff_velocity_meters_per_second.value,
        "time_to_takeoff_s": j.time_to_takeoff_seconds.value,
        "peak_force_n": j.value("peak_force_newtons").value,
        "body_weight_n": j.system_weight_newtons.value,
        "onset_s": j.onset_time_seconds.value,
        "takeoff_s": j.takeoff_time_seconds.value,
    }


# --------------------------------------------------------------------------- jumpmetrics
def jumpmetrics_cmj(
    force_n: np.ndarray,
    fs: float,
    *,
    lowpass_hz: float | None = 50.0,
    weighing_time_s: float = 0.25,
    crop_s: float = 2.0,
    quiet_period_s: float = 0.5,
    takeoff_threshold_n: float = 10.0,
    min_flight_s: float = 0.25,
) -> dict[str, float]:
    """jumpmetrics, step by step as its ``process_jump_trial`` wrapper does the take-off part.

    ``lowpass_hz=None`` skips the filter (the wrapper's ``lowpass_filter=False``);
    ``takeoff_threshold_n``/``min_flight_s`` are ``find_frame_when_off_plate``'s
    ``force_threshold``/``flight_time_threshold`` (10 N, 0.25 s by default).
    """
    import pandas as pd
    from jumpmetrics.core.io import (
        find_first_frame_where_force_exceeds_threshold,
        find_frame_when_off_plate,
        get_n_seconds_before_takeoff,
    )
    from jumpmetrics.core.processors import ForceTimeCurveCMJTakeoffProcessor
    from jumpmetrics.signal_processing.filters import butterworth_filter

    series = pd.Series(np.asarray(force_n, dtype=np.float64))
    fs_i = int(round(fs))
    if lowpass_hz is not None:
        series = pd.Series(
            butterworth_filter(arr=series, cutoff_frequency=lowpass_hz, fps=fs_i, padding=fs_i)
        )
    first = find_first_frame_where_force_exceeds_threshold(force_trace=series, threshold=1000)
    takeoff = find_frame_when_off_plate(
        force_trace=series[first:],
        sampling_frequency=fs_i,
        flight_time_threshold=min_flight_s,
        force_threshold=takeoff_threshold_n,
    )
    if takeoff < 0:
        raise RuntimeError("jumpmetrics found no take-off (no 0.25 s run below 10 N)")
    crop = get_n_seconds_before_takeoff(
        force_trace=series, sampling_frequency=fs_i, takeoff_frame=takeoff, n=crop_s
    )
    proc = ForceTimeCurveCMJTakeoffProcessor(
        force_series=crop, sampling_frequency=fs_i, weighing_time=weighing_time_s
    )
    proc.get_jump_events(unweighting_phase_quiet_period=quiet_period_s)
    proc.compute_jump_metrics()
    jm = proc.jump_metrics
    start = takeoff - len(crop)
    return {
        "jump_height_m": float(jm["jump_height_takeoff_velocity"]),
        "takeoff_velocity_m_s": float(jm["takeoff_velocity"]),
        "time_to_takeoff_s": float(jm["movement_time"]),
        "peak_force_n": float(jm["peak_force"]),
        "body_weight_n": float(proc.body_weight),
        "onset_s": (start + proc.start_of_unweighting_phase) / fs
        if proc.start_of_unweighting_phase >= 0
        else float("nan"),
        "takeoff_s": takeoff / fs,
        "max_force_n": float(jm["maximum_force"]),
    }


def jumpmetrics_wrapper_error(force_n: np.ndarray, fs: float) -> str | None:
    """Run jumpmetrics' one-call ``process_jump_trial``; return its error message (None if it works)."""
    from jumpmetrics.core.jump_processing import process_jump_trial

    try:
        process_jump_trial(
            np.asarray(force_n, dtype=np.float64), int(round(fs)), "countermovement", 0.25, "x"
        )
    except Exception as exc:  # the peer's own failure is what we report
        return f"{type(exc).__name__}: {exc}"
    return None


def preonset_velocity(trial: Trial, *, crop_s: float, weighing_s: float) -> dict[str, float]:
    """Velocity a crop-start integration (jumpmetrics) has already gathered at neurolift's onset.

    Body weight = mean of the first ``weighing_s`` of a crop starting ``crop_s`` before
    neurolift's take-off; (F - BW)/m integrated by the trapezoid rule from the crop start to
    neurolift's onset. neurolift integrates from the onset (velocity 0 there), so this is the
    velocity error that integrating through the standing phase carries into take-off.
    """
    nl = neurolift_cmj(trial)
    F, fs = trial.force_n, trial.fs
    to, on = int(round(nl["takeoff_s"] * fs)), int(round(nl["onset_s"] * fs))
    a = max(0, to - int(round(crop_s * fs)))
    bw = float(F[a : a + int(round(weighing_s * fs))].mean())
    acc = (F[a : on + 1] - bw) / (bw / 9.81)
    v = float(np.sum(0.5 * (acc[1:] + acc[:-1])) / fs)
    return {
        "body_weight_n": bw,
        "neurolift_body_weight_n": nl["body_weight_n"],
        "velocity_at_onset_m_s": v,
    }


# --------------------------------------------------------------------------- comparison
def differs(name: str, a: float, b: float) -> bool:
    """True when ``a`` and ``b`` differ by more than the issue's tolerance (5 mm height, else 2 %)."""
    if name == "jump_height_m":
        return abs(a - b) > HEIGHT_TOL_M
    return abs(a - b) > REL_TOL * abs(b)


def compare(trials: list[Trial]) -> dict[str, Any]:
    """Default-method results of all three tools, plus the reruns that explain the differences."""
    logging.getLogger().setLevel(logging.ERROR)  # jumpmetrics logs through the root logger
    rows: list[dict[str, Any]] = []
    for t in trials:
        row: dict[str, Any] = {"trial": t.label, "neurolift": neurolift_cmj(t)}
        for tool, fn in (
            ("plateforce", lambda t: plateforce_cmj(t.force_n, t.fs)),
            ("jumpmetrics", lambda t: jumpmetrics_cmj(t.force_n, t.fs)),
        ):
            try:
                row[tool] = fn(t)
            except ImportError:
                row[tool] = None
            except Exception as exc:  # a peer's failure on a real file is a finding, not a crash
                row[tool] = {"error": f"{type(exc).__name__}: {exc}"}
        rows.append(row)

    # reruns: each peer moved to neurolift's choice (or neurolift to the peer's), one choice at a time
    reruns: dict[str, list[dict[str, Any]]] = {}

    def add(name: str, fn: Any) -> None:
        out = []
        for t in trials:
            try:
                out.append({"trial": t.label, **fn(t)})
            except ImportError:
                return
            except Exception as exc:
                out.append({"trial": t.label, "error": f"{type(exc).__name__}: {exc}"})
        reruns[name] = out

    try:
        persist = plateforce_methods(takeoff_params={"threshold_n": 20.0, "persistence_ms": 150.0})
        matched = plateforce_methods(
            weighing="bwepoch.adaptive_lowest_variance",
            weighing_params={"window_seconds": 1.0},
            takeoff_params={"threshold_n": 20.0, "persistence_ms": 150.0},
        )
    except ImportError:
        pass
    else:
        add(
            "P1 plateforce, take-off must persist 150 ms",
            lambda t: plateforce_cmj(t.force_n, t.fs, persist),
        )
        add(
            "P2 plateforce with neurolift's choices: 150 ms take-off persistence, lowest-SD 1 s "
            "weighing, two-sided onset",
            lambda t: plateforce_cmj(t.force_n, t.fs, matched, two_sided=True),
        )
        add(
            "P3 as P2, onset sample imposed from neurolift (plateforce's onset_index)",
            lambda t: plateforce_cmj(
                t.force_n,
                t.fs,
                matched,
                two_sided=True,
                onset_index=int(round(neurolift_cmj(t)["onset_s"] * t.fs)),
            ),
        )
    add(
        "J1 jumpmetrics without its 50 Hz filter",
        lambda t: jumpmetrics_cmj(t.force_n, t.fs, lowpass_hz=None),
    )
    add(
        "J2 jumpmetrics with a 20 N / 150 ms take-off",
        lambda t: jumpmetrics_cmj(t.force_n, t.fs, takeoff_threshold_n=20.0, min_flight_s=0.15),
    )
    add(
        "J3 jumpmetrics with neurolift's choices where it has a knob: no filter, 20 N / 150 ms take-off, "
        "3 s crop, 1 s weighing and quiet period",
        lambda t: jumpmetrics_cmj(
            t.force_n,
            t.fs,
            lowpass_hz=None,
            takeoff_threshold_n=20.0,
            min_flight_s=0.15,
            crop_s=3.0,
            weighing_time_s=1.0,
            quiet_period_s=1.0,
        ),
    )
    add(
        "N1 neurolift with jumpmetrics' take-off (10 N for 0.25 s)",
        lambda t: neurolift_cmj(t, takeoff_threshold_n=10.0, min_flight_s=0.25),
    )
    add(
        "N2 neurolift without the 30 ms onset back-off",
        lambda t: neurolift_cmj(t, onset_backoff_s=0.0),
    )
    add(
        "N3 neurolift, VALD-style fixed 20 N onset",
        lambda t: neurolift_cmj(t, onset_method="fixed"),
    )
    add(
        "N4 neurolift, flight-noise take-off",
        lambda t: neurolift_cmj(t, takeoff_method="flight_noise"),
    )
    add("N5 neurolift, 0.25 s weighing", lambda t: neurolift_cmj(t, weighing_duration_s=0.25))
    return {"rows": rows, "reruns": reruns}


def _fmt(name: str, x: float) -> str:
    if name == "jump_height_m":
        return f"{100 * x:.2f}"
    if name == "takeoff_velocity_m_s":
        return f"{x:.3f}"
    if name == "time_to_takeoff_s":
        return f"{1000 * x:.0f}"
    return f"{x:.0f}"


EXTRA_HEAD = " | body weight (N) | onset (s) | take-off (s) |"


def _extra(v: dict[str, float]) -> str:
    return f" | {v['body_weight_n']:.1f} | {v['onset_s']:.3f} | {v['takeoff_s']:.4f} |"


def markdown(result: dict[str, Any]) -> str:
    """The tables for BENCHMARKS.md: values, then differences beyond tolerance marked with '*'."""
    head = {
        "jump_height_m": "height (cm)",
        "takeoff_velocity_m_s": "v_to (m/s)",
        "time_to_takeoff_s": "time to take-off (ms)",
        "peak_force_n": "peak force (N)",
    }
    lines = [
        "| trial | tool | " + " | ".join(head[m] for m in METRICS) + EXTRA_HEAD,
        "|---|---|" + "---|" * (len(METRICS) + 3),
    ]
    for row in result["rows"]:
        base = row["neurolift"]
        for tool in ("neurolift", "plateforce", "jumpmetrics"):
            v = row.get(tool)
            if v is None:
                lines.append(
                    f"| {row['trial']} | {tool} | peer not installed |" + " |" * (len(METRICS) + 2)
                )
                continue
            if "error" in v:
                lines.append(
                    f"| {row['trial']} | {tool} | {v['error']} |" + " |" * (len(METRICS) + 2)
                )
                continue
            cells = []
            for m in METRICS:
                mark = "*" if tool != "neurolift" and differs(m, v[m], base[m]) else ""
                cells.append(_fmt(m, v[m]) + mark)
            lines.append(f"| {row['trial']} | {tool} | " + " | ".join(cells) + _extra(v))
    lines.append("")
    lines.append("`*` = differs from neurolift by more than 5 mm (height) or 2 % (others).")
    for name, rows in result["reruns"].items():
        lines.append("")
        lines.append(f"Rerun - {name}:")
        lines.append("")
        lines.append("| trial | " + " | ".join(head[m] for m in METRICS) + EXTRA_HEAD)
        lines.append("|---|" + "---|" * (len(METRICS) + 3))
        for r in rows:
            if "error" in r:
                lines.append(f"| {r['trial']} | {r['error']} |" + " |" * (len(METRICS) + 2))
            else:
                lines.append(
                    f"| {r['trial']} | " + " | ".join(_fmt(m, r[m]) for m in METRICS) + _extra(r)
                )
    return "\n".join(lines)


def versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    out = {}
    for pkg in ("neurolift", "plateforce", "jumpmetrics", "numpy", "scipy", "pandas"):
        try:
            out[pkg] = version(pkg)
        except PackageNotFoundError:
            out[pkg] = "not installed"
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--json", action="store_true", help="print JSON instead of markdown")
    args = ap.parse_args(argv)
    trials = real_trials()
    result = compare(trials)
    result["versions"] = versions()
    errs = {}
    try:
        for t in trials:
            errs[t.label] = jumpmetrics_wrapper_error(t.force_n, t.fs)
    except ImportError:
        errs = {"jumpmetrics": "peer not installed"}
    result["jumpmetrics_wrapper"] = errs
    if args.json:
        json.dump(result, sys.stdout, indent=1, default=float)
        print()
        return 0
    print("versions: " + ", ".join(f"{k} {v}" for k, v in result["versions"].items()))
    print()
    print(markdown(result))
    print()
    print(
        "Velocity gathered before neurolift's onset by integrating from the crop start (jumpmetrics):"
    )
    print()
    print(
        "| trial | crop 2 s, weigh 0.25 s: BW (N) | v at onset (mm/s) | crop 3 s, weigh 1 s: BW (N) "
        "| v at onset (mm/s) | neurolift BW (N) |"
    )
    print("|---|---|---|---|---|---|")
    for t in trials:
        a = preonset_velocity(t, crop_s=2.0, weighing_s=0.25)
        b = preonset_velocity(t, crop_s=3.0, weighing_s=1.0)
        print(
            f"| {t.label} | {a['body_weight_n']:.1f} | {1000 * a['velocity_at_onset_m_s']:.0f} | "
            f"{b['body_weight_n']:.1f} | {1000 * b['velocity_at_onset_m_s']:.0f} | "
            f"{a['neurolift_body_weight_n']:.1f} |"
        )
    print()
    print("jumpmetrics one-call process_jump_trial:")
    for k, v in errs.items():
        print(f"- {k}: {v or 'ran'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
