"""Vectorised primitives for force-plate analysis: many trials at once, one row per trial.

All functions take 2-D arrays (n_trials, n_samples) and per-row index arrays, so a batch of
trials costs a few whole-array NumPy passes instead of a Python loop per trial.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

__all__ = [
    "block_prefix_sums",
    "interval_moments",
    "first_true",
    "first_where",
    "last_true",
    "interval_mask",
    "interval_max",
    "interval_argmax",
    "interval_argmin",
    "interval_max_product",
    "interval_values",
    "cumtrapz_rows",
    "prefix_sum",
    "interval_mean",
    "min_sd_window",
    "take",
]


def take(x: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``x[r, idx[r]]`` for every row r (indices clipped into range)."""
    idx = np.clip(idx, 0, x.shape[1] - 1)
    return np.take_along_axis(x, idx[:, None], axis=1)[:, 0]


def _select(mask: np.ndarray, start: np.ndarray | int, stop: np.ndarray | int | None) -> np.ndarray:
    cols = np.arange(mask.shape[1])
    sel = mask & (cols >= np.asarray(start).reshape(-1, 1))
    if stop is not None:
        sel &= cols < np.asarray(stop).reshape(-1, 1)
    return sel


def first_true(
    mask: np.ndarray, start: np.ndarray | int = 0, stop: np.ndarray | int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """First column ``j`` in ``[start, stop)`` where ``mask[r, j]``; returns (index, found)."""
    sel = _select(mask, start, stop)
    idx = sel.argmax(axis=1)
    return idx, sel[np.arange(mask.shape[0]), idx]


def last_true(
    mask: np.ndarray, start: np.ndarray | int = 0, stop: np.ndarray | int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Last column ``j`` in ``[start, stop)`` where ``mask[r, j]``; returns (index, found)."""
    sel = _select(mask, start, stop)
    idx = mask.shape[1] - 1 - sel[:, ::-1].argmax(axis=1)
    return idx, sel[np.arange(mask.shape[0]), idx]


def interval_mask(shape: tuple[int, int], start: np.ndarray, stop: np.ndarray) -> np.ndarray:
    cols = np.arange(shape[1])
    return (cols >= start[:, None]) & (cols < stop[:, None])


def interval_values(
    x: np.ndarray, start: np.ndarray, stop: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Gather ``x[r, start[r]:stop[r]]`` into a (n, longest interval) array and its valid mask.

    Only the intervals are touched, so phase statistics cost a fraction of a whole-row pass.
    """
    length = np.maximum(stop - start, 0)
    width = max(int(length.max()) if length.size else 0, 1)
    offsets = np.arange(width)
    idx = np.clip(start[:, None] + offsets, 0, x.shape[1] - 1)
    return np.take_along_axis(x, idx, axis=1), offsets < length[:, None]


def first_where(
    x: np.ndarray,
    start: np.ndarray,
    stop: np.ndarray,
    predicate: Callable[[np.ndarray], np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    """First ``j`` in ``[start, stop)`` with ``predicate(x[r, j])``; returns (index, found).

    Like :func:`first_true` on ``predicate(x)``, but only the intervals are read, which is much
    cheaper when they are short compared with the rows.
    """
    vals, valid = interval_values(x, start, stop)
    hit = predicate(vals) & valid
    k = hit.argmax(axis=1)
    return start + k, hit[np.arange(x.shape[0]), k]


def interval_max(x: np.ndarray, start: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """Row-wise max of ``x[r, start[r]:stop[r]]`` (-inf where the interval is empty)."""
    vals, valid = interval_values(x, start, stop)
    return np.where(valid, vals, -np.inf).max(axis=1)


def interval_argmax(x: np.ndarray, start: np.ndarray, stop: np.ndarray) -> np.ndarray:
    vals, valid = interval_values(x, start, stop)
    return start + np.where(valid, vals, -np.inf).argmax(axis=1)


def interval_argmin(x: np.ndarray, start: np.ndarray, stop: np.ndarray) -> np.ndarray:
    vals, valid = interval_values(x, start, stop)
    return start + np.where(valid, vals, np.inf).argmin(axis=1)


def interval_max_product(
    x: np.ndarray, y: np.ndarray, start: np.ndarray, stop: np.ndarray
) -> np.ndarray:
    """Row-wise max of ``x * y`` over ``[start, stop)`` (e.g. power = force x velocity)."""
    xv, valid = interval_values(x, start, stop)
    yv, _ = interval_values(y, start, stop)
    return np.where(valid, xv * yv, -np.inf).max(axis=1)


def prefix_sum(x: np.ndarray) -> np.ndarray:
    """Cumulative sum with a leading zero column: ``out[:, j] = x[:, :j].sum(1)``."""
    out = np.zeros((x.shape[0], x.shape[1] + 1), dtype=np.float64)
    np.cumsum(x, axis=1, out=out[:, 1:])
    return out


def interval_mean(csum: np.ndarray, start: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """Mean over ``[start, stop)`` from a :func:`prefix_sum` (NaN where the interval is empty)."""
    rows = np.arange(csum.shape[0])
    count = stop - start
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(
            count > 0, (csum[rows, stop] - csum[rows, start]) / np.maximum(count, 1), np.nan
        )


def cumtrapz_rows(a: np.ndarray, dt: float) -> np.ndarray:
    """Cumulative trapezoid integral along rows, starting at 0 in column 0."""
    out = np.empty_like(a)
    out[:, 0] = 0.0
    np.cumsum((a[:, 1:] + a[:, :-1]) * (0.5 * dt), axis=1, out=out[:, 1:])
    return out


def block_prefix_sums(x: np.ndarray, stride: int) -> tuple[np.ndarray, np.ndarray]:
    """Prefix sums of ``x`` and ``x**2`` at every ``stride``-th sample: (n, m // stride + 1)."""
    n, m = x.shape
    nb = m // stride
    xb = x[:, : nb * stride].reshape(n, nb, stride)
    return prefix_sum(xb.sum(axis=2)), prefix_sum((xb * xb).sum(axis=2))


def interval_moments(
    x: np.ndarray, start: np.ndarray, stop: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Row-wise mean and SD of ``x`` over ``[start, stop)`` (NaN where empty), reading only the intervals."""
    vals, valid = interval_values(x, start, stop)
    count = valid.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(valid, vals, 0.0).sum(axis=1) / count
        var = np.where(valid, (vals - mean[:, None]) ** 2, 0.0).sum(axis=1) / count
    return np.where(count > 0, mean, np.nan), np.sqrt(var)


def min_sd_window(
    x: np.ndarray,
    width: int,
    stride: int,
    stop: np.ndarray,
    unloaded_cs: np.ndarray | None = None,
    start: np.ndarray | None = None,
    c1: np.ndarray | None = None,
    c2: np.ndarray | None = None,
    blocks: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Quietest window of ``width`` samples within ``[start, stop)`` in each row.

    Windows start every ``stride`` samples. ``unloaded_cs`` is a prefix count (n, m + 1) of
    samples where the plate is unloaded; windows containing any are skipped (an empty plate is
    quiet too, but it is not a body weight). ``c1``/``c2``: prefix sums of ``x`` and ``x**2``
    if the caller already has them; ``blocks``: the same at every ``stride``-th sample
    (:func:`block_prefix_sums`), enough when ``width`` is a multiple of ``stride`` and far
    cheaper. Returns (start, mean, sd, found).
    """
    n, m = x.shape
    if width > m:
        zeros = np.zeros(n)
        return zeros.astype(int), zeros, zeros, np.zeros(n, bool)
    if blocks is not None and width % stride == 0:
        p1, p2 = blocks
        starts = np.arange(0, (p1.shape[1] - 1) * stride - width + 1, stride)
        b0, b1 = starts // stride, (starts + width) // stride
        s1 = p1[:, b1] - p1[:, b0]
        s2 = p2[:, b1] - p2[:, b0]
    else:
        c1 = prefix_sum(x) if c1 is None else c1
        c2 = prefix_sum(x * x) if c2 is None else c2
        starts = np.arange(0, m - width + 1, stride)
        s1 = c1[:, starts + width] - c1[:, starts]
        s2 = c2[:, starts + width] - c2[:, starts]
    mean = s1 / width
    var = np.maximum(s2 / width - mean * mean, 0.0)
    use = (starts + width)[None, :] <= stop[:, None]
    if start is not None:
        use &= starts[None, :] >= start[:, None]
    if unloaded_cs is not None:
        use &= (unloaded_cs[:, starts + width] - unloaded_cs[:, starts]) == 0
    score = np.where(use, var, np.inf)
    k = score.argmin(axis=1)
    rows = np.arange(n)
    found = use[rows, k]
    return starts[k], mean[rows, k], np.sqrt(var[rows, k]), found
