"""Event helpers for single force traces: runs below/above a threshold, interpolated crossings."""

from __future__ import annotations

import numpy as np

from neurolift.signals.force import _core as C


def runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Start (inclusive) and end (exclusive) indices of the True runs of a 1-D mask."""
    padded = np.concatenate(([False], mask, [False]))
    d = np.diff(padded.astype(np.int8))
    return np.flatnonzero(d == 1), np.flatnonzero(d == -1)


def down_crossing_time(F: np.ndarray, first_below: int, level: float, fs: float) -> float:
    """Interpolated time (s) where F falls through ``level`` just before ``first_below``."""
    k = max(first_below - 1, 0)
    fa, fb = F[k], F[min(k + 1, F.size - 1)]
    frac = (fa - level) / (fa - fb) if fa > fb else 0.0
    return (k + float(np.clip(frac, 0.0, 1.0))) / fs


def up_crossing_time(F: np.ndarray, first_above: int, level: float, fs: float) -> float:
    """Interpolated time (s) where F rises through ``level`` just before ``first_above``."""
    k = max(first_above, 1)
    fa, fb = F[k - 1], F[k]
    frac = (level - fa) / (fb - fa) if fb > fa else 1.0
    return (k - 1 + float(np.clip(frac, 0.0, 1.0))) / fs


def quiet_window(
    F: np.ndarray,
    fs: float,
    *,
    start: int,
    stop: int,
    width_s: float,
    min_width_s: float,
    unloaded_n: float = 20.0,
) -> tuple[int, int, float, float] | None:
    """Quietest loaded window in ``F[start:stop]``: (i0, i1, mean, sd), or None if too short.

    Windows with any sample below ``unloaded_n`` (an empty plate) are skipped."""
    seg = F[start:stop]
    unloaded = C.prefix_sum((seg < unloaded_n)[None, :].astype(np.float64))
    for w_s in (width_s, min_width_s):
        w = int(round(w_s * fs))
        if w <= seg.size and w > 1:
            i0, mu, sd, ok = C.min_sd_window(
                seg[None, :], w, max(1, int(0.01 * fs)), np.array([seg.size]), unloaded
            )
            if ok[0]:
                return start + int(i0[0]), start + int(i0[0]) + w, float(mu[0]), float(sd[0])
    return None


#: The longest time a human can stay in the air in a vertical jump, s: a 1.3 m jump (about the
#: best ever measured) flies 2 sqrt(2 h / g) = 1.03 s.
MAX_FLIGHT_S = 1.1
#: Highest centre-of-mass rise a vertical jump can give, m (about the best measured is 1.3 m).
MAX_JUMP_HEIGHT_M = 1.5


def unloaded_gaps(
    F: np.ndarray, fs: float, *, threshold_n: float, min_s: float
) -> list[tuple[int, int]]:
    """(start, end) of every run below ``threshold_n`` of at least ``min_s`` with the plate
    loaded before and after (a flight, or a step off and back on)."""
    starts, ends = runs(F < threshold_n)
    return [
        (int(s), int(e))
        for s, e in zip(starts, ends, strict=True)
        if s > 0 and e < F.size and (e - s) / fs >= min_s
    ]


def long_flight_message(where: str, gap: tuple[int, int], fs: float) -> str:
    """Why an unloaded gap longer than any jump's flight makes the analysis refuse the trial."""
    dur = (gap[1] - gap[0]) / fs
    return (
        f"{where}: the plate is unloaded for {dur:.2f} s ({gap[0] / fs:.2f}-{gap[1] / fs:.2f} s) "
        f"between loaded periods, longer than any jump's flight ({MAX_FLIGHT_S:g} s at most); "
        f"if this is a jump, the sampling rate ({fs:g} Hz) is too low by about "
        f"{dur / 0.5:.0f}x - check --sampling-rate; if the athlete stepped off, trim the recording"
    )
