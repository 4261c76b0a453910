"""Force-plate speed: CMJ trials per second, neurolift side by side with its peers, one core.

Run (the peers come from the optional ``[peers]`` extra)::

    python benchmarks/bench_force.py
    python benchmarks/bench_force.py --trials 200 --rounds 3     # quicker
    python benchmarks/bench_force.py --profile     # line timings of _Batch._run (line_profiler)

Timing rule (``benchmarks/timing.py``, the same for every side): one core, one warm-up per
side, interleaved rounds, ratios as the median and range of per-round ratios, load average
printed. What is timed, on the same trials in one run:

- **in memory**: 1,000 simulated 5 s countermovement jumps at 1000 Hz (``force_simulate_jump``:
  take-off velocity 1.8-3.0 m/s, body mass 55-100 kg, one seed per trial): neurolift
  ``jump_metrics_batch`` (full metric set, typed results; and as one DataFrame) vs plateforce
  ``analyse_countermovement_jump`` (README methods plus peak force) in a loop;
- **files to results**: the same trials, each a one-column text file: neurolift
  ``force_batch_chunk`` (the work of one ``neurolift batch``/``force batch`` task: read every
  file, analyse the chunk vectorised, one row per file with the full metric set), and
  ``force_read`` + ``cmj_metrics`` per file (what ``force analyze`` does), vs plateforce
  ``read_force_file`` + ``analyse_countermovement_jump`` per file;
- the seven real CMJs of ``tests/data/force`` in memory (x 50);
- jumpmetrics (pure Python: the first ``--jumpmetrics-trials`` trials, its own rounds).

A peer that is not installed is reported as "peer not installed" and skipped.
"""

from __future__ import annotations

import os

_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS")
_SAVED_ENV = {v: os.environ.get(v) for v in _THREAD_VARS}
for _var in _THREAD_VARS:
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import logging  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from neurolift.io.force import force_read  # noqa: E402
from neurolift.signals.force import cmj_metrics, force_simulate_jump, jump_metrics_batch  # noqa: E402
from neurolift.timeseries import TimeSeries  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peers_force as P  # noqa: E402
import timing  # noqa: E402

from neurolift.batch.force import force_batch_chunk  # noqa: E402

FS = 1000.0


def restore_process(affinity: set[int] | None) -> None:
    """Undo the pinning and thread settings (run_all.py runs other benchmarks in this process)."""
    if affinity is not None:
        os.sched_setaffinity(0, affinity)
    for var, value in _SAVED_ENV.items():
        if value is None:
            os.environ.pop(var, None)
        else:
            os.environ[var] = value


def pin_one_core() -> str:
    """Pin this process to one CPU (the first it may use); return a description."""
    if hasattr(os, "sched_setaffinity"):
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu} (os.sched_setaffinity), OMP/BLAS/RAYON threads = 1"
    return "not pinned (no sched_setaffinity on this OS); OMP/BLAS/RAYON threads = 1"


