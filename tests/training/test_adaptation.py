"""Known-anchor tests of the neural-first adaptation model (neurolift.training.adaptation).

Each test names the source it reproduces and the tolerance; the anchors are literature values,
the model parameters that produce them are in training/data/adaptation_parameters.toml.
"""

from __future__ import annotations

import numpy as np
import pytest

from neurolift.errors import InvalidParameterError
from neurolift.training.adaptation import (
    ADAPTATION_LEVELS,
    ADAPTATION_METHODS,
    adaptation_parameters,
    adaptation_simulate,
)


def _three_sessions_a_week(weeks: int) -> np.ndarray:
    """Daily doses: 1/3 of a standard week on days 0, 2 and 4 of each week, 0 on rest days."""
    dose = np.zeros(weeks * 7)
    dose[[d for d in range(weeks * 7) if d % 7 in (0, 2, 4)]] = 1 / 3
    return dose


def test_every_parameter_has_a_source_and_status():
    raw = adaptation_parameters(with_sources=True)

    def walk(node, path):
        for key, val in node.items():
            if isinstance(val, dict) and "value" in val:
                assert isinstance(val["value"], (int, float)), path + [key]
                assert val.get("source"), f"no source for {'.'.join(path + [key])}"
                assert val["status"].split(":")[0] in ("literature", "secondary", "assumption"), (
                    path + [key]
                )
            elif isinstance(val, dict):
                walk(val, path + [key])

    walk(raw, [])
    assert set(raw["levels"]) == set(ADAPTATION_LEVELS)
    assert set(raw["methods"]) == set(ADAPTATION_METHODS)


def test_moritani_devries_neural_first_then_muscular_overtakes_in_weeks_3_to_5():
    # Moritani & deVries 1979 (Am J Phys Med 58:115): neural factors dominate the initial gain,
    # hypertrophy becomes the dominant contributor after 3-5 weeks. We read "dominant
    # contributor" as the larger share of that week's strength increment.
    r = adaptation_simulate(method="heavy", level="beginner", weeks=12)
    dn, dm = r.weekly_increments()
    assert (dn[0, :2] > dm[0, :2]).all(), "neural part must dominate the first two weeks"
    crossover_week = int(np.argmax(dm[0] > dn[0])) + 1
    assert 3 <= crossover_week <= 5
    # from then on muscle keeps the lead
    assert (dm[0, crossover_week - 1 :] > dn[0, crossover_week - 1 :]).all()
    # and the cumulative neural share falls monotonically from ~100 %
    share = r.neural_share_pct()[0]
    assert share[0] > 95 and (np.diff(share) < 0).all()


def test_seynnes_2007_strength_rises_several_times_more_than_muscle_size_in_35_days():
    # Seynnes, de Boer & Narici 2007 (J Appl Physiol 102:368): 35 days, MVC +38.9 % vs quadriceps
    # CSA +6.5-7.4 % -> ratio 5.3-6.0. Tolerance: ratio within [4, 8] ("several times"), CSA
    # gain first detectable (> 1 %) by day 20, strength gain at day 35 in [15, 45] %.
    r = adaptation_simulate(method="heavy", level="beginner", weeks=5, step="day")
    s35, m35 = r.strength_gain[0, 34], r.muscular_csa_gain[0, 34]
    assert 4.0 <= s35 / m35 <= 8.0
    assert 0.15 <= s35 <= 0.45
    assert r.muscular_csa_gain[0, 19] > 0.01
    assert r.muscular_csa_gain[0, 6] < 0.005  # hardly any growth in week 1 (lagged drive)


def test_yearly_gains_shrink_with_training_level_acsm_2002():
    # Kraemer et al. / ACSM 2002: about 40/20/16/10/2 % per year from untrained to elite.
    # Tolerance: +-1 percentage point of each (the muscular ceilings were calibrated to these).
    target = {
        "beginner": 0.40,
        "intermediate": 0.20,
        "trained": 0.16,
        "advanced": 0.10,
        "elite": 0.02,
    }
    r = adaptation_simulate(method="heavy", level=list(target), n_athletes=5, weeks=52)
    got = r.strength_gain[:, -1]
    np.testing.assert_allclose(got, list(target.values()), atol=0.01)
    assert (np.diff(got) < 0).all()
    # diminishing returns near the ceiling: year 2 adds less than year 1 for a beginner
    two = adaptation_simulate(method="heavy", level="beginner", weeks=104)
    assert two.strength_gain[0, -1] - two.strength_gain[0, 51] < 0.25 * two.strength_gain[0, 51]


