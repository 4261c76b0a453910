"""Readers: every supported file format in, :class:`~neurolift.timeseries.TimeSeries` out."""

from neurolift.io._text import NumericTable, read_numeric_table

__all__ = ["NumericTable", "read_numeric_table"]
