"""Countermovement and squat jumps on a force plate, vectorised over many trials.

One implementation serves both the single-trial functions (:func:`cmj_metrics`,
:func:`sj_metrics`) and the batch (:func:`jump_metrics_batch`): the batch runs the analysis on a
2-D array with one row per trial, and a single trial is a batch of one.

Definitions (McMahon, Suchomel, Lake & Comfort 2018 phases)
-----------------------------------------------------------
- Weighing: the quietest (lowest-SD) window of ``weighing_duration_s`` inside the last run of
  quiet standing before the movement (force within ``quiet_band_fraction`` of a first body-weight
  estimate); body weight = its mean force, body mass = weight / g (unless given). If the quiet
  run is shorter, ``weighing_min_duration_s`` is used with a warning.
- Onset ("sd", default, Owen et al. 2014): the first sample of the movement where
  ``|F - BW| > onset_sd * SD`` (at least ``onset_min_threshold_n``), moved back
  ``onset_backoff_s``; found by searching backwards from the first sample outside the quiet band,
  so sway earlier in the standing is not taken for the movement; the band must have held for
  ``onset_quiet_s`` (30 ms), so a brief pass through BW during a pre-jump uptick is skipped. "fixed" (VALD-style): the same
  backward search with a fixed band ``BW +/- onset_fixed_n`` and no back-off.
- Take-off: force stays below ``takeoff_threshold_n`` for at least ``min_flight_s``; the instant
  is the threshold crossing, linearly interpolated between samples ("threshold", default) or the
  crossing of the flight-noise level, mean + 5 SD of mid-flight force ("flight_noise").
  Landing: the first return above the same level after the flight (interpolated likewise).
- Kinematics: a = (F - BW) / m integrated by the trapezoid rule from the onset (v = 0 there).
- Unweighting: onset -> peak negative velocity; braking: peak negative velocity -> zero velocity
  (lowest centre-of-mass position); propulsion: zero velocity -> take-off. A squat jump without
  a countermovement has propulsion from the onset.
- Jump height: impulse-momentum ``v_to**2 / (2 g)``; flight time ``g t**2 / 8``.
  ``landing_com_offset_m`` = centre-of-mass height at landing minus at take-off (integrated
  displacement); when it is negative the athlete landed lower than they took off, and the
  flight-time height reads high by about half of it (Yamashita et al. 2020).
- RSI-modified = impulse jump height / time to take-off (onset -> take-off), m/s.
- Braking RFD = (F at zero velocity - F at peak negative velocity) / braking duration.
- Stiffness = peak braking force / countermovement depth (N/m).
- Net impulses = m * change of velocity over the phase (= integral of F - BW).
- Two plates: per-plate forces with per-plate weighing; asymmetry % = 100 * (A - B) / max(A, B)
  for each per-plate metric (A = first plate channel, B = second); positive means A is larger.

References
----------
McMahon JJ, Suchomel TJ, Lake JP, Comfort P (2018). Understanding the key phases of the
countermovement jump force-time curve. Strength Cond J 40(4):96-106.
Owen NJ, Watkins J, Kilduff LP, Bevan HR, Bennett MA (2014). Development of a criterion method to
determine peak mechanical power output in a countermovement jump. J Strength Cond Res
28(6):1552-1558.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from neurolift._results import Result, to_plain
from neurolift.errors import (
    InvalidParameterError,
    NeuroliftError,
    NoTakeoffError,
    SamplingRateError,
    SignalError,
    SignalTooShortError,
    UnitError,
)
from neurolift.signals.force import _core as C
from neurolift.signals.force._common import JumpParams, force_matrix, quality_warnings
from neurolift.signals.force._events import MAX_FLIGHT_S, MAX_JUMP_HEIGHT_M, long_flight_message
from neurolift.timeseries import TimeSeries
from neurolift.units import STANDARD_GRAVITY_M_S2 as G
from neurolift.units import body_weight_problem

__all__ = [
    "JumpResult",
    "SideMetrics",
    "cmj_metrics",
    "sj_metrics",
    "jump_metrics_batch",
    "jump_process",
    "JumpProcess",
]

_SIDE_FIELDS = (
    "body_weight_n",
    "peak_braking_force_n",
    "mean_braking_force_n",
    "peak_propulsive_force_n",
    "mean_propulsive_force_n",
    "braking_net_impulse_ns",
    "propulsive_net_impulse_ns",
    "peak_landing_force_n",
)


@dataclass(frozen=True)
class SideMetrics(Result):
    """Per-plate metrics of a two-plate jump."""

    channel: str
    body_weight_n: float
    peak_braking_force_n: float | None
    mean_braking_force_n: float | None
    peak_propulsive_force_n: float
    mean_propulsive_force_n: float
    braking_net_impulse_ns: float | None
    propulsive_net_impulse_ns: float
    peak_landing_force_n: float | None


@dataclass(frozen=True)
class JumpResult(Result):
    """Metrics of one countermovement or squat jump (SI units in every name)."""

    test: str
    sampling_rate_hz: float
    body_weight_n: float
    body_mass_kg: float
    weighing_sd_n: float
    weighing_start_s: float
    weighing_end_s: float
    onset_s: float
    takeoff_s: float
    landing_s: float | None
    takeoff_velocity_m_s: float
    jump_height_impulse_m: float
    jump_height_flight_time_m: float | None
    jump_height_difference_m: float | None
    flight_time_s: float | None
    landing_com_offset_m: float | None
    time_to_takeoff_s: float
    rsi_modified_m_s: float
    countermovement_depth_m: float | None
    unweighting_duration_s: float | None
    braking_duration_s: float | None
    propulsion_duration_s: float
    peak_braking_force_n: float | None
    mean_braking_force_n: float | None
    peak_propulsive_force_n: float
    mean_propulsive_force_n: float
    braking_net_impulse_ns: float | None
    propulsive_net_impulse_ns: float
    peak_power_w: float
    relative_peak_power_w_kg: float
    force_at_zero_velocity_n: float | None
    braking_rfd_n_s: float | None
    stiffness_n_m: float | None
    peak_landing_force_n: float | None
    countermovement_detected: bool
    countermovement_dip_n: float
    sides: tuple[SideMetrics, ...] = ()
    asymmetry_pct: dict[str, float] = field(default_factory=dict)
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def flat(self) -> dict[str, Any]:
        """One flat row (per-plate metrics prefixed by channel) for tables and batch output."""
        d = super().flat()
        sides = d.pop("sides")
        asym = d.pop("asymmetry_pct")
        for s in sides:
            ch = s.pop("channel")
            d.update({f"{ch}_{k}": v for k, v in s.items()})
        d.update({f"asymmetry_{k}_pct": v for k, v in asym.items()})
        return d


@dataclass(frozen=True)
class JumpProcess:
    """A jump's result with the signals behind it (for plots)."""

    result: JumpResult
    force: TimeSeries
    velocity: TimeSeries
    displacement: TimeSeries
    events: dict[str, float]


