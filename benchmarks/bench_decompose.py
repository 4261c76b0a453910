"""HD-EMG decomposition: speed and yield side by side on the openhdemg sample, and ground truth.

Part 1 (``--part sample``), the 64-channel, 32.5 s OTBiolab+ sample (``tests/data/emg``):

- neurolift ``mu_decompose`` (defaults; ``--workers 2``), and the same stopped at 4 accepted
  units (``max_units=4``);
- openhdemg 0.2.0b1 (repository version, not on PyPI) ``EMGDecomposer`` with its defaults and
  12 iterations (its default 250 takes minutes), ``random_state`` 0;
- EMGdecomPy 0.6.7 ``decomposition`` with its defaults and 12 iterations on the first 10 s
  (as the issue measured it), and neurolift on the same 10 s.

Every side runs in its own process (the peers in their own interpreters), in interleaved rounds
whose order alternates; per-iteration time = (decomposition wall time - its extension and
whitening time) / iterations, each side's preprocessing timed with its own functions. Units are
matched to the 5 OTBiolab+ reference units by rate of agreement (+-0.5 ms, best lag within
+-50 ms). Every side gets the same number of BLAS threads (``--threads``, default 1: on a shared
2-core machine more threads than free cores make OpenBLAS spin; neurolift's ``--workers`` and the
peers' ``OPENBLAS_NUM_THREADS``); the load average is printed.

Part 2 (``--part sim``): the simulator's ground truth. A 120-unit Fuglevand pool (20 s
trapezoid, 3 s ramps, plateau at 10/30/50 %MVC of the pool's mean force) drives an 8 x 8 grid
(8 mm) at 10/20/30 dB SNR. A unit is *detectable* when its largest MUAP value on the grid
exceeds the noise SD; the *upper half* is the detectable units with MUAP energy at or above
their median. Per condition: units recovered at RoA >= 0.95 / 0.90 and the share of
accepted units that are real (RoA >= 0.90 with a simulated unit), and which upper-half units
are missed (energy rank, depth, merged or not found). ``--muap-model`` picks the simulator's
MUAP model (``line_source``: the volume conductor; ``hermite_rodriguez``: the one-shape model;
default both), ``--mvc``/``--snr`` the conditions, ``--iterations`` the sources.

Peers (scratch environments outside the repository, never committed)::

    NEUROLIFT_OPENHDEMG_PYTHON=/path/venv/bin/python   # numpy 2.2, pandas 2.2.3, scipy 1.14,
                                                       # scikit-learn 1.5.2, matplotlib 3.9.3
    NEUROLIFT_OPENHDEMG_SRC=/path/openhdemg-0.2.0b1   # the repository's source tree (fetched)
    NEUROLIFT_EMGDECOMPY_PYTHON=/path/py310/bin/python  # Python 3.10: pip install --no-deps
                                                       # emgdecompy; numpy<2 scipy scikit-learn

A peer whose variables are unset is reported as "peer not installed". openhdemg 0.2.0b1 imports
its PySide6 GUI from the library package; the runner stubs PySide6 (the decomposer never uses
it). EMGdecomPy imports altair/panel for plots; the runner stubs them too.

Run: ``python benchmarks/bench_decompose.py [--part sample|sim] [--rounds N]`` (``make bench``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "emg" / "otb_testfile.mat"
MARK = "@@RESULT@@"

_STUBS = r"""
import sys, types
class _Dummy:
    def __init__(self, *a, **k): pass
    def __call__(self, *a, **k): return _Dummy()
    def __getattr__(self, name): return _Dummy()
    def __mro_entries__(self, bases): return (object,)
class _Mod(types.ModuleType):
    def __getattr__(self, name): return _Dummy
for _n in STUBBED:
    sys.modules[_n] = _Mod(_n)
"""

NEUROLIFT = r"""
import json, sys, time
import numpy as np
from neurolift.io.hdemg import hdemg_read
from neurolift.motorunits import mu_decompose
rec = hdemg_read(sys.argv[1])
emg = rec.emg if float(sys.argv[2]) <= 0 else rec.emg.slice_time(0, float(sys.argv[2]))
kw = json.loads(sys.argv[3])
marks = {}
t0 = time.perf_counter()
def progress(p):
    marks.setdefault(p.stage, time.perf_counter() - t0)
d = mu_decompose(emg, progress=progress, **kw)
total = time.perf_counter() - t0
print("@@RESULT@@" + json.dumps({
    "total_s": total, "preprocess_s": marks["preprocess"], "iterations": d.method["n_iterations"],
    "discharges": [p.tolist() for p in d.discharges], "sil": d.sil.tolist()}))
