"""Numerical kernels of convolutive blind source separation (used by :mod:`.decompose`).

Everything works on whole matrices so the heavy lifting is BLAS (matrix products over all
samples at once, a block of candidate sources at a time); nothing loops over samples in
Python. Layout: the EMG is (n_samples, n_channels); the whitened extended observations are kept
as ``zt`` (n_samples, n_components), so a block of sources is one product ``zt @ w``.

References
----------
.. [1] Negro F, Muceli S, Castronovo AM, Holobar A, Farina D (2016). Multi-channel intramuscular
   and surface EMG decomposition by convolutive blind source separation. J Neural Eng
   13:026027.
.. [2] Hyvarinen A, Oja E (2000). Independent component analysis: algorithms and applications.
   Neural Netw 13:411-430 (the fixed-point update and its contrast functions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

#: Contrast functions G as (g = G', g') pairs of the fixed-point update.
#: skew: G = x^3/3; logcosh: G = log cosh x; kurtosis: G = x^4/4.
CONTRASTS: dict[str, tuple[Callable[[np.ndarray], np.ndarray], Callable[[np.ndarray], np.ndarray]]]
CONTRASTS = {
    "skew": (lambda x: x * x, lambda x: 2.0 * x),
    "logcosh": (np.tanh, lambda x: 1.0 - np.tanh(x) ** 2),
    "kurtosis": (lambda x: x * x * x, lambda x: 3.0 * x * x),
}


def extended_covariance(x: np.ndarray, r: int) -> np.ndarray:
    """Covariance of the extended observations ``x_c(t - k)``, k = 0..r-1, from lagged products.

    Row/column order is lag-major (index ``k * n_channels + c``). The block (a, b) equals
    ``sum_t x(t) x(t + a - b)^T / n`` (the zero-padded extension is block-Toeplitz), so r
    products of (channels x samples) replace one (channels*r)^2 x samples product.
    """
    n, m = x.shape
    x = np.asarray(x, dtype=np.float64)  # float64: the small eigenvalues must stay resolved
    lag = [x[: n - k].T @ x[k:] for k in range(r)]  # lag[k][c, c'] = sum_t x_c(t) x_c'(t + k)
    c = np.empty((m * r, m * r), dtype=np.float64)
    for a in range(r):
        for b in range(r):
            blk = lag[a - b] if a >= b else lag[b - a].T
            c[a * m : (a + 1) * m, b * m : (b + 1) * m] = blk
    c /= n
    return (c + c.T) / 2.0


def extended_project(x: np.ndarray, p: np.ndarray, r: int, dtype: type) -> np.ndarray:
    """``X_ext^T p`` without building X_ext: sum over lags of ``x(t - k) @ p_k``.

    ``x`` is (n_samples, n_channels); ``p`` is (n_channels*r, k) in lag-major order. Returns
    (n_samples, k) in ``dtype``.
    """
    n, m = x.shape
    xs: np.ndarray = x.astype(dtype, copy=False)
    out: np.ndarray = np.zeros((n, p.shape[1]), dtype=dtype)
    for k in range(r):
        out[k:] += xs[: n - k] @ p[k * m : (k + 1) * m].astype(dtype, copy=False)
    return out


def whitening(cov: np.ndarray, *, rel_tol: float) -> tuple[np.ndarray, np.ndarray]:
    """Eigen-whitening basis of ``cov``: ``P = E_k diag(lambda_k^-1/2)`` and the kept eigenvalues.

    Directions whose eigenvalue is below ``rel_tol`` times the largest are dropped: after the
    band-pass about a third of the extended space holds no signal (frequencies above the high
    cut-off); those directions would only amplify noise, and without them every later product
    shrinks (MUedit
    regularises the same directions with the mean of the smallest half of the spectrum;
    openhdemg drops the smallest 10 %).
    """
    lam, e = np.linalg.eigh(cov)
    sel = lam > rel_tol * lam[-1]
    lam, e = lam[sel], e[:, sel]
    return e / np.sqrt(lam)[None, :], lam


def two_means(h: np.ndarray) -> tuple[float, float, int]:
    """Exact 1-D 2-means of ``h`` (the best split of the sorted values).

    Returns (low centroid, high centroid, size of the high cluster). One pass over the sorted
    values with cumulative sums: the global optimum, deterministic (k-means++ is neither).
    """
    hs = np.sort(h)
    n = hs.size
    cs = np.cumsum(hs)
    cs2 = np.cumsum(hs * hs)
    k = np.arange(1, n)  # size of the low cluster
    lo_sum, hi_sum = cs[:-1], cs[-1] - cs[:-1]
    sse = (cs2[:-1] - lo_sum**2 / k) + ((cs2[-1] - cs2[:-1]) - hi_sum**2 / (n - k))
    j = int(np.argmin(sse))
    n_lo = j + 1
    return float(lo_sum[j] / n_lo), float(hi_sum[j] / (n - n_lo)), n - n_lo


def silhouette(spikes: np.ndarray, noise_centroid: float) -> float:
    """Negro et al. (2016) SIL: ``(B - W) / max(W, B)``, ``W`` the sum of squared distances of
    the spike-class peaks to their centroid, ``B`` the same peaks' to the noise centroid."""
    within = float(np.sum((spikes - spikes.mean()) ** 2))
    between = float(np.sum((spikes - noise_centroid) ** 2))
    return (between - within) / max(within, between) if between > 0 else 0.0


