"""Pool synchronisation in the steady window: units that share discharges against independent
ones, and the conditions it needs."""

from __future__ import annotations

import numpy as np
import pytest

from neurolift.errors import InvalidParameterError
from neurolift.io.decomposition import Decomposition
from neurolift.motorunits import mu_analyze, mu_pool_synchrony, mu_properties
from neurolift.timeseries import TimeSeries

FS, T = 1000, 20
N = FS * T


def _pool(shared_per_s: float, seed: int = 0) -> Decomposition:
    """Four irregular ~10-12 pps units over a 20 s trapezoid; ``shared_per_s`` discharges per
    second land in every unit within 0.5 ms (synchronous input)."""
    rng = np.random.default_rng(seed)
    t = np.arange(N) / FS
    force = TimeSeries(np.interp(t, [0, 3, 17, 20], [0, 30, 30, 0]), FS, "%MVC")
    shared = rng.uniform(4, 16, int(shared_per_s * 12))
    trains = []
    for rate in (10, 11, 12, 11.5):
        own = 4 + np.cumsum(rng.normal(1 / rate, 0.15 / rate, int(T * rate)))
        own = own[own < 16]
        trains.append(
            np.unique(((np.r_[own, shared + rng.uniform(0, 5e-4, shared.size)]) * FS).astype(int))
        )
    return Decomposition(trains, FS, N, reference=force)


def test_shared_discharges_show_as_synchrony() -> None:
    sync_d, free_d = _pool(2.0), _pool(0.0)
    a = mu_analyze(sync_d, synchronisation=True, rfd_onset_s=0.0, min_sil=None)
    s = a.synchronisation
    f = mu_pool_synchrony(free_d, mu_properties(free_d, min_sil=None))
    assert s is not None and s.n_units == f.n_units == 4
    # 2 shared discharges per s: CIS near 2 per s; independent trains near 0
    assert 1.5 < s.cis_mean_per_s < 2.5 and f.cis_mean_per_s < 0.5
    assert s.coherence_beta > f.coherence_beta
    d = a.to_dict()
    assert d["synchronisation"]["n_units"] == 4 and "rfd_0_100ms_pct_mvc_s" in d


def test_synchrony_needs_a_window_and_two_units() -> None:
    d = _pool(1.0)
    no_ref = Decomposition(d.discharges, FS, N)
    with pytest.raises(InvalidParameterError, match="needs a steady window"):
        mu_pool_synchrony(no_ref, mu_properties(no_ref, min_sil=None))
    strict = mu_properties(d, min_sil=None, min_discharges=10_000)  # rejects every unit
    with pytest.raises(InvalidParameterError, match="needs >= 2 accepted units"):
        mu_pool_synchrony(d, strict)
    with pytest.raises(InvalidParameterError, match="rfd_onset_s needs a force"):
        mu_analyze(no_ref, rfd_onset_s=1.0, min_sil=None)
