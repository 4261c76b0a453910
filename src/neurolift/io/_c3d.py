"""The analog channels of a C3D file (ezc3d): the one C3D parser of the force and EMG readers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from neurolift._validation import check_sampling_rate
from neurolift.errors import FileFormatError

__all__ = ["C3dAnalogs", "read_c3d_analogs"]


@dataclass(frozen=True, eq=False)
class C3dAnalogs:
    """Analog channels: ``data`` (n_samples, n_channels) at ``sampling_rate`` Hz, with each
    channel's label and unit as written in ``ANALOG:LABELS``/``ANALOG:UNITS`` (``""`` when the
    file gives none)."""

    data: np.ndarray
    sampling_rate: float
    labels: tuple[str, ...]
    units: tuple[str, ...]


def read_c3d_analogs(path: str | Path, *, where: str) -> C3dAnalogs:
    """Read every analog channel of a C3D file; ``where`` names the caller in errors."""
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(2, "No such file or directory", str(p))
    try:
        import ezc3d
    except ImportError as exc:  # pragma: no cover - ezc3d is a dependency
        raise FileFormatError(f"{where}: reading C3D needs ezc3d ({exc})", path=str(p)) from None
    try:
        c = ezc3d.c3d(str(p))
    except Exception as exc:  # ezc3d raises plain RuntimeError/ValueError on corrupt files
        raise FileFormatError(f"{where}: not a readable C3D file ({exc})", path=str(p)) from None
    analogs = np.asarray(c["data"]["analogs"], dtype=np.float64)
    if analogs.size == 0:
        raise FileFormatError(f"{where}: the file has no analog channels", path=str(p))
    par = c["parameters"]["ANALOG"]
    labels = tuple(str(s).strip() for s in par["LABELS"]["value"])
    units = [str(s).strip() for s in par.get("UNITS", {}).get("value", [])]
    units += [""] * (len(labels) - len(units))
    fs = check_sampling_rate(float(np.ravel(par["RATE"]["value"])[0]), where=where)
    return C3dAnalogs(analogs[0].T, fs, labels, tuple(units[: len(labels)]))