class _Batch:
    """Vectorised analysis of a stack of equally long trials (rows)."""

    def __init__(
        self,
        F: np.ndarray,
        fs: float,
        p: JumpParams,
        test: str,
        body_mass_kg: np.ndarray | None,
        sides: np.ndarray | None,
    ) -> None:
        self.F, self.fs, self.p, self.test = F, fs, p, test
        self.n, self.m = F.shape
        self.dt = 1.0 / fs
        self.error: list[NeuroliftError | None] = [None] * self.n
        self.warn: list[list[str]] = [[] for _ in range(self.n)]
        self.body_mass_kg = body_mass_kg
        self.sides = sides  # (n, m, 2) or None
        self._run()

    def _fail(self, mask: np.ndarray, exc: type[NeuroliftError], msg: str) -> None:
        for r in np.flatnonzero(mask).tolist():
            if self.error[r] is None:
                self.error[r] = exc(msg)

    def _run(self) -> None:
        F, p, fs, dt, n, m = self.F, self.p, self.fs, self.dt, self.n, self.m
        thr = p.takeoff_threshold_n
        where = f"{self.test}_metrics"

        # -- flight: first run of >= min_flight_s below the threshold after the plate was loaded
        below = F < thr
        k = max(1, int(round(p.min_flight_s * fs)))
        loaded_at, any_loaded = C.first_true(~below)
        cs = np.zeros((n, m + 1), dtype=np.int32)
        np.cumsum(below, axis=1, out=cs[:, 1:])
        run_ok = np.zeros((n, m), dtype=bool)
        if m >= k:
            run_ok[:, : m - k + 1] = (cs[:, k:] - cs[:, : m - k + 1]) == k
        to_k, has_to = C.first_true(run_ok, loaded_at + 1)
        self._fail(
            ~any_loaded,
            SignalError,
            f"{where}: force never rises above "
            f"{thr:g} N: nobody stands on the plate (or the file is not in newtons)",
        )
        self._fail(
            ~has_to,
            NoTakeoffError,
            f"{where}: no take-off found: force never stays "
            f"below {thr:g} N for {p.min_flight_s:g} s after loading the plate",
        )
        to_k = np.where(has_to, to_k, m - 1)
        min_contact = max(1, int(round(p.min_contact_s * fs)))
        # landing: the first loaded sample after the flight (searched up to 1.2 s after take-off;
        # flights longer than 1 s are not jumps)
        land_k, has_land = C.first_where(
            F, to_k + k, np.minimum(to_k + int(1.2 * fs), m), lambda x: x >= thr
        )
        # require the landing to be sustained (not a spike)
        if has_land.any():
            sustained = C.take(cs[:, 1:], land_k + min_contact - 1) - C.take(cs[:, 1:], land_k - 1)
            has_land &= (sustained == 0) & (land_k + min_contact <= m)
        land_k = np.where(has_land, land_k, m - 1)

        # -- weighing (Owen 2014): the last ``weighing_duration_s`` of quiet standing
        # immediately before the movement. A first pass finds the quietest loaded window
        # anywhere before take-off (a body-weight estimate); the quiet run that ends where force
        # last leaves BW +/- quiet_band before take-off then places the weighing window at its
        # end, so sway long before the jump, or an earlier jump, is never taken for it.
        w_full = int(round(p.weighing_duration_s * fs))
        w_min = int(round(p.weighing_min_duration_s * fs))
        stride = max(1, int(round(0.01 * fs)))
        # Only the columns up to the latest take-off (landing, for the prefix sums) are read by
        # the weighing and onset searches; the rest of the recording is not touched.
        mp = int(to_k.max()) + 1
        ml = min(m, int(land_k.max()) + 1)
        Fp = F[:, :mp]
        blocks = C.block_prefix_sums(F[:, :ml], stride)
        _, bw0, _, ok0 = C.min_sd_window(F[:, :ml], w_min, stride, to_k, cs, blocks=blocks)
        for r in np.flatnonzero(ok0).tolist():
            msg = body_weight_problem(float(bw0[r]), where=where)
            if msg and self.error[r] is None:
                self.error[r] = UnitError(msg)
        inband = np.abs(Fp - bw0[:, None]) <= p.quiet_band_fraction * np.abs(bw0)[:, None]
        ci = np.zeros((n, mp + 1), dtype=np.int32)
        np.cumsum(inband, axis=1, out=ci[:, 1:])
        q_end = np.zeros((n, mp), dtype=bool)  # q_end[j]: inband over [j - w_min + 1, j]
        if mp >= w_min:
            q_end[:, w_min - 1 :] = (ci[:, w_min:] - ci[:, : mp - w_min + 1]) == w_min
        j_end, has_q = C.last_true(q_end, 0, to_k)
        run_start, has_rs = C.last_true(~inband, 0, j_end)
        run_start = np.where(has_rs, run_start + 1, 0)
        stop_w = np.where(has_q, j_end + 1, 0)
        lo_w = np.where(has_q, run_start, 0)
        ws, bw, sd, ok_full = C.min_sd_window(
            F[:, :ml], w_full, stride, stop_w, cs, lo_w, blocks=blocks
        )
        width = np.where(ok_full, w_full, 0)
        short = has_q & ~ok_full
        if short.any():
            ws2, bw2, sd2, ok_min = C.min_sd_window(
                F[:, :ml], w_min, stride, stop_w, cs, lo_w, blocks=blocks
            )
            ws, bw, sd = (
                np.where(short, ws2, ws),
                np.where(short, bw2, bw),
                np.where(short, sd2, sd),
            )
            width = np.where(short & ok_min, w_min, width)
            for r in np.flatnonzero(short & ok_min).tolist():
                self.warn[r].append(
                    f"short quiet period: less than {p.weighing_duration_s:g} s of standing before "
                    f"the movement; weighed over {w_min / fs:g} s"
                )
        self._fail(
            ~has_q | (width == 0),
            SignalTooShortError,
            f"{where}: less than {p.weighing_min_duration_s:g} s of quiet standing "
            "before take-off; the body weight cannot be measured",
        )
        self._fail(
            ~ok0,
            SignalTooShortError,
            f"{where}: less than {p.weighing_min_duration_s:g} s of standing before take-off",
        )
        we = ws + width
        for r in range(n):
            msg = body_weight_problem(float(bw[r]), where=where)
            if msg and self.error[r] is None:
                self.error[r] = UnitError(msg)
            elif sd[r] > p.weighing_sd_warn_fraction * bw[r]:
                self.warn[r].append(
                    f"noisy weighing: SD {sd[r]:.1f} N is above {100 * p.weighing_sd_warn_fraction:g} % "
                    "of body weight; onset and velocity may be unreliable"
                )
        bw_safe = np.where(bw > 1.0, bw, 1.0)
        if self.body_mass_kg is not None:
            mass = self.body_mass_kg.astype(float)
            plate_mass = bw_safe / G
            for r in np.flatnonzero(np.abs(mass - plate_mass) > 0.05 * plate_mass).tolist():
                self.warn[r].append(
                    f"given body mass {mass[r]:.1f} kg differs by more than 5 % from the plate's "
                    f"{plate_mass[r]:.1f} kg"
                )
        else:
            mass = bw_safe / G

        # -- onset: from the movement (first sample out of the quiet band) search backwards for
        # the last sample within BW +/- threshold, so sway earlier in the standing is ignored.
        anchor = np.minimum(np.where(has_q, j_end + 1, to_k), to_k)
        dev = np.abs(Fp - bw[:, None])
        if p.onset_method == "sd":
            on_thr = np.maximum(p.onset_sd * sd, p.onset_min_threshold_n)
            backoff = int(round(p.onset_backoff_s * fs))
        else:
            on_thr = np.full(n, p.onset_fixed_n)
            backoff = 0
        # the movement starts after the last run of >= onset_quiet_s inside the band (a brief
        # pass through BW during a pre-jump "uptick" is not a return to quiet standing)
        L = max(1, int(round(p.onset_quiet_s * fs)))
        inb = dev <= on_thr[:, None]
        cb = np.zeros((n, mp + 1), dtype=np.int32)
        np.cumsum(inb, axis=1, out=cb[:, 1:])
        held = np.zeros((n, mp), dtype=bool)
        if mp >= L:
            held[:, L - 1 :] = (cb[:, L:] - cb[:, : mp - L + 1]) == L
        quiet_idx, has_cross = C.last_true(held, ws, anchor)
        cross = np.where(has_cross, quiet_idx + 1, anchor)
        onset = np.maximum(cross - backoff, ws)
        self._fail(~has_cross, SignalError, f"{where}: no movement onset found before take-off")
        onset = np.minimum(onset, to_k - 1)

        # -- kinematics from the onset, up to 0.5 s after the latest landing in a batch (nothing
        # later is read); a single trial keeps the whole trace for plots
        mk = m if n == 1 else min(m, int(land_k.max()) + int(0.5 * fs) + 2)
        cols = np.arange(mk)
        a = (F[:, :mk] - bw[:, None]) / mass[:, None]
        a[cols < onset[:, None]] = 0.0
        v = C.cumtrapz_rows(a, dt)
        s = C.cumtrapz_rows(v, dt)

        # -- take-off and landing instants (interpolated)
        if p.takeoff_method == "flight_noise":
            f0 = to_k + (land_k - to_k) // 4
            f1 = land_k - (land_k - to_k) // 4
            mu, sd_flight = C.interval_moments(F, f0, f1)
            level = np.minimum(np.nan_to_num(mu + 5 * sd_flight, nan=thr), thr)
            after, _ = C.first_true(F < level[:, None], to_k - 1)
            tk = np.maximum(after - 1, 0)
        else:
            level = np.full(n, float(thr))
            tk = np.maximum(to_k - 1, 0)
        f_a, f_b = C.take(F, tk), C.take(F, tk + 1)
        frac = np.clip(
            np.where(f_a > f_b, (f_a - level) / np.where(f_a > f_b, f_a - f_b, 1), 0.0), 0, 1
        )
        t_to = (tk + frac) * dt
        a_k = C.take(a, tk)
        a_lvl = (level - bw) / mass
        v_to = C.take(v, tk) + frac * dt * 0.5 * (a_k + a_lvl)
        # landing crossing of the same level
        lvl = level[:, None]
        lk, _ = C.first_where(F, np.minimum(to_k + k, m - 1), land_k + 1, lambda x: x >= lvl)
        lk = np.where(has_land, np.maximum(lk, 1), m - 1)
        g_a, g_b = C.take(F, lk - 1), C.take(F, lk)
        frac_l = np.clip(
            np.where(g_b > g_a, (level - g_a) / np.where(g_b > g_a, g_b - g_a, 1), 1.0), 0, 1
        )
        t_land = (lk - 1 + frac_l) * dt
        self._fail(
            (v_to <= 0) & has_to,
            SignalError,
            f"{where}: take-off velocity is not upward; check the body weight and onset",
        )

        # -- phases
        vmin_k = C.interval_argmin(v, onset, to_k)
        vmin = C.take(v, vmin_k)
        has_cm = vmin < -0.01  # a real downward movement (m/s)
        zero_k, has_zero = C.first_where(v, vmin_k, to_k, lambda x: x >= 0)
        has_cm &= has_zero
        prop_start = np.where(has_cm, zero_k, onset)
        self.peak_brake = np.where(has_cm, C.interval_max(F, vmin_k, zero_k + 1), np.nan)
        self.mean_brake = np.where(has_cm, C.interval_moments(F, vmin_k, zero_k + 1)[0], np.nan)
        self.peak_prop = C.interval_max(F, prop_start, to_k)
        self.mean_prop = C.interval_moments(F, prop_start, to_k)[0]
        v_zero = C.take(v, zero_k)
        self.brake_imp = np.where(has_cm, mass * (v_zero - vmin), np.nan)
        self.prop_imp = mass * (v_to - np.where(has_cm, v_zero, 0.0))
        self.depth = np.where(has_cm, -C.take(s, zero_k), np.nan)
        self.f_zero = np.where(has_cm, C.take(F, zero_k), np.nan)
        f_vmin = C.take(F, vmin_k)
        brake_dur = (zero_k - vmin_k) * dt
        with np.errstate(invalid="ignore", divide="ignore"):
            self.brake_rfd = np.where(
                has_cm & (brake_dur > 0), (self.f_zero - f_vmin) / brake_dur, np.nan
            )
            self.stiffness = np.where(
                has_cm & (self.depth > 0), self.peak_brake / self.depth, np.nan
            )
        self.peak_power = C.interval_max_product(F, v, onset, to_k)
        # landing: touchdown -> velocity back to zero (or 0.5 s), peak force in it
        land_end, has_le = C.first_where(v, lk, np.minimum(lk + int(0.5 * fs), m), lambda x: x >= 0)
        land_end = np.where(has_le, land_end, np.minimum(lk + int(0.5 * fs), m))
        self.peak_land = np.where(
            has_land, C.interval_max(F, lk, np.maximum(land_end, lk + 1)), np.nan
        )

        # countermovement (reported for SJ): dip below body weight before the push
        push_k = C.interval_argmax(F, onset, to_k)
        dip = bw - np.where(
            push_k > onset, C.interval_max(-F, onset, np.maximum(push_k, onset + 1)) * -1, bw
        )
        cm_thr = np.maximum(p.countermovement_threshold_n, p.onset_sd * sd)
        self.cm_detected = dip > cm_thr
        self.dip = np.maximum(dip, 0.0)

        with np.errstate(all="ignore"):
            h_to = v_to**2 / (2 * G)
        for r in np.flatnonzero(has_to & (h_to > MAX_JUMP_HEIGHT_M)).tolist():
            if self.error[r] is None:  # a rate 10x too low makes impulses 10x, heights 100x
                self.error[r] = SamplingRateError(
                    f"{where}: the take-off velocity {v_to[r]:.3g} m/s means a "
                    f"{h_to[r]:.3g} m jump, above the {MAX_JUMP_HEIGHT_M:g} m no one reaches; "
                    f"check --sampling-rate ({fs:g} Hz), the force unit (N) and the body mass"
                )
        flight = t_land - t_to
        for r in np.flatnonzero(has_land & (flight > MAX_FLIGHT_S)).tolist():
            k0, k1 = int(round(t_to[r] / dt)), int(round(t_land[r] / dt))
            if self.error[r] is None:  # 32 m "jumps" come from a wrong sampling rate
                self.error[r] = SamplingRateError(long_flight_message(where, (k0, k1), 1.0 / dt))
        for r in np.flatnonzero(has_land & ((flight < 0.15) | (flight > 1.0))).tolist():
            self.warn[r].append(
                f"flight time {flight[r]:.3f} s is outside 0.15-1.0 s; check the trial"
            )
        for r in np.flatnonzero(~has_land & has_to).tolist():
            self.warn[r].append(
                "no landing found: the recording ends in flight or the athlete stepped off"
            )

        # -- per plate
        self.side_vals: dict[str, np.ndarray] | None = None
        if self.sides is not None:
            S = self.sides
            out: dict[str, np.ndarray] = {}
            for j in range(S.shape[2]):
                Fj = S[:, :, j]
                csj = C.prefix_sum(Fj)
                bwj = C.interval_mean(csj, ws, we)
                out[f"{j}_body_weight_n"] = bwj
                out[f"{j}_peak_braking_force_n"] = np.where(
                    has_cm, C.interval_max(Fj, vmin_k, zero_k + 1), np.nan
                )
                out[f"{j}_mean_braking_force_n"] = np.where(
                    has_cm, C.interval_mean(csj, vmin_k, zero_k + 1), np.nan
                )
                out[f"{j}_peak_propulsive_force_n"] = C.interval_max(Fj, prop_start, to_k)
                out[f"{j}_mean_propulsive_force_n"] = C.interval_mean(csj, prop_start, to_k)
                # net impulse per plate: integral of (F_plate - BW_plate), rectangle rule on samples
                imp_b = (
                    C.take(csj, zero_k + 1) - C.take(csj, vmin_k) - bwj * (zero_k + 1 - vmin_k)
                ) * dt
                out[f"{j}_braking_net_impulse_ns"] = np.where(has_cm, imp_b, np.nan)
                out[f"{j}_propulsive_net_impulse_ns"] = (
                    C.take(csj, to_k) - C.take(csj, prop_start) - bwj * (to_k - prop_start)
                ) * dt
                out[f"{j}_peak_landing_force_n"] = np.where(
                    has_land, C.interval_max(Fj, lk, np.maximum(land_end, lk + 1)), np.nan
                )
            self.side_vals = out

        self.bw, self.sd, self.mass = bw, sd, mass
        self.ws, self.we, self.onset = ws, we, onset
        self.t_to, self.t_land, self.has_land = t_to, t_land, has_land
        self.v_to, self.vmin_k, self.zero_k, self.has_cm = v_to, vmin_k, zero_k, has_cm
        self.to_k, self.lk, self.land_end = to_k, lk, land_end
        self.v, self.s = v, s

    def columns(self) -> dict[str, np.ndarray]:
        """Every scalar metric as one array over the trials (NaN where it does not apply).

        Rows of failed trials hold meaningless numbers here; callers check ``self.error``.
        """
        with np.errstate(all="ignore"):
            return self._columns()

    def _columns(self) -> dict[str, np.ndarray]:
        dt, nan = self.dt, np.nan
        has_cm, has_land = self.has_cm, self.has_land
        h_imp = self.v_to**2 / (2 * G)
        onset_t = self.onset * dt
        ttt = self.t_to - onset_t
        ft = np.where(has_land, self.t_land - self.t_to, nan)
        h_ft = G * ft**2 / 8
        cols: dict[str, np.ndarray] = {
            "body_weight_n": self.bw,
            "body_mass_kg": self.mass,
            "weighing_sd_n": self.sd,
            "weighing_start_s": self.ws * dt,
            "weighing_end_s": self.we * dt,
            "onset_s": onset_t,
            "takeoff_s": self.t_to,
            "landing_s": np.where(has_land, self.t_land, nan),
            "takeoff_velocity_m_s": self.v_to,
            "jump_height_impulse_m": h_imp,
            "jump_height_flight_time_m": h_ft,
            "jump_height_difference_m": h_ft - h_imp,
            "flight_time_s": ft,
            "landing_com_offset_m": np.where(
                has_land, C.take(self.s, self.lk) - C.take(self.s, self.to_k - 1), nan
            ),
            "time_to_takeoff_s": ttt,
            "rsi_modified_m_s": h_imp / ttt,
            "countermovement_depth_m": self.depth,
            "unweighting_duration_s": np.where(has_cm, (self.vmin_k - self.onset) * dt, nan),
            "braking_duration_s": np.where(has_cm, (self.zero_k - self.vmin_k) * dt, nan),
            "propulsion_duration_s": self.t_to - np.where(has_cm, self.zero_k * dt, onset_t),
            "peak_braking_force_n": self.peak_brake,
            "mean_braking_force_n": self.mean_brake,
            "peak_propulsive_force_n": self.peak_prop,
            "mean_propulsive_force_n": self.mean_prop,
            "braking_net_impulse_ns": self.brake_imp,
            "propulsive_net_impulse_ns": self.prop_imp,
            "peak_power_w": self.peak_power,
            "relative_peak_power_w_kg": self.peak_power / self.mass,
            "force_at_zero_velocity_n": self.f_zero,
            "braking_rfd_n_s": self.brake_rfd,
            "stiffness_n_m": self.stiffness,
            "peak_landing_force_n": self.peak_land,
            "countermovement_detected": self.cm_detected,
            "countermovement_dip_n": self.dip,
        }
        return cols

    def result(
        self,
        r: int,
        *,
        channels: tuple[str, ...],
        base_warnings: list[str],
        method: dict[str, Any],
        cols: dict[str, np.ndarray] | None = None,
    ) -> JumpResult:
        if self.error[r] is not None:
            raise self.error[r]  # type: ignore[misc]
        cols = self.columns() if cols is None else cols

        def opt(x: float) -> float | None:
            return None if not np.isfinite(x) else float(x)

        fields: dict[str, Any] = {k: opt(float(v[r])) for k, v in cols.items()}
        fields["countermovement_detected"] = bool(cols["countermovement_detected"][r])
        sides: tuple[SideMetrics, ...] = ()
        asym: dict[str, float] = {}
        if self.side_vals is not None:
            vals = [
                {f: opt(float(self.side_vals[f"{j}_{f}"][r])) for f in _SIDE_FIELDS}
                for j in range(2)
            ]
            sides = tuple(SideMetrics(channel=channels[j], **vals[j]) for j in range(2))  # type: ignore[arg-type]
            for f in _SIDE_FIELDS:
                a_, b_ = vals[0][f], vals[1][f]
                if a_ is None or b_ is None or max(abs(a_), abs(b_)) == 0:
                    continue
                asym[f.removesuffix("_n").removesuffix("_ns")] = (
                    100.0 * (a_ - b_) / max(abs(a_), abs(b_))
                )
        warnings = list(base_warnings) + self.warn[r]
        if self.test == "sj" and self.cm_detected[r]:
            warnings.append(
                f"countermovement in a squat jump: force dipped {self.dip[r]:.0f} N below body weight "
                "before the push"
            )
        return JumpResult(
            test=self.test,
            sampling_rate_hz=self.fs,
            **fields,
            sides=sides,
            asymmetry_pct=asym,
            method=method,
            warnings=tuple(warnings),
        )


