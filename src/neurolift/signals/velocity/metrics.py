"""Per-rep metrics (MCV, MPV, peak velocity, ROM, durations, kinetics), computed for all reps of
the given regions in one vectorised pass; the shared core of the batch analysis and the stream."""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from neurolift.signals.velocity.edges import phase_edges
from neurolift.signals.velocity.results import RepMetrics
from neurolift.signals.velocity.segment import Segmented, region_phases
from neurolift.signals.velocity.settings import VelocitySettings
from neurolift.signals.velocity.spans import interp_at, span_first_argmax, span_maxes, span_sums

# Helpers shared inside signals.velocity (braking_min_samples, braking_samples, region_reps) are not public API;
# the public names follow docs/naming.md.
__all__ = ["reps_metrics"]


def braking_min_samples(lowpass_hz: float, fs: float) -> int:
    """Shortest sub-g run that counts as braking: half a period of the cut-off, in samples."""
    return max(1, int(math.ceil(fs / (2.0 * lowpass_hz) - 1e-9)))


def braking_samples(below: np.ndarray, *, min_run: int) -> np.ndarray:
    """Indices of the samples of the runs of ``below`` that are at least ``min_run`` long.

    Examples
    --------
    >>> braking_samples(np.array([0, 1, 0, 1, 1, 1, 0, 1, 1], dtype=bool), min_run=2).tolist()
    [3, 4, 5, 7, 8]
    """
    edges = np.diff(below.astype(np.int8), prepend=0, append=0)
    starts, stops = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    keep = stops - starts >= min_run
    if not keep.any():
        return np.empty(0, dtype=np.intp)
    starts, stops = starts[keep], stops[keep]
    lengths = stops - starts
    return np.repeat(starts - np.concatenate(([0], np.cumsum(lengths)[:-1])), lengths) + np.arange(
        int(lengths.sum())
    )


