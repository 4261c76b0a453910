"""Force-plate speed: CMJ trials analysed per second, neurolift side by side with its peers.

Run (pinned to one core; the peers come from the optional ``[peers]`` extra)::

    taskset -c 0 python benchmarks/bench_force.py
    python benchmarks/bench_force.py --trials 200 --jumpmetrics-trials 20   # quicker
    python benchmarks/bench_force.py --profile     # line timings of _Batch._run (line_profiler)

What is timed, on the same trials in one run:

- 1,000 simulated 5 s countermovement jumps at 1000 Hz from ``force_simulate_jump`` (take-off
  velocity uniform in 1.8-3.0 m/s, body mass 55-100 kg, one seed per trial), each also written
  to a one-column text file for the "reading included" variant;
- the seven real CMJs of ``tests/data/force`` (three files and the four jumps of the long file,
  cut as in ``benchmarks/peers_force.py``).

Tools: neurolift ``jump_metrics_batch`` (vectorised, full metric set; as typed results, and as
one DataFrame with ``as_frame=True``), neurolift
``cmj_metrics`` in a loop, plateforce ``analyse_countermovement_jump`` (README methods plus peak
force), jumpmetrics step by step (``benchmarks/peers_force.py``; pure Python, so by default only
the first ``--jumpmetrics-trials`` of the same trials - its rate is per trial). Reading: neurolift
``read_force``; plateforce its own ``read_force_file``; jumpmetrics ``numpy.loadtxt``.
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
import statistics  # noqa: E402
import sys  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from neurolift.io.force import read_force  # noqa: E402
from neurolift.signals.force import cmj_metrics, force_simulate_jump, jump_metrics_batch  # noqa: E402
from neurolift.timeseries import TimeSeries  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
import peers_force as P  # noqa: E402

FS = 1000.0
GOAL_S = 0.25  # 1,000 trials in under 0.25 s = 2x plateforce's ~2,000 trials/s


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


def timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Median wall time of ``repeat`` calls (s) and the last result."""
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


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


def nl_read_batch(paths: list[Path]) -> list[float]:
    return nl_frame(np.stack([read_force(p, sampling_rate=FS).values for p in paths]))


def nl_read_loop(paths: list[Path]) -> list[float]:
    return [cmj_metrics(read_force(p, sampling_rate=FS)).takeoff_velocity_m_s for p in paths]


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