def _method(test: str, p: JumpParams, body_mass_kg: float | None) -> dict[str, Any]:
    m = {
        "test": test,
        **p.as_method(),
        "integration_start": "onset",
        "integration": "trapezoid",
        "filter": "none",
        "weighing": "min-SD loaded window before take-off",
        "asymmetry_formula": "100*(A-B)/max(A,B), A = first plate channel",
        "body_mass_source": "given" if body_mass_kg is not None else "plate",
    }
    return to_plain(m)


def _analyse(
    force: TimeSeries, test: str, body_mass_kg: float | None, params: JumpParams
) -> _Batch:
    F, sides = force_matrix(force, where=f"{test}_metrics")
    bm = None if body_mass_kg is None else np.array([float(body_mass_kg)])
    if bm is not None:
        from neurolift._validation import check_range

        check_range("body_mass_kg", body_mass_kg, 20.0, 300.0, where=f"{test}_metrics")
    return _Batch(
        F[None, :].astype(np.float64),
        force.sampling_rate,
        params,
        test,
        bm,
        None if sides is None else sides[None, :, :],
    )


def _single(
    force: TimeSeries, test: str, body_mass_kg: float | None, params: dict[str, Any]
) -> tuple[JumpResult, _Batch]:
    """Analyse one trial as a batch of one; returns its result and the batch (for signals)."""
    p = JumpParams(**params)
    b = _analyse(force, test, body_mass_kg, p)
    res = b.result(
        0,
        channels=force.channels,
        base_warnings=quality_warnings(force.as_2d().sum(1), force.sampling_rate),
        method=_method(test, p, body_mass_kg),
    )
    return res, b


