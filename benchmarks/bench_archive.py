"""Archive throughput on a real Dask cluster (one scheduler + 1 or 2 worker processes on
loopback), start-up separated out, and the 100,000-file kill-and-resume run.

Run::

    python benchmarks/bench_archive.py                      # 10,000 CMJ files, 1 vs 2 workers
    python benchmarks/bench_archive.py --files 2000 --rounds 1
    python benchmarks/bench_archive.py --resume-files 100000   # + the kill-and-resume run
    NEUROLIFT_BENCH_RESUME_FILES=100000 make bench             # the same under make bench

The archive is written into a temporary folder and deleted afterwards. Its files are 5 s
countermovement jumps at 1 kHz from ``force_simulate_jump`` (one-column text, ~40 kB each);
``--distinct`` different simulated jumps (default 500, one seed each) are cycled through the
file names, so writing 100,000 files does not mean simulating 100,000 jumps.

Throughput: for each worker count a fresh ``dask scheduler`` and ``dask worker --nthreads 1``
processes are started (the time until every worker has joined is the cluster start-up), then
``archive_process(..., scheduler=...)`` runs in this process; its ``startup_s`` (connecting and
importing the analyses on every worker) is reported apart, and files/s is the files over the
time after that. Runs of 1 and 2 workers alternate (1, 2, then 2, 1...), ``--rounds`` times;
the 2-vs-1 ratio is given per round and as the median. The machine is shared, so the load
average is printed with every run.

Kill and resume (opt-in, ``--resume-files N``): ``neurolift batch`` runs as a subprocess on a
2-worker cluster and is killed (SIGKILL) once half of the files are in the output; the same
command is run again. Checked: every file appears exactly once in the output, none is missing,
and the resumed run analysed exactly the files the killed run had not written.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import timing  # noqa: E402

from neurolift.batch.archive import archive_process, archive_read  # noqa: E402
from neurolift.signals.force import force_simulate_jump  # noqa: E402

BIN = Path(sys.executable).parent


def write_archive(folder: Path, n: int, distinct: int) -> float:
    """``n`` CMJ files cycling through ``distinct`` simulated jumps; returns seconds taken."""
    t0 = time.perf_counter()
    rng = np.random.default_rng(0)
    texts = []
    for i in range(min(distinct, n)):
        sim = force_simulate_jump(
            sampling_rate=1000,
            takeoff_velocity_m_s=float(rng.uniform(1.8, 3.0)),
            body_mass_kg=float(rng.uniform(55, 100)),
            duration_s=5.0,
            random_state=i,
        )
        texts.append(("\n".join(f"{x:.3f}" for x in sim.force.values) + "\n").encode())
    for i in range(n):
        sub = folder / f"{i // 1000:04d}"  # 1,000 files per folder
        if i % 1000 == 0:
            sub.mkdir(parents=True, exist_ok=True)
        (sub / f"cmj_{i:06d}.txt").write_bytes(texts[i % len(texts)])
    return time.perf_counter() - t0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Cluster:
    """``dask scheduler`` + ``n`` single-threaded ``dask worker`` processes on loopback."""

    def __init__(self, n_workers: int) -> None:
        from dask.distributed import Client

        port = _free_port()
        self.address = f"tcp://127.0.0.1:{port}"
        env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
        dask = str(BIN / "dask")
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
        t0 = time.perf_counter()
        self.procs = [
            subprocess.Popen(
                [dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                **quiet,  # type: ignore[arg-type]
            )
        ]
        for i in range(n_workers):
            self.procs.append(
                subprocess.Popen(
                    [dask, "worker", self.address, "--nthreads", "1", "--nworkers", "1"]
                    + ["--host", "127.0.0.1", "--name", f"w{i}", "--no-dashboard"],
                    **quiet,  # type: ignore[arg-type]
                )
            )
        with Client(self.address, timeout="120s") as client:
            client.wait_for_workers(n_workers, timeout=300)
        self.start_s = time.perf_counter() - t0

    def close(self) -> None:
        for p in reversed(self.procs):
            p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


def throughput(folder: Path, n: int, rounds: int, chunk_size: int, tmp: Path) -> None:
    print(f"\n## throughput: {n} CMJ files, real scheduler + 1 or 2 worker processes")
    rates: dict[int, list[float]] = {1: [], 2: []}
    for r in range(rounds):
        for k in (1, 2) if r % 2 == 0 else (2, 1):
            out = tmp / f"out-{k}-{r}"
            load = timing.load_average()
            cluster = Cluster(k)
            try:
                s = archive_process(
                    folder, out, sampling_rate=1000.0, scheduler=cluster.address,
                    chunk_size=chunk_size,
                )  # fmt: skip
            finally:
                cluster.close()
            assert s.n_analysed == n and s.n_failed == 0, s.failed[:3]
            rate = n / s.analysis_s
            rates[k].append(rate)
            print(
                f"  round {r + 1}, {k} worker(s): cluster start {cluster.start_s:.1f} s, "
                f"connect + imports on workers {s.startup_s:.1f} s, analysis {s.analysis_s:.1f} s "
                f"-> {rate:,.0f} files/s after start-up; {load}"
            )
            shutil.rmtree(out)
    ratios = [b / a for a, b in zip(rates[1], rates[2], strict=True)]
    print(
        f"  files/s, median: 1 worker {statistics.median(rates[1]):,.0f}, 2 workers "
        f"{statistics.median(rates[2]):,.0f}; 2 workers / 1 worker per round: "
        + ", ".join(f"{x:.2f}" for x in ratios)
        + f" (median {statistics.median(ratios):.2f}x; goal >= 1.8x)"
    )


def kill_and_resume(folder: Path, n: int, chunk_size: int, tmp: Path) -> None:
    print(f"\n## kill and resume: {n} CMJ files, neurolift batch on 2 worker processes")
    out = tmp / "out-resume"
    cluster = Cluster(2)
    cmd = [
        str(BIN / "neurolift"), "batch", str(folder), "-o", str(out), "--sampling-rate", "1000",
        "--scheduler", cluster.address, "--chunk-size", str(chunk_size), "-f", "json",
    ]  # fmt: skip
    try:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        while proc.poll() is None:
            n_parts = len(list(out.glob("kind=force/part-*.parquet")))
            if n_parts * chunk_size >= n // 2:
                break
            time.sleep(0.2)
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        killed_after = time.perf_counter() - t0
        written = archive_read(out, "force")
        print(
            f"  killed after {killed_after:.1f} s with {len(written)} of {n} files written "
            f"(each once: {written['file'].is_unique})"
        )
        t1 = time.perf_counter()
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"resumed run failed: {r.stderr[-2000:]}")
        s = json.loads(r.stdout)
        print(
            f"  resumed: skipped {s['n_skipped']}, analysed {s['n_analysed']} in "
            f"{time.perf_counter() - t1:.1f} s (start-up {s['startup_s']:.1f} s)"
        )
        df = archive_read(out, "force")
        files = {str(p.resolve()) for p in folder.rglob("*.txt")}
        twice = int(df["file"].duplicated().sum())
        missed = len(files - set(df["file"]))
        print(
            f"  output: {len(df)} rows for {len(files)} files; stored twice: {twice}; missed: "
            f"{missed}; resumed run analysed exactly the unwritten files: "
            f"{s['n_analysed'] == n - len(written) and s['n_skipped'] == len(written)}; "
            f"failed: {int(df['error'].notna().sum())}"
        )
    finally:
        cluster.close()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--files", type=int, default=10_000)
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--distinct", type=int, default=500)
    ap.add_argument("--chunk-size", type=int, default=500)
    ap.add_argument(
        "--resume-files",
        type=int,
        default=int(os.environ.get("NEUROLIFT_BENCH_RESUME_FILES", "0")),
        help="also run the kill-and-resume check on this many files (0: skip)",
    )
    args, _ = ap.parse_known_args(argv)
    print(timing.load_average())
    with tempfile.TemporaryDirectory(prefix="neurolift-bench-archive-") as tmp_name:
        tmp = Path(tmp_name)
        folder = tmp / "archive"
        if args.files and args.rounds:  # --files 0 or --rounds 0: only the resume run
            secs = write_archive(folder, args.files, args.distinct)
            print(f"wrote {args.files} files ({args.distinct} distinct CMJs) in {secs:.1f} s")
            throughput(folder, args.files, args.rounds, args.chunk_size, tmp)
            shutil.rmtree(folder)
        if args.resume_files:
            big = tmp / "archive-big"
            secs = write_archive(big, args.resume_files, args.distinct)
            print(f"\nwrote {args.resume_files} files in {secs:.1f} s")
            kill_and_resume(big, args.resume_files, args.chunk_size, tmp)
        else:
            print(
                "\n(kill-and-resume run skipped: --resume-files N or NEUROLIFT_BENCH_RESUME_FILES)"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
