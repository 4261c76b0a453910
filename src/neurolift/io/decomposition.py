"""Readers of motor-unit decompositions: OTBiolab+ .mat, openhdemg JSON, DEMUSE .mat, CSV.

Every reader returns one :class:`Decomposition`: discharge sample indices per unit, the pulse
trains when the file has them, the reference (force) signal, the raw grid EMG, the
inter-electrode distance and the sampling rate. Analysis lives in :mod:`neurolift.motorunits`.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np

from neurolift._validation import check_choice, check_positive, check_sampling_rate
from neurolift.errors import (
    FileFormatError,
    InvalidParameterError,
    SamplingRateError,
    UnitError,
)
from neurolift.io._isolate import parse_isolated
from neurolift.io._text import (
    file_layout,
    find_time_column,
    names_the_file,
    read_json,
    sampling_rate_from_time,
    table_read,
)
from neurolift.timeseries import TimeSeries
from neurolift.units import to_volts

__all__ = [
    "Decomposition",
    "decomposition_read",
    "decomposition_read_csv",
    "decomposition_read_demuse",
    "decomposition_read_json",
    "decomposition_read_openhdemg",
    "decomposition_read_otb",
    "decomposition_read_reference",
    "OTB_GRIDS",
    "UNITS_JSON_FORMAT",
]

#: Value of the ``format`` field that marks a neurolift ``units.json`` (``mu decompose --out``).
UNITS_JSON_FORMAT = "neurolift.mu_decomposition"

#: OTBiolab+ grid codes: (inter-electrode distance in m, rows, columns, channels).
OTB_GRIDS: dict[str, tuple[float, int, int, int]] = {
    "GR08MM1305": (0.008, 13, 5, 64),
    "GR04MM1305": (0.004, 13, 5, 64),
    "GR10MM0808": (0.010, 8, 8, 64),
    "GR10MM0804": (0.010, 8, 4, 32),
    "HD08MM1305": (0.008, 13, 5, 64),
    "HD04MM1305": (0.004, 13, 5, 64),
    "HD10MM0808": (0.010, 8, 8, 64),
}


@dataclass(frozen=True, eq=False)
class Decomposition:
    """Decomposed motor units of one recording (the one data model of every reader).

    Parameters
    ----------
    discharges : sequence of int arrays
        One array per unit: discharge times as sample indices (0-based, increasing) at
        ``sampling_rate``.
    sampling_rate : float
        Hz. Required.
    n_samples : int
        Length of the recording in samples.
    pulse_trains : ndarray, shape (n_samples, n_units), optional
        Decomposition sources (innervation pulse trains), arbitrary units.
    reference : TimeSeries, optional
        Force or torque recorded with the EMG (same rate and length), in N, N*m or %MVC.
    emg : TimeSeries, optional
        Raw monopolar grid EMG (samples x channels), V.
    ied_m : float, optional
        Inter-electrode distance of the grid, m.
    grid : str, optional
        Grid code (e.g. ``"GR08MM1305"``).
    sil : ndarray, optional
        Silhouette per unit as stored by the decomposition software (readers never compute it:
        :func:`neurolift.motorunits.mu_sil_units` does, from the pulse trains).
    source, filename : str
        Format and file name, for provenance.
    unit_names : tuple of str
        Default ``MU0, MU1, ...``.
    pnr_db : ndarray, optional
        Pulse-to-noise ratio per unit, dB, as computed by the decomposition.
    separation : object, optional
        The learned separation (:class:`neurolift.motorunits.decompose.MUSeparation`) when the
        units come from :func:`neurolift.motorunits.mu_decompose`.
    method, warnings : dict, list of str
        How the decomposition was made and what it warned about.

    Examples
    --------
    >>> d = Decomposition([np.array([100, 300, 500])], sampling_rate=1000, n_samples=1000)
    >>> d.n_units, d.duration
    (1, 1.0)
    """

    discharges: Sequence[np.ndarray]
    sampling_rate: float
    n_samples: int
    pulse_trains: np.ndarray | None = None
    reference: TimeSeries | None = None
    emg: TimeSeries | None = None
    ied_m: float | None = None
    grid: str | None = None
    sil: np.ndarray | None = None
    source: str = "memory"
    filename: str = ""
    unit_names: tuple[str, ...] = field(default=())
    pnr_db: np.ndarray | None = None
    separation: Any = None
    method: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        where = "Decomposition"
        fs = check_sampling_rate(self.sampling_rate, where=where)
        object.__setattr__(self, "sampling_rate", fs)
        n = int(self.n_samples)
        if n <= 0:
            raise InvalidParameterError(f"{where}: n_samples must be > 0, got {self.n_samples!r}")
        object.__setattr__(self, "n_samples", n)
        trains = []
        for i, d in enumerate(self.discharges):
            a = np.asarray(d)
            if a.size and not np.issubdtype(a.dtype, np.integer):
                if not np.allclose(a, np.round(a)):
                    raise InvalidParameterError(
                        f"{where}: unit {i} discharges must be sample indices (integers)"
                    )
            a = np.asarray(np.round(a), dtype=np.int64).ravel()
            if a.size and (a[0] < 0 or a[-1] >= n):
                raise InvalidParameterError(
                    f"{where}: unit {i} has discharges outside the recording "
                    f"(sample {a.min()}..{a.max()}, recording has {n} samples)"
                )
            if a.size > 1 and np.any(np.diff(a) <= 0):
                a = np.unique(a)
            a.setflags(write=False)
            trains.append(a)
        object.__setattr__(self, "discharges", tuple(trains))
        names = tuple(self.unit_names) or tuple(f"MU{i}" for i in range(len(trains)))
        if len(names) != len(trains):
            raise InvalidParameterError(
                f"{where}: {len(names)} unit name(s) for {len(trains)} unit(s)"
            )
        object.__setattr__(self, "unit_names", names)
        if self.pulse_trains is not None:
            pt = np.asfortranarray(self.pulse_trains, dtype=np.float64)  # one unit = contiguous
            if pt.ndim == 1:
                pt = pt[:, None]
            if pt.shape != (n, len(trains)):
                raise InvalidParameterError(
                    f"{where}: pulse_trains shape {pt.shape} does not match "
                    f"({n} samples, {len(trains)} units)"
                )
            pt.setflags(write=False)
            object.__setattr__(self, "pulse_trains", pt)
        for name in ("reference", "emg"):
            ts = getattr(self, name)
            if ts is None:
                continue
            if abs(ts.sampling_rate - fs) > 1e-9 * fs:
                raise SamplingRateError(
                    f"{where}: {name} is sampled at {ts.sampling_rate:g} Hz but the discharges at "
                    f"{fs:g} Hz; resample one of them first"
                )
            if ts.n_samples != n:
                raise InvalidParameterError(
                    f"{where}: {name} has {ts.n_samples} samples, the decomposition {n}"
                )
        if self.sil is not None:
            s = np.asarray(self.sil, dtype=np.float64).ravel()
            if s.size != len(trains):
                raise InvalidParameterError(
                    f"{where}: {s.size} SIL value(s) for {len(trains)} unit(s)"
                )
            object.__setattr__(self, "sil", s)
        if self.pnr_db is not None:
            s = np.asarray(self.pnr_db, dtype=np.float64).ravel()
            if s.size != len(trains):
                raise InvalidParameterError(
                    f"{where}: {s.size} PNR value(s) for {len(trains)} unit(s)"
                )
            object.__setattr__(self, "pnr_db", s)

    @property
    def n_units(self) -> int:
        return len(self.discharges)

    @property
    def duration(self) -> float:
        """Recording length, s."""
        return self.n_samples / self.sampling_rate

    def discharge_times(self, unit: int) -> np.ndarray:
        """Discharge times of one unit, s."""
        return self.discharges[unit] / self.sampling_rate

    def sorted_by_recruitment(self) -> Decomposition:
        """Same units ordered by their first discharge (empty units last)."""
        first = [d[0] if d.size else np.inf for d in self.discharges]
        order = [int(i) for i in np.argsort(first, kind="stable")]
        return replace(
            self,
            discharges=[self.discharges[i] for i in order],
            pulse_trains=None if self.pulse_trains is None else self.pulse_trains[:, order],
            sil=None if self.sil is None else self.sil[order],
            pnr_db=None if self.pnr_db is None else self.pnr_db[order],
            unit_names=tuple(self.unit_names[i] for i in order),
        )

    def with_reference(self, reference: TimeSeries | None) -> Decomposition:
        """A copy with another reference (force) signal."""
        return replace(self, reference=reference)


def _parse_mat(path: str) -> dict[str, Any] | str:
    """The variables of a MATLAB .mat file (scipy), or why it cannot be read."""
    import scipy.io

    try:
        return dict(scipy.io.loadmat(path, simplify_cells=True))
    except Exception as exc:  # scipy's parser raises a dozen kinds on damaged files
        return f"{type(exc).__name__}: {exc}"


def _loadmat(path: Path, where: str) -> dict[str, Any]:
    """The variables of a MATLAB 5-7 .mat file (the format of OTBiolab+ and DEMUSE exports)."""
    if not path.exists():
        raise FileNotFoundError(2, "No such file or directory", str(path))
    with path.open("rb") as fh:
        head = fh.read(128)
    if head.startswith(b"MATLAB 7.3") or head.startswith(b"\x89HDF"):
        raise FileFormatError(
            f"{where}: a MATLAB 7.3 (HDF5) .mat file; save it with MATLAB's -v7 option",
            path=str(path),
        )
    if (
        len(head) < 128
        or not head.startswith(b"MATLAB 5.0 MAT-file")
        or head[126:]
        not in (
            b"IM",
            b"MI",
        )
    ):
        raise FileFormatError(
            f"{where}: not a MATLAB .mat file (no MATLAB 5 header)", path=str(path)
        )
    # in a child process: some damaged files crash scipy's reader (see io._isolate)
    mat: dict[str, Any] = parse_isolated(_parse_mat, path, where=where, what="MATLAB .mat")
    return mat


def _otb_descriptions(desc: Any) -> list[str]:
    return [
        str(np.asarray(d).ravel()[0]) if np.asarray(d).size else "" for d in np.atleast_1d(desc)
    ]


@names_the_file
def decomposition_read_otb(
    path: str | Path,
    *,
    ext_factor: int = 8,
    reference: Literal["acquired", "performed", "none"] = "acquired",
    allow_no_units: bool = False,
) -> Decomposition:
    """Read an OTBiolab+ ``.mat`` export with a decomposition (versions 1.5.3-1.5.9).

    Columns are recognised by their description: ``Source for decomposition`` (pulse trains),
    ``Decomposition of`` (binary discharges), ``acquired data`` (full-rate reference force) or
    ``performed path`` (subsampled), and the rest are the grid channels.

    Parameters
    ----------
    path : str or Path
        The ``.mat`` file.
    ext_factor : int
        Extension factor used by the decomposition: OTBiolab+ stores the binary discharges
        delayed by this many samples relative to the pulse trains; they are shifted back (as
        openhdemg does). 8 for the OTBiolab+ default.
    reference : {"acquired", "performed", "none"}
        Which reference signal to keep.
    allow_no_units : bool
        Accept an export without decomposition columns (a raw recording: EMG and force only)
        and return it with no units, instead of raising.

    Returns
    -------
    Decomposition
        Units in file order, with their pulse trains (the file stores no SIL;
        :func:`neurolift.motorunits.mu_sil_units` computes it). The reference keeps the unit of
        the file (``"%MVC"`` when the description says so).

    References
    ----------
    .. [1] Valli G, et al. (2024). openhdemg: an open-source Python library for the analysis
       of high-density EMG signals. J Electromyogr Kinesiol 74:102850.

    Examples
    --------
    A minimal export in the OTBiolab+ layout (one EMG channel, one unit, force in %MVC):

    >>> import scipy.io, tempfile
    >>> from pathlib import Path
    >>> n = 4000
    >>> data = np.zeros((n, 4), dtype=np.float32)
    >>> data[np.arange(500, 3500, 200) + 8, 1] = 1        # binary discharges, delayed by 8
    >>> data[np.arange(500, 3500, 200), 2] = 5.0          # pulse train peaks
    >>> data[:, 3] = 20.0                                 # reference force
    >>> desc = np.array([["m - GR08MM1305 (1)[uV]"], ["Decomposition of m (1)[a.u]"],
    ...                  ["Source for decomposition of m (1)[a.u]"], ["acquired data[ %(MVC)]"]],
    ...                 dtype=object)
    >>> f = Path(tempfile.mkdtemp()) / "otb.mat"
    >>> scipy.io.savemat(f, {"Data": data, "Description": desc, "SamplingFrequency": 2048})
    >>> d = decomposition_read_otb(f)
    >>> d.n_units, d.discharges[0][:2].tolist(), d.grid, d.reference.unit, d.pulse_trains.shape
    (1, [500, 700], 'GR08MM1305', '%MVC', (4000, 1))
    """
    where = "decomposition_read_otb"
    check_choice("reference", reference, ("acquired", "performed", "none"), where=where)
    if int(ext_factor) != ext_factor or ext_factor < 0:
        raise InvalidParameterError(
            f"{where}: ext_factor must be an integer >= 0, got {ext_factor!r}"
        )
    p = Path(path)
    mat = _loadmat(p, where)
    with file_layout(p, where=where, layout="OTBiolab+ .mat"):
        for key in ("Data", "Description", "SamplingFrequency"):
            if key not in mat:
                raise FileFormatError(
                    f"{where}: variable {key!r} not found; is this an OTBiolab+ export?",
                    path=str(p),
                )
        data = np.asarray(mat["Data"], dtype=np.float64)
        if data.ndim != 2:
            raise FileFormatError(
                f"{where}: 'Data' must be 2-D, got shape {data.shape}", path=str(p)
            )
        desc = _otb_descriptions(mat["Description"])
        if len(desc) != data.shape[1]:
            raise FileFormatError(
                f"{where}: {len(desc)} descriptions for {data.shape[1]} data columns", path=str(p)
            )
        fs = check_sampling_rate(np.asarray(mat["SamplingFrequency"]).ravel()[0], where=where)
        ipts_cols = [i for i, d in enumerate(desc) if "Source for decomposition" in d]
        bin_cols = [i for i, d in enumerate(desc) if "Decomposition of" in d]
        acq_cols = [i for i, d in enumerate(desc) if "acquired data" in d]
        perf_cols = [i for i, d in enumerate(desc) if "performed path" in d]
        if not bin_cols and not allow_no_units:
            raise FileFormatError(
                f"{where}: no 'Decomposition of' columns (discharges) in the file; a raw grid "
                "recording is decomposed with `neurolift mu decompose`",
                path=str(p),
            )
        if ipts_cols and len(ipts_cols) != len(bin_cols):
            raise FileFormatError(
                f"{where}: {len(ipts_cols)} pulse trains but {len(bin_cols)} discharge columns",
                path=str(p),
            )
        special = set(ipts_cols) | set(bin_cols) | set(acq_cols) | set(perf_cols)
        emg_cols = [i for i in range(len(desc)) if i not in special]
        n = data.shape[0]
        k = int(ext_factor)
        discharges = []
        for c in bin_cols:
            idx = np.flatnonzero(data[:, c] == 1) - k
            discharges.append(idx[idx >= 0])
        pulse_trains = data[:, ipts_cols] if ipts_cols else None
        grid = next((g for g in OTB_GRIDS if any(g in d for d in desc)), None)
        ied = OTB_GRIDS[grid][0] if grid else None
        ref_ts = None
        cols = (
            acq_cols if reference == "acquired" else perf_cols if reference == "performed" else []
        )
        if cols:
            label = desc[cols[0]]
            m = re.search(r"\[\s*([^\]]+?)\s*\]\s*$", label)
            unit = m.group(1).replace("(", "").replace(")", "").replace(" ", "") if m else "a.u."
            ref_ts = TimeSeries(data[:, cols[0]], fs, unit, ("force",))
        emg_ts = None
        if emg_cols:
            m = re.search(r"\[\s*([^\]]+?)\s*\]\s*$", desc[emg_cols[0]])
            emg_ts = TimeSeries(
                to_volts(data[:, emg_cols], m.group(1) if m else "uV", where=where),
                fs,
                "V",
                tuple(f"ch{j + 1}" for j in range(len(emg_cols))),
            )
    return Decomposition(
        discharges,
        fs,
        n,
        pulse_trains,
        ref_ts,
        emg_ts,
        ied,
        grid,
        source="OTB",
        filename=p.name,
    )


def _split_frame(obj: Any, where: str, path: Path, name: str) -> np.ndarray:
    """An openhdemg DataFrame stored as pandas 'split' JSON -> 2-D float array in index order."""
    if isinstance(obj, str):
        try:
            obj = json.loads(obj)
        except json.JSONDecodeError:
            raise FileFormatError(f"{where}: field {name} is not JSON", path=str(path)) from None
    if not isinstance(obj, dict) or "data" not in obj:
        raise FileFormatError(
            f"{where}: field {name} is not a pandas 'split' table", path=str(path)
        )
    rows = obj.get("data") or []
    index = obj.get("index") or list(range(len(rows)))
    cols = obj.get("columns") or []
    arr = np.array([[np.nan if v is None else v for v in r] for r in rows], dtype=np.float64)
    if arr.size == 0:
        return np.zeros((0, len(cols)))
    order = np.argsort(np.asarray(index, dtype=np.int64), kind="stable")
    return arr[order]


@names_the_file
def decomposition_read_openhdemg(path: str | Path) -> Decomposition:
    """Read an openhdemg ``.json`` file (gzip-compressed JSON written by ``save_json_emgfile``).

    Parameters
    ----------
    path : str or Path
        The file.

    Returns
    -------
    Decomposition
        ``MUPULSES`` as discharges, ``IPTS`` as pulse trains, ``REF_SIGNAL`` as reference
        (unit ``"%MVC"``, openhdemg's convention), ``RAW_SIGNAL`` as EMG (uV), ``IED`` (mm -> m),
        ``ACCURACY`` as SIL. ``RAW_SIGNAL`` (uV in openhdemg) is converted to V.

    References
    ----------
    .. [1] Valli G, et al. (2024). openhdemg. J Electromyogr Kinesiol 74:102850.

    Examples
    --------
    The layout openhdemg writes (gzip JSON whose fields are JSON strings; tables in pandas
    "split" orientation):

    >>> import gzip, json, tempfile
    >>> from pathlib import Path
    >>> table = lambda rows: json.dumps({"columns": [0], "index": list(range(len(rows))),
    ...                                  "data": [[v] for v in rows]})
    >>> doc = {"SOURCE": json.dumps("CUSTOMCSV"), "FSAMP": json.dumps(2048.0),
    ...        "IED": json.dumps(8.0), "EMG_LENGTH": json.dumps(1000),
    ...        "MUPULSES": json.dumps([[100, 300, 500]]), "REF_SIGNAL": table([10.0] * 1000),
    ...        "ACCURACY": table([0.95])}
    >>> f = Path(tempfile.mkdtemp()) / "e.json"
    >>> with gzip.open(f, "wt", encoding="utf-8") as fh:
    ...     json.dump(doc, fh)
    >>> d = decomposition_read_openhdemg(f)
    >>> d.source, d.discharges[0].tolist(), d.ied_m, d.sil.tolist(), d.reference.unit
    ('openhdemg:CUSTOMCSV', [100, 300, 500], 0.008, [0.95], '%MVC')
    """
    where = "decomposition_read_openhdemg"
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(2, "No such file or directory", str(p))
    try:
        with gzip.open(p, "rt", encoding="utf-8") as fh:
            top = json.load(fh)
    except (
        OSError,
        EOFError,
        zlib.error,
        json.JSONDecodeError,
        UnicodeDecodeError,
        RecursionError,
    ):
        try:
            top = json.loads(p.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
            raise FileFormatError(
                f"{where}: not an openhdemg JSON file ({type(exc).__name__}: {exc})", path=str(p)
            ) from None

    with file_layout(p, where=where, layout="openhdemg JSON"):

        def field_(name: str) -> Any:
            if name not in top:
                raise FileFormatError(f"{where}: field {name!r} missing", path=str(p))
            v = top[name]
            if isinstance(v, str):
                try:
                    return json.loads(v)
                except json.JSONDecodeError:
                    return v
            return v

        if not isinstance(top, dict):
            raise FileFormatError(f"{where}: top level is not an object", path=str(p))
        source = field_("SOURCE")
        if source not in ("DEMUSE", "OTB", "CUSTOMCSV", "DELSYS"):
            raise FileFormatError(f"{where}: SOURCE {source!r} holds no decomposition", path=str(p))
        fs = check_sampling_rate(field_("FSAMP"), where=where)
        mupulses = field_("MUPULSES")
        if not isinstance(mupulses, list):
            raise FileFormatError(f"{where}: MUPULSES must be a list of lists", path=str(p))
        discharges = [np.asarray(m, dtype=np.int64).ravel() for m in mupulses]
        n = int(field_("EMG_LENGTH"))
        ipts = _split_frame(top.get("IPTS", "{}"), where, p, "IPTS") if "IPTS" in top else None
        if ipts is not None and ipts.shape != (n, len(discharges)):
            ipts = None
        ref = (
            _split_frame(top["REF_SIGNAL"], where, p, "REF_SIGNAL") if "REF_SIGNAL" in top else None
        )
        ref_ts = (
            TimeSeries(ref[:, 0], fs, "%MVC", ("force",))
            if ref is not None and ref.shape[0] == n and ref.shape[1] >= 1
            else None
        )
        raw = (
            _split_frame(top["RAW_SIGNAL"], where, p, "RAW_SIGNAL") if "RAW_SIGNAL" in top else None
        )
        emg_ts = (
            TimeSeries(raw * 1e-6, fs, "V", tuple(f"ch{j + 1}" for j in range(raw.shape[1])))
            if raw is not None and raw.shape[0] == n and raw.shape[1] >= 1
            else None
        )
        acc = _split_frame(top["ACCURACY"], where, p, "ACCURACY") if "ACCURACY" in top else None
        sil = (
            acc[:, 0]
            if acc is not None and acc.shape[0] == len(discharges) and acc.shape[1]
            else None
        )
        ied_mm = field_("IED") if "IED" in top else None
        ied = (
            float(ied_mm) / 1000.0
            if ied_mm not in (None, "") and np.isfinite(float(ied_mm))
            else None
        )
    return Decomposition(
        discharges,
        fs,
        n,
        ipts,
        ref_ts,
        emg_ts,
        ied,
        None,
        sil,
        source=f"openhdemg:{source}",
        filename=p.name,
    )


@names_the_file
def decomposition_read_demuse(path: str | Path) -> Decomposition:
    """Read a DEMUSE ``.mat`` decomposition (``MUPulses``, ``IPTs``, ``fsamp``, ``SIG``, ``ref_signal``).

    ``MUPulses`` are MATLAB 1-based sample indices and become 0-based. ``IED`` is in mm.
    ``SIG`` (the grid EMG) has no unit in the file; it is kept with unit ``"a.u."``.

    Parameters
    ----------
    path : str or Path
        The file.

    Returns
    -------
    Decomposition

    References
    ----------
    .. [1] Holobar A, Zazula D (2007). Multichannel blind source separation using convolution
       kernel compensation. IEEE Trans Signal Process 55(9):4487-4496.

    Examples
    --------
    >>> import scipy.io, tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "demuse.mat")
    >>> pulses = np.empty((1, 2), dtype=object)                  # a MATLAB cell {[...], [...]}
    >>> pulses[0, 0], pulses[0, 1] = np.array([100, 300, 500]), np.array([150, 400])
    >>> scipy.io.savemat(f, {"fsamp": 2048.0, "IED": 8.0, "MUPulses": pulses,
    ...                      "IPTs": np.zeros((2, 1000))})
    >>> d = decomposition_read_demuse(f)
    >>> d.discharges[0].tolist(), d.n_units, d.n_samples, d.ied_m
    ([99, 299, 499], 2, 1000, 0.008)
    """
    where = "decomposition_read_demuse"
    p = Path(path)
    mat = _loadmat(p, where)
    with file_layout(p, where=where, layout="DEMUSE .mat"):
        for key in ("fsamp", "MUPulses"):
            if key not in mat:
                raise FileFormatError(
                    f"{where}: variable {key!r} not found; is this a DEMUSE file?", path=str(p)
                )
        fs = check_sampling_rate(np.asarray(mat["fsamp"]).ravel()[0], where=where)
        raw_pulses = mat["MUPulses"]
        if isinstance(raw_pulses, np.ndarray) and raw_pulses.dtype != object:
            units = (
                [raw_pulses] if raw_pulses.ndim <= 1 or 1 in raw_pulses.shape else list(raw_pulses)
            )
        else:
            units = list(np.atleast_1d(raw_pulses))
        discharges = [np.asarray(u, dtype=np.float64).ravel().astype(np.int64) - 1 for u in units]
        ipts = None
        n = None
        if "IPTs" in mat:
            a = np.asarray(mat["IPTs"], dtype=np.float64)
            a = a[None, :] if a.ndim == 1 else a
            if a.shape[0] == len(discharges):
                ipts = a.T
                n = a.shape[1]
        emg_ts = None
        if "SIG" in mat:
            cells = [
                np.asarray(c, dtype=np.float64).ravel()
                for c in np.asarray(mat["SIG"], dtype=object).ravel(order="F")
            ]
            cells = [c for c in cells if c.size]
            if cells and len({c.size for c in cells}) == 1:
                n = n or cells[0].size
                if cells[0].size == n:
                    emg_ts = TimeSeries(
                        np.column_stack(cells),
                        fs,
                        "a.u.",
                        tuple(f"ch{j + 1}" for j in range(len(cells))),
                    )
        ref_ts = None
        if "ref_signal" in mat:
            r = np.asarray(mat["ref_signal"], dtype=np.float64).ravel()
            n = n or r.size
            if r.size == n:
                ref_ts = TimeSeries(r, fs, "%MVC", ("force",))
        if n is None:
            last = max((int(d[-1]) for d in discharges if d.size), default=0)
            n = last + 1
        ied = float(np.asarray(mat["IED"]).ravel()[0]) / 1000.0 if "IED" in mat else None
    return Decomposition(
        discharges, fs, n, ipts, ref_ts, emg_ts, ied, None, source="DEMUSE", filename=p.name
    )


@names_the_file
def decomposition_read_csv(
    path: str | Path,
    *,
    sampling_rate: float,
    time_unit: Literal["s", "ms", "samples"] = "s",
    n_samples: int | None = None,
    reference: TimeSeries | None = None,
) -> Decomposition:
    """Read a CSV of discharge times: one column per unit, ragged columns padded with empty cells.

    Only the end of a column may be empty (the padding of a shorter unit): an empty, NaN or
    infinite cell before a unit's last discharge, a time that goes backwards, and a median
    discharge rate outside 1-100 pps (times in milliseconds read as seconds give ~0.01 pps,
    seconds read as samples give thousands) are refused with the likely cause.

    Parameters
    ----------
    path : str or Path
        Delimited text (any dialect :func:`~neurolift.io.table_read` accepts); the
        header, when present, names the units.
    sampling_rate : float
        Hz, the rate discharge times are expressed at (and of the reference). Required.
    time_unit : {"s", "ms", "samples"}
        Whether cells are times in seconds, milliseconds or sample indices.
    n_samples : int, optional
        Recording length; default: the reference length, else the last discharge + 1.
    reference : TimeSeries, optional
        Force signal recorded with it (same rate).

    Returns
    -------
    Decomposition

    Examples
    --------
    >>> import tempfile, os
    >>> from pathlib import Path
    >>> f = os.path.join(tempfile.mkdtemp(), "mu.csv")
    >>> _ = Path(f).write_text("MU_a,MU_b\\n0.10,0.20\\n0.20,0.35\\n0.30,\\n")
    >>> d = decomposition_read_csv(f, sampling_rate=1000)
    >>> d.unit_names, d.discharges[1].tolist()
    (('MU_a', 'MU_b'), [200, 350])
    """
    where = "decomposition_read_csv"
    fs = check_sampling_rate(sampling_rate, where=where)
    check_choice("time_unit", time_unit, ("s", "ms", "samples"), where=where)
    table = table_read(path, where=where)
    scale = {"s": fs, "ms": fs / 1000.0, "samples": 1.0}[time_unit]
    discharges = []
    first_row = 2 if table.has_header else 1
    for j, name in enumerate(table.columns):
        col = table.values[:, j]
        finite = np.isfinite(col)
        n_kept = int(np.flatnonzero(finite)[-1]) + 1 if finite.any() else 0
        if not finite[:n_kept].all() or np.isinf(col).any():
            i = (
                int(np.flatnonzero(~finite[:n_kept])[0])
                if not finite[:n_kept].all()
                else (int(np.flatnonzero(np.isinf(col))[0]))
            )
            raise FileFormatError(
                f"{where}: unit {name!r} has an empty, NaN or infinite cell before its last "
                "discharge; only the end of a column may be empty (padding of a shorter unit)",
                path=str(path),
                line=first_row + i,
            )
        t = col[:n_kept]
        if t.size and (np.abs(t).max() > 2**31 / scale or (t < 0).any()):
            raise FileFormatError(
                f"{where}: unit {name!r} has a discharge time of {t[np.argmax(np.abs(t))]:g} "
                f"{time_unit}, outside the recording (0 to 2^31 samples)",
                path=str(path),
            )
        idx = np.round(t * scale).astype(np.int64)
        back = np.flatnonzero(np.diff(idx) <= 0)
        if back.size:
            raise FileFormatError(
                f"{where}: unit {name!r}: discharge times do not increase (at {t[back[0] + 1]:g} "
                f"{time_unit}); one column per unit, times in order"
                + (
                    "; these look like seconds - pass time_unit='s'"
                    if time_unit == "samples" and t.max() < 1000
                    else ""
                ),
                path=str(path),
                line=first_row + int(back[0]) + 1,
            )
        discharges.append(idx)
    isi = [np.diff(d) / fs for d in discharges if d.size >= 3]
    if isi:
        rate = 1.0 / float(np.median(np.concatenate(isi)))
        if not 1.0 <= rate <= 100.0:
            hint = {
                ("s", True): "milliseconds or sample numbers read as seconds? pass "
                "time_unit='ms' or 'samples'",
                ("s", False): "check the sampling rate",
                ("ms", True): "sample numbers read as milliseconds? pass time_unit='samples'",
                ("ms", False): "seconds read as milliseconds? pass time_unit='s'",
                ("samples", True): "check the sampling rate",
                ("samples", False): "seconds or milliseconds read as sample numbers? pass "
                "time_unit='s' or 'ms'",
            }[(time_unit, rate < 1.0)]
            raise UnitError(
                f"{where}: {path}: the median discharge rate is {rate:.3g} pps, outside the "
                f"1-100 pps of motor units; {hint}"
            )
    if reference is not None:
        n = reference.n_samples
    elif n_samples is not None:
        n = int(check_positive("n_samples", n_samples, where=where))
    else:
        n = max((int(d.max()) for d in discharges if d.size), default=0) + 1
    names = table.columns if table.has_header else ()
    return Decomposition(
        discharges,
        fs,
        n,
        reference=reference,
        source="CSV",
        filename=Path(path).name,
        unit_names=tuple(names),
    )


@names_the_file
def decomposition_read_reference(
    path: str | Path,
    *,
    sampling_rate: float,
    n_samples: int,
    column: str | None = None,
    unit: str = "N",
) -> TimeSeries:
    """Read the force (or torque) recorded with a decomposition from delimited text, on the
    decomposition's clock.

    The file has a time column (its rate must be ``sampling_rate`` within 1 %) or is sampled at
    ``sampling_rate``; the force is ``column`` or the first other column, cut to ``n_samples``.

    Examples
    --------
    >>> import tempfile, os
    >>> f = os.path.join(tempfile.mkdtemp(), "force.csv")
    >>> _ = Path(f).write_text("time,force\\n" + "\\n".join(f"{i / 100},{i}" for i in range(6)))
    >>> r = decomposition_read_reference(f, sampling_rate=100, n_samples=4, unit="%MVC")
    >>> r.values.tolist(), r.unit, r.sampling_rate
    ([0.0, 1.0, 2.0, 3.0], '%MVC', 100.0)
    """
    where = "decomposition_read_reference"
    fs = check_sampling_rate(sampling_rate, where=where)
    p = Path(path)
    t = table_read(p, where=where)
    cols = list(t.columns)
    it = find_time_column(cols) if t.has_header else None
    if it is not None:
        fs_file = sampling_rate_from_time(t.values[:, it], where=where, path=str(p))
        if abs(fs_file - fs) > 0.01 * fs:
            raise SamplingRateError(
                f"{where}: {p.name} is sampled at {fs_file:.6g} Hz but the discharges at "
                f"{fs:g} Hz; resample the force first"
            )
    names = [c for i, c in enumerate(cols) if i != it]
    if column is not None and column not in names:
        raise InvalidParameterError(f"{where}: no column {column!r}; columns are {cols}")
    name = column or (names[0] if names else None)
    if name is None:
        raise InvalidParameterError(f"{where}: {p.name} has no force column")
    values = t.column(name)
    if values.size < n_samples:
        raise InvalidParameterError(
            f"{where}: {p.name} has {values.size} samples, the decomposition {n_samples}"
        )
    return TimeSeries(values[:n_samples], fs, unit, ("force",))


@names_the_file
def decomposition_read_json(path: str | Path) -> Decomposition:
    """Read a ``units.json`` written by :func:`decomposition_write_json`.

    Examples
    --------
    >>> import tempfile
    >>> from neurolift.io.decomposition_write import decomposition_write_json
    >>> ref = TimeSeries(np.full(1000, 20.0), 1000, "%MVC")
    >>> d = Decomposition([np.array([100, 300, 500])], 1000, 1000, reference=ref, pnr_db=[31.0])
    >>> f = decomposition_write_json(d, Path(tempfile.mkdtemp()) / "units.json")
    >>> back = decomposition_read_json(f)
    >>> back.discharges[0].tolist(), back.reference.unit, back.pnr_db.tolist()
    ([100, 300, 500], '%MVC', [31.0])
    """
    where = "decomposition_read_json"
    p = Path(path)
    if not p.exists():
        raise FileNotFoundError(2, "No such file or directory", str(p))
    doc = read_json(p, where=where)
    if not isinstance(doc, dict) or doc.get("format") != UNITS_JSON_FORMAT:
        raise FileFormatError(
            f"{where}: not a neurolift units file (format {UNITS_JSON_FORMAT!r} expected)",
            path=str(p),
        )
    try:
        fs = float(doc["sampling_rate"])
        n = int(doc["n_samples"])
        units = doc["units"]
        if not isinstance(units, list):
            raise TypeError("units must be a list")
        discharges = [np.asarray(u["discharges"], dtype=np.int64) for u in units]
        names = tuple(str(u.get("name", f"MU{i}")) for i, u in enumerate(units))

        def col(key: str) -> np.ndarray | None:
            vals = [u.get(key) for u in units]
            if all(v is None for v in vals):
                return None
            return np.array([np.nan if v is None else float(v) for v in vals])

        ref = None
        if doc.get("reference") is not None:
            r = doc["reference"]
            ref = TimeSeries(
                np.asarray(r["values"], dtype=np.float64), fs, str(r["unit"]), ("force",)
            )
        ied = doc.get("ied_m")
        return Decomposition(
            discharges,
            fs,
            n,
            reference=ref,
            ied_m=None if ied is None else float(ied),
            grid=doc.get("grid"),
            sil=col("sil"),
            source=str(doc.get("source", "neurolift")),
            filename=p.name,
            unit_names=names,
            pnr_db=col("pnr_db"),
            separation=doc.get("separation"),
            method=dict(doc.get("method") or {}),
            warnings=list(doc.get("warnings") or []),
        )
    except (KeyError, TypeError, ValueError) as exc:
        if isinstance(exc, InvalidParameterError):
            raise FileFormatError(f"{where}: {exc}", path=str(p)) from None
        raise FileFormatError(f"{where}: malformed units file ({exc!r})", path=str(p)) from None


def _read_self_timed(p: Path, ext: str, **kwargs: Any) -> Decomposition:
    """A .mat or .json decomposition (formats that carry their sampling rate)."""
    if ext == ".json":
        if p.exists():
            with p.open("rb") as fh:
                head = fh.read(256)
            if head.lstrip().startswith(b"{") and UNITS_JSON_FORMAT.encode() in head:
                return decomposition_read_json(p)
        return decomposition_read_openhdemg(p)
    mat_keys = _loadmat(p, "decomposition_read").keys()
    if "Data" in mat_keys and "Description" in mat_keys:
        return decomposition_read_otb(p, **kwargs)
    if "MUPulses" in mat_keys:
        return decomposition_read_demuse(p)
    raise FileFormatError(
        "decomposition_read: .mat file is neither an OTBiolab+ export "
        "(Data/Description) nor DEMUSE (MUPulses)",
        path=str(p),
    )


@names_the_file
def decomposition_read(
    path: str | Path, *, sampling_rate: float | None = None, **kwargs: Any
) -> Decomposition:
    """Read a decomposition, choosing the reader from the file content and extension.

    ``.mat`` with ``Data``/``Description`` -> OTBiolab+; with ``MUPulses`` -> DEMUSE; ``.json``
    -> neurolift's ``units.json`` (``mu decompose --out``) or openhdemg; ``.csv``/``.tsv``/``.txt`` -> discharge-time CSV (needs ``sampling_rate``).
    The .mat and .json files carry their own sampling rate: a ``sampling_rate`` that disagrees
    with it by more than 1 % raises :class:`SamplingRateError`.

    Examples
    --------
    >>> decomposition_read("x.xyz")
    Traceback (most recent call last):
    ...
    neurolift.errors.FileFormatError: x.xyz: decomposition_read: unknown extension '.xyz'; expected .mat, .json, .csv, .tsv or .txt
    """
    p = Path(path)
    ext = p.suffix.lower()
    if ext in (".mat", ".json"):
        d = _read_self_timed(p, ext, **kwargs)
        # these files carry their own rate: a different one given is a mistake, not an order
        if sampling_rate is not None:
            given = check_sampling_rate(sampling_rate, where="decomposition_read")
            if abs(given - d.sampling_rate) > 0.01 * d.sampling_rate:
                raise SamplingRateError(
                    f"decomposition_read: {p} is sampled at {d.sampling_rate:g} Hz (it says so "
                    f"itself) but sampling_rate={given:g} Hz was given; drop the sampling rate"
                )
        return d
    if ext in (".csv", ".tsv", ".txt"):
        if sampling_rate is None:
            raise SamplingRateError(
                "decomposition_read: a CSV of discharge times needs sampling_rate (Hz)"
            )
        return decomposition_read_csv(p, sampling_rate=sampling_rate, **kwargs)
    raise FileFormatError(
        f"decomposition_read: unknown extension {ext!r}; expected .mat, .json, .csv, .tsv or .txt",
        path=str(p),
    )
