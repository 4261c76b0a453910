"""One timing rule for every benchmark script: the same core, interleaved rounds, per-round ratios.

The machine is shared, so a speed figure is only meaningful as a ratio against a peer measured in
the same run under the same load. Every ``benchmarks/bench_*.py`` script times its sides with
:func:`compare`:

- the process is pinned to one CPU (``os.sched_setaffinity``) for the comparison, and BLAS/OpenMP
  pools are asked for one thread (:func:`single_thread_env`, to call before importing numpy);
- each side is warmed up once, then the sides run in **interleaved rounds** (A B, B A, A B, ...:
  the order alternates so neither side always runs first); within a round each side is called
  ``repeat`` times and its round time is the median of those calls - the same rule for every side;
- the result keeps every round time, and a ratio is reported as the **median and range of the
  per-round ratios**, with the load average printed before and after.

Adopting it in a new script::

    import timing                       # benchmarks/ is on sys.path when a script runs
    timing.single_thread_env()          # optional, before numpy is imported
    with timing.one_core():
        cmp = timing.compare({"neurolift": ours, "peer": theirs}, rounds=7)
    print(cmp.report(baseline="peer"))  # per-side medians and "neurolift is 2.1x (1.8-2.5)"
    cmp.ratio("peer", "neurolift")      # the per-round ratios peer/neurolift as a list
"""

from __future__ import annotations

import contextlib
import os
import statistics
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Comparison", "compare", "fmt_seconds", "load_average", "one_core", "single_thread_env"]

_THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS")


def single_thread_env() -> dict[str, str | None]:
    """Ask BLAS/OpenMP/Rayon for one thread (effective only before numpy is imported).

    Returns the previous values, for :func:`restore_env`.
    """
    saved = {v: os.environ.get(v) for v in _THREAD_VARS}
    for v in _THREAD_VARS:
        os.environ.setdefault(v, "1")
    return saved


def restore_env(saved: Mapping[str, str | None]) -> None:
    for var, value in saved.items():
        if value is None:
            os.environ.pop(var, None)
        else:
            os.environ[var] = value


@contextlib.contextmanager
def one_core() -> Iterator[str]:
    """Pin this process to one CPU for the block (the first it may use), then restore."""
    if not hasattr(os, "sched_setaffinity"):
        yield "not pinned (no sched_setaffinity on this OS)"
        return
    saved = os.sched_getaffinity(0)
    cpu = min(saved)
    os.sched_setaffinity(0, {cpu})
    try:
        yield f"pinned to CPU {cpu} (os.sched_setaffinity)"
    finally:
        os.sched_setaffinity(0, saved)


def load_average() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:  # pragma: no cover - not on Linux/macOS
        return "load average n/a"
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} (1/5/15 min, {os.cpu_count()} CPUs)"


def fmt_seconds(s: float) -> str:
    if s < 1e-3:
        return f"{s * 1e6:.1f} us"
    if s < 1:
        return f"{s * 1e3:.2f} ms"
    return f"{s:.3f} s"


@dataclass
class Comparison:
    """Round times (s) of every side, in the order they ran, and the load around the run."""

    rounds: dict[str, list[float]]
    repeat: int
    load_before: str
    load_after: str
    results: dict[str, Any] = field(default_factory=dict)  # last return value of each side

    def median(self, side: str) -> float:
        return statistics.median(self.rounds[side])

    def ratio(self, slower: str, faster: str) -> list[float]:
        """Per-round ratios time(slower) / time(faster): > 1 means ``faster`` is faster."""
        return [a / b for a, b in zip(self.rounds[slower], self.rounds[faster], strict=True)]

    def ratio_summary(self, slower: str, faster: str) -> tuple[float, float, float]:
        r = self.ratio(slower, faster)
        return statistics.median(r), min(r), max(r)

    def report(self, baseline: str | None = None, *, per_item: int | None = None) -> str:
        """Lines: each side's median round time (and range), then each side against ``baseline``.

        ``per_item`` divides the times (e.g. trials per call) and adds items per second.
        """
        n = len(next(iter(self.rounds.values())))
        lines = [
            f"  {n} interleaved rounds, median of {self.repeat} call(s) per side per round; "
            f"{self.load_before} before, {self.load_after} after"
        ]
        for side, times in self.rounds.items():
            med = statistics.median(times)
            extra = ""
            if per_item:
                extra = f", {per_item / med:,.0f} items/s ({fmt_seconds(med / per_item)} each)"
            lines.append(
                f"  {side}: {fmt_seconds(med)} per call (rounds {fmt_seconds(min(times))}-"
                f"{fmt_seconds(max(times))}){extra}"
            )
        if baseline is not None:
            for side in self.rounds:
                if side == baseline:
                    continue
                med, lo, hi = self.ratio_summary(baseline, side)
                per_round = ", ".join(f"{x:.2f}" for x in self.ratio(baseline, side))
                lines.append(
                    f"  {side} vs {baseline}: {med:.2f}x faster (median of per-round ratios; "
                    f"range {lo:.2f}-{hi:.2f}; rounds: {per_round})"
                )
        return "\n".join(lines)


def compare(
    sides: Mapping[str, Callable[[], Any]],
    *,
    rounds: int = 7,
    repeat: int = 1,
    warmup: bool = True,
    clock: Callable[[], float] = time.perf_counter,
) -> Comparison:
    """Time every side in interleaved rounds; see the module docstring for the rule.

    ``clock`` is wall time by default; pass ``time.process_time`` for CPU time of this process
    (only for single-threaded sides that do all their work in this process).
    """
    if rounds < 1 or repeat < 1:
        raise ValueError("rounds and repeat must be >= 1")
    names = list(sides)
    results: dict[str, Any] = {}
    if warmup:
        for name in names:
            results[name] = sides[name]()
    load_before = load_average()
    times: dict[str, list[float]] = {name: [] for name in names}
    for k in range(rounds):
        order = names if k % 2 == 0 else names[::-1]
        for name in order:
            fn = sides[name]
            calls = []
            for _ in range(repeat):
                t0 = clock()
                results[name] = fn()
                calls.append(clock() - t0)
            times[name].append(statistics.median(calls))
    return Comparison(times, repeat, load_before, load_average(), results)
