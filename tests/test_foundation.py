"""TimeSeries, units, errors and the store on a real SQLite file."""

from __future__ import annotations

import numpy as np
import pytest

from neurolift.errors import (
    ConflictError,
    InvalidParameterError,
    NeuroliftError,
    NotFoundError,
    SamplingRateError,
    UnitError,
)
from neurolift.timeseries import TimeSeries
from neurolift.units import check_body_weight_n


def test_timeseries_requires_a_sampling_rate() -> None:
    with pytest.raises(SamplingRateError, match="required"):
        TimeSeries(np.zeros(10), None, "N")  # type: ignore[arg-type]
    with pytest.raises(SamplingRateError):
        TimeSeries(np.zeros(10), -5, "N")


def test_timeseries_channels_and_slicing() -> None:
    ts = TimeSeries(np.arange(20.0).reshape(10, 2), 100, "N", ("left", "right"), t0=1.0)
    assert ts.channel("right").values.tolist() == list(np.arange(1.0, 20.0, 2.0))
    assert ts.sum_channels().values[0] == 1.0
    part = ts.slice_time(1.02, 1.05)
    assert part.n_samples == 3 and part.t0 == pytest.approx(1.02)
    with pytest.raises(InvalidParameterError, match="no channel"):
        ts.channel("fz")
    assert not ts.values.flags.writeable


def test_errors_are_value_errors_and_neurolift_errors() -> None:
    assert issubclass(UnitError, ValueError) and issubclass(UnitError, NeuroliftError)
    assert issubclass(NotFoundError, LookupError)


@pytest.mark.parametrize("bw", [0.8, 75.0, 5000.0])
def test_body_weight_out_of_range_is_a_unit_error(bw: float) -> None:
    with pytest.raises(UnitError):
        check_body_weight_n(bw, where="t")


def test_store_roundtrip_is_lossless(store) -> None:
    store.add_athlete("Ada", body_mass_kg=61.5)
    rng = np.random.default_rng(1)
    sig = TimeSeries(rng.normal(700, 5, size=(3000, 2)), 1000, "N", ("left", "right"))
    rec = store.save_analysis(
        domain="force",
        kind="cmj",
        athlete="Ada",
        signal=sig,
        result={"jump_height_m": 0.31, "method": {"onset": "5sd"}},
    )
    back = store.load_trial(rec.trial_id)
    assert np.array_equal(back.signal.values, sig.values)
    assert back.signal.sampling_rate == 1000 and back.signal.channels == ("left", "right")
    # the same signal again is stored once
    rec2 = store.save_analysis(
        domain="force", kind="cmj", athlete="Ada", signal=sig, result={"jump_height_m": 0.31}
    )
    assert rec2.trial_id == rec.trial_id
    hist = store.metric_history("Ada", "jump_height_m")
    assert [p.value for p in hist] == [0.31, 0.31] and hist[0].unit == "m"
    assert rec.method == {"onset": "5sd"} and rec.software_version


def test_store_conflicts_and_missing(store) -> None:
    store.add_athlete("Bo")
    with pytest.raises(ConflictError):
        store.add_athlete("Bo")
    with pytest.raises(NotFoundError):
        store.get_athlete("Nobody")
    with pytest.raises(InvalidParameterError):
        store.add_athlete("Cy", body_mass_kg=2000)


def test_failed_write_leaves_nothing(store) -> None:
    with pytest.raises(NotFoundError):
        store.save_analysis(domain="force", kind="cmj", athlete="ghost", result={"a_m": 1.0})
    assert store.results() == []


def test_store_reopens_existing_file(tmp_path) -> None:
    from neurolift.store import Store

    url = f"sqlite:///{tmp_path / 'a.db'}"
    Store(url).add_athlete("Ada")
    again = Store(url)
    assert again.current_revision() is not None
    assert [a.name for a in again.list_athletes()] == ["Ada"]
