"""Regenerate sample_log.csv: a SYNTHETIC training log (not a recording) for tests and the CLI tour.

Athlete "Ada" (intermediate, back squat 1RM 140 kg), 7 weeks from Monday 2026-10-05 to Sunday
2026-11-22. Mon/Wed/Fri: a reference warm-up set at 100 kg whose best mean velocity is
0.62 m/s + N(0, 0.015), then 4 x 5 at 115 kg (RIR 2); Mon/Fri: 2 plyometric drills; Wed: NMES.
Daily wellness check-in (sleep 7.5 h + N(0, 0.6), items 4 +/- 1 at random). From Monday 2026-11-16 on, velocity at
the reference load is 10 % lower each wellness item one point worse and sleep 1 h shorter: a sustained decline the
readiness check should call red. Seed 6.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import numpy as np

COLUMNS = [
    "type",
    "athlete",
    "date",
    "exercise",
    "set_index",
    "load_kg",
    "reps",
    "rir",
    "rpe",
    "mean_velocity_m_s",
    "velocity_loss_pct",
    "contacts",
    "muscle",
    "frequency_hz",
    "pulse_width_us",
    "on_s",
    "off_s",
    "contractions",
    "sleep_h",
    "sleep_quality",
    "energy",
    "mood",
    "stress",
    "soreness",
]


def _item(rng: np.random.Generator, base: int, bad: bool) -> int:
    """One questionnaire item: base +/- 1 at random, one point worse during the decline."""
    return int(np.clip(base + rng.choice([-1, 0, 0, 0, 1]) - (1 if bad else 0), 1, 5))


def main() -> None:
    rng = np.random.default_rng(6)
    start = dt.date(2026, 10, 5)
    decline_from = dt.date(2026, 11, 16)
    rows = []
    for i in range(49):
        d = start + dt.timedelta(days=i)
        bad = d >= decline_from
        sleep = float(np.clip(7.5 + rng.normal(0, 0.6) - (1.0 if bad else 0.0), 4.0, 10.0))
        rows.append(
            {
                "type": "wellness",
                "date": d,
                "sleep_h": round(sleep, 1),
                "sleep_quality": _item(rng, 4, bad),
                "energy": _item(rng, 4, bad),
                "mood": _item(rng, 4, bad),
                "stress": 6 - _item(rng, 4, bad),
                "soreness": 6 - _item(rng, 4, bad),
            }
        )
        if d.weekday() in (0, 2, 4):
            v = 0.62 * (0.90 if bad else 1.0) + rng.normal(0, 0.015)
            rows.append(
                {
                    "type": "set",
                    "date": d,
                    "exercise": "back_squat",
                    "set_index": 1,
                    "load_kg": 100,
                    "reps": 3,
                    "rir": 6,
                    "mean_velocity_m_s": round(v, 3),
                }
            )
            for k in range(2, 6):
                rows.append(
                    {
                        "type": "set",
                        "date": d,
                        "exercise": "back_squat",
                        "set_index": k,
                        "load_kg": 115,
                        "reps": 5,
                        "rir": 2,
                        "mean_velocity_m_s": round(v - 0.12 - 0.01 * k, 3),
                        "velocity_loss_pct": round(18 + rng.normal(0, 2), 1),
                    }
                )
        if d.weekday() in (0, 4):
            rows.append({"type": "plyo", "date": d, "exercise": "box_jump", "contacts": 40})
            rows.append({"type": "plyo", "date": d, "exercise": "pogo_jump", "contacts": 50})
        if d.weekday() == 2:
            rows.append(
                {
                    "type": "nmes",
                    "date": d,
                    "muscle": "quadriceps",
                    "frequency_hz": 75,
                    "pulse_width_us": 400,
                    "on_s": 5,
                    "off_s": 15,
                    "contractions": 40,
                }
            )
    out = Path(__file__).with_name("sample_log.csv")
    with out.open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow(
                {
                    "athlete": "Ada",
                    **{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in r.items()},
                }
            )


if __name__ == "__main__":
    main()
