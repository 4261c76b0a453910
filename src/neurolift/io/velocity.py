"""Barbell velocity readers: Chronojump raw streams, generic CSV, IMU CSV, OpenBarbell JSON, rep CSVs.

Signals come out as :class:`~neurolift.timeseries.TimeSeries` in SI units (position ``"m"``,
velocity ``"m/s"``, acceleration ``"m/s^2"``); per-rep summaries as typed records or a
:class:`pandas.DataFrame` with unit-suffixed columns. Loads are converted from lb to kg at the
edge. Dirty values are flagged with a warning and excluded, never used.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from neurolift._deprecation import deprecated_alias
from neurolift._results import Result
from neurolift._validation import check_sampling_rate
from neurolift.errors import FileFormatError, SamplingRateError, SignalError, UnitError
from neurolift.io._text import (
    TIME_JITTER_STREAM,
    find_time_column,
    names_the_file,
    read_json,
    read_text,
    sampling_rate_from_time,
    table_read,
)
from neurolift.timeseries import TimeSeries
from neurolift.units import LB_TO_KG, STANDARD_GRAVITY_M_S2

__all__ = [
    "OpenBarbellRep",
    "OpenBarbellSet",
    "OpenBarbellData",
    "velocity_read_chronojump",
    "velocity_write_chronojump",
    "velocity_read_csv",
    "velocity_read_imu",
    "velocity_read_openbarbell",
    "velocity_read_rep_summary",
    "velocity_read",
]

# ----------------------------------------------------------------------------------------------
# Chronojump raw encoder stream


@names_the_file
def velocity_read_chronojump(
    path: str | Path, *, sampling_rate: float = 1000.0, inverted: bool = False
) -> TimeSeries:
    """Read a Chronojump raw encoder file as bar position (m).

    The format is a comma- or whitespace-separated list of integers, each the displacement in mm
    during one sample (1 ms at Chronojump's fixed 1 kHz), so position is their cumulative sum.
    Lines starting with ``#`` are comments.

    Parameters
    ----------
    path : str or Path
    sampling_rate : float
        Hz; Chronojump encoders always record at 1000 Hz.
    inverted : bool
        Flip the sign (Chronojump's ``LINEARINVERTED`` mounting).

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "set.txt"
    >>> _ = p.write_text("0, 1, 2, 2, 1, 0")
    >>> velocity_read_chronojump(p).values.tolist()
    [0.0, 0.001, 0.003, 0.005, 0.006, 0.006]
    """
    where = "velocity_read_chronojump"
    fs = check_sampling_rate(sampling_rate, where=where)
    p = Path(path)
    text = p.read_text(encoding="utf-8", errors="replace")
    parts: list[np.ndarray] = []
    if "#" not in text and text.strip():
        # no comments: every token at once (a bad token falls through to the line loop below,
        # which names its line)
        try:
            tokens = text.replace(",", " ").replace(";", " ").split()  # = re.split("[,\\s;]+")
            parts.append(np.array(tokens, dtype=np.int64).astype(np.float64))
        except (ValueError, OverflowError):
            parts = []
    for lineno, line in enumerate([] if parts else text.splitlines(), start=1):
        body = line.split("#", 1)[0].strip()
        if not body:
            continue
        tokens = [t for t in re.split(r"[,\s;]+", body) if t]
        try:
            parts.append(np.array([int(t) for t in tokens], dtype=np.float64))
        except ValueError:
            bad = next(t for t in tokens if not re.fullmatch(r"[+-]?\d+", t))
            raise FileFormatError(
                f"{where}: {bad!r} is not an integer displacement in mm; a Chronojump raw file "
                "holds one integer per 1 ms sample",
                path=str(p),
                line=lineno,
            ) from None
    if not parts:
        raise FileFormatError(f"{where}: no samples in the file", path=str(p))
    mm = np.concatenate(parts)
    if np.abs(mm).max() > 50:
        raise FileFormatError(
            f"{where}: displacement of {np.abs(mm).max():.0f} mm in one sample (> 50 m/s at 1 kHz); "
            "this is not a Chronojump raw stream",
            path=str(p),
        )
    pos = np.cumsum(-mm if inverted else mm) / 1000.0
    return TimeSeries(pos, fs, "m", ("position",))


def velocity_write_chronojump(path: str | Path, signal: TimeSeries, *, per_line: int = 100) -> Path:
    """Write bar position (m) at 1 kHz as a Chronojump raw file (integer mm per sample).

    Position is rounded to whole millimetres first, so rounding errors never accumulate.

    Examples
    --------
    >>> import tempfile
    >>> ts = TimeSeries(np.array([0.0, 0.0012, 0.0031, 0.0049]), 1000, "m")
    >>> p = velocity_write_chronojump(Path(tempfile.mkdtemp()) / "s.txt", ts)
    >>> velocity_read_chronojump(p).values.tolist()
    [0.0, 0.001, 0.003, 0.005]
    """
    if signal.sampling_rate != 1000.0:
        raise SamplingRateError(
            f"velocity_write_chronojump: Chronojump raw files are 1 kHz, got {signal.sampling_rate:g} Hz; "
            "resample first"
        )
    if signal.unit != "m" or signal.n_channels != 1:
        raise UnitError(
            f"velocity_write_chronojump: need one position channel in m, got {signal.unit!r}"
        )
    mm = np.round(signal.values.reshape(-1) * 1000.0).astype(np.int64)
    steps = np.diff(mm, prepend=mm[0])
    lines = [
        ", ".join(str(int(x)) for x in steps[i : i + per_line])
        for i in range(0, steps.size, per_line)
    ]
    out = Path(path)
    out.write_text(",\n".join(lines) + "\n", encoding="utf-8")
    return out


# ----------------------------------------------------------------------------------------------
# generic CSV: time + position / velocity / acceleration

_POS = re.compile(
    r"^(pos|position|displacement|disp|height|distance|position_m|position\s*\(m\)|y|z)$", re.I
)
_VEL = re.compile(r"^(v|vel|velocity|speed|velocity_m_s|velocity\s*\(m/s\))$", re.I)
_ACC = re.compile(
    r"^(a|acc|accel|acceleration|acc_z|az|accz|acceleration_z|acceleration_m_s2|"
    r"acceleration\s*\(m/s\^?2\)|acc_g|acceleration\s*\(g\))$",
    re.I,
)


def _stream_rate(t: np.ndarray, where: str, path: str, sampling_rate: float | None) -> float:
    """Rate of a bar stream's time column: timestamps per sample (phones, wireless IMUs) may
    jitter by up to 5 % of a step."""
    return sampling_rate_from_time(
        t, where=where, path=path, sampling_rate=sampling_rate, jitter=TIME_JITTER_STREAM
    )


@names_the_file
def velocity_read_csv(
    path: str | Path,
    *,
    sampling_rate: float | None = None,
    quantity: str | None = None,
    position_unit: str = "m",
) -> TimeSeries:
    """Read a delimited text file of bar position (m) or velocity (m/s), with or without time.

    The header names the columns (``time``, ``position``/``displacement``, ``velocity``/``speed``);
    without a header the first of two columns is time. Without a time column ``sampling_rate`` is
    required; with one, a ``sampling_rate`` that disagrees by more than 1 % is an error.

    Parameters
    ----------
    quantity : {"position", "velocity"}, optional
        Force the meaning of the value column (needed for header-less files).
    position_unit : {"m", "cm", "mm"}
        Unit of a position column; the signal carries it (the analysis converts to metres).

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "bar.csv"
    >>> _ = p.write_text("time,velocity\\n0,0\\n0.01,0.1\\n0.02,0.2\\n0.03,0.1\\n")
    >>> ts = velocity_read_csv(p)
    >>> ts.unit, ts.sampling_rate
    ('m/s', 100.0)
    """
    where = "velocity_read_csv"
    if position_unit not in _POSITION_UNITS:
        raise UnitError(
            f"{where}: position_unit must be one of {', '.join(_POSITION_UNITS)}, "
            f"got {position_unit!r}"
        )
    table = table_read(path, where=where)
    cols = [c.strip() for c in table.columns]
    t_idx = find_time_column(cols)
    p_idx = next((i for i, c in enumerate(cols) if _POS.match(c)), None)
    v_idx = next((i for i, c in enumerate(cols) if _VEL.match(c)), None)
    if not table.has_header:
        if table.values.shape[1] == 2:
            t_idx = 0
        elif table.values.shape[1] != 1:
            raise FileFormatError(
                f"{where}: {table.values.shape[1]} unnamed columns; add a header "
                "(time, position or velocity)",
                path=table.path,
            )
        if quantity is None:
            raise FileFormatError(
                f"{where}: header-less file; say whether it holds position or velocity "
                "(quantity=, --quantity)",
                path=table.path,
            )
        val_idx = table.values.shape[1] - 1
        unit = "m" if quantity == "position" else "m/s"
    else:
        if quantity == "position" or (quantity is None and p_idx is not None):
            val_idx, unit = p_idx, "m"
        elif quantity == "velocity" or (quantity is None and v_idx is not None):
            val_idx, unit = v_idx, "m/s"
        else:
            val_idx = None
            unit = "m"
        if val_idx is None:
            raise FileFormatError(
                f"{where}: no position or velocity column among {cols}; name one "
                "'position' (m) or 'velocity' (m/s)",
                path=table.path,
            )
    values = table.values[:, val_idx]
    if t_idx is not None:
        fs = _stream_rate(table.values[:, t_idx], where, table.path, sampling_rate)
        t0 = float(table.values[0, t_idx])
    else:
        if sampling_rate is None:
            raise SamplingRateError(
                f"{where}: {table.path} has no time column; give sampling_rate (Hz)"
            )
        fs = check_sampling_rate(sampling_rate, where=where)
        t0 = 0.0
    if not np.all(np.isfinite(values)):
        bad = np.flatnonzero(~np.isfinite(values))
        raise SignalError(
            f"{where}: {table.path}: {bad.size} empty/NaN value(s), first at data row {bad[0] + 1} "
            f"(t = {t0 + bad[0] / fs:.3f} s); fill or trim the gap before analysis"
        )
    if unit == "m":
        return TimeSeries(values, fs, position_unit, ("position",), t0)
    return TimeSeries(values, fs, unit, ("velocity",), t0)


@names_the_file
def velocity_read_imu(
    path: str | Path, *, sampling_rate: float | None = None, unit: str | None = None
) -> TimeSeries:
    """Read vertical bar acceleration from an IMU CSV, in m/s^2 (gravity included).

    ``unit`` is ``"g"`` or ``"m/s^2"``; when omitted it is detected from the resting value (the
    median of the signal, dominated by rest): about 1 means g, about 9.8 means m/s^2. Anything
    else is a :class:`UnitError` asking for the unit.

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "imu.csv"
    >>> _ = p.write_text("time,acc_z\\n" + "".join(f"{i/100},{1.0}\\n" for i in range(10)))
    >>> round(float(velocity_read_imu(p).values[0]), 3)
    9.807
    """
    where = "velocity_read_imu"
    table = table_read(path, where=where)
    cols = [c.strip() for c in table.columns]
    t_idx = find_time_column(cols)
    a_idx = next((i for i, c in enumerate(cols) if _ACC.match(c)), None)
    if a_idx is None:
        if table.values.shape[1] == 2 and t_idx is None:
            t_idx, a_idx = 0, 1
        elif table.values.shape[1] == 1:
            a_idx = 0
        else:
            raise FileFormatError(
                f"{where}: no acceleration column among {cols}; name it 'acc_z'", path=table.path
            )
    acc = table.values[:, a_idx]
    if not np.all(np.isfinite(acc)):
        bad = np.flatnonzero(~np.isfinite(acc))
        raise SignalError(
            f"{where}: {table.path}: {bad.size} empty/NaN acceleration value(s), "
            f"first at data row {bad[0] + 1}; fill or trim the gap"
        )
    if t_idx is not None:
        fs = _stream_rate(table.values[:, t_idx], where, table.path, sampling_rate)
    elif sampling_rate is None:
        raise SamplingRateError(
            f"{where}: {table.path} has no time column; give sampling_rate (Hz)"
        )
    else:
        fs = check_sampling_rate(sampling_rate, where=where)
    header_unit = " ".join(cols).lower()
    if unit is None:
        if "(g)" in header_unit or "_g" in cols[a_idx].lower():
            unit = "g"
        else:
            rest = float(np.median(np.abs(acc)))
            if 0.8 <= rest <= 1.2:
                unit = "g"
            elif 8.0 <= rest <= 11.6:
                unit = "m/s^2"
            else:
                raise UnitError(
                    f"{where}: cannot tell the acceleration unit from the resting value {rest:.3g} "
                    "(expected about 1 g or 9.81 m/s^2); give unit='g' or 'm/s^2'"
                )
    if unit not in ("g", "m/s^2"):
        raise UnitError(f"{where}: unit must be 'g' or 'm/s^2', got {unit!r}")
    values = acc * STANDARD_GRAVITY_M_S2 if unit == "g" else acc
    return TimeSeries(values, fs, "m/s^2", ("acceleration",))


@names_the_file
def velocity_read(
    path: str | Path,
    *,
    sampling_rate: float | None = None,
    kind: str = "auto",
    position_unit: str | None = None,
) -> TimeSeries:
    """Read any supported bar signal: Chronojump raw, position/velocity CSV or IMU CSV.

    ``kind`` is ``"auto"`` (a file of bare integers is Chronojump, a header with an acceleration
    column is IMU, otherwise position/velocity CSV), ``"chronojump"``, ``"csv"`` or ``"imu"``.
    ``position_unit`` (``"m"``, ``"cm"`` or ``"mm"``) is the unit of a CSV position column
    (default m); Chronojump files are millimetres by definition.
    """
    p = Path(path)
    if kind == "auto":
        head = p.read_text(encoding="utf-8", errors="replace")[:4000]
        body = "\n".join(ln for ln in head.splitlines() if not ln.lstrip().startswith("#"))
        if body.strip() and re.fullmatch(r"[\s,;+\-0-9]*", body):
            first = next((ln for ln in body.splitlines() if ln.strip()), "")
            kind = "chronojump" if len(re.split(r"[,\s;]+", first.strip())) > 2 else "csv"
        else:
            first = next((ln for ln in body.splitlines() if ln.strip()), "")
            names = [c.strip().strip('"') for c in re.split(r"[,;\t]", first)]
            kind = "imu" if any(_ACC.match(n) for n in names) else "csv"
    if kind == "chronojump":
        if position_unit not in (None, "mm"):
            raise UnitError(
                f"velocity_read: {p.name} is a Chronojump raw file, whose displacements are "
                f"millimetres by definition; drop position_unit={position_unit!r}"
            )
        return velocity_read_chronojump(p, sampling_rate=sampling_rate or 1000.0)
    if kind == "imu":
        return velocity_read_imu(p, sampling_rate=sampling_rate)
    if kind == "csv":
        return velocity_read_csv(p, sampling_rate=sampling_rate, position_unit=position_unit or "m")
    raise FileFormatError(
        f"velocity_read: unknown kind {kind!r}; use auto, chronojump, csv or imu", path=str(p)
    )


_POSITION_UNITS = ("m", "cm", "mm")

# ----------------------------------------------------------------------------------------------
# OpenBarbell app JSON

_SPEED_OF_LIGHT_SENTINEL = 299792458.0
_MAX_BAR_VELOCITY_M_S = 10.0
_MAX_ROM_MM = 2000.0


@dataclass(frozen=True)
class OpenBarbellRep(Result):
    """One rep summary from the OpenBarbell device; dirty values are ``None`` with a flag."""

    rep: int
    mean_velocity_m_s: float | None
    peak_velocity_m_s: float | None
    rom_m: float | None
    peak_velocity_location_pct: float | None
    duration_s: float | None
    device: str | None
    recorded_at: str | None
    excluded: bool
    flags: tuple[str, ...] = ()


@dataclass(frozen=True)
class OpenBarbellSet(Result):
    set_id: str
    workout_id: str
    exercise: str
    exercise_key: str | None
    set_number: int | None
    load_kg: float | None
    rpe: float | None
    started_at: str | None
    removed: bool
    reps: tuple[OpenBarbellRep, ...]
    flags: tuple[str, ...] = ()

    @property
    def valid_reps(self) -> list[OpenBarbellRep]:
        return [r for r in self.reps if not r.excluded]

    def best_mean_velocity_m_s(self) -> float | None:
        vals = [r.mean_velocity_m_s for r in self.valid_reps if r.mean_velocity_m_s is not None]
        return max(vals) if vals else None


@dataclass(frozen=True)
class OpenBarbellData(Result):
    path: str
    sets: tuple[OpenBarbellSet, ...]
    warnings: tuple[str, ...] = field(default_factory=tuple)


def _num(x: Any) -> float | None:
    try:
        v = float(x)
    except (TypeError, ValueError, OverflowError):  # JSON integers may exceed a float
        return None
    return v


_EXERCISE_KEYS = {
    "squat": "back_squat",
    "back squat": "back_squat",
    "bench": "bench_press",
    "bench press": "bench_press",
    "deadlift": "deadlift",
    "front squat": "front_squat",
    "overhead press": "overhead_press",
    "press": "overhead_press",
}


def _set_number(x: Any) -> int | None:
    v = _num(x)
    return int(v) if v is not None and math.isfinite(v) and 1 <= v < 1e6 else None


def _ob_velocity(text: Any, label: str, flags: list[str]) -> float | None:
    v = _num(text)
    if v is None:
        flags.append(f"{label} {text!r} is missing")
        return None
    if not math.isfinite(v):
        flags.append(f"{label} {text!r} is not a real value (non-finite)")
        return None
    if v == _SPEED_OF_LIGHT_SENTINEL:
        flags.append(f"{label} {text!r} is the 299792458 (speed of light) sentinel")
        return None
    if not 0.0 <= v <= _MAX_BAR_VELOCITY_M_S:
        flags.append(f"{label} {text!r} is outside 0-{_MAX_BAR_VELOCITY_M_S:g} m/s")
        return None
    return v


def _openbarbell_rep(r: dict[str, Any], k: int) -> OpenBarbellRep:
    """One rep packet (RepDataMap indices) with its dirty values flagged."""
    data = list(r.get("data") or [])
    data += [None] * max(0, 8 - len(data))  # (the caller checked that data is a list)
    flags: list[str] = []
    rep_no = _num(data[1])
    number = int(rep_no) if rep_no is not None and math.isfinite(rep_no) else k
    mv = _ob_velocity(data[2], "mean velocity", flags)
    pv = _ob_velocity(data[4], "peak velocity", flags)
    rom_mm = _num(data[3])
    rom_m: float | None = None
    if rom_mm is None or not math.isfinite(rom_mm) or not 0 < rom_mm <= _MAX_ROM_MM:
        flags.append(f"ROM {data[3]!r} mm is not plausible")
    else:
        rom_m = rom_mm / 1000.0
    loc = _num(data[5])
    if loc is not None and not (math.isfinite(loc) and 0 <= loc <= 100):
        loc = None
    dur = _num(data[7]) if _num(data[0]) != -1234 else None  # V1 packets carry no duration
    duration_s = dur / 1e6 if dur is not None and math.isfinite(dur) and dur > 0 else None
    removed = bool(r.get("removed")) or not bool(r.get("isValid", True))
    return OpenBarbellRep(
        number,
        mv,
        pv,
        rom_m,
        loc,
        duration_s,
        r.get("deviceName"),
        r.get("time"),
        removed or mv is None,
        tuple(flags),
    )


@names_the_file
def velocity_read_openbarbell(path: str | Path) -> OpenBarbellData:
    """Read the OpenBarbell app's JSON export (set id -> set with reps of device packets).

    Rep packets follow the app's ``RepDataMap``: index 1 rep number, 2 mean velocity (m/s), 3 ROM
    (mm), 4 peak velocity (m/s), 5 peak-velocity location (% ROM), 7 duration (us). Values that
    cannot be real are flagged, replaced by ``None`` and listed in ``warnings``: non-finite or
    ``299792458`` (speed-of-light sentinel) velocities, velocities above 10 m/s, ROM above 2 m,
    RPE outside 1-10, and a load more than twice the median load of that exercise in the file
    (e.g. a 1000 lb squat among 165-473 lb sets). Loads in lb are converted to kg. Sets or reps
    the user removed in the app are kept but ``excluded``.

    Examples
    --------
    >>> import tempfile, json
    >>> p = Path(tempfile.mkdtemp()) / "ob.json"
    >>> rep = {"data": ["-3456", "1", "Infinity", "700", "1.2", "50", "0", "900000"], "removed": False,
    ...        "isValid": True, "deviceName": "OB 1", "time": "2018-01-01T10:00:00Z"}
    >>> _ = p.write_text(json.dumps({"s1": {"exercise": "Squat", "weight": 225, "metric": "lbs",
    ...     "rpe": 0, "workoutID": "w1", "setNumber": 1, "removed": False, "reps": [rep]}}))
    >>> data = velocity_read_openbarbell(p)
    >>> round(data.sets[0].load_kg, 2), data.sets[0].reps[0].mean_velocity_m_s, data.sets[0].reps[0].excluded
    (102.06, None, True)
    >>> data.warnings[0]
    "set s1 rep 1: mean velocity 'Infinity' is not a real value (non-finite); rep excluded"
    """
    where = "velocity_read_openbarbell"
    p = Path(path)
    raw = read_json(p, where=where)
    if not isinstance(raw, dict) or not all(
        isinstance(v, dict) and "reps" in v for v in raw.values()
    ):
        raise FileFormatError(f"{where}: expected an object of sets, each with 'reps'", path=str(p))
    warnings: list[str] = []
    # loads per exercise, for the outlier rule
    loads: dict[str, list[float]] = {}
    for s in raw.values():
        w = _num(s.get("weight"))
        if w is not None and math.isfinite(w) and w > 0:
            kg = w * LB_TO_KG if str(s.get("metric", "lbs")).lower().startswith("lb") else w
            loads.setdefault(str(s.get("exercise", "")).strip().lower(), []).append(kg)
    medians = {k: float(np.median(v)) for k, v in loads.items()}
    sets: list[OpenBarbellSet] = []
    for set_id, s in sorted(
        raw.items(), key=lambda kv: (str(kv[1].get("initialStartTime") or ""), kv[0])
    ):
        flags: list[str] = []
        exercise = str(s.get("exercise", "")).strip()
        ex_low = exercise.lower()
        unit = str(s.get("metric", "lbs")).lower()
        w = _num(s.get("weight"))
        load_kg: float | None = None
        if w is None or not math.isfinite(w) or w <= 0:
            flags.append(f"load {s.get('weight')!r} is not a positive number")
        else:
            load_kg = w * LB_TO_KG if unit.startswith("lb") else w
            med = medians.get(ex_low)
            if med is not None and load_kg > 2.0 * med:
                flags.append(
                    f"load {w:g} {'lb' if unit.startswith('lb') else 'kg'} is more than twice "
                    f"the median {exercise} load ({med / (LB_TO_KG if unit.startswith('lb') else 1):.0f}) "
                    "- looks like a typo"
                )
                load_kg = None
        rpe = _num(s.get("rpe"))
        if rpe is not None and (not math.isfinite(rpe) or rpe == 0):
            rpe = None  # 0 is the app's "not entered"
        elif rpe is not None and not 1.0 <= rpe <= 10.0:
            flags.append(f"RPE {s.get('rpe')!r} is outside 1-10")
            rpe = None
        reps: list[OpenBarbellRep] = []
        raw_reps = s.get("reps") or []
        if not isinstance(raw_reps, list):
            raise FileFormatError(f"{where}: set {set_id}: 'reps' is not a list", path=str(p))
        for k, r in enumerate(raw_reps, start=1):
            if not isinstance(r, dict) or not isinstance(r.get("data") or [], list):
                raise FileFormatError(
                    f"{where}: set {set_id}: rep {k} is not an object with a 'data' list",
                    path=str(p),
                )
            rep = _openbarbell_rep(r, k)
            reps.append(rep)
            for f in rep.flags:
                excluded = "; rep excluded" if f.startswith("mean velocity") else ""
                warnings.append(f"set {set_id} rep {rep.rep}: {f}{excluded}")
        for f in flags:
            warnings.append(f"set {set_id} ({exercise}): {f}; value excluded")
        sets.append(
            OpenBarbellSet(
                set_id=str(set_id),
                workout_id=str(s.get("workoutID", "")),
                exercise=exercise,
                exercise_key=_EXERCISE_KEYS.get(ex_low),
                set_number=_set_number(s.get("setNumber")),
                load_kg=load_kg,
                rpe=rpe,
                started_at=s.get("initialStartTime"),
                removed=bool(s.get("removed")),
                reps=tuple(reps),
                flags=tuple(flags),
            )
        )
    return OpenBarbellData(str(p), tuple(sets), tuple(warnings))


# ----------------------------------------------------------------------------------------------
# per-rep summary CSV (commercial app exports)

_ALIASES: dict[str, tuple[str, ...]] = {
    "athlete": ("athlete", "name", "user", "lifter"),
    "exercise": ("exercise", "lift", "movement"),
    "date": ("date", "workout start time", "session", "datetime", "time", "performed_at"),
    "set": ("set", "set number", "set_number", "set #"),
    "rep": ("rep", "rep number", "rep_number", "rep #", "repetition"),
    "load_kg": ("load_kg", "load (kg)", "weight_kg", "weight (kg)", "mass_kg", "load", "weight"),
    "load_lb": ("load_lb", "load (lb)", "load (lbs)", "weight_lb", "weight (lb)", "weight (lbs)"),
    "mean_velocity_m_s": (
        "mean_velocity_m_s",
        "mean velocity",
        "mean velocity (m/s)",
        "avg velocity (m/s)",
        "average velocity",
        "mv",
        "mcv",
        "velocity",
        "mean_concentric_velocity_m_s",
    ),
    "mean_propulsive_velocity_m_s": (
        "mean_propulsive_velocity_m_s",
        "mpv",
        "mean propulsive velocity",
        "mean propulsive velocity (m/s)",
    ),
    "peak_velocity_m_s": ("peak_velocity_m_s", "peak velocity", "peak velocity (m/s)", "pv"),
    "rom_m": ("rom_m", "rom (m)"),
    "rom_mm": ("range of motion (mm)", "rom (mm)", "rom_mm"),
    "unit": ("metric", "unit", "units"),
}


@names_the_file
def velocity_read_rep_summary(path: str | Path, *, load_unit: str | None = None) -> Any:
    """Read a per-rep summary CSV (one row per rep) into a :class:`pandas.DataFrame`.

    Column names are matched case-insensitively against common exports (OpenBarbell's
    ``Exercise, Set, Rep, Weight, Metric, Avg Velocity (m/s), Range of Motion (mm), Peak
    Velocity (m/s)``; ``load_kg, mean_velocity_m_s``; ``Load, Velocity``...). The result has
    columns ``athlete, exercise, date, set, rep, load_kg, mean_velocity_m_s`` and, where present,
    ``mean_propulsive_velocity_m_s, peak_velocity_m_s, rom_m``. Lines starting with ``#`` are
    comments. Rows with a missing, non-positive or non-finite load or velocity raise
    :class:`FileFormatError` naming the line.

    Parameters
    ----------
    load_unit : {"kg", "lb"}, optional
        Unit of an ambiguous ``load``/``weight`` column (default kg, or the file's
        ``Metric`` column: ``lbs``/``kgs``).

    Examples
    --------
    >>> import tempfile
    >>> p = Path(tempfile.mkdtemp()) / "reps.csv"
    >>> _ = p.write_text("Exercise,Load,Set,Velocity\\nBench,40,1,1.00\\nBench,60,1,0.74\\n")
    >>> df = velocity_read_rep_summary(p)
    >>> df[["exercise", "load_kg", "mean_velocity_m_s"]].values.tolist()
    [['bench_press', 40.0, 1.0], ['bench_press', 60.0, 0.74]]
    """
    import pandas as pd

    where = "velocity_read_rep_summary"
    p = Path(path)
    lines = [
        (i + 1, ln)
        for i, ln in enumerate(read_text(p, where=where).splitlines())
        if ln.strip() and not ln.lstrip().startswith("#")
    ]
    if len(lines) < 2:
        raise FileFormatError(f"{where}: need a header and at least one rep row", path=str(p))
    try:
        dialect: Any = csv.Sniffer().sniff(lines[0][1], delimiters=",;\t")
    except csv.Error:  # one column, or no delimiter the sniffer trusts
        dialect = csv.excel
    header = next(csv.reader([lines[0][1]], dialect))
    norm = [h.strip().lower() for h in header]
    cols: dict[str, int] = {}
    for key, names in _ALIASES.items():
        for n in names:
            if n in norm and key not in cols:
                cols[key] = norm.index(n)
                break
    if "mean_velocity_m_s" not in cols and "mean_propulsive_velocity_m_s" not in cols:
        raise FileFormatError(
            f"{where}: no mean velocity column among {header}", path=str(p), line=lines[0][0]
        )
    if "load_kg" not in cols and "load_lb" not in cols:
        raise FileFormatError(
            f"{where}: no load column among {header}", path=str(p), line=lines[0][0]
        )
    rows: list[dict[str, Any]] = []
    for lineno, ln in lines[1:]:
        f = next(csv.reader([ln], dialect))
        if len(f) < len(header):
            raise FileFormatError(
                f"{where}: expected {len(header)} fields, found {len(f)}", path=str(p), line=lineno
            )

        def get(key: str, f: list[str] = f) -> str | None:
            return f[cols[key]].strip() if key in cols else None

        def number(key: str, *, required: bool = False, lineno: int = lineno) -> float | None:
            text = get(key)
            if text in (None, ""):
                if required:
                    raise FileFormatError(f"{where}: empty {key}", path=str(p), line=lineno)
                return None
            assert text is not None
            try:
                v = float(
                    text.replace(",", ".")
                    if text.count(",") == 1 and dialect.delimiter != ","
                    else text
                )
            except ValueError:
                raise FileFormatError(
                    f"{where}: {key} {text!r} is not a number", path=str(p), line=lineno
                ) from None
            if not math.isfinite(v):
                raise FileFormatError(
                    f"{where}: {key} {text!r} is not finite", path=str(p), line=lineno
                )
            return v

        unit = (get("unit") or load_unit or "kg").lower()
        if "load_kg" in cols:
            load = number("load_kg", required=True)
            assert load is not None
            if unit.startswith("lb") and header[cols["load_kg"]].strip().lower() in (
                "load",
                "weight",
            ):
                load *= LB_TO_KG
        else:
            lb = number("load_lb", required=True)
            assert lb is not None
            load = lb * LB_TO_KG
        if load <= 0:
            raise FileFormatError(
                f"{where}: load {load:g} kg must be > 0", path=str(p), line=lineno
            )
        mv = number("mean_velocity_m_s")
        mpv = number("mean_propulsive_velocity_m_s")
        for label, v in (("mean velocity", mv), ("mean propulsive velocity", mpv)):
            if v is not None and not 0 < v < _MAX_BAR_VELOCITY_M_S:
                raise FileFormatError(
                    f"{where}: {label} {v:g} m/s is not plausible", path=str(p), line=lineno
                )
        rom = number("rom_m")
        if rom is None and "rom_mm" in cols:
            rmm = number("rom_mm")
            rom = rmm / 1000.0 if rmm is not None else None
        ex = (get("exercise") or "").strip()
        rows.append(
            {
                "athlete": get("athlete") or None,
                "exercise": _EXERCISE_KEYS.get(ex.lower(), ex.lower().replace(" ", "_") or None),
                "date": get("date") or None,
                "set": int(number("set") or 1),
                "rep": int(number("rep") or 1),
                "load_kg": load,
                "mean_velocity_m_s": mv,
                "mean_propulsive_velocity_m_s": mpv,
                "peak_velocity_m_s": number("peak_velocity_m_s"),
                "rom_m": rom,
            }
        )
    df = pd.DataFrame(rows)
    return df.dropna(axis=1, how="all")


# Former names (docs/naming.md): they still work, with a DeprecationWarning.
read_chronojump = deprecated_alias(velocity_read_chronojump, "read_chronojump")
write_chronojump = deprecated_alias(velocity_write_chronojump, "write_chronojump")
read_bar_csv = deprecated_alias(velocity_read_csv, "read_bar_csv")
read_imu_csv = deprecated_alias(velocity_read_imu, "read_imu_csv")
read_openbarbell = deprecated_alias(velocity_read_openbarbell, "read_openbarbell")
read_rep_summary_csv = deprecated_alias(velocity_read_rep_summary, "read_rep_summary_csv")
read_bar_signal = deprecated_alias(velocity_read, "read_bar_signal")
