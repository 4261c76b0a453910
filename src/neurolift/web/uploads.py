"""Uploaded recordings: checked (name, size, type), analysed by the CLI's services, stored in one
transaction (signal, result and metrics together, or nothing).

A file never touches the disk under the name it came with: its base name is checked against the
accepted extensions of its kind and it is written into a fresh temporary folder (the readers
choose their format by extension, as ``neurolift force analyze FILE`` does), read, and removed.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any, Literal

from neurolift.errors import NeuroliftError, UnsupportedFileTypeError, UploadTooLargeError
from neurolift.store import ResultRecord, Store

__all__ = ["KINDS", "UploadOptions", "upload_check_name", "upload_check_content", "upload_analyze"]

Kind = Literal["force", "velocity", "emg", "mu"]
KINDS: dict[str, tuple[str, ...]] = {
    "force": (".txt", ".csv", ".tsv", ".c3d"),
    "velocity": (".txt", ".csv", ".tsv"),
    "emg": (".csv", ".tsv", ".txt", ".c3d", ".edf", ".bdf", ".mat"),
    "mu": (".mat", ".json", ".csv"),
}
_TEXT = (".txt", ".csv", ".tsv")
_SAFE = re.compile(r"[^A-Za-z0-9._ -]")


def upload_check_name(filename: str | None, kind: str) -> str:
    """A safe base name for an upload of ``kind``: no folders, no ``..``, an accepted extension.

    >>> upload_check_name("../../etc/passwd.csv", "force")
    Traceback (most recent call last):
    ...
    neurolift.errors.UnsupportedFileTypeError: upload: the file name must not contain folders or '..', got '../../etc/passwd.csv'
    >>> upload_check_name("CMJ 01.txt", "force")
    'CMJ 01.txt'
    """
    if kind not in KINDS:
        raise UnsupportedFileTypeError(f"upload: kind must be one of {sorted(KINDS)}, got {kind!r}")
    name = filename or ""
    if (
        not name
        or name != PurePosixPath(name).name
        or name != PureWindowsPath(name).name
        or ".." in name
        or "\x00" in name
    ):
        raise UnsupportedFileTypeError(
            f"upload: the file name must not contain folders or '..', got {filename!r}"
        )
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in KINDS[kind]:
        raise UnsupportedFileTypeError(
            f"upload: a {kind} recording must be one of {', '.join(KINDS[kind])}, got {name!r}"
        )
    return _SAFE.sub("_", name)[:200]


def upload_check_content(data: bytes, name: str) -> None:
    """Refuse content that cannot be the format its extension claims (before any parsing)."""
    suffix = PurePosixPath(name).suffix.lower()
    head = data[:4096]
    if not data:
        raise UnsupportedFileTypeError(f"upload: {name} is empty")
    if suffix in _TEXT or suffix == ".json":
        if b"\x00" in head:
            raise UnsupportedFileTypeError(f"upload: {name} is not a text file (binary content)")
        return
    ok = {
        ".c3d": len(data) > 512 and data[1] == 0x50,  # parameter section id of every C3D file
        ".edf": data[:8] == b"0       ",
        ".bdf": data[:8] == b"\xffBIOSEMI",
        ".mat": data[:10] == b"MATLAB 5.0" or data[512:520] == b"\x89HDF\r\n\x1a\n",
    }.get(suffix, False)
    if not ok:
        raise UnsupportedFileTypeError(f"upload: {name} does not look like a {suffix} file")


@dataclass(frozen=True)
class UploadOptions:
    """What the upload form asks besides the file (the CLI's options of the same name)."""

    sampling_rate: float | None = None
    test: str = "auto"  # force
    exercise: str | None = None  # velocity
    load_kg: float | None = None  # velocity
    unit: str = "V"  # emg text files


def upload_analyze(
    store: Store,
    athlete: str,
    kind: str,
    filename: str | None,
    data: bytes,
    options: UploadOptions,
    *,
    max_bytes: int,
) -> tuple[ResultRecord, Any]:
    """Check, analyse and store one upload; returns the stored result and the analysis."""
    if len(data) > max_bytes:
        raise UploadTooLargeError(
            f"upload: the file is larger than the limit of {max_bytes / 1024 / 1024:g} MB"
        )
    name = upload_check_name(filename, kind)
    upload_check_content(data, name)
    with tempfile.TemporaryDirectory(prefix="neurolift-upload-") as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            return _analyze(store, athlete, kind, path, name, options)
        except NeuroliftError as exc:  # the CLI's message for a file of this name, no temp path
            raise type(exc)(str(exc).replace(str(path), name)) from None


def _analyze(
    store: Store, athlete: str, kind: str, path: Path, name: str, options: UploadOptions
) -> tuple[ResultRecord, Any]:
    from neurolift.errors import InvalidParameterError

    if kind == "force":
        from neurolift.services.force import force_analyze_file, force_trial_save

        trial = force_analyze_file(path, test=options.test, sampling_rate=options.sampling_rate)
        return force_trial_save(store, athlete, trial, source_name=name), trial
    if kind == "velocity":
        from neurolift.services.vbt import vbt_analyze_file, vbt_set_save

        if not options.exercise or options.load_kg is None:
            raise InvalidParameterError("upload: a velocity file needs the exercise and load")
        bar = vbt_analyze_file(
            path,
            exercise=options.exercise,
            load_kg=options.load_kg,
            sampling_rate=options.sampling_rate,
        )
        return vbt_set_save(store, athlete, bar, source_name=name), bar
    if kind == "emg":  # neurolift emg analyze FILE --athlete A
        from neurolift.batch.archive import archive_force_column
        from neurolift.io.emg import emg_read
        from neurolift.services.emg import emg_analysis_save
        from neurolift.signals.emg import emg_analyze

        text = path.suffix.lower() in (".csv", ".tsv", ".txt")
        opts = {"unit": options.unit, "force_channel": archive_force_column(path)} if text else {}
        rec_emg = emg_read(path, sampling_rate=options.sampling_rate, **opts)
        emg = emg_analyze(rec_emg.emg, force=rec_emg.force)
        saved = emg_analysis_save(
            store,
            athlete,
            {"file": name, **emg.to_dict()},
            signal=rec_emg.emg,
            method=emg.method,
            source_name=name,
            file_format=rec_emg.source,
        )
        return saved, emg
    # neurolift mu analyze FILE --athlete A
    from neurolift.io.decomposition import decomposition_read
    from neurolift.motorunits.analysis import mu_analyze
    from neurolift.services.emg import mu_analysis_save

    d = decomposition_read(path, sampling_rate=options.sampling_rate).sorted_by_recruitment()
    mu = mu_analyze(d)  # units in recruitment order, as the CLI's default --sort
    saved = mu_analysis_save(store, athlete, mu.to_dict(), d, method=mu.method, source_name=name)
    return saved, mu
