"""Writers of decompositions as JSON: neurolift's ``units.json`` and openhdemg's.

``units.json`` (:func:`decomposition_write_json`) is small and plain: per unit its discharge
sample indices as integers (``units[i].discharges``), SIL and PNR; the sampling rate, the
length, the reference (force) signal, and the learned separation vectors when the units come
from :func:`neurolift.motorunits.mu_decompose`.
:func:`neurolift.io.decomposition.decomposition_read_json` reads it back
(``neurolift mu analyze units.json``).

:func:`decomposition_write_openhdemg` writes openhdemg's own file (gzip-compressed JSON whose
fields are JSON strings and pandas "split" tables, the layout of openhdemg's
``save_json_emgfile``/``emg_from_json``, versions 0.1.x and 0.2.x), so openhdemg's GUI opens
the result.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np

from neurolift._results import to_plain
from neurolift.errors import InvalidParameterError
from neurolift.io.decomposition import UNITS_JSON_FORMAT, Decomposition

__all__ = ["decomposition_write_json", "decomposition_write_openhdemg"]


def _atomic_write(path: Path, write: Callable[[Path], None]) -> Path:
    """Write through a temporary file in the same folder, then rename: all or nothing."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or ".")
    os.close(fd)
    try:
        write(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def decomposition_write_json(d: Decomposition, path: str | Path) -> Path:
    """Write ``units.json``: discharges (integer sample indices), SIL, PNR, rate, reference.

    Examples
    --------
    >>> import tempfile
    >>> d = Decomposition([np.array([100, 300, 500])], 1000, 1000, sil=[0.95])
    >>> f = decomposition_write_json(d, Path(tempfile.mkdtemp()) / "units.json")
    >>> doc = json.loads(f.read_text())
    >>> doc["units"][0]["discharges"], doc["units"][0]["sil"], doc["sampling_rate"]
    ([100, 300, 500], 0.95, 1000.0)
    """
    if not isinstance(d, Decomposition):
        raise InvalidParameterError("decomposition_write_json: expected a Decomposition")
    units = []
    for i, (name, p) in enumerate(zip(d.unit_names, d.discharges, strict=True)):
        units.append(
            {
                "name": name,
                "discharges": [int(v) for v in p],
                "n_discharges": int(p.size),
                "sil": None if d.sil is None else to_plain(d.sil[i]),
                "pnr_db": None if d.pnr_db is None else to_plain(d.pnr_db[i]),
            }
        )
    ref = None
    if d.reference is not None:
        ref = {
            "unit": d.reference.unit,
            "values": [float(v) for v in np.round(d.reference.as_2d()[:, 0], 6)],
        }
    sep = d.separation
    doc = {
        "format": UNITS_JSON_FORMAT,
        "version": 1,
        "sampling_rate": d.sampling_rate,
        "n_samples": d.n_samples,
        "source": d.source,
        "filename": d.filename,
        "grid": d.grid,
        "ied_m": d.ied_m,
        "n_units": d.n_units,
        "units": units,
        "reference": ref,
        "separation": None if sep is None else (sep.to_dict() if hasattr(sep, "to_dict") else sep),
        "method": to_plain(d.method),
        "warnings": list(d.warnings),
    }
    text = json.dumps(doc, allow_nan=False)

    def write(p: Path) -> None:
        p.write_text(text, encoding="utf-8")

    return _atomic_write(Path(path), write)


def decomposition_write_openhdemg(d: Decomposition, path: str | Path) -> Path:
    """Write openhdemg's JSON (gzip) so its GUI and ``emg_from_json`` open the decomposition.

    Fields: ``SOURCE`` ("CUSTOMCSV"), ``FILENAME``, ``RAW_SIGNAL`` (the grid EMG in uV; zeros
    when the decomposition carries no EMG), ``REF_SIGNAL`` (the reference as stored; openhdemg
    expects %MVC; zeros without one), ``ACCURACY`` (SIL), ``IPTS`` (pulse trains),
    ``MUPULSES``, ``FSAMP``, ``IED`` (mm; NaN when unknown), ``EMG_LENGTH``, ``NUMBER_OF_MUS``,
    ``BINARY_MUS_FIRING``, ``EXTRAS`` (empty). Tables are pandas "split" JSON, every field a
    JSON string, as openhdemg's ``save_json_emgfile`` writes them.

    Examples
    --------
    >>> import tempfile
    >>> d = Decomposition([np.array([100, 300, 500])], 2048, 1000, sil=[0.95], ied_m=0.008)
    >>> f = decomposition_write_openhdemg(d, Path(tempfile.mkdtemp()) / "d.json")
    >>> with gzip.open(f, "rt") as fh:
    ...     doc = json.load(fh)
    >>> json.loads(doc["MUPULSES"]), json.loads(doc["IED"]), json.loads(doc["NUMBER_OF_MUS"])
    ([[100, 300, 500]], 8.0, 1)
    """
    import pandas as pd

    if not isinstance(d, Decomposition):
        raise InvalidParameterError("decomposition_write_openhdemg: expected a Decomposition")
    n, k = d.n_samples, d.n_units
    raw = d.emg.as_2d() * 1e6 if d.emg is not None else np.zeros((n, 1))
    ref = d.reference.as_2d()[:, :1] if d.reference is not None else np.zeros((n, 1))
    ipts = d.pulse_trains if d.pulse_trains is not None else np.zeros((n, k))
    binary = np.zeros((n, k), dtype=np.int64)
    for j, p in enumerate(d.discharges):
        binary[p, j] = 1
    sil = d.sil if d.sil is not None else np.full(k, np.nan)

    def frame(a: np.ndarray) -> str:
        return str(
            pd.DataFrame(a, columns=list(range(a.shape[1]))).to_json(
                orient="split", double_precision=15
            )
        )

    doc = {
        "SOURCE": json.dumps("CUSTOMCSV"),
        "FILENAME": json.dumps(d.filename or "neurolift_decomposition"),
        "RAW_SIGNAL": frame(raw),
        "REF_SIGNAL": frame(ref),
        "ACCURACY": frame(np.asarray(sil, dtype=np.float64)[:, None]),
        "IPTS": frame(ipts),
        "MUPULSES": json.dumps([[int(v) for v in p] for p in d.discharges]),
        "FSAMP": json.dumps(float(d.sampling_rate)),
        "IED": json.dumps(float(d.ied_m * 1000.0) if d.ied_m is not None else float("nan")),
        "EMG_LENGTH": json.dumps(int(n)),
        "NUMBER_OF_MUS": json.dumps(int(k)),
        "BINARY_MUS_FIRING": frame(binary),
        "EXTRAS": str(pd.DataFrame().to_json(orient="split")),
    }

    def write(p: Path) -> None:
        with gzip.open(p, "wt", encoding="utf-8", compresslevel=4) as fh:
            json.dump(doc, fh)

    return _atomic_write(Path(path), write)
