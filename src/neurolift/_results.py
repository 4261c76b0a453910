"""Base for typed results: frozen dataclasses that turn into plain JSON-ready dicts."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import math
from enum import Enum
from typing import Any

import numpy as np

__all__ = ["Result", "to_plain"]


def to_plain(value: Any) -> Any:
    """Convert numpy scalars/arrays, dataclasses, tuples and enums to JSON-ready Python values.

    Non-finite floats become ``None`` so that JSON output never contains ``NaN``; dates and
    datetimes become ISO 8601 strings.

    Examples
    --------
    >>> to_plain({"a": np.float64(1.5), "b": (1, np.int64(2)), "c": float("nan")})
    {'a': 1.5, 'b': [1, 2], 'c': None}
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        if hasattr(value, "to_dict"):
            return value.to_dict()
        return {f.name: to_plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): to_plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return [to_plain(v) for v in value.tolist()]
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (_dt.date, _dt.time)):  # dates and datetimes as ISO 8601 text
        return value.isoformat()
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (np.floating, float)):
        f = float(value)
        return f if math.isfinite(f) else None
    return value


@dataclasses.dataclass(frozen=True)
class Result:
    """Mixin base for frozen result dataclasses: ``to_dict()`` gives plain JSON-ready data."""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: to_plain(getattr(self, f.name)) for f in dataclasses.fields(self)}

    def flat(self) -> dict[str, Any]:
        """One flat row for tables and CSV: ``to_dict()`` without ``method``, warnings joined."""
        d = self.to_dict()
        d.pop("method", None)
        if isinstance(d.get("warnings"), list):
            d["warnings"] = "; ".join(d["warnings"])
        return d