def test_pareja_blanco_2017_velocity_loss_20_vs_40_direction():
    # Pareja-Blanco et al. 2017 (Scand J Med Sci Sports 27:724), 8 weeks, trained men:
    # similar 1RM gains, larger CMJ gain at VL20, more hypertrophy at VL40.
    # Tolerance: strength gains within 25 % of each other; jump VL20 > 1.5 x VL40; CSA VL40 > 1.3 x VL20.
    r = adaptation_simulate(method=["vl20", "vl40"], level="intermediate", n_athletes=2, weeks=8)
    s20, s40 = r.strength_gain[:, -1]
    j20, j40 = r.jump_gain[:, -1]
    m20, m40 = r.muscular_csa_gain[:, -1]
    assert abs(s20 - s40) / max(s20, s40) < 0.25
    assert j20 > 1.5 * j40
    assert m40 > 1.3 * m20


def test_markovic_2007_plyometric_cmj_gain_for_a_beginner():
    # Markovic 2007 (Br J Sports Med 41:349), meta-analysis of plyometric training in healthy
    # individuals: CMJ +8.7 % (95 % CI 7.0-10.4 %). de Villarreal et al. 2009 (J Strength Cond Res
    # 23:495): programmes of > 10 weeks give the largest gains, and subjects in good or poor
    # condition benefit equally. A beginner's 12-week plyometric programme must land inside the CI
    # (model: 8.7 %; it was 24 % before the rapid headroom got its own calibrated parameter).
    r = adaptation_simulate(
        method="plyometric", level=["beginner", "intermediate"], n_athletes=2, weeks=12
    )
    assert 0.070 <= r.jump_gain[0, -1] <= 0.104
    assert 0.070 <= r.jump_gain[1, -1] <= 0.104  # condition does not matter much (de Villarreal)


def test_pareja_blanco_2017_cmj_gains_at_vl20_and_vl40():
    # Pareja-Blanco et al. 2017 (Scand J Med Sci Sports 27:724), resistance-trained men, 8 weeks
    # of full squats: CMJ +9.5 % at VL20, +3.5 % at VL40 (group means). Tolerance 3 percentage
    # points (only the group means are known; model 7.7 % and 3.5 %).
    r = adaptation_simulate(method=["vl20", "vl40"], level="intermediate", n_athletes=2, weeks=8)
    assert r.jump_gain[0, -1] == pytest.approx(0.095, abs=0.03)
    assert r.jump_gain[1, -1] == pytest.approx(0.035, abs=0.03)


def test_beginner_jump_gains_stay_within_the_reported_range_for_every_method():
    # de Villarreal et al. 2009 (J Strength Cond Res 23:495) report vertical-jump improvements of
    # 4.7-15 % across training studies. No method may give a beginner more than 15 % in 8 or 12
    # weeks (before: +25.7 % after 8 weeks of VL20, +24 % after 12 weeks of plyometrics).
    r = adaptation_simulate(
        method=list(ADAPTATION_METHODS),
        level="beginner",
        n_athletes=len(ADAPTATION_METHODS),
        weeks=12,
    )
    assert (r.jump_gain[:, [7, 11]] <= 0.15).all()


