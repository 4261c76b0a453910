"""Reductions over many disjoint sample spans at once (one ``reduceat`` each), and linear
interpolation at fractional sample indices."""

from __future__ import annotations

import numpy as np

# Helpers shared inside signals.velocity (interp_at, span_first_argmax, span_maxes, span_sums) are not public API;
# the public names follow docs/naming.md.
__all__: list[str] = []


def span_sums(x: np.ndarray, starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """``x[starts[i]:stops[i]].sum()`` for sorted, disjoint, non-empty spans (one reduceat)."""
    bounds = np.empty(2 * starts.shape[0], dtype=np.intp)
    bounds[0::2], bounds[1::2] = starts, stops
    if bounds[-1] >= x.shape[0]:  # reduceat needs every bound inside the array
        x = np.append(x, 0.0)
    return np.add.reduceat(x, bounds)[0::2]


def span_maxes(x: np.ndarray, starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """``x[starts[i]:stops[i]].max()`` for sorted, disjoint, non-empty spans (one reduceat)."""
    bounds = np.empty(2 * starts.shape[0], dtype=np.intp)
    bounds[0::2], bounds[1::2] = starts, stops
    if bounds[-1] >= x.shape[0]:
        x = np.append(x, -np.inf)
    return np.maximum.reduceat(x, bounds)[0::2]


def span_first_argmax(x: np.ndarray, starts: np.ndarray, stops: np.ndarray) -> np.ndarray:
    """Index of the first maximum of each span ``x[starts[i]:stops[i]]`` (memory linear in the
    spans' total length)."""
    n = stops - starts
    peak = span_maxes(x, starts, stops)
    first = np.concatenate(([0], np.cumsum(n)[:-1]))  # span starts in the concatenation
    within = np.arange(int(n.sum())) - np.repeat(first, n)
    hit = x[np.repeat(starts, n) + within] == np.repeat(peak, n)
    pos = np.where(hit, within, np.iinfo(np.intp).max)
    return starts + np.minimum.reduceat(pos, first)


def interp_at(x: np.ndarray, t: np.ndarray) -> np.ndarray:
    i = np.minimum(t.astype(np.intp), x.shape[0] - 2)
    x0 = x[i]
    return x0 + (t - i) * (x[i + 1] - x0)
