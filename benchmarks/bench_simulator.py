"""Motor-unit pool simulator and adaptation model speed, side by side in one run.

1. A 120-unit Fuglevand pool, 30 s at 2048 Hz, trapezoid to 50 % excitation (5 s ramps):
   neurolift ``MotorUnitPool.simulate`` (spikes + force) vs a straightforward vectorised NumPy
   implementation written below (full-rate rate matrix, phase thresholds, FFT convolution of the
   gain-weighted impulse trains with each unit's twitch), and vs myogen's force stage
   (``ForceModelVectorized.generate_force``) on the same discharge times. myogen needs
   Python >= 3.12 and NEURON; it runs in the interpreter named by ``NEUROLIFT_MYOGEN_PYTHON``
   (a venv with ``pip install myogen``) or in this one if importable; otherwise "not installed".
2. 64-channel (8 x 8) HD-EMG for the same 30 s contraction: ``hdemg_simulate``.
3. The adaptation model: 10,000 athletes x 52 weeks in one vectorised call vs a loop of
   single-athlete calls (timed on 200 athletes and scaled x50, stated as such).

Everything runs on one core (CPU affinity and BLAS/OpenMP threads set to 1, restored after).
Timing rule (``benchmarks/timing.py``, the same for every side): one warm-up per side, then
interleaved rounds, a side's round time the median of its calls in the round, ratios as the
median (and range) of the per-round ratios, load average printed. myogen runs in its own
interpreter, so its time (median of 3 calls after a warm-up, pinned to the same core) is taken
between two neurolift force-stage timings (median of 3 calls each) and compared with their mean. Run: ``python
benchmarks/bench_simulator.py`` (or ``make bench``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import timing  # noqa: E402

_SAVED_ENV = timing.single_thread_env()
import numpy as np  # noqa: E402

FS = 2048.0
DURATION = 30.0
N_UNITS = 120


fmt = timing.fmt_seconds


# ---------------------------------------------------------------------------------------------
# The straightforward vectorised NumPy baseline (what the 0.06 s / 0.15 s refer to)


def baseline_spikes(
    excitation: np.ndarray, fs: float, rng: np.random.Generator
) -> list[np.ndarray]:
    n = N_UNITS
    i = np.arange(1, n + 1)
    rte = np.exp(np.log(30.0) * i / n)
    pfr = 35.0 - 10.0 * rte / rte[-1]
    e_max = rte[-1] + (pfr[-1] - 8.0)
    e = excitation * e_max
    rates = np.where(
        e[None, :] >= rte[:, None], np.minimum(e[None, :] - rte[:, None] + 8.0, pfr[:, None]), 0.0
    )
    phase = np.cumsum(rates, axis=1) / fs
    out = []
    for u in range(n):
        total = phase[u, -1]
        if total <= 0:
            out.append(np.zeros(0, dtype=np.int64))
            continue
        m = int(total + 6 * np.sqrt(total + 1) * 0.2 + 4)
        th = np.cumsum(np.clip(rng.normal(1.0, 0.2, m), 0.05, None))
        th = th[th < total]
        out.append(np.unique(np.searchsorted(phase[u], th)))
    return out


def baseline_force(spikes: list[np.ndarray], n_samples: int, fs: float) -> np.ndarray:
    from scipy.signal import fftconvolve

    n = N_UNITS
    i = np.arange(1, n + 1)
    p = np.exp(np.log(100.0) * i / n)
    t_c = 0.09 * (1 / p) ** (np.log(3) / np.log(100))
    trains = np.zeros((n, n_samples))
    for u, s in enumerate(spikes):
        if s.size:
            isi = np.diff(s) / fs
            r = t_c[u] / isi
            g = np.ones(s.size)
            g[1:] = np.where(
                r <= 0.4, 1.0, (1 - np.exp(-2 * r**3)) / r / ((1 - np.exp(-2 * 0.4**3)) / 0.4)
            )
            trains[u, s] = g
    klen = int(5 * t_c.max() * fs)
    t = np.arange(klen) / fs
    kernels = p[:, None] * t[None, :] / t_c[:, None] * np.exp(1 - t[None, :] / t_c[:, None])
    return fftconvolve(trains, kernels, axes=1)[:, :n_samples].sum(axis=0)


# ---------------------------------------------------------------------------------------------
# myogen worker (runs under the peer's interpreter; needs only numpy + myogen)

MYOGEN_WORKER = r"""
import json, statistics, sys, time, warnings
warnings.filterwarnings("ignore")
import numpy as np, quantities as pq, neo
from myogen.simulator.core.force.force_model_vectorized import ForceModelVectorized
d = np.load(sys.argv[1]); fs = float(d["fs"]); n = int(d["n_samples"])
spikes = [d[f"u{u}"] for u in range(int(d["n_units"]))]
seg = neo.Segment()
for s in spikes:
    seg.spiketrains.append(neo.SpikeTrain(s / fs * pq.s, t_start=0 * pq.s, t_stop=n / fs * pq.s,
                                          sampling_rate=fs * pq.Hz))
