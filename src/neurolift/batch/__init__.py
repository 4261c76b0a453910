"""Batch processing of recording archives on Dask (a local cluster or an existing scheduler)."""

from neurolift.batch._run import LOCAL_CLUSTER_MIN_ITEMS, RunInfo, check_workers
from neurolift.batch.archive import ArchiveSummary, archive_process, archive_read
from neurolift.batch.force import BatchSummary, force_batch, force_batch_chunk, force_batch_files

__all__ = [
    "LOCAL_CLUSTER_MIN_ITEMS",
    "ArchiveSummary",
    "BatchSummary",
    "RunInfo",
    "archive_process",
    "archive_read",
    "check_workers",
    "force_batch",
    "force_batch_chunk",
    "force_batch_files",
]
