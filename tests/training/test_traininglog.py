"""Training log entries: clear errors on bad input, CSV/JSON round trips, all-or-nothing import."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from neurolift.errors import FileFormatError, InvalidParameterError
from neurolift.training.traininglog import (
    TrainingLog,
    log_nmes,
    log_plyo,
    log_read,
    log_set,
    log_wellness,
    log_write,
)

TODAY = dt.date(2026, 11, 23)
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "training" / "sample_log.csv"


def _set(**kw):
    args = {
        "date": "2026-11-20",
        "exercise": "back_squat",
        "load_kg": 100,
        "reps": 5,
        "today": TODAY,
    }
    args.update(kw)
    return log_set(**args)


@pytest.mark.parametrize(
    ("kw", "match"),
    [
        ({"load_kg": 421, "one_rm_kg": 140}, "above 3 x the stored 1RM"),
        ({"load_kg": -5}, "load_kg must be >= 0"),
        ({"reps": 0}, "reps must be >= 1"),
        ({"reps": -3}, "reps must be >= 1"),
        ({"reps": 2.5}, "whole number"),
        ({"exercise": "squat_thrust_deluxe"}, "unknown exercise 'squat_thrust_deluxe'"),
        ({"date": "2026-11-24"}, "is in the future"),
        ({"date": "23/11/2026"}, "ISO YYYY-MM-DD"),
        ({"rir": 12}, "rir must lie in"),
        ({"rir": 1, "rpe": 6}, "disagree"),
        ({"mean_velocity_m_s": 0.8, "peak_velocity_m_s": 0.5}, "below mean_velocity"),
        ({"exercise": "depth_jump"}, "use log_plyo"),
    ],
)
def test_bad_sets_are_refused_with_a_clear_message(kw, match) -> None:
    with pytest.raises(InvalidParameterError, match=match):
        _set(**kw)


def test_load_at_exactly_three_times_the_one_rm_is_accepted() -> None:
    assert _set(load_kg=420, one_rm_kg=140).load_kg == 420.0


def test_other_entries_validate() -> None:
    assert (
        log_plyo(date="2026-11-20", exercise="box_jump", contacts=40, today=TODAY).tier
        == "moderate"
    )
    with pytest.raises(InvalidParameterError, match="not a plyometric"):
        log_plyo(date="2026-11-20", exercise="back_squat", contacts=40, today=TODAY)
    with pytest.raises(InvalidParameterError, match="contacts"):
        log_plyo(date="2026-11-20", exercise="box_jump", contacts=0, today=TODAY)
    with pytest.raises(InvalidParameterError, match="pulse_width_us"):
        log_nmes(
            date="2026-11-20",
            frequency_hz=75,
            pulse_width_us=5000,
            on_s=5,
            off_s=15,
            contractions=40,
            today=TODAY,
        )
    w = log_wellness(
        date="2026-11-20",
        sleep_h=6,
        sleep_quality=2,
        energy=3,
        mood=3,
        stress=4,
        soreness=5,
        today=TODAY,
    )
    assert w.wellness_score == pytest.approx((2 + 3 + 3 + 2 + 1) / 5)
    with pytest.raises(InvalidParameterError, match="soreness"):
        log_wellness(
            date="2026-11-20",
            sleep_h=6,
            sleep_quality=2,
            energy=3,
            mood=3,
            stress=4,
            soreness=7,
            today=TODAY,
        )


def test_sample_log_reads_and_round_trips(tmp_path: Path) -> None:
    log = log_read(SAMPLE, today=TODAY, one_rms={"back_squat": 140})
    assert log.athlete == "Ada"
    assert (len(log.sets), len(log.plyometrics), len(log.nmes), len(log.wellness)) == (
        105,
        28,
        7,
        49,
    )
    for ext in ("csv", "json"):
        out = log_write(log, tmp_path / f"log.{ext}")
        back = log_read(out, today=TODAY)
        assert back == log


def test_one_bad_line_fails_the_whole_file_naming_the_line(tmp_path: Path) -> None:
    lines = SAMPLE.read_text().splitlines()
    lines[11] = lines[11].replace("back_squat", "back_sqaut")  # a typo in line 12
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n")
    assert "back_sqaut" in lines[11]
    with pytest.raises(FileFormatError, match=r"bad.csv, line 12: .*unknown exercise 'back_sqaut'"):
        log_read(bad, today=TODAY)


def test_impossible_load_in_json_names_the_entry(tmp_path: Path) -> None:
    p = tmp_path / "log.json"
    p.write_text(
        json.dumps(
            {
                "athlete": "Bo",
                "sets": [
                    {"date": "2026-11-20", "exercise": "bench_press", "load_kg": 80, "reps": 5},
                    {"date": "2026-11-20", "exercise": "bench_press", "load_kg": 350, "reps": 5},
                ],
            }
        )
    )
    with pytest.raises(FileFormatError, match=r"sets\[1\]: .*above 3 x the stored 1RM"):
        log_read(p, today=TODAY, one_rms={"bench_press": 100})
    assert len(log_read(p, today=TODAY, one_rms={"bench_press": 200}).sets) == 2


def test_unknown_type_and_format(tmp_path: Path) -> None:
    p = tmp_path / "x.csv"
    p.write_text("type,athlete,date\nsprint,Bo,2026-11-20\n")
    with pytest.raises(FileFormatError, match="line 2: unknown entry type 'sprint'"):
        log_read(p, today=TODAY)
    with pytest.raises(FileFormatError, match="unknown log format"):
        log_read(tmp_path / "x.xlsx")
    with pytest.raises(InvalidParameterError):
        log_write(TrainingLog("Bo"), tmp_path / "x.xlsx")