blk = neo.Block(); blk.segments.append(seg)
thr = np.exp(np.log(100.0) * np.arange(1, len(spikes) + 1) / len(spikes))  # 100-fold twitch range
m = ForceModelVectorized(thr, recording_frequency__Hz=fs * pq.Hz)
m.generate_force(blk, verbose=False)
ts = []
for _ in range(3):
    t0 = time.perf_counter(); f = m.generate_force(blk, verbose=False); ts.append(time.perf_counter() - t0)
from importlib.metadata import version
print(json.dumps({"seconds": statistics.median(ts), "version": version("myogen"),
                  "python": sys.version.split()[0]}))
"""


def myogen_force_time(spikes: list[np.ndarray], n_samples: int) -> dict | None:
    exe = os.environ.get("NEUROLIFT_MYOGEN_PYTHON")
    if exe is None:
        try:
            import myogen  # noqa: F401

            exe = sys.executable
        except ImportError:
            return None
    with tempfile.TemporaryDirectory() as tmp:
        f = Path(tmp) / "spikes.npz"
        np.savez(
            f,
            fs=FS,
            n_samples=n_samples,
            n_units=len(spikes),
            **{f"u{u}": s for u, s in enumerate(spikes)},
        )
        w = Path(tmp) / "worker.py"
        w.write_text(MYOGEN_WORKER)
        env = dict(
            os.environ,
            OMP_NUM_THREADS="1",
            OPENBLAS_NUM_THREADS="1",
            MKL_NUM_THREADS="1",
            NUMBA_NUM_THREADS="1",
        )
        cpu = sorted(os.sched_getaffinity(0))[0]
        cmd = ["taskset", "-c", str(cpu), exe, str(w), str(f)]
        r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
        if r.returncode != 0:
            return {"error": (r.stderr.strip().splitlines() or ["?"])[-1]}
        return json.loads(r.stdout.strip().splitlines()[-1])


def main() -> None:
    from neurolift.motorunits.pool import MotorUnitPool, excitation_trapezoid
    from neurolift.motorunits.synthetic_emg import hdemg_simulate
    from neurolift.training.adaptation import adaptation_simulate

    e = excitation_trapezoid(duration_s=DURATION, sampling_rate=FS, level=0.5, rise_s=5, fall_s=5)
    pool = MotorUnitPool()
    print(
        f"[1] pool: {N_UNITS} units, {DURATION:g} s at {FS:g} Hz, trapezoid to 50 % excitation (one core)"
    )
    print(f"  {timing.load_average()}")
    state: dict = {}

    def nl_sim():
        state["sim"] = pool.simulate(e, random_state=1)
        return state["sim"]

    def baseline_both():
        spikes = baseline_spikes(e.values, FS, np.random.default_rng(1))
        return spikes, baseline_force(spikes, e.n_samples, FS)

    cmp = timing.compare(
        {"neurolift spikes + force": nl_sim, "numpy baseline spikes + force": baseline_both},
        rounds=7,
        repeat=3,
    )
    print(cmp.report(baseline="numpy baseline spikes + force"))
    sim = state["sim"]
    bspk, _ = cmp.results["numpy baseline spikes + force"]
    n_spk = sum(d.size for d in sim.discharges)
    print(
        f"  ({n_spk} spikes from {sum(d.size > 0 for d in sim.discharges)} units; baseline "
        f"{sum(s.size for s in bspk)} spikes)"
    )
    print("  force stage alone, the same discharges:")
    cmp_f = timing.compare(
        {
            "neurolift (block-recursive, all units at once)": lambda: pool._force_from_discharges(
                list(sim.discharges), sim.n_samples, FS
            ),
            "per-unit filter (the previous neurolift stage)": (
                lambda: pool._force_from_discharges_reference(
                    list(sim.discharges), sim.n_samples, FS
                )
            ),
            "numpy baseline (FFT convolution)": lambda: baseline_force(bspk, e.n_samples, FS),
        },
        rounds=7,
    )
    ours = "neurolift (block-recursive, all units at once)"
    for line in cmp_f.report().splitlines():
        print(line)
    for other in list(cmp_f.rounds)[1:]:
        med, lo, hi = cmp_f.ratio_summary(other, ours)
        print(f"  {other} / neurolift: {med:.2f}x slower (range {lo:.2f}-{hi:.2f})")
    t_nl_force = cmp_f.median(ours)

    def nl_force() -> float:
        return timing.compare(
            {"nl": lambda: pool._force_from_discharges(list(sim.discharges), sim.n_samples, FS)},
            rounds=1,
            repeat=3,
        ).median("nl")

    before = nl_force()
    peer = myogen_force_time(list(sim.discharges), sim.n_samples)
    t_nl_force = (before + nl_force()) / 2  # neurolift's force stage just before and after
    if peer is None:
        print("  myogen: peer not installed (needs Python >= 3.12; set NEUROLIFT_MYOGEN_PYTHON)")
    elif "error" in peer:
        print(f"  myogen: failed: {peer['error']}")
    else:
        print(
            f"  myogen {peer['version']} (Python {peer['python']}) ForceModelVectorized.generate_force on the same "
            f"discharges: {fmt(peer['seconds'])}"
        )
        print(f"  ratio myogen/neurolift (force stage)   : {peer['seconds'] / t_nl_force:5.1f}x")

    print("\n[2] HD-EMG: 8 x 8 grid, 30 s, same contraction")
    cmp = timing.compare(
        {"hdemg": lambda: hdemg_simulate(sim, rows=8, cols=8, random_state=1)}, rounds=3
    )
    t_emg, g = cmp.median("hdemg"), cmp.results["hdemg"]
    print(
        f"  neurolift hdemg_simulate : {fmt(t_emg)}  ({g.emg.n_channels} channels x {g.emg.n_samples} samples)"
    )

    print("\n[3] adaptation model: 10,000 athletes x 52 weeks")

    def vectorised():
        return adaptation_simulate(
            level="beginner",
            method="heavy",
            weeks=52,
            n_athletes=10_000,
            response_cv=0.3,
            random_state=1,
        )

    def loop_200():  # 200 single-athlete calls, scaled x50 below
        for _ in range(200):
            adaptation_simulate(level="beginner", method="heavy", weeks=52)

    cmp = timing.compare({"vectorised": vectorised, "loop of 200": loop_200}, rounds=3)
    t_ad = cmp.median("vectorised")
    t_loop = cmp.median("loop of 200") * 50
    med, lo, hi = cmp.ratio_summary("loop of 200", "vectorised")
    print(f"  neurolift vectorised     : {fmt(t_ad)}")
    print(f"  loop of 1-athlete calls  : {fmt(t_loop)}  (200 timed, x50)")
    print(
        f"  ratio loop/vectorised    : {med * 50:7.0f}x (per-round range {lo * 50:.0f}-{hi * 50:.0f}x)"
    )


if __name__ == "__main__":
    try:
        with timing.one_core() as pinned:
            print(pinned)
            main()
    finally:
        timing.restore_env(_SAVED_ENV)