def test_a_standard_week_never_lowers_expressed_strength_below_baseline():
    # Fatigue follows the dose and recovers, and only fatigue above what the athlete is used to
    # costs: a standard week (dose 1) never takes expressed strength below the pre-training
    # baseline in 12 weeks, for any level and method (before: elite heavy -1.8 %, advanced
    # plyometrics -0.3 %). Weekly steps, and daily steps (3 sessions a week) on the days before
    # a session; on a session day itself the acute dip may touch the baseline for an elite.
    n = len(ADAPTATION_LEVELS) * len(ADAPTATION_METHODS)
    methods = [m for m in ADAPTATION_METHODS for _ in ADAPTATION_LEVELS]
    levels = list(ADAPTATION_LEVELS) * len(ADAPTATION_METHODS)
    weekly = adaptation_simulate(method=methods, level=levels, n_athletes=n, weeks=12)
    assert (weekly.expressed_strength_gain >= 0).all()
    dose = _three_sessions_a_week(12)
    daily = adaptation_simulate(
        method=methods, level=levels, n_athletes=n, weeks=12, step="day", dose=dose
    )
    rest = np.flatnonzero(dose == 0)
    assert (daily.expressed_strength_gain[:, rest] >= 0).all()


def test_overreaching_fatigue_scales_with_the_excess_dose_and_recovers():
    # Overreaching (Meeusen et al. 2013) still lowers performance: an elite on 2x and 3x a
    # standard week ends below baseline, the 3x dose about twice as far below the tolerated
    # fatigue as the 2x dose (cost proportional to the excess: 2 vs 1 standard weeks; tolerance
    # 10 %). Back to a standard week, the recovery factor returns to within 0.5 % of 1 in 4 weeks
    # (fatigue time constant 1 week).
    dose = np.r_[np.full(6, 1.0), np.full(6, 1.0)]
    over = np.r_[np.full(6, 3.0), np.ones(6)]
    r = adaptation_simulate(
        level="elite", weeks=12, n_athletes=3, dose=np.vstack([dose, np.full(12, 2.0), over])
    )
    cost = 1 - r.recovery_factor
    assert cost[0].max() == 0.0
    assert r.expressed_strength_gain[1, 5] < 0 and r.expressed_strength_gain[2, 5] < 0
    assert cost[2, 5] / cost[1, 5] == pytest.approx(2.0, rel=0.10)
    assert cost[2, 9] < 0.005 and r.expressed_strength_gain[2, -1] >= 0


def test_a_beginners_first_weeks_cost_more_than_later_weeks_of_the_same_dose():
    # Repeated-bout effect (McHugh 2003): an untrained beginner starts with no habitual load, so
    # the first weeks of a standard week cost some expression (fatigue builds faster than
    # tolerance: the cost peaks within 3 weeks, measured 1.5 % in week 2); as the chronic load
    # builds (EWMA, 4 weeks) the same dose costs less every week, and by week 12 < 0.5 %.
    r = adaptation_simulate(level="beginner", weeks=12)
    cost = 1 - r.recovery_factor[0]
    peak = int(np.argmax(cost))
    assert peak <= 2 and 0 < cost[peak] < 0.03
    assert (np.diff(cost[peak:]) < 0).all() and cost[-1] < 0.005


def test_explosive_methods_favour_rfd_heavy_and_hypertrophy_favour_strength():
    r = adaptation_simulate(
        method=list(ADAPTATION_METHODS),
        level="beginner",
        n_athletes=len(ADAPTATION_METHODS),
        weeks=8,
    )
    by = dict(zip(ADAPTATION_METHODS, range(len(ADAPTATION_METHODS)), strict=True))
    rfd_ratio = r.rfd_gain[:, -1] / r.strength_gain[:, -1]
    assert rfd_ratio[by["plyometric"]] > rfd_ratio[by["heavy"]] > rfd_ratio[by["hypertrophy"]]
    assert r.muscular_csa_gain[by["hypertrophy"], -1] == r.muscular_csa_gain[:, -1].max()
    assert (
        r.contraction_time_change[by["plyometric"], -1]
        < 0
        < r.contraction_time_change[by["vl40"], -1]
    )


def test_detraining_loses_neural_gains_faster_than_muscle():
    dose = np.r_[np.ones(12), np.zeros(12)]
    r = adaptation_simulate(method="heavy", level="beginner", weeks=24, dose=dose)
    n12, m12 = r.neural_gain[0, 11], r.muscular_csa_gain[0, 11]
    n24, m24 = r.neural_gain[0, -1], r.muscular_csa_gain[0, -1]
    assert n24 / n12 < m24 / m12 < 1.0
    assert n24 > 0  # not all lost in 12 weeks (tau 3 weeks: ~2 % left)


