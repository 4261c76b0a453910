"""Phase edges: where each concentric phase starts and ends, to a fraction of a sample, with the
onset-model refinement of the edges that leave or reach rest."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from neurolift.signals.velocity.spans import interp_at

__all__ = ["idle_crossing", "idle_crossings", "phase_edges", "refine_edges", "refine_rising_edges"]


_WINDOW = np.arange(-3, 4)  # samples searched around a phase edge for the idle crossing
# Crossing candidates j (between half-sample velocities j and j + 1 of the window) in order of
# distance from the edge sample, nearer first, the earlier one on a tie.
_RISE_ORDER = np.array([1, 2, 0, 3, 4])
_FALL_ORDER = np.array([2, 3, 1, 4, 0])


def idle_crossings(
    pos: np.ndarray, fs: float, idle: float, ks: np.ndarray, *, rising: bool
) -> np.ndarray:
    """Vectorised :func:`idle_crossing` for edges at least 3 samples inside their region."""
    d = np.diff(pos[ks[:, None] + _WINDOW], axis=1) * fs  # d[:, j]: velocity at k - 3 + j + 1/2
    above = d > idle
    hit = (~above[:, :-1] & above[:, 1:]) if rising else (above[:, :-1] & ~above[:, 1:])
    order = _RISE_ORDER if rising else _FALL_ORDER
    j = order[hit[:, order].argmax(axis=1)]
    rows = np.arange(ks.shape[0])
    found = hit[rows, j]
    d0, d1 = d[rows, j], d[rows, j + 1]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = (idle - d0) / (d1 - d0)
    return np.where(found, ks - 3 + j + 0.5 + frac, ks.astype(np.float64))


# Edge refinement: where the bar sets off from rest (or comes to rest), the idle crossing is
# re-estimated by fitting the unfiltered samples around it with the onset model
# ``x = x0 + c * max(0, t - tau) ** p``: velocity rising as u^(p-1) after the onset, p in [2, 4]
# (p = 2: the force steps up, finite acceleration at once; p = 3: the force ramps up smoothly).
# See refine_rising_edges. The constants were chosen on simulated squats and checked on held-out
# simulated bench presses, paused, bounced and fast-eccentric reps (see the closing note of
# the VBT issue and tests/signals/velocity/test_velocity.py).
_EDGE_REST_V = 0.2  # x idle: below this the bar counts as not yet moving (the onset side)
_EDGE_FIT_V = 8.0  # x idle: the fit window ends where velocity reaches this...
_EDGE_FIT_PEAK = 0.5  # ...or this share of the rep's peak velocity, whichever comes first
_EDGE_REST_S = 0.05  # at most this much rest before the onset enters the fit
_EDGE_MIN_REST = 3  # samples of rest the fit needs to pin the resting position
_EDGE_SEARCH_S = 0.3  # how far from the crossing the window may reach
_EDGE_MAX_SHIFT_S = 0.03  # a refined crossing further than this from the filtered one is rejected
_EDGE_ITERATIONS = 10  # Levenberg-Marquardt steps (a noise-free onset converges in 8)
_EDGE_P_MIN = 2.0
_EDGE_P_MAX = 4.0
_EDGE_P_SD = 0.5  # weak prior p = 3 +/- 0.5 ...
_EDGE_PRIOR_NOISE_M = 0.0003  # ... weighted as one point with a 1 mm encoder's noise (0.3 mm)
_EDGE_SHORT_S = 0.5  # above 400 Hz only concentric phases shorter than this are refined
_EDGE_POINTS = 20  # at most this many points per fit (block means beyond)


def _solve_spd4(a: list[list[Any]], g: list[np.ndarray], lam: np.ndarray) -> list[np.ndarray]:
    """Levenberg-Marquardt step ``-(A + lam diag(A))^-1 g`` for a batch of 4x4 normal matrices.

    ``a[i][j]`` and ``g[i]`` are arrays over the batch; Cholesky by hand (the damped matrix is
    symmetric positive definite), which for 4x4 systems is far cheaper than a batched
    ``numpy.linalg.solve``.
    """
    m = [
        [a[i][j] * (1.0 + lam) + 1e-300 if i == j else a[i][j] for j in range(4)] for i in range(4)
    ]
    low: list[list[Any]] = [[None] * 4 for _ in range(4)]
    for i in range(4):
        for j in range(i + 1):
            acc = m[i][j] - sum((low[i][k] * low[j][k] for k in range(j)), start=0.0)
            if i == j:
                low[i][i] = np.sqrt(np.maximum(acc, 1e-300))
            else:
                low[i][j] = acc / low[j][j]
    y: list[Any] = [None] * 4
    for i in range(4):
        y[i] = (-g[i] - sum((low[i][k] * y[k] for k in range(i)), start=0.0)) / low[i][i]
    x: list[Any] = [None] * 4
    for i in range(3, -1, -1):
        x[i] = (y[i] - sum((low[k][i] * x[k] for k in range(i + 1, 4)), start=0.0)) / low[i][i]
    return x


def refine_rising_edges(
    raw: np.ndarray,
    vel: np.ndarray,
    fs: float,
    idle: float,
    t_cross: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    v_peak: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Refine idle crossings of rising edges that start from rest; vectorised over edges.

    Why: the filtered velocity crosses the idle threshold within a few samples of a kink (the
    bar leaving rest), where a low-pass filter both smears the curve and, at low sampling rates,
    lets through the most noise per sample. The onset model uses every sample from the rest
    before the onset up to ``min(8 x idle, peak / 2)``. Measured on simulated squats with a
    real LPT's noise: MCV error sd 0.0019 -> 0.0014 m/s at 100 Hz and 0.0015 -> 0.0008 m/s at
    200 Hz; on 0.32 s bench reps at 1 kHz the filter's bias (MCV 0.015 m/s low) is removed.

    Each edge is fitted by Levenberg-Marquardt on ``(x0, log c, tau, p)`` with time in samples.
    Edges with no rest before them (an eccentric phase turning straight into the concentric
    one, where the velocity crosses idle steeply and the filtered crossing is already good),
    with too little data, or whose fit lands more than 30 ms from the filtered crossing keep
    the filtered estimate.

    Returns ``(t, x, refined)``: crossing (fractional sample index), the model's position there
    and which edges were refined.
    """
    nb = t_cross.shape[0]
    t_out, x_out = t_cross.copy(), np.full(nb, np.nan)
    done = np.zeros(nb, dtype=bool)
    if nb == 0:
        return t_out, x_out, done
    n = raw.shape[0]
    k = np.clip(np.floor(t_cross).astype(np.intp), 0, n - 1)
    w = int(round(_EDGE_SEARCH_S * fs)) + 1
    span = np.arange(w)
    # onset: the last sample at or before the crossing below 0.2 x idle
    back = k[:, None] - span
    below = (back >= lo[:, None]) & (vel[np.clip(back, 0, n - 1)] <= _EDGE_REST_V * idle)
    has_onset = below.any(axis=1)
    i0 = k - below.argmax(axis=1)
    # rest: consecutive samples from the onset backwards with |v| < idle
    pad = int(round(_EDGE_REST_S * fs))
    rb = i0[:, None] - np.arange(pad + 1)
    at_rest = (rb >= lo[:, None]) & (np.abs(vel[np.clip(rb, 0, n - 1)]) < idle)
    n_rest = np.cumprod(at_rest, axis=1).sum(axis=1)
    # end of the window: velocity reaches min(8 x idle, peak / 2)
    limit = np.minimum(_EDGE_FIT_V * idle, _EDGE_FIT_PEAK * v_peak)
    fwd = k[:, None] + span
    reach = (fwd < hi[:, None]) & (vel[np.clip(fwd, 0, n - 1)] >= limit[:, None])
    has_end = reach.any(axis=1)
    i1 = k + reach.argmax(axis=1)
    use = np.flatnonzero(has_onset & has_end & (n_rest >= _EDGE_MIN_REST) & (i1 > k))
    if use.shape[0] == 0:
        return t_out, x_out, done
    r0 = (i0 - n_rest + 1)[use]
    length = (i1[use] - r0) + 1
    # Long windows (slow reps at high rates) are fitted as means of blocks of m samples, so that
    # no window has more than _EDGE_POINTS points: the cost stays bounded per edge.
    m = np.maximum(1, -(-length // _EDGE_POINTS))
    npts = length // m
    mmax = int(m.max())
    jj = np.arange(_EDGE_POINTS)
    qq = np.arange(mmax)
    mask = (jj[None, :] < npts[:, None]).astype(np.float64)
    idx = r0[:, None, None] + m[:, None, None] * jj[None, :, None] + qq[None, None, :]
    inblock = (qq[None, None, :] < m[:, None, None]) & (jj[None, :, None] < npts[:, None, None])
    xw = (raw[np.clip(idx, 0, n - 1)] * inblock).sum(axis=2) / m[:, None]
    tl = m[:, None] * jj[None, :] + 0.5 * (m[:, None] - 1)  # block centres, samples from r0
    blockvar = ((m * m - 1) / 24.0)[:, None]  # zero where the points are single samples
    halfblock = 0.5 * m[:, None]
    nr = n_rest[use]
    rest_pts = (m[:, None] * (jj[None, :] + 1) <= nr[:, None]) & (mask > 0)
    n_rest_pts = np.maximum(rest_pts.sum(axis=1), 1)
    x0 = np.where(rest_pts, xw, 0.0).sum(axis=1) / n_rest_pts
    x0 = np.where(rest_pts.any(axis=1), x0, xw[:, 0])
    tau = nr - 1.0
    p = np.full(use.shape[0], 3.0)
    last = np.maximum(npts - 1, 0)
    rise = np.maximum(xw[np.arange(use.shape[0]), last] - x0, 1e-9)
    lc = np.log(rise) - p * np.log(np.maximum(tl[np.arange(use.shape[0]), last] - tau, 1.0))

    def model(x0_, lc_, tau_, p_):  # type: ignore[no-untyped-def]
        # u is floored at 1e-9 sample instead of 0: u**p (p >= 2) is then ~1e-18 of the
        # scale, which spares the masking of the samples before the onset
        u = np.maximum(tl - tau_[:, None], 1e-9)
        logu = np.log(u)
        with np.errstate(over="ignore", invalid="ignore"):  # a wild trial step: rejected below
            cup = np.exp(lc_[:, None] + p_[:, None] * logu) * mask  # c * u**p
            # a block mean of m samples is the value at the block centre plus f'' (m^2 - 1) / 24
            # (blocks that hold the onset itself are left uncorrected; the Jacobian ignores it)
            curv = np.where(
                u > halfblock, cup * (p_ * (p_ - 1.0))[:, None] / (u * u) * blockvar, 0.0
            )
            r = cup + curv + (x0_[:, None] - xw) * mask
        return r, u, logu, cup

    r, u, logu, cup = model(x0, lc, tau, p)
    # weak prior on the shape, p = 3 +/- _EDGE_P_SD, as one extra residual row scaled by the
    # quantisation noise of a 1 mm encoder: it only matters when a few noisy points leave p
    # poorly determined, and keeps those fits from wandering
    w2 = (_EDGE_PRIOR_NOISE_M / _EDGE_P_SD) ** 2
    sse = np.einsum("bl,bl->b", r, r) + w2 * (p - 3.0) ** 2
    lam = np.full(use.shape[0], 1e-3)
    npt = mask.sum(axis=1)
    for _ in range(_EDGE_ITERATIONS):
        # Jacobian columns: d/dx0 = 1, d/dlog c = c u^p, d/dtau = -p c u^(p-1), d/dp = c u^p ln u
        j1 = cup
        j2 = cup / u
        j2 *= -p[:, None]
        j3 = cup * logu
        cols = (mask, j1, j2, j3)
        a: list[list[Any]] = [[None] * 4 for _ in range(4)]
        for i in range(4):
            for j in range(i, 4):
                a[i][j] = a[j][i] = npt if i == j == 0 else np.einsum("bl,bl->b", cols[i], cols[j])
        g = [np.einsum("bl,bl->b", c_, r) for c_ in cols]
        a[3][3] = a[3][3] + w2
        g[3] = g[3] + w2 * (p - 3.0)
        step = _solve_spd4(a, g, lam)
        x0n = x0 + step[0]
        lcn = lc + step[1]
        taun = tau + step[2]
        pn = np.clip(p + step[3], _EDGE_P_MIN, _EDGE_P_MAX)
        rn, un, logun, cupn = model(x0n, lcn, taun, pn)
        ssen = np.einsum("bl,bl->b", rn, rn) + w2 * (pn - 3.0) ** 2
        better = ssen < sse  # False for NaN
        x0 = np.where(better, x0n, x0)
        lc = np.where(better, lcn, lc)
        tau = np.where(better, taun, tau)
        p = np.where(better, pn, p)
        sse = np.where(better, ssen, sse)
        lam = np.where(better, lam / 3.0, lam * 4.0)
        if better.all():
            r, u, logu, cup = rn, un, logun, cupn
        else:
            r, u, logu, cup = model(x0, lc, tau, p)
    c = np.exp(lc)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        uc = np.power((idle / fs) / (c * p), 1.0 / (p - 1.0))
        tc = r0 + tau + uc
        xc = x0 + c * np.power(uc, p)
    good = (
        np.isfinite(tc)
        & np.isfinite(xc)
        & (np.abs(tc - t_cross[use]) <= _EDGE_MAX_SHIFT_S * fs)
        & (tc <= i1[use])
    )
    sel = use[good]
    t_out[sel] = tc[good]
    x_out[sel] = xc[good]
    done[sel] = True
    return t_out, x_out, done


def refine_edges(
    raw: np.ndarray,
    vel: np.ndarray,
    fs: float,
    idle: float,
    ts: np.ndarray,
    te: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    v_peak: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Both edges of every rep: the start as a rising edge, the end as a rising edge of the
    time-reversed, negated trace (the bar coming to rest seen backwards is the bar leaving
    rest)."""
    n = raw.shape[0]
    ts2, xs, ok_s = refine_rising_edges(raw, vel, fs, idle, ts, lo, hi, v_peak)
    te_r, xe_r, ok_e = refine_rising_edges(
        -raw[::-1], vel[::-1], fs, idle, (n - 1) - te, n - hi, n - lo, v_peak
    )
    return ts2, xs, ok_s, (n - 1) - te_r, -xe_r, ok_e


def idle_crossing(pos: np.ndarray, fs: float, idle: float, k: int, *, rising: bool) -> float:
    """Fractional sample index near ``k`` where the half-sample velocity crosses ``idle``.

    Plain Python on the 7 samples around ``k`` (a handful of floats: cheaper than NumPy calls).
    """
    lo, hi = max(0, k - 3), min(pos.shape[0] - 1, k + 3)
    p = pos[lo : hi + 1].tolist()
    d = [(b - a) * fs for a, b in zip(p, p[1:], strict=False)]  # d[j]: velocity at lo + j + 1/2
    best_j, best_dist = -1, math.inf
    for j in range(len(d) - 1):
        if rising:
            hit = d[j] <= idle < d[j + 1]
            dist = abs(lo + j + 1.5 - k)
        else:
            hit = d[j] > idle >= d[j + 1]
            dist = abs(lo + j + 0.5 - k)
        if hit and dist < best_dist:
            best_j, best_dist = j, dist
    if best_j < 0:
        return float(k)
    j = best_j
    if rising:
        return lo + j + 0.5 + (idle - d[j]) / (d[j + 1] - d[j])
    return lo + j + 0.5 + (d[j] - idle) / (d[j] - d[j + 1])


def phase_edges(
    pos: np.ndarray,
    vel: np.ndarray,
    raw_fn: Callable[[], np.ndarray],
    *,
    fs: float,
    idle: float,
    step: int,
    starts: np.ndarray,
    stops: np.ndarray,
    lo: np.ndarray,
    hi: np.ndarray,
    k_peak: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Sub-sample start and end of every concentric phase and the smoothed position there.

    ``pos``/``vel`` are the smoothed arrays of the regions laid end to end, ``raw_fn`` gives the
    unfiltered samples they came from (only built when an edge is refined); ``starts``/``stops``
    are the phases' sample ranges, ``lo``/``hi`` each rep's region, ``k_peak`` the sample of its
    peak velocity and ``step`` the block size the arrays were averaged over. Returns
    ``(t_start, t_end, x_start, x_end)`` with times as fractional sample indices.
    """
    s, e, k_pk = starts, stops, k_peak
    # Sub-sample phase boundaries: where velocity crosses the idle threshold, interpolated
    # linearly between half-sample velocities (pos[j+1] - pos[j]) * fs located at j + 1/2, so that
    # MCV (= displacement / duration) depends neither on the sampling grid nor on the extra
    # smoothing of a central difference.
    inner = (s - 3 >= lo) & (e - 1 + 3 <= hi - 1)
    if inner.all():
        ts = idle_crossings(pos, fs, idle, s, rising=True)
        te = idle_crossings(pos, fs, idle, e - 1, rising=False)
    else:  # a rep at the very edge of the recording: search within its region only
        ts = np.array(
            [
                l0 + idle_crossing(pos[l0:h0], fs, idle, k - l0, rising=True)
                for k, l0, h0 in zip(s.tolist(), lo.tolist(), hi.tolist(), strict=True)
            ]
        )
        te = np.array(
            [
                l0 + idle_crossing(pos[l0:h0], fs, idle, k - l0, rising=False)
                for k, l0, h0 in zip((e - 1).tolist(), lo.tolist(), hi.tolist(), strict=True)
            ]
        )
    p_ts = interp_at(pos, ts)
    p_te = interp_at(pos, te)
    # Edges that leave or reach rest are refined with the onset model (refine_rising_edges)
    # where the filtered crossing is least trustworthy: below 400 Hz, where every analysis sample
    # carries the recording's full noise, and in short concentric phases (< 0.5 s), where the
    # 10 Hz filter's smearing of the kinks reaches the crossings. Elsewhere (block-averaged fast
    # recordings of longer reps) the filtered crossing is already within a few mm/s, and skipping
    # the fit keeps an hour of 1 kHz data well inside its time budget.
    todo = np.flatnonzero((te - ts) < _EDGE_SHORT_S * fs) if step > 1 else np.arange(ts.shape[0])
    if todo.shape[0]:
        raw = raw_fn()
        ts_r, xs_r, ok_s, te_r, xe_r, ok_e = refine_edges(
            raw, vel, fs, idle, ts[todo], te[todo], lo[todo], hi[todo], vel[k_pk[todo]]
        )
        ts, te = ts.copy(), te.copy()
        ts[todo] = np.where(ok_s, ts_r, ts[todo])
        p_ts[todo] = np.where(ok_s, xs_r, p_ts[todo])
        te[todo] = np.where(ok_e, te_r, te[todo])
        p_te[todo] = np.where(ok_e, xe_r, p_te[todo])
    return ts, te, p_ts, p_te
