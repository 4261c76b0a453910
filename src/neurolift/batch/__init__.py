"""Batch processing of recording archives on Dask (a local cluster or an existing scheduler)."""

from neurolift.batch.force import BatchSummary, force_batch, force_batch_chunk, force_batch_files

__all__ = ["BatchSummary", "force_batch", "force_batch_chunk", "force_batch_files"]
