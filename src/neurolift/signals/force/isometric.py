"""Isometric pulls and squats (IMTP): peak force, force at epochs, RFD and impulse bands.

Definitions
-----------
- The pull is located at the peak force. Its rise is where force last crosses halfway between
  the quiet baseline and the peak before the peak.
- Weighing: the quietest window of ``weighing_duration_s`` within ``search_s`` before that rise,
  searched backwards from the pull, so slow pre-tension or shuffling earlier in the recording is
  not taken for the baseline (Beckham's IsometricAnalyzer guidance).
- Onset (Dos'Santos et al. 2017): the first sample of the final rise above baseline + 5 SD,
  found by searching backwards from the rise for the last sample within the band.
- Force at t ms = gross force ``F(onset + t)``, linearly interpolated; RFD 0-t ms =
  ``(F(onset + t) - F(onset)) / t`` (Haff et al. 2015 time bands); impulse 0-t ms = integral of
  ``F - baseline`` from the onset (trapezoid). Peak RFD: steepest ``peak_rfd_window_s`` slope
  between onset and peak (labelled low-reliability, as is average RFD = net PF / time to PF).
- Unfiltered by default (Dos'Santos et al. 2018: a 10 Hz low-pass underestimates time-specific
  forces).

References
----------
Dos'Santos T, Jones PA, Comfort P, Thomas C (2017). Effect of different onset thresholds on
isometric mid-thigh pull force-time variables. J Strength Cond Res 31(12):3463-3473.
Haff GG, Ruben RP, Lider J, Twine C, Cormie P (2015). A comparison of methods for determining the
rate of force development during isometric midthigh clean pulls. J Strength Cond Res 29(2):386-395.
Comfort P et al. (2019). Standardization and methodological considerations for the isometric
midthigh pull. Strength Cond J 41(2):57-79.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from neurolift._results import Result, to_plain
from neurolift._validation import check_positive
from neurolift.errors import SamplingRateError, SignalError, SignalTooShortError, UnitError
from neurolift.signals.force._common import force_matrix, quality_warnings
from neurolift.signals.force._events import (
    MAX_FLIGHT_S,
    long_flight_message,
    quiet_window,
    unloaded_gaps,
)
from neurolift.timeseries import TimeSeries
from neurolift.units import body_weight_problem

__all__ = ["IsometricResult", "imtp_metrics", "EPOCHS_MS", "IMPULSE_MS"]

EPOCHS_MS = (50, 100, 150, 200, 250)
IMPULSE_MS = (100, 200, 300)


@dataclass(frozen=True)
class IsometricResult(Result):
    test: str
    sampling_rate_hz: float
    body_weight_n: float
    weighing_sd_n: float
    weighing_start_s: float
    weighing_end_s: float
    onset_s: float
    peak_force_n: float
    net_peak_force_n: float
    time_to_peak_force_s: float
    force_50ms_n: float
    force_100ms_n: float
    force_150ms_n: float
    force_200ms_n: float
    force_250ms_n: float
    rfd_0_50ms_n_s: float
    rfd_0_100ms_n_s: float
    rfd_0_150ms_n_s: float
    rfd_0_200ms_n_s: float
    rfd_0_250ms_n_s: float
    impulse_0_100ms_ns: float
    impulse_0_200ms_ns: float
    impulse_0_300ms_ns: float
    peak_rfd_n_s: float
    average_rfd_n_s: float
    pretension_n: float
    method: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()


def imtp_metrics(
    force: TimeSeries,
    *,
    onset_sd: float = 5.0,
    weighing_duration_s: float = 1.0,
    weighing_min_duration_s: float = 0.25,
    search_s: float = 3.0,
    peak_rfd_window_s: float = 0.020,
    onset_quiet_s: float = 0.010,
) -> IsometricResult:
    """Isometric mid-thigh pull (or isometric squat) metrics from vertical force.

    Parameters
    ----------
    force : TimeSeries
        Vertical force, N (plates are summed). Quiet standing, then the pull.
    onset_sd : float
        Onset threshold in SDs of the baseline (Dos'Santos 2017 recommend 5).
    weighing_duration_s, weighing_min_duration_s, search_s : float
        Baseline window length, its fallback, and how far before the rise it is searched.
    peak_rfd_window_s : float
        Window of the sliding peak RFD, s (Haff 2015 compared 2-50 ms).

    Examples
    --------
    >>> import numpy as np
    >>> fs = 1000
    >>> t = np.arange(5 * fs) / fs
    >>> F = 800 + np.where(t >= 2.0, 2000 * (1 - np.exp(-(t - 2.0) / 0.1)), 0.0)
    >>> r = imtp_metrics(TimeSeries(F + np.random.default_rng(0).normal(0, 2, t.size), fs, "N"))
    >>> round(r.net_peak_force_n, -2)                # 2000 N above the 800 N baseline
    2000.0
    >>> analytic = 2000 * (1 - np.exp(-1.0)) / 0.1   # RFD 0-100 ms of the exponential rise
    >>> bool(abs(r.rfd_0_100ms_n_s - analytic) / analytic < 0.02)
    True
    """
    where = "imtp_metrics"
    check_positive("onset_sd", onset_sd, where=where)
    check_positive("peak_rfd_window_s", peak_rfd_window_s, where=where)
    total, _ = force_matrix(force, where=where, min_duration_s=1.0)
    F = total.astype(np.float64)
    fs = force.sampling_rate
    warnings = quality_warnings(F, fs)
    gaps = unloaded_gaps(F, fs, threshold_n=20.0, min_s=0.15)
    if gaps:  # an isometric pull never leaves the plate
        s0, s1 = gaps[0]
        if (s1 - s0) / fs > MAX_FLIGHT_S:
            raise SamplingRateError(long_flight_message(where, gaps[0], fs))
        raise SignalError(
            f"{where}: the plate is unloaded for {(s1 - s0) / fs:.2f} s ({s0 / fs:.2f}-"
            f"{s1 / fs:.2f} s) between loaded periods - a jump, not an isometric pull; "
            "analyse it as a jump (--test cmj, sj, dj or auto)"
        )
    pk = int(np.argmax(F))
    pf = float(F[pk])
    low = float(np.percentile(F, 10))
    if pf - low < max(0.2 * low, 100.0):
        raise SignalError(
            f"{where}: no pull found: the peak force {pf:.0f} N is only "
            f"{pf - low:.0f} N above the resting force {low:.0f} N"
        )
    if pk < int(weighing_min_duration_s * fs):
        raise SignalTooShortError(
            f"{where}: the peak comes {pk / fs:.2f} s into the recording; "
            "record quiet standing before the pull"
        )
    # rough baseline: the quietest short window before the peak, then the half-rise point
    q0 = quiet_window(
        F,
        fs,
        start=0,
        stop=pk,
        width_s=weighing_min_duration_s,
        min_width_s=weighing_min_duration_s,
    )
    if q0 is None:
        raise SignalTooShortError(f"{where}: no quiet standing before the pull")
    half = 0.5 * (q0[2] + pf)
    below_half = np.flatnonzero(F[:pk] < half)
    if below_half.size == 0:
        raise SignalError(
            f"{where}: force never rises from a baseline to the peak; is this an isometric pull?"
        )
    rise = int(below_half[-1])
    lo = max(0, rise - int(search_s * fs))
    q = quiet_window(
        F, fs, start=lo, stop=rise, width_s=weighing_duration_s, min_width_s=weighing_min_duration_s
    )
    if q is None:
        raise SignalTooShortError(
            f"{where}: less than {weighing_min_duration_s:g} s of quiet baseline before the pull"
        )
    w0, w1, bw, sd = q
    msg = body_weight_problem(bw, where=where)
    if msg:
        raise UnitError(msg)
    if w1 - w0 < weighing_duration_s * fs:
        warnings.append(f"short quiet period before the pull: baseline over {(w1 - w0) / fs:.2f} s")
    if sd > 0.02 * bw:
        warnings.append(f"noisy baseline: SD {sd:.1f} N (> 2 % of baseline)")
    start_q = quiet_window(
        F, fs, start=0, stop=min(F.size, int(1.0 * fs) + 1), width_s=0.5, min_width_s=0.25
    )
    pretension = bw - start_q[2] if start_q is not None else 0.0
    if start_q is not None and pretension > max(5 * start_q[3], 0.05 * start_q[2]):
        warnings.append(
            f"pre-tension: baseline before the pull is {pretension:.0f} N above the "
            "standing weight at the start of the recording"
        )
    # onset: last sample within baseline + band, held >= onset_quiet_s, before the rise
    band = max(onset_sd * sd, 1.0)
    inb = np.abs(F[: rise + 1] - bw) <= band
    L = max(1, int(round(onset_quiet_s * fs)))
    c = np.concatenate(([0], np.cumsum(inb)))
    held = np.zeros(rise + 1, dtype=bool)
    held[L - 1 :] = (c[L:] - c[: rise + 2 - L]) == L
    idx = np.flatnonzero(held[w0:]) + w0
    onset = int(idx[-1]) + 1 if idx.size else rise
    t = np.arange(F.size) / fs
    t_on = onset / fs
    if F.size / fs - t_on < 0.3:
        raise SignalTooShortError(f"{where}: less than 300 ms of recording after the onset")
    f_on = float(F[onset])

    def f_at(ms: float) -> float:
        return float(np.interp(t_on + ms / 1000.0, t, F))

    forces = {ms: f_at(ms) for ms in EPOCHS_MS}
    net = F - bw
    cum = np.concatenate(([0.0], np.cumsum((net[1:] + net[:-1]) / 2) / fs))
    imp = {ms: float(np.interp(t_on + ms / 1000.0, t, cum) - cum[onset]) for ms in IMPULSE_MS}
    wk = max(1, int(round(peak_rfd_window_s * fs)))
    seg = F[onset : pk + 1]
    peak_rfd = float(np.max((seg[wk:] - seg[:-wk]) * fs / wk)) if seg.size > wk else float("nan")
    if not np.isfinite(peak_rfd):
        raise SignalError(
            f"{where}: the peak comes less than {peak_rfd_window_s * 1000:g} ms after the onset"
        )
    end_level = float(np.median(F[-int(0.25 * fs) :]))
    if end_level > bw + max(onset_sd * sd, 0.1 * (pf - bw)):
        warnings.append("force does not return to baseline at the end of the recording")
    ttp = (pk - onset) / fs
    return IsometricResult(
        test="imtp",
        sampling_rate_hz=fs,
        body_weight_n=bw,
        weighing_sd_n=sd,
        weighing_start_s=w0 / fs,
        weighing_end_s=w1 / fs,
        onset_s=t_on,
        peak_force_n=pf,
        net_peak_force_n=pf - bw,
        time_to_peak_force_s=ttp,
        force_50ms_n=forces[50],
        force_100ms_n=forces[100],
        force_150ms_n=forces[150],
        force_200ms_n=forces[200],
        force_250ms_n=forces[250],
        rfd_0_50ms_n_s=(forces[50] - f_on) / 0.05,
        rfd_0_100ms_n_s=(forces[100] - f_on) / 0.1,
        rfd_0_150ms_n_s=(forces[150] - f_on) / 0.15,
        rfd_0_200ms_n_s=(forces[200] - f_on) / 0.2,
        rfd_0_250ms_n_s=(forces[250] - f_on) / 0.25,
        impulse_0_100ms_ns=imp[100],
        impulse_0_200ms_ns=imp[200],
        impulse_0_300ms_ns=imp[300],
        peak_rfd_n_s=peak_rfd,
        average_rfd_n_s=(pf - bw) / ttp if ttp > 0 else float("nan"),
        pretension_n=float(pretension),
        method=to_plain(
            {
                "test": "imtp",
                "onset": f"baseline + {onset_sd:g} SD, backwards from the rise",
                "onset_sd": onset_sd,
                "onset_quiet_s": onset_quiet_s,
                "weighing_duration_s": weighing_duration_s,
                "search_s": search_s,
                "peak_rfd_window_s": peak_rfd_window_s,
                "filter": "none",
                "force_at_epochs": "gross force, linear interpolation",
                "low_reliability": ["peak_rfd_n_s", "average_rfd_n_s"],
            }
        ),
        warnings=tuple(warnings),
    )
