"""Figures of decomposed motor units: raster over force, discharge rates, RT vs DR."""

from __future__ import annotations

from typing import Any

import numpy as np

from neurolift.io.decomposition import Decomposition
from neurolift.motorunits.properties import MUPropertiesResult
from neurolift.motorunits.spiketrains import mu_smoothed_rate

__all__ = ["mu_plot_all", "mu_plot_discharge_rates", "mu_plot_raster", "mu_plot_rt_dr"]


def _figure(figsize: tuple[float, float]):  # type: ignore[no-untyped-def]
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure

    return Figure(figsize=figsize, layout="constrained")


def mu_plot_raster(decomposition: Decomposition):  # type: ignore[no-untyped-def]
    """Raster of discharges (one row per unit) over the force signal; returns a matplotlib Figure.

    Examples
    --------
    >>> fig = mu_plot_raster(Decomposition([np.array([10, 50])], 100, 100))
    >>> len(fig.axes)
    1
    """
    d = decomposition
    fig = _figure((8, 4))
    ax = fig.add_subplot()
    for i, p in enumerate(d.discharges):
        ax.vlines(p / d.sampling_rate, i + 0.6, i + 1.4, lw=0.6, color="k")
    ax.set_yticks(range(1, d.n_units + 1), d.unit_names)
    ax.set_xlabel("time (s)")
    ax.set_ylabel("motor unit")
    if d.reference is not None:
        ax2 = ax.twinx()
        ax2.plot(d.reference.times, d.reference.as_2d()[:, 0], color="tab:orange", lw=1)
        ax2.set_ylabel(f"force ({d.reference.unit})")
    ax.set_title("Discharges over force")
    return fig


def mu_plot_discharge_rates(decomposition: Decomposition):  # type: ignore[no-untyped-def]
    """Instantaneous (dots) and smoothed (400 ms Hann, line) discharge rate of every unit (Figure).

    Examples
    --------
    >>> fig = mu_plot_discharge_rates(Decomposition([np.array([10, 50, 80])], 100, 100))
    >>> fig.axes[0].get_ylabel()
    'discharge rate (pps)'
    """
    d = decomposition
    fig = _figure((8, 4))
    ax = fig.add_subplot()
    smooth = mu_smoothed_rate(d.discharges, sampling_rate=d.sampling_rate, n_samples=d.n_samples)
    t = np.arange(d.n_samples) / d.sampling_rate
    for j, (name, p) in enumerate(zip(d.unit_names, d.discharges, strict=True)):
        if p.size >= 2:
            (dots,) = ax.plot(
                p[1:] / d.sampling_rate, d.sampling_rate / np.diff(p), ".", ms=3, label=name
            )
            span = slice(int(p[0]), int(p[-1]) + 1)
            ax.plot(t[span], smooth[span, j], "-", lw=1, color=dots.get_color())
    ax.set_xlabel("time (s)")
    ax.set_ylabel("discharge rate (pps)")
    if d.n_units:
        ax.legend(fontsize="small", ncols=min(d.n_units, 6))
    return fig


def mu_plot_rt_dr(result: MUPropertiesResult):  # type: ignore[no-untyped-def]
    """Recruitment threshold vs steady discharge rate, with the fitted onion-skin line (Figure).

    Examples
    --------
    >>> from neurolift.motorunits.properties import mu_properties
    >>> from neurolift.timeseries import TimeSeries
    >>> fs, n = 1000, 10000
    >>> force = TimeSeries(np.interp(np.arange(n), [0, 2000, 8000, 10000], [0, 20, 20, 0]), fs, "%MVC")
    >>> r = mu_properties(Decomposition([np.arange(1000, 9001, 100)], fs, n, reference=force))
    >>> mu_plot_rt_dr(r).axes[0].get_xlabel()
    'recruitment threshold (%MVC)'
    """
    fig = _figure((5, 4))
    ax = fig.add_subplot()
    for u in result.units:
        if u.rt_pct_mvc is None or u.dr_steady_pps is None:
            continue
        ax.plot(
            u.rt_pct_mvc,
            u.dr_steady_pps,
            "o" if u.accepted else "x",
            color="k" if u.accepted else "tab:red",
        )
        ax.annotate(
            u.unit,
            (u.rt_pct_mvc, u.dr_steady_pps),
            fontsize=7,
            xytext=(3, 3),
            textcoords="offset points",
        )
    if result.dr_rt_slope_pps_per_pct_mvc is not None and result.dr_rt_intercept_pps is not None:
        xs = np.array(
            [u.rt_pct_mvc for u in result.units if u.accepted and u.rt_pct_mvc is not None]
        )
        xx = np.linspace(xs.min(), xs.max(), 2)
        ax.plot(
            xx,
            result.dr_rt_intercept_pps + result.dr_rt_slope_pps_per_pct_mvc * xx,
            "--",
            label=f"slope {result.dr_rt_slope_pps_per_pct_mvc:.3f} pps/%MVC",
        )
        ax.legend(fontsize="small")
    ax.set_xlabel("recruitment threshold (%MVC)")
    ax.set_ylabel("steady discharge rate (pps)")
    return fig


def mu_plot_all(decomposition: Decomposition, result: MUPropertiesResult) -> dict[str, Any]:
    """Every figure of a decomposition by name: ``raster``, ``rates``, ``rt_dr`` and, with the
    grid EMG, one ``muap_<unit>`` MUAP grid per unit (spike-triggered averages)."""
    d = decomposition
    figs = {
        "raster": mu_plot_raster(d),
        "rates": mu_plot_discharge_rates(d),
        "rt_dr": mu_plot_rt_dr(result),
    }
    if d.emg is not None and d.grid is not None:
        from neurolift.motorunits.muap import mu_plot_muap_grid, mu_sta

        sta = mu_sta(d)
        for u in range(d.n_units):
            figs[f"muap_{d.unit_names[u]}"] = mu_plot_muap_grid(sta, u, name=d.unit_names[u])
    return figs