def cmj_metrics(
    force: TimeSeries, *, body_mass_kg: float | None = None, **params: Any
) -> JumpResult:
    """Countermovement-jump metrics from vertical force.

    Parameters
    ----------
    force : TimeSeries
        Vertical force in N: one channel, or two plates (summed for the whole-body metrics,
        analysed per plate for asymmetry). The athlete stands still first (>= 1 s recommended).
    body_mass_kg : float, optional
        System mass; defaults to plate body weight / g.
    **params
        Method options, see :class:`~neurolift.signals.force._common.JumpParams` (``onset_method``,
        ``onset_sd``, ``onset_backoff_s``, ``takeoff_threshold_n``, ``takeoff_method``...).

    Returns
    -------
    JumpResult

    References
    ----------
    McMahon et al. 2018, Strength Cond J 40(4):96-106; Owen et al. 2014, JSCR 28(6):1552-1558.

    Examples
    --------
    >>> from neurolift.signals.force.simulate import force_simulate_jump
    >>> sim = force_simulate_jump(takeoff_velocity_m_s=2.4, sampling_rate=1000, random_state=0)
    >>> res = cmj_metrics(sim.force)
    >>> bool(abs(res.takeoff_velocity_m_s - sim.truth["takeoff_velocity_threshold_m_s"]) < 0.005)
    True
    """
    return _single(force, "cmj", body_mass_kg, params)[0]


