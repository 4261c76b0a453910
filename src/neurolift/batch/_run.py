"""Run chunks of work in this process or on Dask: one executor for every batch command.

A local cluster costs seconds to start (worker processes, imports), so it starts only when the
work is large enough to pay for it (``LOCAL_CLUSTER_MIN_ITEMS`` files with more than one worker);
otherwise the chunks run here, one after the other. ``scheduler`` names an existing cluster,
which is always used.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from neurolift.errors import InvalidParameterError, SamplingRateMismatchError

__all__ = [
    "LOCAL_CLUSTER_MIN_ITEMS",
    "RunInfo",
    "check_workers",
    "read_own_clock",
    "run_chunks",
    "uses_cluster",
]

#: Files below which a local cluster does not pay: at ~1 ms per file, 2,000 files take about 2 s
#: in one process, less than starting two worker processes and importing the analyses in them.
LOCAL_CLUSTER_MIN_ITEMS = 2000


@dataclass
class RunInfo:
    """Where the chunks ran and how long starting that took (s)."""

    mode: str = "in-process"  # "in-process", "local cluster" or the scheduler address
    n_workers: int = 1
    startup_s: float = 0.0


def check_workers(n_workers: int, *, where: str) -> int:
    if isinstance(n_workers, bool) or not isinstance(n_workers, int) or n_workers < 1:
        raise InvalidParameterError(
            f"{where}: workers must be an integer >= 1, got {n_workers!r} (1 runs in this process)"
        )
    return n_workers


def read_own_clock(
    read: Callable[..., Any], path: Any, *, sampling_rate: float | None, **kwargs: Any
) -> tuple[Any, str | None]:
    """``read(path, sampling_rate=..., **kwargs)`` under the batch rule for the sampling rate.

    In a batch, ``sampling_rate`` (``--sampling-rate``) is for the files without a clock of
    their own: a file whose time column (or C3D analog rate) disagrees with it is read at its own
    rate, and the second item of the result says so (a warning for its row); it is ``None``
    otherwise. One command reading one file keeps the strict rule (the two must agree).
    """
    try:
        return read(path, sampling_rate=sampling_rate, **kwargs), None
    except SamplingRateMismatchError:
        data = read(path, sampling_rate=None, **kwargs)
    return data, (
        f"read at the file's own sampling rate, not --sampling-rate {sampling_rate:g} Hz "
        "(which is for files without a time column)"
    )


def uses_cluster(n_items: int, *, scheduler: str | None, n_workers: int) -> bool:
    """Whether :func:`run_chunks` will use a cluster (an existing one, or a local one that pays)."""
    return scheduler is not None or (n_workers > 1 and n_items >= LOCAL_CLUSTER_MIN_ITEMS)


def _warm(modules: Sequence[str]) -> None:
    import importlib

    for m in modules:
        importlib.import_module(m)


def run_chunks(
    func: Callable[..., Any],
    chunks: Sequence[Any],
    *,
    kwargs: dict[str, Any] | None = None,
    n_items: int,
    scheduler: str | None = None,
    n_workers: int = 2,
    warm_modules: Sequence[str] = (),
    info: RunInfo | None = None,
    where: str = "batch",
) -> Iterator[tuple[int, Any]]:
    """Yield ``(chunk index, func(chunk, **kwargs))`` as chunks finish (in any order).

    ``info`` (optional) is filled with where the work ran and the start-up time, which covers
    starting or joining the cluster and importing ``warm_modules`` on every worker.
    """
    check_workers(n_workers, where=where)
    kwargs = dict(kwargs or {})
    info = info if info is not None else RunInfo()
    if not uses_cluster(n_items, scheduler=scheduler, n_workers=n_workers):
        info.mode, info.n_workers, info.startup_s = "in-process", 1, 0.0
        for k, chunk in enumerate(chunks):
            yield k, func(chunk, **kwargs)
        return
    from dask.distributed import Client, LocalCluster, as_completed

    t0 = time.perf_counter()
    cluster = None
    if scheduler is not None:
        if not scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
            raise InvalidParameterError(
                f"{where}: --scheduler must look like tcp://HOST:PORT, got {scheduler!r}"
            )
        try:
            client = Client(scheduler, timeout="30s")
        except OSError as exc:
            raise InvalidParameterError(
                f"{where}: cannot reach the Dask scheduler at {scheduler} ({exc})"
            ) from None
        info.mode = scheduler
    else:
        cluster = LocalCluster(
            n_workers=n_workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=40,
        )
        client = Client(cluster)
        info.mode = "local cluster"
    try:
        if warm_modules:
            client.run(_warm, list(warm_modules))
        info.n_workers = len(client.scheduler_info().get("workers", {})) or n_workers
        info.startup_s = time.perf_counter() - t0
        futures = {
            client.submit(func, chunk, pure=False, **kwargs): k for k, chunk in enumerate(chunks)
        }
        for fut in as_completed(list(futures)):
            yield futures[fut], fut.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
