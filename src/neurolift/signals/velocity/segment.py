"""Rep segmentation: direction runs of the smoothed velocity grouped into concentric phases (and
the eccentric phase before each), per activity region."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from neurolift.signals.velocity.kinematics import velocity_kinematics
from neurolift.signals.velocity.profiles import ExerciseProfile
from neurolift.signals.velocity.settings import VelocitySettings, decimation_step

# Helpers shared inside signals.velocity (region_phases) are not public API;
# the public names follow docs/naming.md.
__all__ = ["Segmented", "velocity_segment_reps"]


def velocity_segment_reps(
    pos: np.ndarray, vel: np.ndarray, *, sampling_rate: float, profile: ExerciseProfile
) -> list[tuple[int, int, int | None, int | None]]:
    """Concentric phases (and the eccentric phase before each) in smoothed data.

    Returns ``(con_start, con_stop, ecc_start, ecc_stop)`` sample ranges (stop exclusive),
    ``ecc_*`` ``None`` when there is no eccentric phase before the rep.

    Examples
    --------
    >>> t = np.arange(0, 6, 0.001)
    >>> pos = np.where(t < 1, 0, np.where(t < 2, 0.25 * (1 - np.cos(np.pi * (t - 1))), 0.5))
    >>> p, v, a = velocity_kinematics(pos, sampling_rate=1000)
    >>> from neurolift.signals.velocity import velocity_exercise_profile
    >>> prof = velocity_exercise_profile("deadlift")
    >>> [(s, e) for s, e, _, _ in velocity_segment_reps(p, v, sampling_rate=1000, profile=prof)]
    [(1022, 1979)]
    """
    idle = profile.idle_velocity_m_s
    sign = np.zeros(vel.shape[0], dtype=np.int8)
    sign[vel > idle] = 1
    sign[vel < -idle] = -1
    change = np.flatnonzero(sign[1:] != sign[:-1]) + 1
    starts = np.concatenate(([0], change))
    stops = np.concatenate((change, [sign.shape[0]]))
    vals = sign[starts]
    persist = max(1, int(round(profile.direction_persistence_s * sampling_rate)))
    min_move = min(0.02, 0.1 * profile.min_rom_m)
    disp = pos[stops - 1] - pos[starts]
    keep = (vals != 0) & (stops - starts >= persist) & (np.abs(disp) >= min_move)
    starts, stops, vals = starts[keep], stops[keep], vals[keep]
    if starts.size == 0:
        return []
    max_gap = int(round(profile.max_pause_s * sampling_rate))
    new_group = np.concatenate(
        ([True], (vals[1:] != vals[:-1]) | (starts[1:] - stops[:-1] > max_gap))
    )
    first = np.flatnonzero(new_group)
    last = np.append(first[1:] - 1, stops.shape[0] - 1)  # stops rise: a group ends at its last
    g_start = starts[first].tolist()
    g_stop = stops[last].tolist()
    g_val = vals[first]
    reps: list[tuple[int, int, int | None, int | None]] = []
    for k in np.flatnonzero(g_val == 1).tolist():
        s, e = g_start[k], g_stop[k]
        rom = float(pos[e - 1] - pos[s])
        if rom < profile.min_rom_m:
            continue
        es: int | None = None
        ee: int | None = None
        if k > 0:
            es, ee = g_start[k - 1], g_stop[k - 1]
            if float(pos[es] - pos[ee - 1]) < 0.5 * profile.min_rom_m:
                es = ee = None
        if profile.require_eccentric and es is None:
            continue
        reps.append((s, e, es, ee))
    return reps


@dataclass(frozen=True)
class Segmented:
    """Smoothed arrays of one activity region and its rep phases.

    Local index ``j`` of the arrays is input sample ``offset + step * j`` (fractional when the
    arrays are block means: the centre of the block).
    """

    pos: np.ndarray
    vel: np.ndarray
    acc: np.ndarray
    phases: list[tuple[int, int, int | None, int | None]]
    offset: float
    step: int
    raw: np.ndarray  # the unfiltered samples the arrays were computed from


def region_phases(
    position_m: np.ndarray, region: tuple[int, int], settings: VelocitySettings, origin: int = 0
) -> Segmented | None:
    """Filter and segment one activity region (``None`` when no rep can fit in it).

    Above 400 Hz the region is first reduced to block means of ``step`` samples (analysis rate
    >= 200 Hz and >= 10 x the cut-off). Averaging keeps the noise power per hertz of the
    recording (variance / step at rate / step), so a 1 kHz trace keeps its accuracy while the
    filter and the segmentation touch ``step`` times fewer samples. Blocks are aligned to
    absolute sample indices (``origin`` is the absolute index of ``position_m[0]``) so that the
    streaming detector, which sees other windows of the same data, averages the same blocks.
    """
    r0, r1 = region
    step = decimation_step(settings.sampling_rate, settings.lowpass_hz)
    if step > 1:
        a0 = r0 + (-(origin + r0)) % step
        nb = (r1 - a0) // step
        stop = a0 + nb * step
        x = position_m[a0:stop:step].copy()
        for k in range(1, step):  # strided sums: cheaper than reshape(...).mean(axis=1)
            x += position_m[a0 + k : stop : step]
        x *= 1.0 / step
        offset = a0 + 0.5 * (step - 1)
    else:
        x = position_m[r0:r1]
        offset = float(r0)
    if x.shape[0] and float(x.max()) - float(x.min()) < 0.5 * settings.profile.min_rom_m:
        # No rep fits: a rep needs a smoothed rise of min_rom_m, and the zero-lag low-pass
        # cannot stretch the range by anything near 2x (an unrack, a re-rack, a bump).
        return None
    fs = settings.sampling_rate / step
    pos, vel, acc = velocity_kinematics(x, sampling_rate=fs, lowpass_hz=settings.lowpass_hz)
    phases = velocity_segment_reps(pos, vel, sampling_rate=fs, profile=settings.profile)
    return Segmented(pos, vel, acc, phases, offset, step, x) if phases else None