"""

OPENHDEMG = (
    _STUBS.replace(
        "STUBBED",
        '("PySide6", "PySide6.QtCore", "PySide6.QtGui", "PySide6.QtWidgets", "shiboken6", '
        '"matplotlib.backends.backend_qtagg", "matplotlib.backends.backend_qt")',
    )
    + r"""
import json, time, os
sys.path.insert(0, os.environ["NEUROLIFT_OPENHDEMG_SRC"])
import numpy as np
import openhdemg.library as emg
from openhdemg.library.decomposition import extend_emg_signal, svd_whitening
n_it = int(sys.argv[2])
f = emg.emg_from_otb(sys.argv[1], ext_factor=8, refsig=[True, "fullsampled"], version="1.5.8.0")
dec = emg.EMGDecomposer()
dec.decomposition_parameters.n_iterations = n_it
dec.decomposition_parameters.random_state = 0
t0 = time.perf_counter()
out = dec.run_decomposition(f)
total = time.perf_counter() - t0
# its extension + centring + whitening on the same filtered signal, timed alone
sig = np.transpose(emg.filter_rawemg(f, order=2, lowcut=20, highcut=500)["RAW_SIGNAL"].to_numpy().astype(np.float64))
t1 = time.perf_counter()
e = extend_emg_signal(sig, 16); e = e - e.mean(axis=1, keepdims=True); svd_whitening(e, 10)
pre = time.perf_counter() - t1
n_mu = int(out["NUMBER_OF_MUS"])
print("@@RESULT@@" + json.dumps({
    "total_s": total, "preprocess_s": pre, "iterations": n_it,
    "discharges": [np.asarray(p).astype(int).tolist() for p in out["MUPULSES"]] if n_mu else [],
    "sil": out["ACCURACY"][0].tolist() if n_mu else []}))
"""
)

EMGDECOMPY = (
    _STUBS.replace(
        "STUBBED", '("altair", "panel", "panel.interact", "altair_data_server", "ipywidgets")'
    )
    + r"""
import json, time
import numpy as np, scipy.io
import emgdecompy.preprocessing as pre
from emgdecompy.decomposition import decomposition
mat = scipy.io.loadmat(sys.argv[1])
fs = float(np.ravel(mat["SamplingFrequency"])[0])
n = int(round(float(sys.argv[3]) * fs))
raw = mat["Data"][0, 0] if mat["Data"].dtype == object else mat["Data"]  # a MATLAB cell here
data = np.asarray(raw, dtype=np.float64)[:n, :64].T
cells = np.array([row[None, :] for row in data] + [None], dtype=object)[:-1]
n_it = int(sys.argv[2])
t0 = time.perf_counter()
out = decomposition(cells, M=n_it, fs=fs, random_seed=0)
total = time.perf_counter() - t0
t1 = time.perf_counter()
x = pre.flatten_signal(cells)
x = np.apply_along_axis(pre.butter_bandpass_filter, axis=1, arr=x, lowcut=10, highcut=900, fs=fs, order=6)
x = pre.center_matrix(x); z = pre.whiten(pre.extend_all_channels(x, 16))
prep = time.perf_counter() - t1
print("@@RESULT@@" + json.dumps({
    "total_s": total, "preprocess_s": prep, "iterations": n_it,
    "discharges": [np.asarray(p).astype(int).tolist() for p in out["MUPulses"]],
    "sil": np.asarray(out["SIL"]).tolist()}))