def test_recovery_factor_sleep_and_fatigue():
    # Craven et al. 2022: lower-body strength -3.42 % after a night of <= 6 h.
    sleep = np.full(6, 8.0)
    sleep[3] = 5.0
    r = adaptation_simulate(level="beginner", weeks=6, sleep_hours=sleep)
    rested = adaptation_simulate(level="beginner", weeks=6)
    np.testing.assert_allclose(
        r.recovery_factor[0, 3] / rested.recovery_factor[0, 3], 1 - 0.0342, atol=1e-12
    )
    np.testing.assert_array_equal(
        np.delete(r.recovery_factor[0], 3), np.delete(rested.recovery_factor[0], 3)
    )
    np.testing.assert_array_equal(
        r.strength_gain, rested.strength_gain
    )  # sleep changes expression only
    # more dose -> more fatigue -> lower recovery factor
    rr = adaptation_simulate(level="beginner", weeks=6, n_athletes=2, dose=[[1.0], [3.0]])
    assert rr.recovery_factor[1, -1] < rr.recovery_factor[0, -1]
    assert rr.warnings


def test_vectorised_squad_matches_single_athletes_and_is_reproducible():
    levels = ["beginner", "advanced", "elite"]
    methods = ["heavy", "vl20", "plyometric"]
    squad = adaptation_simulate(method=methods, level=levels, n_athletes=3, weeks=10)
    for i in range(3):
        one = adaptation_simulate(method=methods[i], level=levels[i], weeks=10)
        np.testing.assert_allclose(squad.strength_gain[i], one.strength_gain[0], rtol=1e-12)
    a = adaptation_simulate(
        level="beginner", weeks=10, n_athletes=50, response_cv=0.3, random_state=3
    )
    b = adaptation_simulate(
        level="beginner", weeks=10, n_athletes=50, response_cv=0.3, random_state=3
    )
    np.testing.assert_array_equal(a.strength_gain, b.strength_gain)
    spread = a.strength_gain[:, -1]
    assert spread.std() > 0.01
    # mean response ~ typical athlete (log-normal multipliers with mean 1)
    typical = adaptation_simulate(level="beginner", weeks=10).strength_gain[0, -1]
    assert abs(spread.mean() / typical - 1) < 0.15


def test_day_and_week_steps_agree():
    wk = adaptation_simulate(level="beginner", weeks=10)
    dy = adaptation_simulate(level="beginner", weeks=10, step="day")
    np.testing.assert_allclose(
        dy.strength_gain[0, 6::7], wk.strength_gain[0], rtol=0.02, atol=0.002
    )


def test_daily_sessions_three_per_week_match_a_standard_week():
    # 3 sessions a week (1/3 of a standard week each, rest days 0) adapt like the weekly model
    # (tolerance 5 % of the week-12 gain): the stimulus is the trailing 7-day total, so a rest
    # day is not detraining; fatigue, however, follows each day (acute dip after a session).
    dose = _three_sessions_a_week(12)
    daily = adaptation_simulate(level="beginner", weeks=12, step="day", dose=dose)
    weekly = adaptation_simulate(level="beginner", weeks=12)
    assert daily.strength_gain[0, -1] == pytest.approx(weekly.strength_gain[0, -1], rel=0.05)
    rf = daily.recovery_factor[0]
    session_days = np.flatnonzero(dose > 0)[3:]
    assert (rf[session_days] < rf[session_days - 1]).all()
    # a week of complete rest at the end: the neural gain decays, slowly (tau 3 weeks)
    rest = dose.copy()
    rest[-7:] = 0
    r = adaptation_simulate(level="beginner", weeks=12, step="day", dose=rest)
    assert r.neural_gain[0, -1] < r.neural_gain[0, -8]
    assert r.neural_gain[0, -1] > np.exp(-1 / 3) * r.neural_gain[0, -8]  # at most 1 week of decay


