"""Drop jumps (athlete starts off the plate) and multi-jump recordings (rebounds, repeated jumps).

Drop jump
---------
Contact starts when force rises above ``takeoff_threshold_n`` and stays there for
``min_contact_s``; take-off and landing are the threshold crossings around a flight of at least
``min_flight_s`` (all interpolated between samples). Body weight comes from the quietest window
after landing (the athlete stands still at the end), or from ``body_mass_kg``.

- ``jump_height_flight_time_m = g t_f^2 / 8``; ``rsi = jump_height_flight_time_m / contact_time_s``.
- With ``drop_height_m``, touchdown velocity is ``-sqrt(2 g h)`` and forward integration of
  ``(F - BW)/m`` over the contact gives ``takeoff_velocity_m_s`` and
  ``jump_height_impulse_m = v^2 / 2g`` (and ``rsi_impulse``).
- The velocity used for the braking phase (contact -> zero velocity) is that forward integral
  when the drop height is given, else the backward integral from the flight-time take-off
  velocity ``g t_f / 2``.

References
----------
Flight time and RSI as in PMC10224001 (Sensors 2023) and PMC9750644; contact threshold 20 N after
Harry et al. 2020 (as used by Gidiel-Machado's open scripts).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from neurolift._results import Result, to_plain
from neurolift._validation import check_positive, check_range
from neurolift.errors import NoTakeoffError, SignalError
from neurolift.signals.force._common import JumpParams, force_matrix, quality_warnings
from neurolift.signals.force._events import down_crossing_time, quiet_window, runs, up_crossing_time
from neurolift.timeseries import TimeSeries
from neurolift.units import STANDARD_GRAVITY_M_S2 as G
from neurolift.units import body_weight_problem

__all__ = [
    "DropJumpResult",
    "dj_metrics",
    "ReboundJump",
    "MultiJumpResult",
    "multijump_metrics",
    "force_find_flights",
]


@dataclass(frozen=True)
class DropJumpResult(Result):
    test: str
    sampling_rate_hz: float
    body_weight_n: float
    body_mass_kg: float
    body_weight_source: str
    contact_s: float
    takeoff_s: float
    landing_s: float
    contact_time_s: float
    flight_time_s: float
    jump_height_flight_time_m: float
    rsi: float
    drop_height_m: float | None
    takeoff_velocity_m_s: float | None
    jump_height_impulse_m: float | None
    rsi_impulse: float | None
    peak_force_n: float
    peak_braking_force_n: float
    braking_duration_s: float
    propulsion_duration_s: float
    peak_landing_force_n: float
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def force_find_flights(
    F: np.ndarray, fs: float, *, threshold_n: float, min_flight_s: float, max_flight_s: float = 1.0
) -> list[tuple[int, int]]:
    """(first sample below, first sample above) of every flight: an unloaded run of
    ``min_flight_s``..``max_flight_s`` with the plate loaded before and after."""
    starts, ends = runs(F < threshold_n)
    out = []
    for s, e in zip(starts, ends, strict=True):
        dur = (e - s) / fs
        if s == 0 or e >= F.size or not (min_flight_s <= dur <= max_flight_s):
            continue
        out.append((int(s), int(e)))
    return out


def dj_metrics(
    force: TimeSeries,
    *,
    drop_height_m: float | None = None,
    body_mass_kg: float | None = None,
    **params: Any,
) -> DropJumpResult:
    """Drop-jump metrics from vertical force; the athlete starts off the plate.

    Parameters
    ----------
    force : TimeSeries
        Vertical force, N (plates are summed).
    drop_height_m : float, optional
        Box height; enables the impulse-momentum take-off velocity.
    body_mass_kg : float, optional
        Otherwise weighed from the quiet standing after landing.

    Examples
    --------
    >>> import numpy as np
    >>> fs = 1000
    >>> t = np.arange(int(3.5 * fs)) / fs
    >>> F = np.zeros_like(t)                       # off the plate (on the box)
    >>> F[(t >= 0.5) & (t < 0.75)] = 1800.0        # 250 ms contact
    >>> F[t >= 1.25] = 700.0                       # 500 ms flight, then standing
    >>> r = dj_metrics(TimeSeries(F, fs, "N"))
    >>> round(r.contact_time_s, 2), round(r.flight_time_s, 2), round(r.rsi, 2)
    (0.25, 0.5, 1.22)
    """
    where = "dj_metrics"
    p = JumpParams(**params)
    total, _ = force_matrix(force, where=where)
    F = total.astype(np.float64)
    fs = force.sampling_rate
    thr = p.takeoff_threshold_n
    warnings = quality_warnings(F, fs)
    if drop_height_m is not None:
        drop_height_m = check_range("drop_height_m", drop_height_m, 0.0, 1.5, where=where)
    lead = F[: max(1, int(0.05 * fs))]
    if np.median(lead) >= thr:
        raise SignalError(
            f"{where}: the recording starts with the plate loaded ({np.median(lead):.0f} N); a drop "
            "jump starts off the plate. Use --test cmj/sj for jumps from standing"
        )
    loaded_s, loaded_e = runs(F >= thr)
    keep = (loaded_e - loaded_s) >= max(1, int(round(p.min_contact_s * fs)))
    if not keep.any():
        raise SignalError(
            f"{where}: no ground contact found (force never above {thr:g} N for "
            f"{p.min_contact_s:g} s)"
        )
    c0 = int(loaded_s[keep][0])
    flights = [
        f
        for f in force_find_flights(F, fs, threshold_n=thr, min_flight_s=p.min_flight_s)
        if f[0] > c0
    ]
    if not flights:
        raise NoTakeoffError(
            f"{where}: no take-off after the drop: force never stays below {thr:g} N "
            f"for {p.min_flight_s:g} s after contact"
        )
    to_k, land_k = flights[0]
    t_c = up_crossing_time(F, c0, thr, fs)
    t_to = down_crossing_time(F, to_k, thr, fs)
    t_land = up_crossing_time(F, land_k, thr, fs)
    ct, ft = t_to - t_c, t_land - t_to
    h_ft = G * ft**2 / 8
    # body weight
    if body_mass_kg is not None:
        mass = check_range("body_mass_kg", body_mass_kg, 20.0, 300.0, where=where)
        bw, source = mass * G, "given"
    else:
        q = quiet_window(
            F,
            fs,
            start=min(land_k + int(0.5 * fs), F.size),
            stop=F.size,
            width_s=p.weighing_duration_s,
            min_width_s=p.weighing_min_duration_s,
        )
        if q is None:
            raise SignalError(
                f"{where}: no quiet standing after landing to weigh the athlete; "
                "record >= 1 s of standing at the end or give --body-mass-kg"
            )
        bw, source = q[2], "quiet standing after landing"
        if q[1] - q[0] < p.weighing_duration_s * fs:
            warnings.append(
                "short quiet period after landing: weighed over less than "
                f"{p.weighing_duration_s:g} s"
            )
        msg = body_weight_problem(bw, where=where)
        if msg:
            from neurolift.errors import UnitError

            raise UnitError(msg)
        if q[3] > p.weighing_sd_warn_fraction * bw:
            warnings.append(f"noisy weighing after landing: SD {q[3]:.1f} N")
        mass = bw / G
    # kinematics over the contact
    i0, i1 = int(np.ceil(t_c * fs)), to_k
    seg = F[i0:i1]
    a = (seg - bw) / mass
    dv = np.concatenate(([0.0], np.cumsum((a[1:] + a[:-1]) / 2) / fs))
    v_to = h_imp = rsi_imp = None
    if drop_height_m is not None:
        v0 = -np.sqrt(2 * G * drop_height_m)
        v = v0 + dv
        v_to = float(v[-1])
        if v_to <= 0:
            raise SignalError(
                f"{where}: take-off velocity from the drop height is not upward "
                f"({v_to:.2f} m/s); check drop_height_m and the body weight"
            )
        h_imp = v_to**2 / (2 * G)
        rsi_imp = h_imp / ct
    else:
        v = (G * ft / 2) - (dv[-1] - dv)
    zero = np.flatnonzero(v >= 0)
    z = int(zero[0]) if zero.size else seg.size - 1
    peak_brake = float(seg[: z + 1].max())
    land_end = min(F.size, land_k + int(0.5 * fs))
    return DropJumpResult(
        test="dj",
        sampling_rate_hz=fs,
        body_weight_n=float(bw),
        body_mass_kg=float(mass),
        body_weight_source=source,
        contact_s=t_c,
        takeoff_s=t_to,
        landing_s=t_land,
        contact_time_s=ct,
        flight_time_s=ft,
        jump_height_flight_time_m=h_ft,
        rsi=h_ft / ct,
        drop_height_m=drop_height_m,
        takeoff_velocity_m_s=v_to,
        jump_height_impulse_m=h_imp,
        rsi_impulse=rsi_imp,
        peak_force_n=float(seg.max()),
        peak_braking_force_n=peak_brake,
        braking_duration_s=z / fs,
        propulsion_duration_s=ct - z / fs,
        peak_landing_force_n=float(F[land_k:land_end].max()),
        method=to_plain(
            {
                "test": "dj",
                **p.as_method(),
                "rsi": "jump_height_flight_time_m / contact_time_s",
                "velocity": "forward from drop height"
                if drop_height_m is not None
                else "backward from flight-time take-off velocity",
            }
        ),
        warnings=tuple(warnings),
    )


@dataclass(frozen=True)
class ReboundJump(Result):
    index: int
    kind: str  # "standalone" (quiet standing before) or "rebound"
    takeoff_s: float
    landing_s: float
    flight_time_s: float
    jump_height_flight_time_m: float
    contact_time_s: float | None
    rsi: float | None
    jump_height_impulse_m: float | None
    takeoff_velocity_m_s: float | None
    time_to_takeoff_s: float | None
    peak_force_n: float
    error: str | None = None


@dataclass(frozen=True)
class MultiJumpResult(Result):
    test: str
    sampling_rate_hz: float
    n_jumps: int
    jumps: tuple[ReboundJump, ...]
    best_jump_height_flight_time_m: float
    mean_jump_height_flight_time_m: float
    best_rsi: float | None
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def rows(self) -> list[dict[str, Any]]:
        return [j.to_dict() for j in self.jumps]


def multijump_metrics(
    force: TimeSeries, *, min_quiet_s: float = 1.0, **params: Any
) -> MultiJumpResult:
    """Find every jump in a recording and analyse each.

    A jump preceded by at least ``min_quiet_s`` of contact is "standalone" and also gets the
    full countermovement analysis (impulse-momentum height, time to take-off) on its own
    segment; a jump whose contact is shorter (repeated hops, RSI tests) is a "rebound" with
    flight-time height, contact time and ``rsi = height / contact time``.

    Examples
    --------
    >>> import numpy as np
    >>> fs = 1000
    >>> F = np.full(4000, 700.0)
    >>> for s in (1000, 1650, 2300):                     # three hops: 400 ms flights
    ...     F[s:s + 400] = 0.0
    >>> r = multijump_metrics(TimeSeries(F, fs, "N"))
    >>> r.n_jumps, [j.kind for j in r.jumps], round(r.jumps[1].contact_time_s, 2)
    (3, ['standalone', 'rebound', 'rebound'], 0.25)
    """
    check_positive("min_quiet_s", min_quiet_s, where="multijump_metrics")
    p = JumpParams(**params)
    total, _ = force_matrix(force, where="multijump_metrics")
    F = total.astype(np.float64)
    fs = force.sampling_rate
    thr = p.takeoff_threshold_n
    flights = force_find_flights(F, fs, threshold_n=thr, min_flight_s=p.min_flight_s)
    if not flights:
        raise NoTakeoffError(f"multijump_metrics: no flight of {p.min_flight_s:g}-1.0 s found")
    # loading starts: ends of unloaded gaps at least as long as a flight (shorter dips, e.g. a
    # deep unweighting touching the threshold, do not start a new contact)
    gap_s, gap_e = runs(F < thr)
    long_gap = (gap_e - gap_s) >= int(round(p.min_flight_s * fs))
    loading_starts = gap_e[long_gap & (gap_e < F.size)]
    jumps: list[ReboundJump] = []
    t_land_prev = 0.0
    warnings = quality_warnings(F, fs)
    prev_land_k: int | None = None
    for i, (to_k, land_k) in enumerate(flights):
        t_to = down_crossing_time(F, to_k, thr, fs)
        t_land = up_crossing_time(F, land_k, thr, fs)
        ft = t_land - t_to
        h_ft = G * ft**2 / 8
        # start of this contact: previous landing or the last step onto the plate
        step_on = loading_starts[loading_starts < to_k]
        c_k = int(step_on[-1]) if step_on.size else 0
        contact = (to_k - c_k) / fs
        nxt = flights[i + 1][0] if i + 1 < len(flights) else F.size
        seg_end = min(nxt, land_k + int(1.0 * fs))
        common: dict[str, Any] = dict(
            index=i + 1,
            takeoff_s=t_to,
            landing_s=t_land,
            flight_time_s=ft,
            jump_height_flight_time_m=h_ft,
        )
        if contact >= min_quiet_s:
            from neurolift.signals.force.jumps import cmj_metrics

            seg = TimeSeries(F[c_k:seg_end], fs, "N", ("fz",))
            try:
                r = cmj_metrics(seg, **params)
                onset_k = c_k + int(round(r.onset_s * fs))  # peak of this jump's own push
                jumps.append(
                    ReboundJump(
                        **common,
                        kind="standalone",
                        contact_time_s=None,
                        rsi=None,
                        peak_force_n=float(F[onset_k:to_k].max()),
                        jump_height_impulse_m=r.jump_height_impulse_m,
                        takeoff_velocity_m_s=r.takeoff_velocity_m_s,
                        time_to_takeoff_s=r.time_to_takeoff_s,
                    )
                )
            except SignalError as exc:
                jumps.append(
                    ReboundJump(
                        **common,
                        kind="standalone",
                        contact_time_s=None,
                        rsi=None,
                        peak_force_n=float(F[c_k:to_k].max()),
                        jump_height_impulse_m=None,
                        takeoff_velocity_m_s=None,
                        time_to_takeoff_s=None,
                        error=str(exc),
                    )
                )
        else:
            ct = t_land_prev if prev_land_k == c_k else up_crossing_time(F, c_k, thr, fs)
            contact_time = t_to - ct
            jumps.append(
                ReboundJump(
                    **common,
                    kind="rebound",
                    contact_time_s=contact_time,
                    rsi=h_ft / contact_time,
                    peak_force_n=float(F[c_k:to_k].max()),  # the whole rebound contact
                    jump_height_impulse_m=None,
                    takeoff_velocity_m_s=None,
                    time_to_takeoff_s=None,
                )
            )
        prev_land_k = land_k
        t_land_prev = t_land
    heights = [j.jump_height_flight_time_m for j in jumps]
    rsis = [j.rsi for j in jumps if j.rsi is not None]
    return MultiJumpResult(
        test="multi",
        sampling_rate_hz=fs,
        n_jumps=len(jumps),
        jumps=tuple(jumps),
        best_jump_height_flight_time_m=max(heights),
        mean_jump_height_flight_time_m=float(np.mean(heights)),
        best_rsi=max(rsis) if rsis else None,
        method=to_plain(
            {
                "test": "multi",
                **p.as_method(),
                "min_quiet_s": min_quiet_s,
                "height": "flight time (all jumps); impulse for standalone jumps",
            }
        ),
        warnings=tuple(warnings),
    )
