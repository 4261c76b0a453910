"""EMG and motor-unit speed, side by side with openhdemg 0.1.2 and NeuroKit2 in one run.

1. Loading the openhdemg sample decomposition (OTBiolab+ .mat, 64 ch x 66,560 samples, 5 MUs):
   neurolift ``decomposition_read_otb`` plus the units' SIL (``mu_sil_units``: the reader returns
   pulse trains and computes nothing) vs openhdemg ``emg_from_otb`` (the call
   ``emg_from_samplefile`` makes; it computes SIL and PNR while loading).
2. The full MU property table on it (thresholds, DR rec/derec/steady/all, COV of ISI, force CoV)
   with the same steady window and definitions: neurolift ``mu_properties`` vs openhdemg
   ``basic_mus_properties``; the numbers are compared in the same run.
3. A 60 s, 8-channel, 2 kHz EMG recording: neurolift ``emg_process`` on all 8 channels at once
   vs NeuroKit2 ``emg_process`` called once per channel (it is single-channel).

Timing rule (``benchmarks/timing.py``, the same for both sides): one core, one warm-up per side,
then interleaved rounds; a side's round time is the median of its calls in that round, and a
ratio is the median (and range) of the per-round ratios, with the load average printed. In [3]
one NeuroKit2 round processes the 8 channels one after the other (one call each) and one
neurolift round processes them in one call. A peer that is not importable is reported as "peer
not installed". Run: ``python benchmarks/bench_emg.py`` (or ``make bench``); fewer NeuroKit2
rounds with ``NEUROLIFT_BENCH_NK_ROUNDS`` (default 3).
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import timing  # noqa: E402

_SAVED_ENV = timing.single_thread_env()
import numpy as np  # noqa: E402

SAMPLE = HERE.parent / "tests" / "data" / "emg" / "otb_testfile.mat"
STEADY = (14173, 52825)  # samples; the window openhdemg's outputs were produced with


def peer(name: str):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return __import__(name)
    except Exception as exc:  # ImportError, or a GUI toolkit failing to initialise
        print(f"  {name}: peer not installed ({type(exc).__name__})")
        return None


def bench_mu() -> None:
    from neurolift.io.decomposition import decomposition_read_otb
    from neurolift.motorunits import mu_properties, mu_sil_units

    emg = None
    if peer("openhdemg.library") is not None:
        emg = sys.modules["openhdemg.library"]

    def oh_load():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return emg.emg_from_otb(
                str(SAMPLE), ext_factor=8, refsig=[True, "fullsampled"], version="1.5.8.0"
            )

    print("\n[1] load the sample decomposition (otb_testfile.mat)")

    def nl_load():  # the reader returns pulse trains; SIL computed as openhdemg's loader does
        d = decomposition_read_otb(SAMPLE)
        mu_sil_units(d)
        return d

    sides = {"neurolift decomposition_read_otb + mu_sil_units": nl_load}
    if emg is not None:
        sides["openhdemg emg_from_otb"] = oh_load
    cmp = timing.compare(sides, rounds=5)
    print(cmp.report(baseline="openhdemg emg_from_otb" if emg is not None else None))
    d = cmp.results["neurolift decomposition_read_otb + mu_sil_units"].sorted_by_recruitment()
    fs = d.sampling_rate
    steady_s = (STEADY[0] / fs, STEADY[1] / fs)

    print("\n[2] full MU property table (5 units, same steady window)")

    def nl_table():  # same content as openhdemg's table: the file's SIL, no PNR
        return mu_properties(d, mvc=100.0, steady=steady_s, min_sil=None, quality=False)

    def nl_table_q():  # plus SIL and PNR recomputed from the pulse trains, quality gates
        return mu_properties(d, mvc=100.0, steady=steady_s)

    sides = {
        "neurolift mu_properties (same columns as openhdemg)": nl_table,
        "neurolift mu_properties + SIL/PNR recomputed": nl_table_q,
    }
    if emg is not None:
        ef = emg.sort_mus(cmp.results["openhdemg emg_from_otb"])

        def oh_table():
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return emg.basic_mus_properties(
                    ef, start_steady=STEADY[0], end_steady=STEADY[1], mvc=100
                )

        sides["openhdemg basic_mus_properties"] = oh_table
    cmp = timing.compare(sides, rounds=11, repeat=5)
    print(cmp.report(baseline="openhdemg basic_mus_properties" if emg is not None else None))
    if emg is None:
        return
    res = cmp.results["neurolift mu_properties (same columns as openhdemg)"]
    tab = cmp.results["openhdemg basic_mus_properties"]
    pairs = [
        ("rt_pct_mvc", "rel_RT"),
        ("dert_pct_mvc", "rel_DERT"),
        ("dr_rec_pps", "DR_rec"),
        ("dr_derec_pps", "DR_derec"),
        ("dr_start_steady_pps", "DR_start_steady"),
        ("dr_end_steady_pps", "DR_end_steady"),
        ("dr_steady_pps", "DR_all_steady"),
        ("dr_all_pps", "DR_all"),
        ("cov_isi_steady_pct", "COVisi_steady"),
        ("cov_isi_all_pct", "COVisi_all"),
    ]
    worst = 0.0
    for ours, theirs in pairs:
        a = np.array([getattr(u, ours) for u in res.units], dtype=float)
        b = tab[theirs].to_numpy(dtype=float)
        worst = max(worst, float(np.max(np.abs(a - b))))
    dcov = abs(res.force_cov_steady_pct - float(tab["COV_steady"].iloc[0]))
    print(
        f"  identical numbers? max |difference| over {len(pairs)} columns x 5 units = {worst:.2e} "
        f"(force CoV {dcov:.2e})"
    )


def make_recording(
    fs: int = 2000, seconds: int = 60, channels: int = 8, seed: int = 0
) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = fs * seconds
    x = rng.normal(0, 5e-6, (n, channels))
    from scipy.signal import butter, sosfilt

    sos = butter(4, [40, 300], btype="bandpass", fs=fs, output="sos")
    burst = sosfilt(sos, rng.normal(0, 1, (n, channels)), axis=0)
    burst /= burst.std(axis=0)
    t = np.arange(n) / fs
    on = (t % 10 >= 3) & (t % 10 < 7)  # 4 s contraction every 10 s
    x[on] += 2e-4 * burst[on]
    return x


def bench_surface() -> None:
    from neurolift.signals.emg import emg_process
    from neurolift.timeseries import TimeSeries

    fs, seconds, channels = 2000, 60, 8
    x = make_recording(fs, seconds, channels)
    ts = TimeSeries(x, fs, "V", tuple(f"m{i}" for i in range(channels)))
    print(f"\n[3] surface EMG pipeline, {seconds} s x {channels} channels at {fs} Hz")
    sides = {"neurolift emg_process, 8 channels in one call": lambda: emg_process(ts)}
    nk = peer("neurokit2")
    if nk is not None:

        def nk_all() -> None:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                for c in range(channels):
                    nk.emg_process(x[:, c], sampling_rate=fs)

        sides["NeuroKit2 emg_process, 8 calls (one per channel)"] = nk_all
    rounds = int(os.environ.get("NEUROLIFT_BENCH_NK_ROUNDS", "3")) if nk is not None else 5
    cmp = timing.compare(sides, rounds=rounds)
    print(cmp.report(baseline=next(iter(reversed(sides))) if nk is not None else None))
    r = cmp.results["neurolift emg_process, 8 channels in one call"]
    print(f"  ({sum(c.n_bursts for c in r.channels)} bursts found by neurolift)")


if __name__ == "__main__":
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, {os.cpu_count()} CPUs")
    try:
        with timing.one_core() as pinned:
            print(pinned)
            bench_mu()
            bench_surface()
    finally:
        timing.restore_env(_SAVED_ENV)
