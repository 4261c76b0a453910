"""MUAPs by spike-triggered averaging on an electrode grid, and muscle-fibre conduction velocity."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from neurolift._results import Result
from neurolift._validation import check_choice, check_positive
from neurolift.errors import InvalidParameterError, SignalError

if TYPE_CHECKING:  # pragma: no cover
    from neurolift.io.decomposition import Decomposition

__all__ = [
    "CVResult",
    "MUAPResult",
    "grid_layout",
    "mu_conduction_velocity",
    "mu_plot_muap_grid",
    "mu_sta",
]

#: Physiological range of muscle-fibre conduction velocity, m/s.
CV_RANGE_M_S = (2.0, 8.0)


def grid_layout(grid: str) -> np.ndarray:
    """Channel index (0-based; -1 = no electrode) at each (row, column) of an OTB grid.

    Rows run along the columns of the grid (the fibre direction when the grid is placed
    lengthwise). 13x5 grids (GR/HD 04/08MM1305) are numbered in a serpentine from the corner
    next to the missing electrode; 8x8 grids column by column.

    Examples
    --------
    >>> lay = grid_layout("GR08MM1305")
    >>> lay.shape, int(lay[0, 0]), int(lay[1, 0]), int(lay[0, 1]), int(lay[12, 4])
    ((13, 5), -1, 0, 24, 63)
    """
    if grid in ("GR08MM1305", "GR04MM1305", "HD08MM1305", "HD04MM1305"):
        lay = np.full((13, 5), -1, dtype=np.int64)
        lay[1:, 0] = np.arange(0, 12)  # channels 1..12 down the first column
        lay[:, 1] = np.arange(24, 11, -1)  # 25..13
        lay[:, 2] = np.arange(25, 38)  # 26..38
        lay[:, 3] = np.arange(50, 37, -1)  # 51..39
        lay[:, 4] = np.arange(51, 64)  # 52..64
        return lay
    if grid in ("GR10MM0808", "HD10MM0808"):
        return np.arange(64).reshape(8, 8, order="F")
    raise InvalidParameterError(
        f"grid_layout: no layout known for grid {grid!r}; pass layout= (rows x columns of channel "
        "indices, -1 for no electrode)"
    )


@dataclass(frozen=True)
class MUAPResult(Result):
    """Spike-triggered average of every unit on the grid.

    ``waveforms[u]`` has shape (rows, columns, n_samples) in V (NaN where no electrode/derivation);
    ``p2p_v[u]`` the peak-to-peak amplitude per (row, column).
    """

    mode: str
    window_s: float
    n_firings: list[int]
    waveforms: list[np.ndarray]
    p2p_v: list[np.ndarray]
    max_p2p_v: list[float]
    sampling_rate_hz: float
    method: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        from neurolift._results import to_plain

        return {
            "mode": self.mode,
            "window_s": self.window_s,
            "n_firings": self.n_firings,
            "max_p2p_v": to_plain(self.max_p2p_v),
            "sampling_rate_hz": self.sampling_rate_hz,
            "method": to_plain(self.method),
            "warnings": list(self.warnings),
        }


def _grid_signal(
    decomposition: Decomposition, layout: np.ndarray | None, where: str
) -> tuple[np.ndarray, np.ndarray]:
    d = decomposition
    if d.emg is None:
        raise SignalError(f"{where}: the decomposition has no grid EMG; MUAPs need the raw signals")
    if layout is None:
        if d.grid is None:
            raise InvalidParameterError(f"{where}: grid type unknown; pass layout=")
        layout = grid_layout(d.grid)
    layout = np.asarray(layout, dtype=np.int64)
    if layout.max() >= d.emg.n_channels:
        raise InvalidParameterError(
            f"{where}: layout refers to channel {layout.max()} but the EMG has {d.emg.n_channels}"
        )
    return d.emg.as_2d(), layout


def mu_sta(
    decomposition: Decomposition,
    *,
    window_s: float = 0.05,
    firings: tuple[int, int] | Literal["all"] = (0, 50),
    mode: Literal["monopolar", "sd", "dd"] = "sd",
    layout: np.ndarray | None = None,
) -> MUAPResult:
    """MUAP of every unit by spike-triggered averaging of the grid EMG.

    For each discharge in ``firings`` (index range, or all) a window of ``window_s`` centred on
    it is cut from every channel (windows running off the record are skipped) and averaged.
    ``mode``: monopolar, single differential along each grid column (``ch[r-1] - ch[r]``) or
    double differential (``-ch[r-2] + 2 ch[r-1] - ch[r]``); averaging and differentiating
    commute, so the derivation is applied to the average.

    Parameters
    ----------
    decomposition : Decomposition
        With ``emg`` (V) and a known ``grid`` (or ``layout``).
    window_s : float
        Total window length, s (50 ms: +-25 ms).
    firings : (first, last) or "all"
        Discharges used (first 50 by default, as in openhdemg).
    mode : {"monopolar", "sd", "dd"}
    layout : ndarray, optional
        (rows, columns) of channel indices (-1 = none), for grids without a known code.

    Returns
    -------
    MUAPResult

    References
    ----------
    .. [1] Farina D, Merletti R, Enoka RM (2004). The extraction of neural strategies from the
       surface EMG. J Appl Physiol 96:1486-1495.

    Examples
    --------
    >>> from neurolift.io.decomposition import Decomposition
    >>> from neurolift.timeseries import TimeSeries
    >>> fs, n = 2000, 4000
    >>> emg = np.zeros((n, 4)); spikes = np.arange(100, 3900, 200)
    >>> for s in spikes: emg[s - 2:s + 3, :] += [1e-4, 2e-4, 3e-4, 4e-4]
    >>> d = Decomposition([spikes], fs, n, emg=TimeSeries(emg, fs, "V"))
    >>> r = mu_sta(d, mode="monopolar", layout=np.array([[0, 2], [1, 3]]))
    >>> np.round(r.p2p_v[0] * 1e6).tolist(), r.n_firings
    ([[100.0, 300.0], [200.0, 400.0]], [19])
    """
    where = "mu_sta"
    check_choice("mode", mode, ("monopolar", "sd", "dd"), where=where)
    d = decomposition
    x, lay = _grid_signal(d, layout, where)
    w = check_positive("window_s", window_s, where=where)
    half = int(round(round(w * d.sampling_rate) / 2))
    offs = np.arange(-half, half)
    rows, cols = lay.shape
    out, p2p, mx, nf = [], [], [], []
    warnings: list[str] = []
    for u, p in enumerate(d.discharges):
        sel = p if firings == "all" else p[int(firings[0]) : int(firings[1])]
        sel = sel[(sel - half >= 0) & (sel + half <= x.shape[0])]
        nf.append(int(sel.size))
        if sel.size == 0:
            warnings.append(
                f"unit {d.unit_names[u]}: no complete discharge window; MUAP not computed"
            )
            out.append(np.full((rows, cols, offs.size), np.nan))
            p2p.append(np.full((rows, cols), np.nan))
            mx.append(float("nan"))
            continue
        avg = x[sel[:, None] + offs[None, :]].mean(axis=0)  # (n_offs, n_channels)
        avg = np.concatenate([avg, np.full((offs.size, 1), np.nan)], axis=1)  # index -1 -> NaN
        g = np.moveaxis(avg[:, lay], 0, -1)  # (rows, cols, n_offs)
        if mode == "sd":
            g = np.concatenate([np.full((1, cols, offs.size), np.nan), g[:-1] - g[1:]], axis=0)
        elif mode == "dd":
            g = np.concatenate(
                [np.full((2, cols, offs.size), np.nan), -g[:-2] + 2 * g[1:-1] - g[2:]], axis=0
            )
        amp = g.max(axis=-1) - g.min(axis=-1)
        out.append(g)
        p2p.append(amp)
        mx.append(float(np.nanmax(amp)) if np.isfinite(amp).any() else float("nan"))
    return MUAPResult(
        mode,
        w,
        nf,
        out,
        p2p,
        mx,
        d.sampling_rate,
        method={
            "name": "spike_triggered_average",
            "window_samples": int(2 * half),
            "firings": firings if firings == "all" else list(firings),
            "derivation": mode,
            "grid": d.grid,
        },
        warnings=warnings,
    )


@dataclass(frozen=True)
class CVResult(Result):
    """Conduction velocity per unit with the channels used; ``None`` when rejected."""

    cv_m_s: list[float | None]
    column: list[int | None]
    rows: list[list[int]]
    xcorr: list[float | None]
    method: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _ml_delay(sig: np.ndarray, fs: float, max_delay: float) -> tuple[float, float]:
    """Common delay (s) between consecutive channels of ``sig`` (n_ch, n_t) by least squares in
    the frequency domain (multichannel extension of McGill & Dorfman), and the residual share."""
    from scipy.optimize import minimize_scalar

    n = sig.shape[1]
    spec = np.fft.rfft(
        sig - sig.mean(axis=1, keepdims=True), axis=1
    )  # MUAPs start and end near 0: no taper
    f = np.fft.rfftfreq(n, 1 / fs)
    a, b = spec[:-1], spec[1:]
    # sum_k |B_k - A_k e^{-j2pi f tau}|^2 = E - 2 Re sum_f X(f) e^{-j2pi f tau}, X = sum_k conj(B_k) A_k
    energy = float(np.sum(np.abs(a) ** 2) + np.sum(np.abs(b) ** 2))
    cross = np.sum(np.conj(b) * a, axis=0)

    def cost(tau: float | np.ndarray) -> Any:
        ph = np.exp(-2j * np.pi * np.multiply.outer(np.atleast_1d(tau), f))
        return energy - 2 * np.real(ph @ cross)

    grid = np.linspace(-max_delay, max_delay, 401)
    c = cost(grid)
    i = int(np.argmin(c))
    lo, hi = grid[max(i - 1, 0)], grid[min(i + 1, grid.size - 1)]
    res = minimize_scalar(
        lambda t: float(cost(t)[0]), bounds=(lo, hi), method="bounded", options={"xatol": 1e-8}
    )
    return float(res.x), float(res.fun) / (float(np.sum(np.abs(b) ** 2)) or 1.0)


def mu_conduction_velocity(
    decomposition: Decomposition,
    *,
    muaps: MUAPResult | None = None,
    n_channels: int = 4,
    min_xcorr: float = 0.8,
    cv_range_m_s: tuple[float, float] = CV_RANGE_M_S,
    layout: np.ndarray | None = None,
    channels: tuple[int, int] | None = None,
) -> CVResult:
    """Muscle-fibre conduction velocity of every unit from its double-differential MUAPs.

    Channel selection: in every grid column, each run of ``n_channels`` consecutive DD
    channels is scored by the mean normalised cross-correlation of neighbouring channels; the
    best run with score >= ``min_xcorr`` is used (propagation without end-plate or tendon
    effects looks like a shifted copy). The common inter-channel delay ``tau`` is the one that
    best aligns all neighbouring pairs in the frequency domain (sub-sample), and
    ``CV = IED / tau``. Values outside ``cv_range_m_s`` (2-8 m/s) are rejected with a warning
    naming the unit.

    Parameters
    ----------
    decomposition : Decomposition
        With grid EMG and ``ied_m``.
    muaps : MUAPResult, optional
        Precomputed DD spike-triggered averages (``mu_sta(mode="dd")``).
    n_channels : int
        Channels per estimate (>= 2).
    min_xcorr : float
        Minimum similarity of neighbouring channels.
    cv_range_m_s : (low, high)
        Plausible range, m/s.
    channels : (column, first_row), optional
        Use this run of ``n_channels`` DD channels for every unit instead of selecting one
        (e.g. to reproduce another tool's fixed choice); the range check still applies.

    Returns
    -------
    CVResult

    References
    ----------
    .. [1] Farina D, Muhammad W, Fortunato E, Meste O, Merletti R, Rix H (2001). Estimation of
       single motor unit conduction velocity from surface electromyogram signals detected with
       linear electrode arrays. Med Biol Eng Comput 39:225-236.
    .. [2] McGill KC, Dorfman LJ (1984). High-resolution alignment of sampled waveforms.
       IEEE Trans Biomed Eng 31:462-468.

    Examples
    --------
    >>> from neurolift.io.decomposition import Decomposition
    >>> from neurolift.timeseries import TimeSeries
    >>> fs, n, ied, cv = 2048, 8192, 0.008, 4.0
    >>> t = np.arange(n) / fs
    >>> spikes = np.arange(300, 7900, 250)
    >>> def muap(tc):                                  # biphasic wave centred at tc (s)
    ...     return -np.gradient(np.exp(-((t[:, None] - tc) / 0.002) ** 2), axis=0)[:, 0]
    >>> emg = np.column_stack([sum(muap(s / fs + r * ied / cv) for s in spikes) * 1e-4
    ...                        for r in range(8)])
    >>> d = Decomposition([spikes], fs, n, emg=TimeSeries(emg, fs, "V"), ied_m=ied)
    >>> r = mu_conduction_velocity(d, layout=np.arange(8)[:, None])
    >>> round(r.cv_m_s[0], 2)
    4.0
    """
    where = "mu_conduction_velocity"
    d = decomposition
    if d.ied_m is None:
        raise InvalidParameterError(
            f"{where}: inter-electrode distance unknown (ied_m); CV needs it"
        )
    k = int(n_channels)
    if k < 2:
        raise InvalidParameterError(f"{where}: n_channels must be >= 2, got {n_channels!r}")
    lo_cv, hi_cv = (float(v) for v in cv_range_m_s)
    if muaps is None:
        muaps = mu_sta(d, mode="dd", layout=layout)
    elif muaps.mode != "dd":
        raise InvalidParameterError(
            f"{where}: muaps must be double differential (mode='dd'), got {muaps.mode!r}"
        )
    fs = d.sampling_rate
    cvs: list[float | None] = []
    cols: list[int | None] = []
    rows_used: list[list[int]] = []
    scores: list[float | None] = []
    warnings: list[str] = []
    for u, g in enumerate(muaps.waveforms):
        best: tuple[float, int, int] | None = None
        n_rows, n_cols, _ = g.shape
        if channels is not None:
            c_fix, r_fix = (int(v) for v in channels)
            if not (0 <= c_fix < n_cols and 0 <= r_fix and r_fix + k <= n_rows):
                raise InvalidParameterError(
                    f"{where}: channels={channels!r} is outside the {n_rows}x{n_cols} DD grid "
                    f"for {k} channels"
                )
            run_g = g[r_fix : r_fix + k, c_fix]
            if not np.isfinite(run_g).all():
                raise InvalidParameterError(
                    f"{where}: channels={channels!r} include rows without a DD derivation"
                )
            z = run_g - run_g.mean(axis=1, keepdims=True)
            z = z / np.linalg.norm(z, axis=1, keepdims=True)
            fixed_score = float(
                np.mean([np.max(np.correlate(z[i], z[i + 1], mode="full")) for i in range(k - 1)])
            )
            best = (max(fixed_score, min_xcorr), c_fix, r_fix)
        for c in range(n_cols if channels is None else 0):
            valid = [r for r in range(n_rows) if np.isfinite(g[r, c]).all() and np.ptp(g[r, c]) > 0]
            for r0 in range(n_rows - k + 1):
                run = list(range(r0, r0 + k))
                if not all(r in valid for r in run):
                    continue
                s = g[run, c]
                s = s - s.mean(axis=1, keepdims=True)
                s = s / np.linalg.norm(s, axis=1, keepdims=True)
                xc = [
                    float(np.max(np.correlate(s[i], s[i + 1], mode="full"))) for i in range(k - 1)
                ]
                score = float(np.mean(xc))
                if best is None or score > best[0]:
                    best = (score, c, r0)
        name = d.unit_names[u]
        if best is None or best[0] < min_xcorr:
            cvs.append(None)
            cols.append(None if best is None else best[1])
            rows_used.append([])
            scores.append(None if best is None else best[0])
            warnings.append(
                f"unit {name}: no run of {k} DD channels with neighbour correlation "
                f">= {min_xcorr:g}; CV not estimated"
            )
            continue
        score, c, r0 = best
        tau, _ = _ml_delay(g[r0 : r0 + k, c], fs, max_delay=d.ied_m / 1.0)  # down to 1 m/s
        cv = d.ied_m / abs(tau) if tau != 0 else float("inf")
        cols.append(c)
        rows_used.append(list(range(r0, r0 + k)))
        scores.append(score)
        if not lo_cv <= cv <= hi_cv:
            warnings.append(
                f"unit {name}: conduction velocity {cv:.2f} m/s outside the "
                f"physiological {lo_cv:g}-{hi_cv:g} m/s; rejected"
            )
            cvs.append(None)
        else:
            cvs.append(cv)
    return CVResult(
        cvs,
        cols,
        rows_used,
        scores,
        method={
            "name": "multichannel_frequency_domain_delay",
            "derivation": "dd",
            "n_channels": k,
            "min_xcorr": min_xcorr,
            "cv_range_m_s": [lo_cv, hi_cv],
            "ied_m": d.ied_m,
        },
        warnings=warnings,
    )


def mu_plot_muap_grid(muaps: MUAPResult, unit: int = 0, *, name: str | None = None):  # type: ignore[no-untyped-def]
    """MUAP waveforms of one unit drawn at their electrode positions on the grid (Figure).

    One axes: each waveform is drawn in its (row, column) cell, scaled to the largest one.

    Examples
    --------
    >>> r = MUAPResult("sd", 0.05, [1], [np.zeros((2, 2, 10))], [np.zeros((2, 2))], [0.0], 1000.0)
    >>> len(mu_plot_muap_grid(r).axes)
    1
    """
    from matplotlib.collections import LineCollection
    from matplotlib.figure import Figure

    g = muaps.waveforms[unit]
    rows, cols, n = g.shape
    fig = Figure(figsize=(1.1 * cols + 1, 0.55 * rows + 1), layout="constrained")
    ax = fig.add_subplot()
    lim = float(np.nanmax(np.abs(g))) if np.isfinite(g).any() else 0.0
    lim = lim if lim > 0 else 1e-6
    x = np.linspace(0.05, 0.95, n)
    segs = []
    for r in range(rows):
        for c in range(cols):
            if np.isfinite(g[r, c]).all():
                segs.append(np.column_stack([c + x, -r + 0.45 * g[r, c] / lim]))
    ax.add_collection(LineCollection(segs, colors="k", linewidths=0.8))
    ax.set_xlim(0, cols)
    ax.set_ylim(-rows + 0.4, 0.6)
    ax.set_xticks(np.arange(cols) + 0.5, [str(c) for c in range(cols)])
    ax.set_yticks(-np.arange(rows), [str(r) for r in range(rows)])
    ax.set_xlabel("grid column")
    ax.set_ylabel("grid row")
    ax.set_title(
        f"MUAP unit {unit} ({muaps.mode}); full scale {lim * 1e6:.0f} uV, "
        f"{n / muaps.sampling_rate_hz * 1000:.0f} ms per cell"
    )
    return fig
