"""Fuzz the EMG readers (CSV, EDF, C3D, OTB .mat) and the motor-unit decomposition readers
(OTBiolab+ and DEMUSE .mat, openhdemg JSON, discharge-time CSV): random bytes, mutants of real
files and of files written by each format's library, re-encoded files, built tables and
reshaped JSON. Whatever the input, a reader returns or raises a neurolift error that names the
file (tests/fuzz/conftest.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from neurolift.io.decomposition import (
    decomposition_read,
    decomposition_read_csv,
    decomposition_read_demuse,
    decomposition_read_openhdemg,
    decomposition_read_otb,
)
from neurolift.io.emg import emg_read, emg_read_c3d, emg_read_csv, emg_read_edf

EMG = Path(__file__).resolve().parents[1] / "data" / "emg"
QUOTA = 3400  # inputs per run; the three fuzz modules together make over 10,000

READERS: dict[str, dict[str, Any]] = {
    # surface EMG
    "emg_read_csv": {
        "suffix": ".csv",
        "call": lambda p: emg_read_csv(p, sampling_rate=1000, unit="mV"),
        "text": [EMG / "synthetic_emg_force.csv", EMG / "moritani_pre.csv"],
        "headers": [["time", "VL", "BF", "force"], ["VL"], ["t", "emg"]],
    },
    "emg_read_edf": {"suffix": ".edf", "call": emg_read_edf, "binary": ["edf"]},
    "emg_read_c3d": {"suffix": ".c3d", "call": emg_read_c3d, "binary": ["c3d"]},
    "emg_read OTB .mat": {"suffix": ".mat", "call": emg_read, "binary": ["otb_mat"]},
    # motor-unit decompositions
    "decomposition_read_otb": {
        "suffix": ".mat",
        "call": decomposition_read_otb,
        "binary": ["otb_mat"],
    },
    "decomposition_read_demuse": {
        "suffix": ".mat",
        "call": decomposition_read_demuse,
        "binary": ["demuse_mat"],
    },
    "decomposition_read_openhdemg": {
        "suffix": ".json",
        "call": decomposition_read_openhdemg,
        "binary": ["openhdemg_json", "openhdemg_gz"],
        "json": "openhdemg_json",
    },
    "decomposition_read_csv": {
        "suffix": ".csv",
        "call": lambda p: decomposition_read_csv(p, sampling_rate=2048),
        "headers": [["MU1", "MU2"], ["MU_a"], []],
    },
    "decomposition_read .mat": {
        "suffix": ".mat",
        "call": decomposition_read,
        "binary": ["otb_mat", "demuse_mat"],
    },
}


def test_a_reader_returns_or_raises_a_neurolift_error(fuzz, fuzz_case) -> None:
    fuzz.run(fuzz_case, READERS[fuzz_case.name])
