"""Fuzz the force-plate readers (text, C3D) and the barbell readers (Chronojump, position or
velocity CSV, IMU CSV, OpenBarbell JSON, rep summaries): random bytes, mutants of real files,
re-encoded files, built tables and reshaped JSON. Whatever the input, a reader returns or raises
a neurolift error that names the file (tests/fuzz/conftest.py).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from neurolift.io.force import force_read
from neurolift.io.velocity import (
    velocity_read_chronojump,
    velocity_read_csv,
    velocity_read_imu,
    velocity_read_openbarbell,
    velocity_read_rep_summary,
)

DATA = Path(__file__).resolve().parents[1] / "data"
FORCE = DATA / "force"
VBT = DATA / "vbt"
EMG = DATA / "emg"
QUOTA = 3400  # inputs per run; the three fuzz modules together make over 10,000

FORCE_TEXT = [
    FORCE / "gidiel_Single-CMJ-Fz.txt",
    FORCE / "gidiel_Dual-SJ-Fz.txt",
    FORCE / "gpl" / "sams_cmj_single_trial_dual_fp.csv",
    FORCE / "gpl" / "beckham_isometric_Example1_500hz.csv",
]
FORCE_HEADERS = [["Fz"], ["time", "Fz"], ["fp1", "fp2"], ["Time", "left", "right"]]
# three sets of the real OpenBarbell export (the whole file is 128 kB)
OPENBARBELL = dict(
    list(json.loads(VBT.joinpath("openbarbell_TestData.json").read_text()).items())[:3]
)

READERS: dict[str, dict[str, Any]] = {
    # force plates
    "force_read text, rate given": {
        "suffix": ".txt",
        "call": lambda p: force_read(p, sampling_rate=1000),
        "text": FORCE_TEXT,
        "headers": FORCE_HEADERS,
    },
    "force_read text, rate from time": {
        "suffix": ".csv",
        "call": force_read,
        "text": FORCE_TEXT,
        "headers": FORCE_HEADERS,
    },
    "force_read C3D": {"suffix": ".c3d", "call": force_read, "binary": ["c3d"]},
    # barbell velocity
    "velocity_read_chronojump": {
        "suffix": ".txt",
        "call": velocity_read_chronojump,
        "text": [VBT / "simulated_back_squat_6reps_chronojump_1kHz.txt"],
        "headers": [[]],
    },
    "velocity_read_csv": {
        "suffix": ".csv",
        "call": lambda p: velocity_read_csv(p, sampling_rate=100),
        "text": [EMG / "moritani_pre.csv"],
        "headers": [["time", "position"], ["time", "velocity"], ["position"], ["t", "speed"]],
    },
    "velocity_read_imu": {
        "suffix": ".csv",
        "call": velocity_read_imu,
        "headers": [["time", "acc_z"], ["t", "acceleration (g)"], ["acc_z"]],
    },
    "velocity_read_openbarbell": {
        "suffix": ".json",
        "call": velocity_read_openbarbell,
        "bytes": [json.dumps(OPENBARBELL).encode()],
        "json": OPENBARBELL,
    },
    "velocity_read_rep_summary": {
        "suffix": ".csv",
        "call": velocity_read_rep_summary,
        "text": [VBT / "jovanovic_2015_bench_1RM_test_velocity.csv"],
        "headers": [["Exercise", "Load", "Set", "Velocity"], ["exercise", "load_kg", "mcv_m_s"]],
    },
}


def test_a_reader_returns_or_raises_a_neurolift_error(fuzz, fuzz_case) -> None:
    fuzz.run(fuzz_case, READERS[fuzz_case.name])