def test_result_to_dict_and_rows():
    r = adaptation_simulate(level="beginner", weeks=3)
    d = r.to_dict()
    assert d["method"]["name"] == "neurolift_neural_first_adaptation"
    assert len(d["strength_gain"]) == 1 and len(d["strength_gain"][0]) == 3
    rows = r.athlete_rows(0)
    assert [row["week"] for row in rows] == [1.0, 2.0, 3.0]
    assert rows[-1]["neural_part_pct"] + rows[-1]["muscular_part_pct"] == pytest.approx(
        rows[-1]["strength_gain_pct"]
    )
    with pytest.raises(InvalidParameterError, match="athlete"):
        r.athlete_rows(5)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"method": "crossfit"}, "unknown method 'crossfit'"),
        ({"level": "olympian"}, "unknown level 'olympian'"),
        ({"weeks": 0}, "weeks"),
        ({"weeks": -3}, "weeks"),
        ({"n_athletes": 0}, "n_athletes"),
        ({"n_athletes": 2.5}, "n_athletes"),
        ({"dose": -1}, "dose"),
        ({"dose": np.ones((2, 3))}, "dose has shape"),
        ({"sleep_hours": 30}, "sleep_hours"),
        ({"response_cv": 2}, "response_cv"),
        ({"step": "month"}, "unknown step"),
        ({"level": ["beginner", "elite"]}, "2 entries for 1 athlete"),
    ],
)
def test_bad_parameters_raise_clear_errors(kwargs, match):
    args = {"weeks": 4, **kwargs}
    with pytest.raises(InvalidParameterError, match=match):
        adaptation_simulate(**args)


# ------------------------------------------------------------------------------------------------
# The two layers connected: adaptation week -> neural/muscular state -> pool -> MVC, RFD, EMG ->
# Moritani-deVries split (neurolift.signals.emg.emg_moritani_devries, issue 4).

FS = 2048.0


def _contraction(states, *, seed=1):
    """MVC force (N), grid-mean HD-EMG RMS (V) and RFD 0-100 ms (N/s) of a pool in a state."""
    from neurolift.motorunits.pool import MotorUnitPool, excitation_step
    from neurolift.motorunits.synthetic_emg import hdemg_simulate

    pool = MotorUnitPool(max_force_n=1000.0).with_states(states.neural_state, states.muscular_state)
    sim = pool.simulate(np.full(int(3 * FS), 1.0), sampling_rate=FS, random_state=seed)
    # same electrode/unit geometry (random_state) before and after training
    emg = hdemg_simulate(sim, rows=4, cols=4, snr_db=None, random_state=7).emg.values[
        int(0.5 * FS) :
    ]
    mvc = sim.force.values[int(0.5 * FS) :].mean()
    ballistic = pool.simulate(
        excitation_step(duration_s=0.8, sampling_rate=FS, level=1.0, onset_s=0.2), random_state=seed
    ).metrics()
    return mvc, float(np.sqrt(np.mean(emg**2))), ballistic