def sj_metrics(
    force: TimeSeries, *, body_mass_kg: float | None = None, **params: Any
) -> JumpResult:
    """Squat-jump metrics; a countermovement is detected and reported, not hidden.

    Same definitions and parameters as :func:`cmj_metrics`. ``countermovement_detected`` is true
    when force dips below body weight by more than ``countermovement_threshold_n`` (or 5 SD of
    the weighing) before the push; the result then also carries a warning.
    """
    return _single(force, "sj", body_mass_kg, params)[0]


def jump_process(
    force: TimeSeries, *, test: str = "cmj", body_mass_kg: float | None = None, **params: Any
) -> JumpProcess:
    """Like :func:`cmj_metrics`/:func:`sj_metrics`, also returning velocity and displacement."""
    res, b = _single(force, test, body_mass_kg, params)
    fs = force.sampling_rate
    events = {
        "weighing_start": res.weighing_start_s,
        "weighing_end": res.weighing_end_s,
        "onset": res.onset_s,
        "takeoff": res.takeoff_s,
    }
    if res.landing_s is not None:
        events["landing"] = res.landing_s
    if b.has_cm[0]:
        events["peak_negative_velocity"] = float(b.vmin_k[0] / fs)
        events["zero_velocity"] = float(b.zero_k[0] / fs)
    if b.has_land[0]:
        events["landing_end"] = float(b.land_end[0] / fs)
    total = force.sum_channels("force") if force.n_channels > 1 else force
    vel = TimeSeries(b.v[0], fs, "m/s", ("velocity",), force.t0)
    disp = TimeSeries(b.s[0], fs, "m", ("displacement",), force.t0)
    return JumpProcess(res, total, vel, disp, events)


