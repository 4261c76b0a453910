"""One rule for time columns across the text readers (force plates, EMG, bar streams)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from neurolift.errors import FileFormatError, SamplingRateError
from neurolift.io.emg import emg_read_csv
from neurolift.io.force import force_read
from neurolift.io.velocity import velocity_read_csv

READERS = {
    "force": (lambda p, **kw: force_read(p, **kw), "Fz"),
    "emg": (lambda p, **kw: emg_read_csv(p, unit="mV", **kw).emg, "VL"),
    "bar": (lambda p, **kw: velocity_read_csv(p, **kw), "position"),
}


def _write(path: Path, value_name: str, t: np.ndarray) -> Path:
    v = 700 + np.arange(t.size) * 1e-3
    path.write_text(
        f"time,{value_name}\n" + "\n".join(f"{a:.9g},{b:.6g}" for a, b in zip(t, v, strict=True))
    )
    return path


@pytest.mark.parametrize("kind", list(READERS))
def test_same_rule_for_every_reader(kind: str, tmp_path: Path) -> None:
    read, name = READERS[kind]
    t = np.arange(200) / 500.0
    assert read(_write(tmp_path / "ok.csv", name, t)).sampling_rate == 500.0
    with pytest.raises(
        SamplingRateError, match="disagrees with the time column, which says 500 Hz"
    ):
        read(_write(tmp_path / "ok2.csv", name, t), sampling_rate=1000)
    with pytest.raises(SamplingRateError, match="looks like milliseconds"):
        read(_write(tmp_path / "ms.csv", name, t * 1000))
    gap = t.copy()
    gap[100:] += 0.01
    with pytest.raises(SamplingRateError, match="between data rows 100 and 101"):
        read(_write(tmp_path / "gap.csv", name, gap))
    back = t.copy()
    back[50] = back[49]
    with pytest.raises(FileFormatError, match="does not increase between data rows 50 and 51"):
        read(_write(tmp_path / "back.csv", name, back))


def test_bar_streams_tolerate_timestamp_jitter(tmp_path: Path) -> None:
    """A 3 % jitter (per-sample timestamps from a phone or wireless IMU) passes for bar streams
    and is refused for instrument clocks (force plates, EMG amplifiers), which must be within 1 %."""
    rng = np.random.default_rng(0)
    t = (np.arange(200) + rng.uniform(-0.015, 0.015, 200)) / 500.0  # steps within +-3 %
    assert velocity_read_csv(
        _write(tmp_path / "bar.csv", "position", t)
    ).sampling_rate == pytest.approx(500.0, rel=0.01)
    for kind in ("force", "emg"):
        read, name = READERS[kind]
        with pytest.raises(SamplingRateError, match="not uniformly sampled"):
            read(_write(tmp_path / f"{kind}.csv", name, t))