@dataclass(frozen=True)
class Spikes:
    """Discharges of one source and the statistics of their classification."""

    index: np.ndarray  # sample indices (increasing)
    sil: float
    cov_isi: float
    low: float  # centroid of the noise peaks of s|s| (source scaled to unit spike centroid)
    threshold: float  # boundary between the classes on the same scale
    scale: float  # s|s| of the raw source divided by this gives the scaled values


def detect(s: np.ndarray, *, min_distance: int) -> Spikes:
    """Discharges of a source: peaks of ``s|s|`` split in two classes by 2-means.

    The silhouette follows Negro et al. (2016): ``(B - W) / max(W, B)`` with ``W`` the sum of
    squared distances of the spike-class peaks to their centroid and ``B`` the same peaks'
    distances to the noise-class centroid (k-means on the peaks, as MUedit's ``getsil``).
    """
    from scipy.signal import find_peaks

    e = s * np.abs(s)
    peaks, _ = find_peaks(e, distance=min_distance)
    peaks = peaks[e[peaks] > 0]
    empty = Spikes(np.zeros(0, dtype=np.int64), 0.0, np.inf, 0.0, np.inf, 1.0)
    if peaks.size < 3:
        return empty
    h = e[peaks].astype(np.float64)
    lo, hi, n_hi = two_means(h)
    if hi <= lo or n_hi < 2:
        return empty
    thr = (lo + hi) / 2.0
    idx = peaks[h >= thr]
    hh = h[h >= thr]
    sil = silhouette(hh, lo)
    isi = np.diff(idx)
    cov = float(isi.std() / isi.mean()) if isi.size >= 2 else np.inf
    scale = float(hh.mean())
    return Spikes(idx.astype(np.int64), sil, cov, lo / scale, thr / scale, scale)


def orthonormalize(w: np.ndarray, basis: np.ndarray | None) -> np.ndarray:
    """Deflation: remove ``basis`` (orthonormal columns) from ``w``, then Gram-Schmidt ``w``'s
    columns in order (column j is orthogonal to the basis and to columns 0..j-1)."""
    if basis is not None and basis.shape[1]:
        w = w - basis @ (basis.T @ w)
    q, rr = np.linalg.qr(w)
    sign = np.sign(np.diag(rr))
    sign[sign == 0] = 1.0
    return q * sign[None, :]


def fastica_block(
    zt: np.ndarray,
    w0: np.ndarray,
    basis: np.ndarray | None,
    *,
    contrast: str,
    tol: float,
    max_iter: int,
) -> tuple[np.ndarray, int]:
    """Fixed-point ICA of a block of sources with deflation.

    ``w <- E[z g(w^T z)] - E[g'(w^T z)] w``, then orthogonalised against ``basis`` (all
    separation vectors found before) and the block's earlier columns, then normalised; a
    column is frozen once ``|w^T w_old| > 1 - tol``. Returns the vectors and the iterations
    used.
    """
    g, dg = CONTRASTS[contrast]
    n = zt.shape[0]
    w = orthonormalize(w0, basis)
    active = np.ones(w.shape[1], dtype=bool)
    it = 0
    while it < max_iter and active.any():
        it += 1
        a = np.flatnonzero(active)
        wa = w[:, a]
        s = zt @ wa.astype(zt.dtype, copy=False)
        new = (zt.T @ g(s)).astype(np.float64) / n - dg(s).mean(axis=0, dtype=np.float64) * wa
        frozen = w[:, ~active]
        ref = frozen if basis is None else np.hstack([basis, frozen])
        # columns keep their order: a frozen column j constrains only later ones, as in
        # sequential deflation; a simple approximation keeps every frozen column in the basis
        new = orthonormalize(new, ref if ref.shape[1] else None)
        conv = np.abs(np.sum(new * wa, axis=0)) > 1.0 - tol
        w[:, a] = new
        active[a[conv]] = False
    return w, it