def jump_metrics_batch(
    forces: np.ndarray,
    *,
    sampling_rate: float,
    test: str = "cmj",
    body_mass_kg: np.ndarray | None = None,
    sides: np.ndarray | None = None,
    channels: tuple[str, ...] = ("fp1", "fp2"),
    as_frame: bool = False,
    chunk_rows: int = 100,
    **params: Any,
) -> Any:
    """Analyse many trials at once (one row each); failed trials come back as their error.

    Parameters
    ----------
    forces : ndarray, shape (n_trials, n_samples)
        Total vertical force, N. Pad shorter trials with their last value.
    sampling_rate : float
        Hz, shared by all rows.
    sides : ndarray, shape (n_trials, n_samples, 2), optional
        Per-plate forces for asymmetry.
    as_frame : bool
        Return one DataFrame (a row per trial, the whole-body metrics as columns, failed trials
        with their ``error``) instead of a list of results/errors; the fastest path for archives.
    chunk_rows : int
        Trials analysed together; chunks keep the temporaries small enough to stay in cache.

    Examples
    --------
    >>> from neurolift.signals.force.simulate import force_simulate_jump
    >>> trials = [force_simulate_jump(takeoff_velocity_m_s=v, sampling_rate=1000, duration_s=5.0,
    ...                               random_state=i) for i, v in enumerate((2.0, 2.5))]
    >>> out = jump_metrics_batch(np.stack([t.force.values for t in trials]), sampling_rate=1000)
    >>> [bool(abs(r.takeoff_velocity_m_s - t.truth["takeoff_velocity_threshold_m_s"]) < 0.005)
    ...  for r, t in zip(out, trials)]
    [True, True]
    """
    from neurolift._validation import check_choice, check_sampling_rate

    fs = check_sampling_rate(sampling_rate, where="jump_metrics_batch")
    check_choice("test", test, ("cmj", "sj"), where="jump_metrics_batch")
    p = JumpParams(**params)
    F = np.asarray(forces, dtype=np.float64)
    if F.ndim != 2:
        raise SignalError(
            f"jump_metrics_batch: forces must be 2-D (trials x samples), got {F.shape}"
        )
    if F.shape[0] == 0:
        raise SignalError("jump_metrics_batch: no trials (forces has 0 rows)")
    if chunk_rows < 1:
        raise InvalidParameterError(
            f"jump_metrics_batch: chunk_rows must be >= 1, got {chunk_rows}"
        )
    method = _method(test, p, None)
    pieces: list[Any] = []
    # Rows go through in chunks so the whole-array temporaries stay cache-sized.
    for lo in range(0, F.shape[0], chunk_rows):
        hi = min(lo + chunk_rows, F.shape[0])
        bm = None if body_mass_kg is None else np.asarray(body_mass_kg)[lo:hi]
        sd = None if sides is None else np.asarray(sides)[lo:hi]
        pieces.append(_batch_chunk(F[lo:hi], fs, p, test, bm, sd, channels, as_frame, method))
    if as_frame:
        import pandas as pd

        return pd.concat(pieces, ignore_index=True)
    return [r for piece in pieces for r in piece]