def simulate(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(forces (n, 5000), true take-off velocity at the 20 N crossing (n,))."""
    rng = np.random.default_rng(seed)
    v = rng.uniform(1.8, 3.0, n)
    mass = rng.uniform(55.0, 100.0, n)
    rows, truth = [], []
    for i in range(n):
        sim = force_simulate_jump(
            sampling_rate=FS,
            takeoff_velocity_m_s=float(v[i]),
            body_mass_kg=float(mass[i]),
            duration_s=5.0,
            random_state=seed * 100_000 + i,
        )
        rows.append(sim.force.values)
        truth.append(sim.truth["takeoff_velocity_threshold_m_s"])
    return np.stack(rows), np.array(truth)


def write_files(forces: np.ndarray, folder: Path) -> list[Path]:
    paths = []
    for i, row in enumerate(forces):
        p = folder / f"cmj_{i:04d}.txt"
        p.write_text("\n".join(f"{x:.3f}" for x in row) + "\n")
        paths.append(p)
    return paths


# ---------------------------------------------------------------------------- per-tool runners
def nl_batch(forces: np.ndarray) -> list[float]:
    out = jump_metrics_batch(forces, sampling_rate=FS)
    return [r.takeoff_velocity_m_s if not isinstance(r, Exception) else np.nan for r in out]


def nl_frame(forces: np.ndarray) -> list[float]:
    """The same analysis returned as one DataFrame (every whole-body metric a column)."""
    frame = jump_metrics_batch(forces, sampling_rate=FS, as_frame=True)
    return frame["takeoff_velocity_m_s"].tolist()


def nl_loop(forces: np.ndarray) -> list[float]:
    return [cmj_metrics(TimeSeries(row, FS, "N")).takeoff_velocity_m_s for row in forces]


def nl_read_loop(paths: list[Path]) -> list[float]:
    return [cmj_metrics(force_read(p, sampling_rate=FS)).takeoff_velocity_m_s for p in paths]


def _safe(fn: Callable[[], float]) -> float:
    try:
        return fn()
    except Exception:  # a peer's refusal counts as a failed trial, not a crash of the benchmark
        return float("nan")


def pf_loop(forces: np.ndarray, methods: dict[str, Any]) -> list[float]:
    return [
        _safe(lambda row=row: P.plateforce_cmj(row, FS, methods)["takeoff_velocity_m_s"])
        for row in forces
    ]


def pf_read_loop(paths: list[Path], methods: dict[str, Any]) -> list[float]:
    import plateforce as pf

    out = []
    for p in paths:
        trial = pf.read_force_file(str(p), sample_rate_hz=FS, delimiter="\t", force_column=0)
        out.append(
            _safe(
                lambda trial=trial: P._plateforce_values(_pf_analyse(trial, methods))[
                    "takeoff_velocity_m_s"
                ]
            )
        )
    return out


def _pf_analyse(trial: Any, methods: dict[str, Any]) -> Any:
    import plateforce as pf

    j = pf.analyse_countermovement_jump(trial, **methods)
    if j.refusals:
        raise RuntimeError(str(j.refusals))
    return j


def jm_loop(forces: np.ndarray) -> list[float]:
    return [
        _safe(lambda row=row: P.jumpmetrics_cmj(row, FS)["takeoff_velocity_m_s"]) for row in forces
    ]


def accuracy(v: list[float], truth: np.ndarray) -> str:
    v_arr = np.asarray(v, dtype=float)
    ok = np.isfinite(v_arr)
    if not ok.any():
        return f"0/{len(v_arr)} analysed"
    err = np.abs(v_arr[ok] - truth[: len(v_arr)][ok]) * 1000
    return f"{ok.sum()}/{len(v_arr)} analysed, |v_to error| median {np.median(err):.1f} / max {err.max():.1f} mm/s"


def profile_batch(forces: np.ndarray) -> None:
    """Line timings of ``_Batch._run`` (needs line_profiler, e.g. in the peers venv)."""
    try:
        from line_profiler import LineProfiler
    except ImportError:
        print("--profile needs line_profiler (pip install line_profiler in a separate venv)")
        return
    from neurolift.signals.force import jumps
    from neurolift.signals.force._common import JumpParams

    # split: the vectorised analysis (_Batch) vs building one JumpResult per trial
    params = JumpParams()
    for chunk in (forces.shape[0], 100):
        t_batch = t_res = 0.0
        for i in range(0, forces.shape[0], chunk):
            t0 = time.perf_counter()
            b = jumps._Batch(forces[i : i + chunk], FS, params, "cmj", None, None)
            t1 = time.perf_counter()
            method = jumps._method("cmj", params, None)
            for r in range(b.n):
                b.result(r, channels=("fp1", "fp2"), base_warnings=[], method=method)
            t_res += time.perf_counter() - t1
            t_batch += t1 - t0
        print(
            f"\nrows per call {chunk}: _Batch analysis {t_batch:.3f} s, JumpResult objects {t_res:.3f} s"
        )
    lp = LineProfiler()
    lp.add_function(jumps._Batch._run)
    lp.runcall(jump_metrics_batch, forces, sampling_rate=FS)
    stats = lp.get_stats()
    rows = []
    for (_, _, _), timings in stats.timings.items():
        for lineno, _hits, total in timings:
            rows.append((total * stats.unit, lineno))
    total = sum(t for t, _ in rows)
    src = Path(jumps.__file__).read_text().splitlines()
    print(f"\n_Batch._run line profile: {total:.3f} s in total; lines taking >= 2 %:")
    for t, ln in sorted(rows, reverse=True):
        if t < 0.02 * total:
            break
        print(
            f"  {100 * t / total:5.1f} %  {t * 1000:7.1f} ms  jumps.py:{ln:<4d} {src[ln - 1].strip()[:90]}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="CMJ trials per second: neurolift vs its peers")
    ap.add_argument("--trials", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=7, help="interleaved rounds per comparison")
    ap.add_argument(
        "--jumpmetrics-trials",
        type=int,
        default=100,
        help="jumpmetrics runs on the first N of the same trials (it is pure Python)",
    )
    ap.add_argument("--profile", action="store_true", help="also print line timings of _Batch._run")
    # under benchmarks/run_all.py argv holds run_all's script names: ignore what is not ours
    args, _ = ap.parse_known_args(argv)
    logging.getLogger().setLevel(logging.ERROR)  # jumpmetrics logs through the root logger
    print(pin_one_core())
    print("versions: " + ", ".join(f"{k} {v}" for k, v in P.versions().items()))
    have_pf = importlib.util.find_spec("plateforce") is not None
    have_jm = importlib.util.find_spec("jumpmetrics") is not None
    n, rounds = args.trials, args.rounds
    t0 = time.perf_counter()
    forces, truth = simulate(n)
    print(f"simulated {n} CMJs of 5 s at {FS:g} Hz in {time.perf_counter() - t0:.1f} s")
    pf_methods = P.plateforce_methods() if have_pf else None

    def section(title: str, sides: dict[str, Callable[[], Any]], baseline: str | None) -> Any:
        print(f"\n## {title}")
        cmp = timing.compare(sides, rounds=rounds)
        print(cmp.report(baseline=baseline, per_item=n))
        return cmp

    # ------------------------------------------------------------------ in memory
    sides: dict[str, Callable[[], Any]] = {
        "neurolift jump_metrics_batch (typed results)": lambda: nl_batch(forces),
        "neurolift jump_metrics_batch (DataFrame)": lambda: nl_frame(forces),
    }
    if have_pf:
        sides["plateforce analyse_countermovement_jump loop"] = lambda: pf_loop(forces, pf_methods)
    else:
        print("plateforce: peer not installed")
    cmp = section(
        f"in memory, {n} simulated CMJs",
        sides,
        "plateforce analyse_countermovement_jump loop" if have_pf else None,
    )
    for side, res in cmp.results.items():
        print(f"  accuracy, {side}: {accuracy(res, truth)}")

    # ------------------------------------------------------------------ files to results
    with tempfile.TemporaryDirectory(prefix="neurolift-bench-force-") as tmp:
        t0 = time.perf_counter()
        paths = write_files(forces, Path(tmp))
        names = [str(p) for p in paths]
        print(f"\nwrote {n} one-column text files in {time.perf_counter() - t0:.1f} s")

        def nl_chunk(test: str) -> list[float]:
            rows = force_batch_chunk(names, test=test, sampling_rate=FS)
            return [r.get("takeoff_velocity_m_s", np.nan) for r in rows]

        sides = {
            "neurolift force_batch_chunk (read + analyse, test cmj)": lambda: nl_chunk("cmj"),
            "neurolift force_batch_chunk (read + detect the test + analyse)": lambda: nl_chunk(
                "auto"
            ),
            "neurolift force_read + cmj_metrics per file": lambda: nl_read_loop(paths),
        }
        if have_pf:
            sides["plateforce read_force_file + analyse per file"] = lambda: pf_read_loop(
                paths, pf_methods
            )
        cmp = section(
            f"files to results, {n} one-column text files",
            sides,
            "plateforce read_force_file + analyse per file" if have_pf else None,
        )
        for side, res in cmp.results.items():
            print(f"  accuracy, {side}: {accuracy(res, truth)}")
        one = paths[0]
        cmp_read = timing.compare(
            {"neurolift force_read, one 5,000-row file": lambda: force_read(one, sampling_rate=FS)},
            rounds=rounds,
            repeat=200,
        )
        print("\n## reading one 5,000-row one-column file (median of 200 calls per round)")
        print(cmp_read.report())

    # ------------------------------------------------------------------ real CMJs
    real = P.real_trials()
    length = max(t.force_n.size for t in real)
    padded = np.stack([np.pad(t.force_n, (0, length - t.force_n.size), mode="edge") for t in real])
    reps_real = 50
    real_x = np.concatenate([padded] * reps_real)
    sides = {"neurolift jump_metrics_batch": lambda: nl_batch(real_x)}
    if have_pf:
        sides["plateforce"] = lambda: [
            _safe(lambda t=t: P.plateforce_cmj(t.force_n, FS, pf_methods)["jump_height_m"])
            for t in real
            for _ in range(reps_real)
        ]
    print(f"\n## real CMJs (7) x {reps_real}, in memory")
    print(
        timing.compare(sides, rounds=rounds).report(
            baseline="plateforce" if have_pf else None, per_item=real_x.shape[0]
        )
    )

    # ------------------------------------------------------------------ jumpmetrics
    n_jm = min(args.jumpmetrics_trials, n)
    if have_jm:
        print(f"\n## jumpmetrics (pure Python), first {n_jm} trials, in memory")
        cmp = timing.compare(
            {
                "neurolift jump_metrics_batch": lambda: nl_batch(forces[:n_jm]),
                "jumpmetrics": lambda: jm_loop(forces[:n_jm]),
            },
            rounds=3,
        )
        print(cmp.report(baseline="jumpmetrics", per_item=n_jm))
    else:
        print("\njumpmetrics: peer not installed")
    if args.profile:
        profile_batch(forces)
    return 0


if __name__ == "__main__":
    _affinity = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    try:
        main(sys.argv[1:])
    finally:
        restore_process(
            _affinity
        )  # no sys.exit: benchmarks/run_all.py runs the next script after this one
