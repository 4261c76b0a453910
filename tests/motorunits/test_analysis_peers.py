"""Live comparison with openhdemg 0.1.2 on the sample file, with NON-default settings.

Proves the definitions match (not only the default numbers): other n_firings for thresholds,
recruitment/derecruitment rates and steady rates, and other steady windows. Needs the
``[peers]`` extra (openhdemg==0.1.2); skipped when it is not importable.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pytest

pytestmark = pytest.mark.peers

DATA = Path(__file__).parents[1] / "data" / "emg"
MAT = DATA / "otb_testfile.mat"


@pytest.fixture(scope="module")
def oh():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lib = pytest.importorskip("openhdemg.library")
        ef = lib.emg_from_otb(
            str(MAT), ext_factor=8, refsig=[True, "fullsampled"], version="1.5.8.0"
        )
        ef = lib.sort_mus(ef)
    return lib, ef


@pytest.fixture(scope="module")
def decomp():
    from neurolift.io.decomposition import decomposition_read_otb

    return decomposition_read_otb(MAT).sorted_by_recruitment()


SETTINGS = [
    # (n_firings_threshold, n_firings_rec_derec, n_firings_steady, steady samples)
    (1, 4, 10, (14173, 52825)),
    (3, 7, 5, (20000, 40000)),
    (5, 2, 20, (30000, 60000)),
    (2, 10, 1, (8000, 16000)),
]


@pytest.mark.parametrize(("nt", "nr", "ns", "steady"), SETTINGS)
def test_definitions_match_openhdemg_live(oh, decomp, nt, nr, ns, steady):
    from neurolift.motorunits import mu_properties

    lib, ef = oh
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        thr = lib.compute_thresholds(ef, n_firings=nt, mvc=100)
        dr = lib.compute_dr(
            ef,
            n_firings_RecDerec=nr,
            n_firings_steady=ns,
            start_steady=steady[0],
            end_steady=steady[1],
        )
        cov = lib.compute_covisi(
            ef, n_firings_RecDerec=nr, start_steady=steady[0], end_steady=steady[1]
        )
        drv = lib.compute_drvariability(
            ef, n_firings_RecDerec=nr, start_steady=steady[0], end_steady=steady[1]
        )
    fs = decomp.sampling_rate
    r = mu_properties(
        decomp,
        mvc=100.0,
        steady=(steady[0] / fs, steady[1] / fs),
        n_firings_threshold=nt,
        n_firings_rec_derec=nr,
        n_firings_steady=ns,
        min_sil=None,
    )
    checks = [
        ("rt_pct_mvc", thr["rel_RT"], 0.1),
        ("dert_pct_mvc", thr["rel_DERT"], 0.1),
        ("rt_n", thr["abs_RT"], 0.1),
        ("dr_rec_pps", dr["DR_rec"], 0.05),
        ("dr_derec_pps", dr["DR_derec"], 0.05),
        ("dr_start_steady_pps", dr["DR_start_steady"], 0.05),
        ("dr_end_steady_pps", dr["DR_end_steady"], 0.05),
        ("dr_steady_pps", dr["DR_all_steady"], 0.05),
        ("dr_all_pps", dr["DR_all"], 0.05),
        ("cov_isi_rec_pct", cov["COVisi_rec"], 0.05),
        ("cov_isi_derec_pct", cov["COVisi_derec"], 0.05),
        ("cov_isi_steady_pct", cov["COVisi_steady"], 0.05),
        ("cov_isi_all_pct", cov["COVisi_all"], 0.05),
        ("dr_var_rec_pct", drv["DRvar_rec"], 0.05),
        ("dr_var_derec_pct", drv["DRvar_derec"], 0.05),
        ("dr_var_steady_pct", drv["DRvar_steady"], 0.05),
        ("dr_var_all_pct", drv["DRvar_all"], 0.05),
    ]
    for ours, theirs, tol in checks:
        got = np.array([np.nan if getattr(u, ours) is None else getattr(u, ours) for u in r.units])
        exp = theirs.to_numpy(dtype=float)
        np.testing.assert_allclose(got, exp, atol=tol, rtol=0, equal_nan=True, err_msg=ours)