def reps_metrics(
    segments: Sequence[Segmented], settings: VelocitySettings, first_number: int
) -> list[RepMetrics]:
    """Metrics of every rep of the given regions, computed for all reps at once.

    The regions' smoothed arrays are laid end to end and every per-rep quantity is one NumPy
    expression over all reps (a rep never reads outside its own region), so the cost per rep
    is building its result object.
    """
    segments = [sg for sg in segments if sg.phases]
    if not segments:
        return []
    fs_in = settings.sampling_rate
    step = segments[0].step
    fs = fs_in / step
    idle = settings.profile.idle_velocity_m_s
    g_path = settings.gravity_along_path_m_s2
    lengths = [sg.pos.shape[0] for sg in segments]
    bases = np.cumsum([0, *lengths[:-1]])
    pos = np.concatenate([sg.pos for sg in segments])
    vel = np.concatenate([sg.vel for sg in segments])
    acc = np.concatenate([sg.acc for sg in segments])
    counts = [len(sg.phases) for sg in segments]
    base = np.repeat(bases, counts)
    lo, hi = base, base + np.repeat(lengths, counts)  # each rep's region [lo, hi)
    off = np.repeat([sg.offset for sg in segments], counts) - step * base
    ph = np.array(
        [
            (a, b, -1 if c is None else c, -1 if d is None else d)
            for sg in segments
            for a, b, c, d in sg.phases
        ],
        dtype=np.intp,
    )
    s, e = ph[:, 0] + base, ph[:, 1] + base
    n = e - s
    # peak velocity: the first maximum of each concentric phase
    k_pk = span_first_argmax(vel, s, e)
    ts, te, p_ts, p_te = phase_edges(
        pos,
        vel,
        lambda: np.concatenate([sg.raw for sg in segments]),
        fs=fs,
        idle=idle,
        step=step,
        starts=s,
        stops=e,
        lo=lo,
        hi=hi,
        k_peak=k_pk,
        rule=settings.phase_edges,
    )
    if settings.phase_edges == "zero":
        # the samples of the whole phase, for the sub-g search and the kinetic means
        s = np.clip(np.ceil(ts).astype(np.intp), lo, s)
        e = np.clip(np.floor(te).astype(np.intp) + 1, e, hi)
        n = e - s
    duration = (te - ts) / fs
    rom = p_te - p_ts
    mcv = rom / duration
    # Propulsive end: the sub-g sample of the phase closest to peak velocity (earlier on a
    # tie), among runs of acceleration <= -g sin(incline) that last at least half a period of
    # the low-pass cut-off (the filter's time resolution): noise and filter ringing make
    # shorter dips (<= 30 ms measured at 100-1000 Hz on reps braking at 0.96 g), a real
    # braking phase lasts longer (40-100 ms measured at 1.1-1.2 g); see BENCHMARKS.md.
    sub_g = braking_samples(acc <= -g_path, min_run=braking_min_samples(settings.lowpass_hz, fs))
    no_pe = np.full(s.shape[0], -1, dtype=np.intp)
    if sub_g.shape[0]:
        j = sub_g.searchsorted(k_pk)
        left = np.where(j > 0, sub_g[np.maximum(j - 1, 0)], -1)
        right = np.where(j < sub_g.shape[0], sub_g[np.minimum(j, sub_g.shape[0] - 1)], -1)
        left = np.where(left >= s, left, -1)
        right = np.where((right >= 0) & (right < e), right, -1)
        use_left = (left >= 0) & ((right < 0) | (k_pk - left <= right - k_pk))
        k_pe = np.where(use_left, left, right)
    else:
        k_pe = no_pe
    has_pe = k_pe >= 0
    k_safe = np.where(has_pe, k_pe, s + 1)
    a_prev, a_k = acc[k_safe - 1], acc[k_safe]
    refine = has_pe & (k_safe > s) & (a_prev > -g_path)
    with np.errstate(divide="ignore", invalid="ignore"):
        t_ref = k_safe - 1 + (a_prev + g_path) / (a_prev - a_k)
    tpe = np.where(has_pe, np.where(refine, t_ref, k_safe.astype(np.float64)), te)
    i_pe = np.where(has_pe, k_pe - s, n - 1)
    prop_duration = (tpe - ts) / fs
    with np.errstate(divide="ignore", invalid="ignore"):
        x_pe = np.where(has_pe, interp_at(pos, tpe), p_te)  # no braking: MPV = MCV
        mpv = np.where(prop_duration > 0, (x_pe - p_ts) / prop_duration, vel[s])
        pk_loc = (pos[k_pk] - p_ts) / rom * 100.0
    es, ee = ph[:, 2] + base, ph[:, 3] + base
    has_ecc = ph[:, 2] >= 0
    es_safe, ee_safe = np.where(has_ecc, es, s), np.where(has_ecc, ee, s + 1)
    ecc_dur = (ee_safe - es_safe) / fs
    ecc_rom = pos[es_safe] - pos[ee_safe - 1]
    ecc_mv = np.zeros(s.shape[0])
    if has_ecc.any():
        ecc_mv[has_ecc] = -span_sums(vel, es[has_ecc], ee[has_ecc]) / (ee - es)[has_ecc]
    mass = settings.moving_mass_kg
    kinetic: list[list[float]] | None = None
    if mass is not None:
        force = acc + g_path
        force *= mass
        power = force * vel
        mean_f = span_sums(force, s, e) / n
        mean_p = span_sums(power, s, e) / n
        mean_pp = span_sums(power, s, s + i_pe + 1) / (i_pe + 1)
        peak_f = span_maxes(force, s, e)
        peak_p = span_maxes(power, s, e)
        v0, v1 = interp_at(vel, ts), interp_at(vel, te)
        work = mass * (g_path * rom + 0.5 * (v1 * v1 - v0 * v0))
        impulse = mean_f * duration
        kinetic = [c.tolist() for c in (mean_f, peak_f, mean_p, peak_p, mean_pp, work, impulse)]
    start_index = np.rint(off + step * ts).astype(np.int64)
    end_index = np.rint(off + step * te).astype(np.int64)
    pe_index = np.rint(off + step * tpe).astype(np.int64)
    t0, t1 = (off + step * ts) / fs_in, (off + step * te) / fs_in
    columns = [
        c.tolist()
        for c in (
            start_index,
            end_index,
            t0,
            t1,
            (off + step * ts) / fs_in,
            (off + step * te) / fs_in,
            rom,
            duration,
            mcv,
            mpv,
            pe_index,
            prop_duration,
            vel[k_pk],
            (k_pk - ts) / fs,
            pk_loc,
            ecc_dur,
            ecc_rom,
            ecc_mv,
            has_ecc,
        )
    ]
    empty: dict[str, Any] = {
        f.name: None for f in dataclasses.fields(RepMetrics)[5:] if f.name not in ("valid", "note")
    }
    reps: list[RepMetrics] = []
    unreliable = settings.unreliable
    kin_rows = itertools.repeat((None,) * 7) if kinetic is None else zip(*kinetic, strict=True)
    for r, (row, kin) in enumerate(zip(zip(*columns, strict=True), kin_rows, strict=False)):
        (
            i0,
            i1,
            a0,
            a1,
            st,
            en,
            rom_r,
            dur,
            mcv_r,
            mpv_r,
            ipe,
            pdur,
            vpk,
            ttp,
            loc,
            ed,
            er,
            ev,
            he,
        ) = row
        bad = next(((a, b) for a, b in unreliable if a0 < b and a1 > a), None)
        if bad is not None:
            reps.append(
                RepMetrics(
                    first_number + r,
                    i0,
                    i1,
                    a0,
                    a1,
                    **empty,
                    valid=False,
                    note=f"velocity unreliable between {bad[0]:.2f} and {bad[1]:.2f} s "
                    "(integration drift); metrics withheld",
                )
            )
            continue
        reps.append(
            RepMetrics(
                first_number + r,
                i0,
                i1,
                st,
                en,
                rom_r,
                dur,
                mcv_r,
                mpv_r,
                ipe,
                pdur,
                vpk,
                ttp,
                loc if rom_r > 0 else None,
                ed if he else None,
                er if he else None,
                ev if he else None,
                *kin,
            )
        )
    return reps


def region_reps(
    position_m: np.ndarray,
    region: tuple[int, int],
    settings: VelocitySettings,
    first_number: int,
    origin: int = 0,
) -> list[RepMetrics]:
    """Reps of one region: the shared core of the batch analysis and the streaming detector."""
    seg = region_phases(position_m, region, settings, origin)
    return [] if seg is None else reps_metrics([seg], settings, first_number)
