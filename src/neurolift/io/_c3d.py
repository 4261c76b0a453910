"""The analog channels of a C3D file (ezc3d): the one C3D parser of the force and EMG readers.

A damaged file must cost an error, not the program: the header is checked first (a file shorter
than its header says makes ezc3d loop forever), then ezc3d parses the file in a child process
with a time limit (some damaged parameter sections make it crash or loop; see io._isolate).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from neurolift._validation import check_sampling_rate
from neurolift.errors import FileFormatError, SamplingRateError
from neurolift.io._isolate import parse_isolated

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


_BLOCK = 512
_PROCESSORS = {84: "<", 85: "<", 86: ">"}  # Intel, DEC (little-endian words), MIPS


def _check_layout(p: Path, where: str) -> None:
    """Refuse a file that is not C3D or is shorter than its header says, before ezc3d sees it
    (ezc3d loops forever on a truncated file).

    The header (first 512-byte block) names the parameter section's block, which names its own
    length in blocks and the processor type; the header also gives the data section's block,
    the frame range and the values per frame, whose format (float or integer) the sign of the
    scale factor tells (C3D User Guide, C3D.ORG 2008, ch. 2-3).
    """
    size = p.stat().st_size
    with p.open("rb") as fh:
        head = fh.read(_BLOCK)
        skip = 0  # some writers put blocks of zeros before the header; ezc3d skips them
        while head == bytes(_BLOCK) and skip < 16:
            skip += 1
            head = fh.read(_BLOCK)
        if len(head) < _BLOCK or head[1] != 0x50 or head[0] < 2:
            raise FileFormatError(f"{where}: not a C3D file (no C3D header)", path=str(p))
        fh.seek((skip + head[0] - 1) * _BLOCK)
        par = fh.read(4)
    if len(par) < 4:
        raise FileFormatError(
            f"{where}: truncated C3D file (the parameter section at block {head[0]} is missing)",
            path=str(p),
        )
    endian = _PROCESSORS.get(par[3])
    if endian is None:
        raise FileFormatError(
            f"{where}: not a C3D file (unknown processor type {par[3]} in the parameter section)",
            path=str(p),
        )
    points, per_frame, first, last = struct.unpack(endian + "4H", head[2:10])
    data_block = struct.unpack(endian + "H", head[16:18])[0]
    sign_byte = {84: 15, 85: 13, 86: 12}[par[3]]
    value_bytes = 4 if head[sign_byte] & 0x80 else 2  # negative scale factor: float data
    frames = max(last - first + 1, 0)
    need = skip * _BLOCK + max(
        (head[0] - 1 + par[2]) * _BLOCK,
        (max(data_block, 1) - 1) * _BLOCK + frames * (4 * points + per_frame) * value_bytes,
    )
    if size < need:
        raise FileFormatError(
            f"{where}: truncated C3D file ({size} bytes; its header describes {need})",
            path=str(p),
        )


def read_c3d_analogs(path: str | Path, *, where: str) -> C3dAnalogs:
    """Read every analog channel of a C3D file; ``where`` names the caller in errors."""
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(2, "No such file or directory", str(p))
    _check_layout(p, where)
    analogs, rates, raw_labels, raw_units = parse_isolated(_parse, p, where=where, what="C3D")
    if analogs.size == 0:
        raise FileFormatError(f"{where}: the file has no analog channels", path=str(p))
    labels = tuple(str(s).strip() for s in raw_labels)
    units = [str(s).strip() for s in raw_units]
    units += [""] * (len(labels) - len(units))
    if analogs.ndim != 3 or analogs.shape[1] != len(labels) or not rates:
        raise FileFormatError(
            f"{where}: the C3D parameters do not match its data ({len(labels)} analog labels "
            f"for data of shape {analogs.shape}, ANALOG:RATE {rates})",
            path=str(p),
        )
    try:
        fs = check_sampling_rate(rates[0], where=where)
    except SamplingRateError as exc:
        raise FileFormatError(f"ANALOG:RATE: {exc}", path=str(p)) from None
    return C3dAnalogs(analogs[0].T, fs, labels, tuple(units[: len(labels)]))


def _parse(path: str) -> tuple[np.ndarray, list[float], list[str], list[str]] | str:
    """(analogs, rates, labels, units) of a C3D file as ezc3d reads it, or its error."""
    try:
        import ezc3d

        c = ezc3d.c3d(path)
        par = c["parameters"]["ANALOG"]
        return (
            np.asarray(c["data"]["analogs"], dtype=np.float64),
            [float(x) for x in np.ravel(par["RATE"]["value"])],
            [str(x) for x in par["LABELS"]["value"]],
            [str(x) for x in par.get("UNITS", {}).get("value", [])],
        )
    except Exception as exc:  # ezc3d raises plain RuntimeError/ValueError on corrupt files
        return f"{type(exc).__name__}: {exc}"
