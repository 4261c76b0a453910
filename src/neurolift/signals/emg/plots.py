"""Figures of EMG analyses (matplotlib, Agg-safe: figures are built without pyplot)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from neurolift.signals.emg.adaptation import MoritaniDeVriesResult
    from neurolift.signals.emg.pipeline import EMGProcessResult

__all__ = ["emg_plot_moritani_devries", "emg_plot_process"]


def _figure(figsize: tuple[float, float]):  # type: ignore[no-untyped-def]
    from matplotlib.figure import Figure

    return Figure(figsize=figsize, layout="constrained")


def emg_plot_process(result: EMGProcessResult):  # type: ignore[no-untyped-def]
    """Cleaned EMG with its envelope and detected bursts, one panel per channel (Figure).

    Examples
    --------
    >>> from neurolift.timeseries import TimeSeries
    >>> from neurolift.signals.emg import emg_process
    >>> x = np.random.default_rng(0).normal(0, 1e-5, (3000, 2))
    >>> fig = emg_plot_process(emg_process(TimeSeries(x, 1000, "V"), fatigue_window_s=None))
    >>> len(fig.axes)
    2
    """
    cl, env = result.cleaned, result.envelope
    n = cl.n_channels
    fig = _figure((9, 1.8 * n + 0.6))
    axes = fig.subplots(n, 1, sharex=True, squeeze=False)[:, 0]
    t = cl.times
    for c, (ax, name) in enumerate(zip(axes, cl.channels, strict=True)):
        ax.plot(t, cl.as_2d()[:, c], lw=0.4, color="0.6")
        ax.plot(t, env.as_2d()[:, c], lw=1.2, color="tab:blue")
        for b in result.onsets.bursts:
            if b.channel == name:
                ax.axvspan(b.onset_s, b.offset_s, color="tab:orange", alpha=0.15)
        ax.set_ylabel(f"{name} ({cl.unit})")
    axes[-1].set_xlabel("time (s)")
    return fig


def emg_plot_moritani_devries(result: MoritaniDeVriesResult):  # type: ignore[no-untyped-def]
    """The Moritani & deVries figure: pre and post force-EMG lines with the neural and muscular parts.

    Examples
    --------
    >>> from neurolift.signals.emg import emg_moritani_devries
    >>> r = emg_moritani_devries([1e-4], [100.0], [1.2e-4], [132.0])
    >>> emg_plot_moritani_devries(r).axes[0].get_xlabel()
    'EMG amplitude (V)'
    """
    r = result
    fig = _figure((6, 4.5))
    ax = fig.add_subplot()
    emax = max(r.pre_max_emg, r.post_max_emg) * 1.1
    e = np.linspace(0, emax, 50)
    ax.plot(e, r.pre_intercept_n + r.pre_slope_n_per_emg * e, color="tab:blue", label="pre")
    ax.plot(e, r.post_intercept_n + r.post_slope_n_per_emg * e, color="tab:red", label="post")
    f_pre = r.pre_intercept_n + r.pre_slope_n_per_emg * r.pre_max_emg
    f_mid = r.pre_intercept_n + r.pre_slope_n_per_emg * r.post_max_emg
    f_post = r.post_intercept_n + r.post_slope_n_per_emg * r.post_max_emg
    ax.plot([r.pre_max_emg], [f_pre], "o", color="tab:blue")
    ax.plot([r.post_max_emg], [f_post], "o", color="tab:red")
    ax.annotate(
        "",
        (r.post_max_emg, f_mid),
        (r.pre_max_emg, f_pre),
        arrowprops={"arrowstyle": "->", "color": "tab:green"},
    )
    ax.annotate(
        "",
        (r.post_max_emg, f_post),
        (r.post_max_emg, f_mid),
        arrowprops={"arrowstyle": "->", "color": "tab:purple"},
    )
    ax.text(
        r.post_max_emg,
        f_mid,
        f"  neural {r.neural_share_pct:.0f} %",
        color="tab:green",
        va="top",
        fontsize=8,
    )
    ax.text(
        r.post_max_emg,
        (f_mid + f_post) / 2,
        f"  muscular {r.muscular_share_pct:.0f} %",
        color="tab:purple",
        fontsize=8,
    )
    ax.set_xlabel(f"EMG amplitude ({r.emg_unit})")
    ax.set_ylabel("force (N)")
    ax.set_title("Neural vs muscular share of the strength gain (Moritani & deVries)")
    ax.legend(loc="upper left")
    return fig
