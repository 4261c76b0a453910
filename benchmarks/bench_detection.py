"""Overreaching detection on a simulated squad: confusion table for BENCHMARKS.md.

Squad: two groups of N athletes (default 1,000 each) over 12 weeks of daily steps, levels and
methods mixed, three sessions a week, from ``neurolift.training.adaptation.adaptation_simulate``
(true trend: jump gain and expressed strength with the model's own recovery factor, which
includes its sleep penalty and accumulated fatigue). Each athlete sleeps U(6.5, 8.5) h on average
with a day-to-day SD of 0.8 h (nights of 6 h or less cost the model's sleep penalty).

Measurements, with the noise the issue asks for:

* CMJ height (mean of the day's trials), measured on 85 % of days: true height x (1 + N(0, 5 %));
* bar velocity at a fixed reference load, on the three training days: true velocity + N(0, 0.03)
  m/s. Velocity at a fixed load is taken to change by the same fraction as the expressed strength
  (an assumption of this benchmark).

Group "overreaching": from an onset day drawn in days 42-69, performance (CMJ and velocity) falls
by a decline drawn from U(7 %, 10 %), reached linearly over 3 days and then sustained to the end.
The decline is imposed on the model's trend (the adaptation model does not itself produce a
calibrated 7-10 % decline). Group "normal": no decline.

Counted: an episode is detected when ``readiness`` would be red (sustained decline) on any day
from onset to onset + 6. A normal week is any full week from day 21 on (baseline available) of
the normal group, plus the pre-onset weeks of the overreaching group; it is a false red if any
of its days is red.

For comparison the same days are scored with the naive rule "red when one day's value is more
than 2 SD under the baseline" (no peer implements overreaching detection; this is the common
single-day z-score flag).

Run: ``python benchmarks/bench_detection.py [n_athletes] [seed]``
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

from neurolift.training.adaptation import adaptation_simulate
from neurolift.training.overreaching import overreaching_classify, overreaching_scan

sys.path.insert(0, str(Path(__file__).resolve().parent))
import timing  # noqa: E402


def simulate_group(n: int, rng: np.random.Generator, *, overreach: bool, days: int = 84):
    levels = rng.choice(["beginner", "intermediate", "trained", "advanced"], size=n).tolist()
    methods = rng.choice(["heavy", "vl20", "vl40", "explosive", "hypertrophy"], size=n).tolist()
    dow = (np.arange(days) + rng.integers(0, 7, size=(n, 1))) % 7
    train = np.isin(dow, (0, 2, 4))
    dose = np.where(train, 1.0 / 3.0, 0.0)
    sleep = np.clip(rng.uniform(6.5, 8.5, size=(n, 1)) + rng.normal(0, 0.8, size=(n, days)), 3, 11)
    r = adaptation_simulate(
        method=methods,
        level=levels,
        weeks=days / 7,
        step="day",
        n_athletes=n,
        dose=dose,
        sleep_hours=sleep,
        response_cv=0.3,
        random_state=rng,
    )
    cmj_true = rng.uniform(0.28, 0.45, size=(n, 1)) * (1 + r.jump_gain) * r.recovery_factor
    vel_true = (
        rng.uniform(0.7, 0.9, size=(n, 1))
        * (1 + r.expressed_strength_gain)
        / (1 + r.expressed_strength_gain[:, :1])
    )
    onset = np.full(n, -1)
    if overreach:
        onset = rng.integers(42, 70, size=n)
        size = rng.uniform(0.07, 0.10, size=n)
        t = np.arange(days)[None, :]
        frac = np.clip((t - onset[:, None] + 1) / 3.0, 0.0, 1.0)
        factor = 1.0 - size[:, None] * frac
        cmj_true = cmj_true * factor
        vel_true = vel_true * factor
    cmj = cmj_true * (1 + rng.normal(0, 0.05, size=(n, days)))
    cmj[rng.random((n, days)) > 0.85] = np.nan
    vel = np.where(train, vel_true + rng.normal(0, 0.03, size=(n, days)), np.nan)
    return cmj, vel, onset


def evaluate(n: int = 1000, seed: int = 2026):
    rng = np.random.default_rng(seed)
    t0 = time.perf_counter()
    out = {}
    for group in ("normal", "overreaching"):
        cmj, vel, onset = simulate_group(n, rng, overreach=group == "overreaching")
        t1 = time.perf_counter()
        scans = {
            "jump_height_impulse_m": overreaching_scan(cmj),
            "velocity_ref_m_s": overreaching_scan(vel),
        }
        red = overreaching_classify(scans)["sustained"]
        elapsed = time.perf_counter() - t1
        # the naive rule for comparison: red whenever one day's value is < -2 SD (single-day z)
        naive = np.zeros_like(red)
        for sc in scans.values():
            naive |= np.nan_to_num(sc["z_day"], nan=0.0) < -2.0
        out[group] = (red, onset, elapsed)
        out[group + "_naive"] = (naive, onset, 0.0)
    sim_time = time.perf_counter() - t0
    res = _confusion(out["normal"][0], out["overreaching"][0], out["overreaching"][1], n)
    res["naive"] = _confusion(
        out["normal_naive"][0], out["overreaching_naive"][0], out["overreaching"][1], n
    )
    res["scan_seconds"] = out["normal"][2] + out["overreaching"][2]
    res["total_seconds"] = sim_time
    return res


def _confusion(red_n, red_o, onset, n):
    days = red_n.shape[1]
    weeks = [(s, s + 7) for s in range(21, days - 6, 7)]
    fp_weeks = sum(int(red_n[:, a:b].any(axis=1).sum()) for a, b in weeks)
    n_weeks = len(weeks) * n
    pre_fp = pre_n = 0
    detected = 0
    delays = []
    for i in range(n):
        for a, b in weeks:
            if b <= onset[i]:
                pre_n += 1
                pre_fp += int(red_o[i, a:b].any())
        win = red_o[i, onset[i] : onset[i] + 7]
        if win.any():
            detected += 1
            delays.append(int(np.argmax(win)))
    return {
        "n": n,
        "detected": detected,
        "missed": n - detected,
        "median_delay_days": float(np.median(delays)) if delays else None,
        "p90_delay_days": float(np.percentile(delays, 90)) if delays else None,
        "normal_weeks": n_weeks + pre_n,
        "false_red_weeks": fp_weeks + pre_fp,
    }


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 2026
    with timing.one_core() as pinned:  # no peer here: the detector's own time, one core
        print(f"{pinned}; {timing.load_average()}")
        r = evaluate(n, seed)
    sens = 100 * r["detected"] / r["n"]
    fpr = 100 * r["false_red_weeks"] / r["normal_weeks"]
    print(f"overreaching detection, {r['n']} + {r['n']} simulated athletes, seed {seed}")
    print("| | red within 7 days | no red within 7 days |")
    print("|---|---|---|")
    print(
        f"| sustained 7-10 % decline (episodes) | {r['detected']} ({sens:.1f} %) | {r['missed']} |"
    )
    print(
        f"| normal weeks | {r['false_red_weeks']} false red ({fpr:.2f} %) | {r['normal_weeks'] - r['false_red_weeks']} |"
    )
    print(
        f"delay to first red after onset: median {r['median_delay_days']} d, 90th pct {r['p90_delay_days']} d"
    )
    nv = r["naive"]
    nfpr = 100 * nv["false_red_weeks"] / nv["normal_weeks"]
    print(
        f"naive single-day rule (z < -2 on any marker): {100 * nv['detected'] / nv['n']:.1f} % detected, "
        f"{nfpr:.1f} % false-red weeks -> neurolift raises {nfpr / max(fpr, 1e-9):.1f}x fewer false reds"
    )
    print(
        f"detector time for 2 x {r['n']} athletes x 84 days: {r['scan_seconds'] * 1e3:.1f} ms "
        f"(simulation + detection {r['total_seconds']:.2f} s)"
    )
