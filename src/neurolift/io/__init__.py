"""Readers: every supported file format in, :class:`~neurolift.timeseries.TimeSeries` (or a
decomposition, an EMG recording, a bar stream) out; nothing is computed on top of what is read.

Names are ``<domain>_read[_<format>]`` (``docs/naming.md``). Each reader's module is imported
on first use of its name, so ``from neurolift.io import force_read`` does not load the EMG or
decomposition readers.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "_text": ("NumericTable", "read_json", "read_text", "table_read"),
    "force": ("force_read", "force_write_csv"),
    "velocity": (
        "velocity_read",
        "velocity_read_chronojump",
        "velocity_read_csv",
        "velocity_read_imu",
        "velocity_read_openbarbell",
        "velocity_read_rep_summary",
        "velocity_write_chronojump",
    ),
    "emg": (
        "EMGRecording",
        "emg_read",
        "emg_read_c3d",
        "emg_read_csv",
        "emg_read_edf",
        "emg_read_levels",
        "emg_read_otb",
    ),
    "decomposition": (
        "Decomposition",
        "decomposition_read",
        "decomposition_read_csv",
        "decomposition_read_demuse",
        "decomposition_read_openhdemg",
        "decomposition_read_otb",
        "decomposition_read_reference",
    ),
}
_MODULE = {name: mod for mod, names in _WHERE.items() for name in names}
# Former name (docs/naming.md), with a DeprecationWarning.
_MODULE["read_numeric_table"] = "_text"

# read_json/read_text: the readers' shared guards for JSON and text (encoding, NUL bytes,
# nesting), importable here but not part of the public API
__all__ = sorted(n for n in _MODULE if n not in ("read_numeric_table", "read_json", "read_text"))


def __getattr__(name: str) -> Any:
    if name not in _MODULE:
        raise AttributeError(f"module 'neurolift.io' has no attribute {name!r}")
    return getattr(importlib.import_module(f"neurolift.io.{_MODULE[name]}"), name)