def _batch_chunk(
    F: np.ndarray,
    fs: float,
    p: JumpParams,
    test: str,
    body_mass_kg: np.ndarray | None,
    sides: np.ndarray | None,
    channels: tuple[str, ...],
    as_frame: bool,
    method: dict[str, Any],
) -> Any:
    finite = np.asarray(np.isfinite(F).all(axis=1))
    Fz = np.where(finite[:, None], F, 0.0)
    b = _Batch(Fz, fs, p, test, body_mass_kg, sides)
    for r in np.flatnonzero(~finite).tolist():
        b.error[r] = SignalError("jump_metrics_batch: trial has NaN/inf force values")
    if as_frame:
        import pandas as pd

        bad = np.array([e is not None for e in b.error])
        data: dict[str, Any] = {"test": np.full(len(bad), test)}
        for name, col in b.columns().items():
            col = np.asarray(col, dtype=np.float64 if name != "countermovement_detected" else bool)
            data[name] = np.where(bad, np.nan, col) if col.dtype.kind == "f" else col
        data["error"] = [None if e is None else f"{type(e).__name__}: {e}" for e in b.error]
        data["warnings"] = ["; ".join(w) for w in b.warn]
        return pd.DataFrame(data)
    cols = b.columns()
    out: list[JumpResult | NeuroliftError] = []
    for r in range(F.shape[0]):
        try:
            out.append(b.result(r, channels=channels, base_warnings=[], method=method, cols=cols))
        except NeuroliftError as exc:
            out.append(exc)
    return out