def test_adaptation_to_pool_to_moritani_devries_split():
    # A week of the model -> pool states -> simulated MVC force, RFD and EMG -> Moritani-deVries
    # split of the gain since week 0. Three virtual subjects (seeds), as the split is applied to
    # a group in the original study.
    from neurolift.training.adaptation_pool import adaptation_evaluate_pool

    r = adaptation_simulate(method="heavy", level="beginner", weeks=12)
    weeks = [1, 3, 7, 11]  # weeks 2, 4, 8, 12
    true = 100 * r.neural_part[0, weeks] / r.strength_gain[0, weeks]
    shares = []
    for seed in (0, 1, 2):
        rows = adaptation_evaluate_pool(r, steps=weeks, random_state=seed, mvc_duration=2.0)
        pre, post = rows[0], rows[1:]
        assert pre.week == 0.0 and [p.week for p in post] == [2.0, 4.0, 8.0, 12.0]
        np.testing.assert_allclose([p.model_neural_share_pct for p in post], true)
        for p in post:
            assert not p.warnings
            # 1) the pool's MVC gain is the model's strength gain (tolerance 3 percentage
            #    points; measured -0.5 to -2.6 pp: the levers are calibrated on the mean-rate
            #    force, and ISI noise through the nonlinear twitch gain costs a little force.
            #    The rapid lever's early extra rate (100 R pps) adds a little back; since the
            #    rapid headroom was calibrated to Markovic 2007 (R 0.024 instead of 0.08 for
            #    heavy training) it adds less: -0.4 to -2.3 pp before, -2.9 pp with R = 0)
            assert p.pool_strength_gain_pct == pytest.approx(p.model_strength_gain_pct, abs=3.0)
            # 2) more neural drive -> more EMG; faster drive rise -> more early RFD
            assert p.emg_rms_v > pre.emg_rms_v
            assert p.rfd_0_100ms_n_s > pre.rfd_0_100ms_n_s
            assert p.md_neural_share_pct + p.md_muscular_share_pct == pytest.approx(100.0)
        shares.append([p.md_neural_share_pct for p in post])
    shares = np.array(shares)
    # 3) the split recovers the time course (neural share falls as muscle takes over) ...
    assert (shares[:, 0] > shares[:, -1]).all()
    # ... and its size: group mean within 10 percentage points of what the model put in at
    # every tested week. Measured (mvc_duration 2 s): model 92.9/84.0/70.4/62.6 %, group mean
    # 89.5/77.0/64.2/57.4 % (mean under-read 3.4/7.0/6.2/5.2 pp). Single subjects scatter: seeds
    # 0-5 gave under-reads from -7 to +22 pp, because one subject's EMG amplitude carries a
    # few % of noise (spike trains, which units lie under the electrodes) and the share is a
    # ratio of a ~15 % EMG change to a ~17 % force change. What remains systematic is real
    # neural gain the agonist EMG cannot see in this pool: less antagonist co-activation (0.8
    # of the 15.2 % neural force gain at week 2, no EMG change at all) and peak discharge rates
    # raised above the pre-training maximum (split as ~70 % neural: force of partly fused
    # twitches grows faster than interference-EMG amplitude, ~ sqrt of total discharge rate).
    mean = shares.mean(axis=0)
    np.testing.assert_allclose(mean, true, atol=10.0)
    assert (np.abs(shares - true) < 25).all()


def test_split_lever_by_lever_in_the_evaluation_pool():
    # Known answers for single neural levers in the biceps-like evaluation pool (last unit
    # recruited at 84 % of maximal excitation), seed 0, EMG over 8 placements:
    # * voluntary activation 0.8 -> 0.9 recruits the last units and raises rates: EMG grows with
    #   force, the split calls it neural (measured 99.7 %; seeds 1, 2: 93.3, 94.7 %);
    # * 0.8 -> 1.0 goes on past full recruitment, where only rate coding is left and force of
    #   partly fused twitches outgrows interference-EMG amplitude (measured 84.2 %);
    # * less antagonist co-activation raises net force with the agonist untouched: identical
    #   EMG, so the split calls it 0 % neural — a neural gain the method cannot see.
    from dataclasses import replace

    from neurolift.motorunits.pool import MotorUnitPool
    from neurolift.motorunits.synthetic_emg import hdemg_simulate
    from neurolift.signals.emg import emg_moritani_devries
    from neurolift.training.adaptation_pool import (
        EVALUATION_EXCITATION_GAIN_PPS,
        adaptation_pool_states,
    )

    base = MotorUnitPool(max_force_n=1000.0, excitation_gain_pps=EVALUATION_EXCITATION_GAIN_PPS)

    def session(ns):
        sim = base.with_states(ns, None).simulate(
            np.full(int(2 * FS), 1.0), sampling_rate=FS, random_state=0
        )
        power = [
            np.mean(
                hdemg_simulate(sim, rows=4, cols=4, snr_db=None, random_state=k).emg.values[
                    int(0.5 * FS) :
                ]
                ** 2
            )
            for k in range(8)
        ]
        return sim.force.values[int(0.5 * FS) :].mean(), float(np.sqrt(np.mean(power)))

    r = adaptation_simulate(method="heavy", level="beginner", weeks=2)
    pre = adaptation_pool_states(r, step=None, pool=base).neural_state
    f0, e0 = session(pre)

    def neural_share(**lever):
        f1, e1 = session(replace(pre, **lever))
        assert f1 > f0
        return emg_moritani_devries([e0], [f0], [e1], [f1]).neural_share_pct, e1

    va_09, _ = neural_share(voluntary_activation=0.9)
    assert va_09 == pytest.approx(100.0, abs=10.0)
    va_10, _ = neural_share(voluntary_activation=1.0)
    assert 70.0 < va_10 < 95.0
    ant, e_ant = neural_share(antagonist_coactivation=0.05)
    assert e_ant == pytest.approx(e0, rel=1e-12)
    assert ant == pytest.approx(0.0, abs=1e-6)