"""
)


THREADS = "1"


def _run(python: str, code: str, args: list[str], env: dict[str, str] | None = None) -> dict:
    t = time.perf_counter()
    threads = {v: THREADS for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")}
    p = subprocess.run(
        [python, "-c", code, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "MPLBACKEND": "Agg", **threads, **(env or {})},
        cwd=str(ROOT),
    )
    line = next((ln for ln in p.stdout.splitlines() if ln.startswith(MARK)), None)
    if p.returncode != 0 or line is None:
        tail = (p.stderr or p.stdout).strip().splitlines()[-3:]
        return {"error": " | ".join(tail), "wall_s": time.perf_counter() - t}
    return json.loads(line[len(MARK) :])


def _load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.2f}/{five:.2f} (1/5 min, {os.cpu_count()} CPUs)"


def _match(reference, found: list[list[int]], fs: float) -> list[float]:
    from neurolift.motorunits import mu_match_units

    return [r for _, _, r, _ in mu_match_units(reference, found, sampling_rate=fs)]


def part_sample(rounds: int) -> None:
    import numpy as np

    from neurolift.io.decomposition import decomposition_read_otb

    ref = decomposition_read_otb(SAMPLE)
    fs = ref.sampling_rate
    ohd_py, ohd_src = (
        os.environ.get("NEUROLIFT_OPENHDEMG_PYTHON"),
        os.environ.get("NEUROLIFT_OPENHDEMG_SRC"),
    )
    edp_py = os.environ.get("NEUROLIFT_EMGDECOMPY_PYTHON")
    sides: dict[str, tuple[str, str, list[str], dict[str, str] | None]] = {
        "neurolift": (
            sys.executable,
            NEUROLIFT,
            [str(SAMPLE), "0", json.dumps({"workers": int(THREADS)})],
            None,
        ),
        "neurolift max_units=4": (
            sys.executable,
            NEUROLIFT,
            [str(SAMPLE), "0", json.dumps({"workers": int(THREADS), "max_units": 4})],
            None,
        ),
        "neurolift first 10 s, 12 it.": (
            sys.executable,
            NEUROLIFT,
            [str(SAMPLE), "10", json.dumps({"workers": int(THREADS), "n_iterations": 12})],
            None,
        ),
    }
    if ohd_py and ohd_src:
        sides["openhdemg 0.2.0b1, 12 it."] = (
            ohd_py,
            OPENHDEMG,
            [str(SAMPLE), "12"],
            {"NEUROLIFT_OPENHDEMG_SRC": ohd_src},
        )
    else:
        print("openhdemg 0.2.0b1: peer not installed (set NEUROLIFT_OPENHDEMG_PYTHON and _SRC)")
    if edp_py:
        sides["emgdecompy 0.6.7 first 10 s, 12 it."] = (
            edp_py,
            EMGDECOMPY,
            [str(SAMPLE), "12", "10"],
            None,
        )
    else:
        print("emgdecompy: peer not installed (set NEUROLIFT_EMGDECOMPY_PYTHON)")
    print(f"before: {_load()}")
    results: dict[str, list[dict]] = {k: [] for k in sides}
    names = list(sides)
    for r in range(rounds):
        order = names if r % 2 == 0 else names[::-1]
        for name in order:
            py, code, args, env = sides[name]
            res = _run(py, code, args, env)
            results[name].append(res)
            status = res.get("error") or f"{res['total_s']:.1f} s"
            print(f"  round {r + 1}: {name}: {status}", flush=True)
    print(f"after: {_load()}\n")
    print(
        "| side | wall s (median of rounds) | preprocessing s | per iteration s | iterations "
        "| units accepted | reference units at RoA >= 0.90 (RoA of the 5) |"
    )
    print("|---|---|---|---|---|---|---|")
    per_it: dict[str, float] = {}
    for name, runs in results.items():
        ok = [x for x in runs if "error" not in x]
        if not ok:
            print(f"| {name} | failed: {runs[0]['error'][:200]} | | | | | |")
            continue
        tot = float(np.median([x["total_s"] for x in ok]))
        pre = float(np.median([x["preprocess_s"] for x in ok]))
        its = ok[0]["iterations"]
        pit = float(np.median([(x["total_s"] - x["preprocess_s"]) / x["iterations"] for x in ok]))
        per_it[name] = pit
        found = ok[0]["discharges"]
        limit = None if "10 s" not in name else int(10 * fs)
        refs = [d if limit is None else d[d < limit] for d in ref.discharges]
        roa = _match(refs, found, fs) if found else [0.0] * len(refs)
        print(
            f"| {name} | {tot:.1f} | {pre:.1f} | {pit:.3f} | {its} | {len(found)} | "
            f"{sum(v >= 0.9 for v in roa)} ({', '.join(f'{v:.2f}' for v in roa)}) |"
        )
    base = per_it.get("neurolift")
    for name, v in per_it.items():
        if base and name.startswith("openhdemg"):
            ratios = [
                ((o["total_s"] - o["preprocess_s"]) / o["iterations"])
                / ((n["total_s"] - n["preprocess_s"]) / n["iterations"])
                for o, n in zip(results[name], results["neurolift"], strict=False)
                if "error" not in o and "error" not in n
            ]
            print(
                f"\nper iteration, openhdemg / neurolift: {np.median(ratios):.1f}x "
                f"(rounds: {', '.join(f'{x:.1f}' for x in ratios)})"
            )
        if name.startswith("emgdecompy") and "neurolift first 10 s, 12 it." in per_it:
            print(
                f"per iteration on the first 10 s, emgdecompy / neurolift: "
                f"{v / per_it['neurolift first 10 s, 12 it.']:.1f}x"
            )


def part_sim(
    seed: int, model: str, mvcs: tuple[int, ...], snrs: tuple[int, ...], iterations: int
) -> None:
    import numpy as np

    from neurolift.motorunits import mu_decompose, mu_match_units
    from neurolift.motorunits.pool import MotorUnitPool, excitation_trapezoid
    from neurolift.motorunits.synthetic_emg import hdemg_simulate

    pool = MotorUnitPool()
    print(f"MUAP model: {model}; mu_decompose n_iterations={iterations}; before: {_load()}")
    print(
        "| %MVC | SNR dB | active | detectable | upper half | upper half at RoA >= 0.95 | "
        "upper half at >= 0.90 | detectable at >= 0.90 | accepted | accepted that are real | s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    notes = []
    for mvc in mvcs:
        lo, hi = 0.0, 1.0
        for _ in range(50):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if pool.mean_force(mid) / pool.max_force_n * 100 < mvc else (lo, mid)
        e = excitation_trapezoid(
            duration_s=20, sampling_rate=2048, level=(lo + hi) / 2, rise_s=3, fall_s=3, onset_s=1
        )
        sim = pool.simulate(e, random_state=seed)
        for snr in snrs:
            g = hdemg_simulate(sim, rows=8, cols=8, snr_db=snr, random_state=seed, muap_model=model)
            act = [i for i, d in enumerate(g.discharges) if d.size >= 10]
            det = [i for i in act if g.unit_muap_peak_v[i] > g.noise_sd_v]
            en = g.unit_muap_energy_v2s
            upper = [i for i in det if en[i] >= np.median(en[det])] if det else []
            t = time.perf_counter()
            d = mu_decompose(
                g.emg, reference=g.reference, n_iterations=iterations, workers=int(THREADS)
            )
            el = time.perf_counter() - t
            match = {
                det[i]: (j, r)
                for i, j, r, _ in mu_match_units(
                    [g.discharges[i] for i in det], d.discharges, sampling_rate=2048
                )
            }
            roa = {i: r for i, (_, r) in match.items()}
            real = mu_match_units(d.discharges, [g.discharges[i] for i in act], sampling_rate=2048)
            print(
                f"| {mvc} | {snr} | {len(act)} | {len(det)} | {len(upper)} | "
                f"{sum(roa[i] >= 0.95 for i in upper)} ({100 * np.mean([roa[i] >= 0.95 for i in upper]):.0f} %) | "
                f"{sum(roa[i] >= 0.90 for i in upper)} | {sum(r >= 0.9 for r in roa.values())} | "
                f"{d.n_units} | {sum(r >= 0.9 for _, _, r, _ in real)} | {el:.0f} |",
                flush=True,
            )
            # which upper-half units are missed: energy rank, depth, and whether an accepted unit
            # is their best match at a low RoA (a merge with another unit) or none comes close
            miss = [i for i in upper if roa[i] < 0.95]
            hit = [i for i in upper if roa[i] >= 0.95]
            taken = {match[i][0] for i in hit}
            rank = {u: k for k, u in enumerate(sorted(upper, key=lambda u: -en[u]))}
            merged = [i for i in miss if match[i][0] in taken and roa[i] >= 0.3]
            partial = [i for i in miss if i not in merged and roa[i] >= 0.5]
            notes.append(
                f"{mvc} %MVC {snr} dB: missed {len(miss)}/{len(upper)}; energy rank of missed "
                f"(0 = largest) {sorted(rank[i] for i in miss)}; depth mm missed "
                f"{np.median(g.unit_depth_m[miss]) * 1e3 if miss else float('nan'):.1f} vs found "
                f"{np.median(g.unit_depth_m[hit]) * 1e3 if hit else float('nan'):.1f} (median); "
                f"best match also an accepted unit's match (merged): {len(merged)}; found at "
                f"0.5 <= RoA < 0.95: {len(partial)}; RoA < 0.5: {len(miss) - len(merged) - len(partial)}"
            )
    print(f"after: {_load()}")
    print("\n".join(["", *notes]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--part", choices=("sample", "sim", "all"), default="all")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument(
        "--threads",
        type=int,
        default=1,
        help="BLAS threads of every side (neurolift --workers; the peers' OPENBLAS_NUM_THREADS)",
    )
    ap.add_argument(
        "--muap-model",
        choices=("hermite_rodriguez", "line_source", "both"),
        default="both",
        help="the simulator's MUAP model for --part sim",
    )
    ap.add_argument("--mvc", default="10,30,50", help="%%MVC levels for --part sim")
    ap.add_argument("--snr", default="10,20,30", help="SNR levels (dB) for --part sim")
    ap.add_argument(
        "--iterations", type=int, default=64, help="mu_decompose n_iterations for --part sim"
    )
    a, _ = ap.parse_known_args()  # run_all.py passes script names through
    global THREADS
    THREADS = str(a.threads)
    if a.part in ("sample", "all"):
        print("## openhdemg sample: speed and yield\n")
        part_sample(a.rounds)
    if a.part in ("sim", "all"):
        print("\n## simulator ground truth\n")
        models = ("line_source", "hermite_rodriguez") if a.muap_model == "both" else (a.muap_model,)
        for m in models:
            part_sim(
                a.seed,
                m,
                tuple(int(v) for v in a.mvc.split(",")),
                tuple(int(v) for v in a.snr.split(",")),
                a.iterations,
            )


if __name__ == "__main__":
    main()
