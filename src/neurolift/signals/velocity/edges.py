"""Phase edges: where each concentric phase starts and ends, to a fraction of a sample, with the
onset-model refinement of the edges that leave or reach rest."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Literal, NamedTuple

import numpy as np

from neurolift.signals.velocity.spans import interp_at

# Helpers shared inside signals.velocity (idle_crossing, idle_crossings, phase_edges, refine_edges, refine_rising_edges, zero_crossings) are not public API;
# the public names follow docs/naming.md.
__all__ = ["EDGE_RULES", "EdgeFit", "EdgeRule"]


EdgeRule = Literal["zero", "idle"]
EDGE_RULES: dict[str, str] = {
    "zero": "the concentric phase runs from the instant the bar starts to move up to the instant "
    "it stops (velocity 0), as in the load-velocity studies (Gonzalez-Badillo & Sanchez-Medina "
    "2010; Sanchez-Medina 2017) and Chronojump (curves cut at 0 m/s): where the bar leaves or "
    "reaches rest, the onset tau of x = x0 + c max(0, t - tau)^p (p in [2, 4]) fitted to the "
    "unfiltered samples; where it turns without resting, the zero crossing of the filtered "
    "velocity",
    "idle": "where velocity crosses idle_velocity_m_s (a threshold device); edges that leave or "
    "reach rest are refitted on the unfiltered samples with x = x0 + c max(0, t - tau)^p "
    "(p in [2, 4]) below 400 Hz and for concentric phases shorter than 0.5 s",
}


class EdgeFit(NamedTuple):
    """Onset-model fits of a batch of edges (times are fractional sample indices)."""

    t_cross: np.ndarray  # idle crossing (the input crossing where not fitted)
    x_cross: np.ndarray  # model position at the crossing (NaN where not fitted)
    onset: np.ndarray  # tau: the bar leaves rest (the input crossing where not fitted)
    x_rest: np.ndarray  # x0: the resting position (NaN where not fitted)
    fitted: np.ndarray  # bool
    resting: np.ndarray  # bool: the edge leaves rest (fitted or not)


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
_ZERO_SEARCH_S = 0.5  # how far from the idle crossing a zero crossing is searched
# The "zero" rule fits every edge that leaves or reaches rest, over a wider window (see
# refine_rising_edges): up to 1.5 s back to find the rest of a slow rep, the moving side up to
# 0.4 x peak velocity (a wider window pins p better, but the power law drifts from a smooth
# rise: on a raised-cosine rise the fitted p falls to 2.65 at 0.5 x peak), and a weaker prior
# on p (3 +/- 1: a half-sine onset has p = 2).
_ZERO_FIT_SEARCH_S = 1.5
_ZERO_FIT_PEAK = 0.4
_ZERO_P_SD = 1.0
_ZERO_REST_V = 2.0
_ZERO_ONSET_P = 3.0  # assumed power when the onset is first placed from the crossing


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
    *,
    rule: EdgeRule = "idle",
    search_s: float | None = None,
) -> EdgeFit:
    """Fit the onset model to rising edges that start from rest; vectorised over edges.

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

    ``rule="zero"`` (the whole-phase edges) changes the window, because the edge is now the
    onset ``tau`` itself rather than the crossing: the onset of a slow rep lies long before its
    velocity reaches 0.2 x idle, so the rest side starts at the onset of a cubic through the
    crossing, ``2 idle / a`` before it (``a`` the filtered acceleration there), but not before
    the bar last moved the other way; rest is ``|v| < 2 idle`` (the filter rings after a sharp
    start or stop); the moving side reaches 0.4 x peak velocity; the prior on ``p`` is weaker
    (3 +/- 1); a slow rise may shift the crossing by a quarter of the window. Every resting edge
    gets an onset: where the fit is rejected, that of the cubic through the crossing.

    Returns an :class:`EdgeFit`: the idle crossing (fractional sample index) and the model's
    position there, the onset ``tau`` (the instant the bar leaves rest, velocity 0) and the
    resting position ``x0``, which edges were fitted and which leave rest.
    """
    nb = t_cross.shape[0]
    t_out, x_out = t_cross.copy(), np.full(nb, np.nan)
    on_out, x0_out = t_cross.copy(), np.full(nb, np.nan)
    done = np.zeros(nb, dtype=bool)
    if nb == 0:
        return EdgeFit(t_out, x_out, on_out, x0_out, done, done)
    n = raw.shape[0]
    k = np.clip(np.floor(t_cross).astype(np.intp), 0, n - 1)
    zero = rule == "zero"
    # |v| below this is rest; with the "zero" rule twice idle, because the 10 Hz filter rings
    # after a sharp start or stop (-0.045 m/s after a 1.7 m/s half-sine rep stops)
    rest_v = _ZERO_REST_V * idle if zero else idle
    if zero:  # search as far as the phases need: 0.6 x the longest, within [0.3, 1.5] s
        span_s = float(np.max(hi - lo)) / fs if search_s is None else search_s
        w = int(round(min(max(span_s, _EDGE_SEARCH_S), _ZERO_FIT_SEARCH_S) * fs)) + 1
    else:
        w = int(round(_EDGE_SEARCH_S * fs)) + 1
    span = np.arange(w)
    # onset: the last sample at or before the crossing below 0.2 x idle
    back = k[:, None] - span
    below = (back >= lo[:, None]) & (vel[np.clip(back, 0, n - 1)] <= _EDGE_REST_V * idle)
    has_onset = below.any(axis=1)
    i0 = k - below.argmax(axis=1)
    if zero:
        # A slow rep's velocity creeps up from 0 long before it reaches 0.2 x idle: the onset
        # of a power law is (p - 1) v / a before the crossing; with p = 3 that is
        # 2 idle / a, a the (filtered) acceleration at the crossing.
        a_c = (vel[np.minimum(k + 1, n - 1)] - vel[np.maximum(k - 1, 0)]) * (0.5 * fs)
        with np.errstate(divide="ignore", invalid="ignore"):
            u_est = np.where(a_c > 0, (_ZERO_ONSET_P - 1.0) * idle / a_c * fs, 0.0)
        # ...but not before the bar last moved the other way (the end of the eccentric phase)
        other = (back >= lo[:, None]) & (vel[np.clip(back, 0, n - 1)] < -rest_v)
        floor_ = np.where(
            other.any(axis=1), k - other.argmax(axis=1) + 1, np.maximum(k - w + 1, lo)
        )
        floor_ = np.maximum(floor_, lo)
        i0 = np.maximum(np.minimum(i0, k - np.minimum(u_est, w - 1).astype(np.intp)), floor_)
    # rest: consecutive samples from the onset backwards with |v| < idle
    pad = int(round(_EDGE_REST_S * fs))
    rb = i0[:, None] - np.arange(pad + 1)
    at_rest = (rb >= lo[:, None]) & (np.abs(vel[np.clip(rb, 0, n - 1)]) < rest_v)
    n_rest = np.cumprod(at_rest, axis=1).sum(axis=1)
    # end of the window: velocity reaches min(8 x idle, peak / 2)
    limit = (
        _ZERO_FIT_PEAK * v_peak if zero else np.minimum(_EDGE_FIT_V * idle, _EDGE_FIT_PEAK * v_peak)
    )
    fwd = k[:, None] + span
    reach = (fwd < hi[:, None]) & (vel[np.clip(fwd, 0, n - 1)] >= limit[:, None])
    has_end = reach.any(axis=1)
    i1 = k + reach.argmax(axis=1)
    resting = has_onset & (n_rest >= _EDGE_MIN_REST)
    if zero:  # where a fit is missing or rejected: the onset of a cubic through the crossing
        on_out = np.where(resting, np.maximum(t_cross - u_est, floor_), t_cross)
    use = np.flatnonzero(resting & has_end & (i1 > k))
    if use.shape[0] == 0:
        return EdgeFit(t_out, x_out, on_out, x0_out, done, resting)
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
    w2 = (_EDGE_PRIOR_NOISE_M / (_ZERO_P_SD if zero else _EDGE_P_SD)) ** 2
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
    max_shift = _EDGE_MAX_SHIFT_S * fs
    if zero:  # a slow rise crosses idle at a noisy instant: allow a quarter of the window
        max_shift = np.maximum(max_shift, 0.25 * (i1 - i0)[use])
    good = (
        np.isfinite(tc)
        & np.isfinite(xc)
        & (np.abs(tc - t_cross[use]) <= max_shift)
        & (tc <= i1[use])
        & (tau >= -0.5)  # the onset lies after the first resting sample of the window
    )
    sel = use[good]
    t_out[sel] = tc[good]
    x_out[sel] = xc[good]
    on_out[sel] = (r0 + tau)[good]
    x0_out[sel] = x0[good]
    done[sel] = True
    return EdgeFit(t_out, x_out, on_out, x0_out, done, resting)


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
    *,
    rule: EdgeRule = "idle",
) -> tuple[EdgeFit, EdgeFit]:
    """Both edges of every rep: the start as a rising edge, the end as a rising edge of the
    time-reversed, negated trace (the bar coming to rest seen backwards is the bar leaving
    rest). Both fits are returned on the forward clock and position."""
    n = raw.shape[0]
    search = 0.6 * float(np.max(te - ts)) / fs if ts.shape[0] else None
    start = refine_rising_edges(raw, vel, fs, idle, ts, lo, hi, v_peak, rule=rule, search_s=search)
    back = refine_rising_edges(
        -raw[::-1],
        vel[::-1],
        fs,
        idle,
        (n - 1) - te,
        n - hi,
        n - lo,
        v_peak,
        rule=rule,
        search_s=search,
    )
    end = EdgeFit(
        (n - 1) - back.t_cross,
        -back.x_cross,
        (n - 1) - back.onset,
        -back.x_rest,
        back.fitted,
        back.resting,
    )
    return start, end


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


def zero_crossings(
    pos: np.ndarray, ks: np.ndarray, bound: np.ndarray, *, rising: bool, max_samples: int
) -> np.ndarray:
    """Where the half-sample velocity ``pos[j + 1] - pos[j]`` last crosses 0 before each ``ks``
    (``rising``: the bar turning up) or first after it (the bar turning down), linearly
    interpolated; vectorised over edges. The search stops at ``bound`` (the region's first
    sample, or its last) and after ``max_samples``; an edge with no crossing there gets the
    bound or the last sample searched.
    """
    span = np.arange(max_samples)
    n = pos.shape[0]
    if rising:  # d_j at j + 1/2 for j = k - 1, k - 2, ...
        j = ks[:, None] - 1 - span
        inside = j >= bound[:, None]
    else:  # j = k, k + 1, ...
        j = ks[:, None] + span
        inside = j + 1 <= bound[:, None]
    jc = np.clip(j, 0, n - 2)
    d = pos[jc + 1] - pos[jc]
    hit = inside & (d <= 0)
    found = hit.any(axis=1)
    first = hit.argmax(axis=1)
    rows = np.arange(ks.shape[0])
    jj = jc[rows, first]
    d0 = d[rows, first]
    # the neighbour on the moving side: d_{j+1} (rising) or d_{j-1} (falling), > 0
    nb = np.clip(jj + (1 if rising else -1), 0, n - 2)
    d1 = pos[nb + 1] - pos[nb]
    with np.errstate(divide="ignore", invalid="ignore"):
        frac = np.where(d1 - d0 > 0, -d0 / (d1 - d0), 0.0)
    t = jj + 0.5 + frac if rising else jj + 0.5 - frac
    last = np.where(
        rising, np.maximum(ks - max_samples, bound), np.minimum(ks + max_samples, bound)
    )
    return np.where(found, t, last.astype(np.float64))


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
    rule: EdgeRule = "zero",
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Sub-sample start and end of every concentric phase and the position there.

    ``pos``/``vel`` are the smoothed arrays of the regions laid end to end, ``raw_fn`` gives the
    unfiltered samples they came from (only built when an edge is fitted); ``starts``/``stops``
    are the phases' sample ranges found with the idle threshold, ``lo``/``hi`` each rep's
    region, ``k_peak`` the sample of its peak velocity and ``step`` the block size the arrays
    were averaged over. ``rule`` is ``"zero"`` or ``"idle"`` (see :data:`EDGE_RULES`). Returns
    ``(t_start, t_end, x_start, x_end)`` with times as fractional sample indices.
    """
    s, e, k_pk = starts, stops, k_peak
    # Idle crossings, interpolated linearly between half-sample velocities
    # (pos[j+1] - pos[j]) * fs located at j + 1/2, so that MCV (= displacement / duration)
    # depends neither on the sampling grid nor on the extra smoothing of a central difference.
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
    v_peak = vel[k_pk]
    if rule == "zero":
        # Every edge: the onset fit where the bar leaves or reaches rest; elsewhere (a bounce,
        # or a fit rejected) the zero crossing of the filtered velocity.
        reach = int(round(_ZERO_SEARCH_S * fs))
        zs = zero_crossings(pos, s, lo, rising=True, max_samples=reach)
        ze = zero_crossings(pos, e - 1, hi - 1, rising=False, max_samples=reach)
        start, end = refine_edges(raw_fn(), vel, fs, idle, ts, te, lo, hi, v_peak, rule="zero")
        t0 = np.where(start.resting, start.onset, zs)
        t1 = np.where(end.resting, end.onset, ze)
        x0 = np.where(start.fitted, start.x_rest, interp_at(pos, t0))
        x1 = np.where(end.fitted, end.x_rest, interp_at(pos, t1))
        return t0, t1, x0, x1
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
        start, end = refine_edges(
            raw_fn(), vel, fs, idle, ts[todo], te[todo], lo[todo], hi[todo], v_peak[todo]
        )
        ts, te = ts.copy(), te.copy()
        ts[todo] = np.where(start.fitted, start.t_cross, ts[todo])
        p_ts[todo] = np.where(start.fitted, start.x_cross, p_ts[todo])
        te[todo] = np.where(end.fitted, end.t_cross, te[todo])
        p_te[todo] = np.where(end.fitted, end.x_cross, p_te[todo])
    return ts, te, p_ts, p_te