def test_muscular_only_change_is_split_as_muscular():
    # Control: muscle grows 7 %, nervous system unchanged -> EMG identical, force x 1.07:
    # the Moritani-deVries split must call it 100 % muscular (tolerance 0.5 pp).
    from dataclasses import replace

    from neurolift.motorunits.pool import MuscularState
    from neurolift.signals.emg import emg_moritani_devries
    from neurolift.training.adaptation_pool import adaptation_pool_states

    r = adaptation_simulate(method="heavy", level="beginner", weeks=1)
    pre = adaptation_pool_states(r, step=None)
    post = replace(pre, muscular_state=MuscularState(twitch_force_scale=1.07))
    f0, e0, _ = _contraction(pre)
    f1, e1, _ = _contraction(post)
    assert f1 / f0 == pytest.approx(1.07, rel=0.005)  # net force: the antagonist did not grow
    assert e1 == pytest.approx(e0, rel=1e-12)
    md = emg_moritani_devries([e0], [f0], [e1], [f1])
    assert md.muscular_share_pct == pytest.approx(100.0, abs=0.5)


def test_pool_states_mapping():
    from neurolift.training.adaptation_pool import (
        NEURAL_LEVERS_UNTRAINED,
        adaptation_pool_states,
    )

    r = adaptation_simulate(method=["heavy", "plyometric"], level="beginner", n_athletes=2, weeks=8)
    pre = adaptation_pool_states(r, step=None)
    assert pre.neural_progress == 0.0
    assert pre.neural_state.voluntary_activation == NEURAL_LEVERS_UNTRAINED["voluntary_activation"]
    heavy = adaptation_pool_states(r, athlete=0, step=7)
    plyo = adaptation_pool_states(r, athlete=1, step=7)
    assert heavy.neural_progress > plyo.neural_progress > 0
    assert plyo.neural_state.excitation_rise_time_s < heavy.neural_state.excitation_rise_time_s
    assert heavy.muscular_state.twitch_force_scale == pytest.approx(1 + r.muscular_csa_gain[0, 7])
    assert plyo.muscular_state.contraction_time_scale < 1.0
    d = heavy.to_dict()
    assert d["neural_state"]["voluntary_activation"] > 0.8
    huge = adaptation_simulate(
        level="beginner", weeks=52, response_cv=0.0, parameters=_with_neural_max(0.6)
    )
    assert adaptation_pool_states(huge).warnings
    with pytest.raises(InvalidParameterError, match="step"):
        adaptation_pool_states(r, step=99)


def _with_neural_max(v):
    p = adaptation_parameters()
    p["levels"]["beginner"]["neural_max"] = v
    return p


def test_a_night_of_exactly_six_hours_is_sleep_loss():
    # Craven et al. 2022: sleep loss is <= 6 h per 24 h, so 6.0 h costs the penalty; 6.1 h not.
    sleep = np.array([8.0, 6.0, 6.1, 8.0])
    r = adaptation_simulate(level="beginner", weeks=4, sleep_hours=sleep)
    rested = adaptation_simulate(level="beginner", weeks=4)
    ratio = r.recovery_factor[0] / rested.recovery_factor[0]
    np.testing.assert_allclose(ratio, [1.0, 1 - 0.0342, 1.0, 1.0], atol=1e-12)
