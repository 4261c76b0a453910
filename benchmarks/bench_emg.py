"""EMG and motor-unit speed, side by side with openhdemg 0.1.2 and NeuroKit2 in one run.

1. Loading the openhdemg sample decomposition (OTBiolab+ .mat, 64 ch x 66,560 samples, 5 MUs):
   neurolift ``decomposition_read_otb`` vs openhdemg ``emg_from_otb`` (the call
   ``emg_from_samplefile`` makes).
2. The full MU property table on it (thresholds, DR rec/derec/steady/all, COV of ISI, force CoV)
   with the same steady window and definitions: neurolift ``mu_properties`` vs openhdemg
   ``basic_mus_properties``; the numbers are compared in the same run.
3. A 60 s, 8-channel, 2 kHz EMG recording: neurolift ``emg_process`` on all 8 channels at once
   vs NeuroKit2 ``emg_process`` called once per channel (it is single-channel).

Each timing is the best of repeated runs after one warm-up (NeuroKit2: each of the 8 channels
once, summed). A peer that is not importable is
reported as "peer not installed". Run: ``python benchmarks/bench_emg.py`` (or ``make bench``).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import warnings
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
SAMPLE = HERE.parent / "tests" / "data" / "emg" / "otb_testfile.mat"
STEADY = (14173, 52825)  # samples; the window openhdemg's outputs were produced with


def timeit(fn, repeat: int) -> tuple[float, object]:
    """Best of ``repeat`` runs after a warm-up (the machine is shared: the minimum is the run
    least disturbed by other jobs, for both sides alike)."""
    out = fn()  # warm-up
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def peer(name: str):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return __import__(name)
    except Exception as exc:  # ImportError, or a GUI toolkit failing to initialise
        print(f"  {name}: peer not installed ({type(exc).__name__})")
        return None


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:8.2f} ms" if seconds < 1 else f"{seconds:8.3f} s "


def bench_mu() -> None:
    from neurolift.io.decomposition import decomposition_read_otb
    from neurolift.motorunits import mu_properties

    print("\n[1] load the sample decomposition (otb_testfile.mat)")
    t_nl, d = timeit(lambda: decomposition_read_otb(SAMPLE), repeat=5)
    print(f"  neurolift decomposition_read_otb   {fmt(t_nl)}")
    d = d.sorted_by_recruitment()
    fs = d.sampling_rate
    steady_s = (STEADY[0] / fs, STEADY[1] / fs)

    print("\n[2] full MU property table (5 units, same steady window)")

    def nl_table():  # same content as openhdemg's table: the file's SIL, no PNR
        return mu_properties(d, mvc=100.0, steady=steady_s, min_sil=None, quality=False)

    def nl_table_q():  # plus SIL and PNR recomputed from the pulse trains, quality gates
        return mu_properties(d, mvc=100.0, steady=steady_s)

    t_nl_tab, res = timeit(nl_table, repeat=50)
    t_nl_q, _ = timeit(nl_table_q, repeat=50)
    print(f"  neurolift mu_properties            {fmt(t_nl_tab)}   (same columns as openhdemg)")
    print(f"  neurolift mu_properties + SIL/PNR  {fmt(t_nl_q)}   (quality recomputed)")

    emg_mod = peer("openhdemg.library")
    if emg_mod is None:
        return
    emg = sys.modules["openhdemg.library"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        t_oh, ef = timeit(
            lambda: emg.emg_from_otb(
                str(SAMPLE), ext_factor=8, refsig=[True, "fullsampled"], version="1.5.8.0"
            ),
            repeat=5,
        )
        print(
            f"  openhdemg emg_from_otb             {fmt(t_oh)}   -> neurolift is {t_oh / t_nl:.1f}x"
        )
        ef = emg.sort_mus(ef)
        t_oh_tab, tab = timeit(
            lambda: emg.basic_mus_properties(
                ef, start_steady=STEADY[0], end_steady=STEADY[1], mvc=100
            ),
            repeat=20,
        )
    print(
        f"  openhdemg basic_mus_properties     {fmt(t_oh_tab)}   -> neurolift is "
        f"{t_oh_tab / t_nl_tab:.1f}x faster ({t_oh_tab / t_nl_q:.1f}x with SIL/PNR recomputed)"
    )
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
    t_nl, r = timeit(lambda: emg_process(ts), repeat=5)
    print(
        f"  neurolift emg_process (8 ch)       {fmt(t_nl)}   ({sum(c.n_bursts for c in r.channels)} bursts)"
    )
    nk = peer("neurokit2")
    if nk is None:
        return
    per = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nk.emg_process(x[:, 0], sampling_rate=fs)  # warm-up (imports submodules)
        n_ch = int(os.environ.get("NEUROLIFT_BENCH_NK_CHANNELS", channels))
        for c in range(n_ch):
            t0 = time.perf_counter()
            nk.emg_process(x[:, c], sampling_rate=fs)
            per.append(time.perf_counter() - t0)
    total = statistics.mean(per) * channels
    print(
        f"  NeuroKit2 emg_process per channel  {fmt(statistics.mean(per))}   (mean of {len(per)})"
    )
    print(
        f"  NeuroKit2 8-channel total          {fmt(total)}   -> neurolift is {total / t_nl:.0f}x faster"
    )


if __name__ == "__main__":
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, {os.cpu_count()} CPUs")
    bench_mu()
    bench_surface()