def jm_read_loop(paths: list[Path]) -> list[float]:
    return [
        _safe(lambda p=p: P.jumpmetrics_cmj(np.loadtxt(p), FS)["takeoff_velocity_m_s"])
        for p in paths
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
    ap = argparse.ArgumentParser(
        description="CMJ trials per second: neurolift vs plateforce vs jumpmetrics"
    )
    ap.add_argument("--trials", type=int, default=1000)
    ap.add_argument(
        "--jumpmetrics-trials",
        type=int,
        default=100,
        help="jumpmetrics runs on the first N of the same trials (it is pure Python)",
    )
    ap.add_argument(
        "--repeat", type=int, default=3, help="repeats of the fast variants (median reported)"
    )
    ap.add_argument("--profile", action="store_true", help="also print line timings of _Batch._run")
    # under benchmarks/run_all.py argv holds run_all's script names: ignore what is not ours
    args, _ = ap.parse_known_args(argv)
    logging.getLogger().setLevel(logging.ERROR)  # jumpmetrics logs through the root logger
    print(pin_one_core())
    print("versions: " + ", ".join(f"{k} {v}" for k, v in P.versions().items()))
    have_pf = importlib.util.find_spec("plateforce") is not None
    have_jm = importlib.util.find_spec("jumpmetrics") is not None

    n = args.trials
    t0 = time.perf_counter()
    forces, truth = simulate(n)
    print(f"simulated {n} CMJs of 5 s at {FS:g} Hz in {time.perf_counter() - t0:.1f} s")
    n_jm = min(args.jumpmetrics_trials, n)
    pf_methods = P.plateforce_methods() if have_pf else None
    # warm-up (imports, first-call costs) outside the timings
    nl_batch(forces[:2])
    nl_loop(forces[:1])
    if have_pf:
        pf_loop(forces[:1], pf_methods)
    if have_jm:
        jm_loop(forces[:1])

    results: list[tuple[str, str, int, float | None, str]] = []

    def run(
        variant: str,
        tool: str,
        count: int,
        fn: Callable[[], list[float]],
        available: bool,
        repeat: int = 1,
    ) -> None:
        if not available:
            results.append((variant, tool, count, None, "peer not installed"))
            return
        secs, v = timed(fn, repeat)
        results.append((variant, tool, count, secs, accuracy(v, truth)))

    reps = args.repeat
    run(
        "simulated, in memory",
        "neurolift jump_metrics_batch",
        n,
        lambda: nl_batch(forces),
        True,
        reps,
    )
    run(
        "simulated, in memory",
        "neurolift jump_metrics_batch, as_frame",
        n,
        lambda: nl_frame(forces),
        True,
        reps,
    )
    run(
        "simulated, in memory", "neurolift cmj_metrics loop", n, lambda: nl_loop(forces), True, reps
    )
    run("simulated, in memory", "plateforce", n, lambda: pf_loop(forces, pf_methods), have_pf, reps)
    run("simulated, in memory", "jumpmetrics", n_jm, lambda: jm_loop(forces[:n_jm]), have_jm)

    with tempfile.TemporaryDirectory(prefix="neurolift-bench-force-") as tmp:
        t0 = time.perf_counter()
        paths = write_files(forces, Path(tmp))
        print(f"wrote {n} one-column text files in {time.perf_counter() - t0:.1f} s")
        run(
            "simulated, reading included",
            "neurolift read_force + jump_metrics_batch, as_frame",
            n,
            lambda: nl_read_batch(paths),
            True,
        )
        run(
            "simulated, reading included",
            "neurolift read_force + cmj_metrics loop",
            n,
            lambda: nl_read_loop(paths),
            True,
        )
        run(
            "simulated, reading included",
            "plateforce read_force_file + analyse",
            n,
            lambda: pf_read_loop(paths, pf_methods),
            have_pf,
        )
        run(
            "simulated, reading included",
            "jumpmetrics (numpy.loadtxt)",
            n_jm,
            lambda: jm_read_loop(paths[:n_jm]),
            have_jm,
        )

    # the seven real CMJs, repeated so the timings are measurable
    real = P.real_trials()
    length = max(t.force_n.size for t in real)
    padded = np.stack([np.pad(t.force_n, (0, length - t.force_n.size), mode="edge") for t in real])
    reps_real = 50
    real_x = np.concatenate([padded] * reps_real)
    for variant, tool, fn, ok, count in (
        (
            "real CMJs (7) x 50, in memory",
            "neurolift jump_metrics_batch",
            lambda: nl_batch(real_x),
            True,
            real_x.shape[0],
        ),
        (
            "real CMJs (7) x 50, in memory",
            "neurolift cmj_metrics loop",
            lambda: [cmj_metrics(t.series) for t in real for _ in range(reps_real)],
            True,
            real_x.shape[0],
        ),
        (
            "real CMJs (7) x 50, in memory",
            "plateforce",
            lambda: [
                _safe(lambda t=t: P.plateforce_cmj(t.force_n, FS, pf_methods)["jump_height_m"])
                for t in real
                for _ in range(reps_real)
            ],
            have_pf,
            real_x.shape[0],
        ),
        (
            "real CMJs (7) x 2, in memory",
            "jumpmetrics",
            lambda: [
                _safe(lambda t=t: P.jumpmetrics_cmj(t.force_n, FS)["jump_height_m"])
                for t in real
                for _ in range(2)
            ],
            have_jm,
            14,
        ),
    ):
        if not ok:
            results.append((variant, tool, count, None, "peer not installed"))
            continue
        secs, _ = timed(fn, 1 if tool == "jumpmetrics" else reps)
        results.append((variant, tool, count, secs, ""))

    # the three real CMJ files, reading included (plateforce's reader takes one headerless force
    # column, so it reads the Gidiel single-plate file; the two-plate files go through numpy)
    files = [P.DATA / name for name in P.CMJ_FILES]
    reps_files = 20

    def numpy_total(path: Path) -> np.ndarray:
        delim = "," if path.suffix == ".csv" else None
        skip = 0 if path.name == "gidiel_Single-CMJ-Fz.txt" else 1
        x = np.loadtxt(path, delimiter=delim, skiprows=skip, ndmin=2)
        return x.sum(axis=1)

    def pf_read_files() -> list[float]:
        import plateforce as pf

        out = []
        for path in files:
            for _ in range(reps_files):
                if path.name == "gidiel_Single-CMJ-Fz.txt":
                    trial = pf.read_force_file(
                        str(path), sample_rate_hz=FS, delimiter="\t", force_column=0
                    )
                    out.append(
                        _safe(
                            lambda trial=trial: P._plateforce_values(
                                _pf_analyse(trial, pf_methods)
                            )["jump_height_m"]
                        )
                    )
                else:
                    out.append(
                        _safe(
                            lambda path=path: P.plateforce_cmj(numpy_total(path), FS, pf_methods)[
                                "jump_height_m"
                            ]
                        )
                    )
        return out

    for tool, fn, ok, count in (
        (
            "neurolift read_force + cmj_metrics loop",
            lambda: [
                cmj_metrics(read_force(f, sampling_rate=FS))
                for f in files
                for _ in range(reps_files)
            ],
            True,
            3 * reps_files,
        ),
        (
            "plateforce read_force_file (numpy for two-plate files) + analyse",
            pf_read_files,
            have_pf,
            3 * reps_files,
        ),
        (
            "jumpmetrics (numpy.loadtxt)",
            lambda: [
                _safe(lambda f=f: P.jumpmetrics_cmj(numpy_total(f), FS)["jump_height_m"])
                for f in files
            ],
            have_jm,
            3,
        ),
    ):
        variant = "real CMJ files (3), reading included"
        if not ok:
            results.append((variant, tool, count, None, "peer not installed"))
            continue
        secs, _ = timed(fn)
        results.append((variant, tool, count, secs, ""))

    # ---------------------------------------------------------------- report
    print()
    print("| variant | tool | trials | seconds | trials/s | accuracy vs simulated truth |")
    print("|---|---|---|---|---|---|")
    rate: dict[tuple[str, str], float] = {}
    for variant, tool, count, secs, note in results:
        if secs is None:
            print(f"| {variant} | {tool} | {count} | - | - | {note} |")
            continue
        rate[(variant, tool)] = count / secs
        print(f"| {variant} | {tool} | {count} | {secs:.3f} | {count / secs:,.0f} | {note} |")
    print()
    print("Ratios (neurolift trials/s divided by the peer's, same variant):")
    for variant in dict.fromkeys(v for v, *_ in results):
        ours = {t: r for (v, t), r in rate.items() if v == variant and t.startswith("neurolift")}
        peers = {
            t: r for (v, t), r in rate.items() if v == variant and not t.startswith("neurolift")
        }
        for peer, pr in peers.items():
            for tool, r in ours.items():
                print(f"- {variant}: {tool} / {peer} = {r / pr:.2f}x")
        missing = [t for (v, t, _, s, _) in results if v == variant and s is None]
        for t in missing:
            print(f"- {variant}: {t}: peer not installed, no ratio")
    print()
    for tool in ("neurolift jump_metrics_batch", "neurolift jump_metrics_batch, as_frame"):
        secs = next(s for v, t, _, s, _ in results if t == tool and v == "simulated, in memory")
        per_1000 = secs * 1000 / n
        verdict = "met" if per_1000 < GOAL_S else "MISSED"
        print(
            f"Goal: 1,000 CMJs of 5 s at 1000 Hz in < {GOAL_S} s, {tool}: "
            f"{per_1000:.3f} s per 1,000 -> {verdict}"
        )
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
