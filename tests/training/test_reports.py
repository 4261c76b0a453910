"""Weekly report and squad overview: PDF and HTML render with the verdict, reasons and plots."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from neurolift.errors import InvalidParameterError
from neurolift.training.overreaching import DailySeries, readiness_assess
from neurolift.training.reports import (
    report_parse_week,
    report_squad_html,
    report_squad_pdf,
    report_weekly,
    report_write_html,
    report_write_pdf,
)
from neurolift.training.traininglog import log_read

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "training" / "sample_log.csv"
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(scope="module")
def weekly():
    log = log_read(SAMPLE, today=TODAY)
    best: dict[dt.date, float] = {}
    for s in log.sets:
        if s.load_kg == 100 and s.mean_velocity_m_s is not None:
            best[s.date] = max(best.get(s.date, 0.0), s.mean_velocity_m_s)
    series = [
        DailySeries("velocity_ref_m_s", tuple(sorted(best)), tuple(best[d] for d in sorted(best))),
        DailySeries(
            "wellness_score",
            tuple(w.date for w in log.wellness),
            tuple(w.wellness_score for w in log.wellness),
        ),
        DailySeries(
            "sleep_h", tuple(w.date for w in log.wellness), tuple(w.sleep_h for w in log.wellness)
        ),
    ]
    r = readiness_assess("Ada", series, date=dt.date(2026, 11, 22))
    return report_weekly("Ada", "2026-W47", log, series, r)


def test_week_summary_counts_only_the_week(weekly) -> None:
    s = weekly.summary
    assert (weekly.start, weekly.end) == (dt.date(2026, 11, 16), dt.date(2026, 11, 22))
    assert (
        s["sets"] == 15
        and s["sessions"] == 3
        and s["plyometric_contacts"] == 180
        and s["nmes_sessions"] == 1
    )
    assert s["tonnage_kg"] == 3 * (100 * 3 + 4 * 115 * 5)
    # the synthetic log has a 10 % velocity decline from 2026-11-16: the report must say so
    assert weekly.readiness.status == "red" and weekly.readiness.overreaching == "sustained_decline"


def test_pdf_renders_two_pages(weekly, tmp_path: Path) -> None:
    out = report_write_pdf(weekly, tmp_path / "r.pdf")
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) == 2
    assert out.stat().st_size > 20_000  # the plots are embedded


def test_html_has_verdict_reasons_and_plots(weekly, tmp_path: Path) -> None:
    html = report_write_html(weekly, tmp_path / "r.html").read_text()
    assert "RED" in html and "sustained decline" in html
    assert "functional overreaching" in html
    assert html.count("data:image/png;base64,") == 1
    assert "back_squat" in html


def test_squad_outputs(weekly, tmp_path: Path) -> None:
    rows = [weekly.readiness]
    html = report_squad_html(rows, tmp_path / "s.html", date=weekly.end).read_text()
    assert 'class="red"' in html and "Ada" in html
    assert (
        report_squad_pdf(rows, tmp_path / "s.pdf", date=weekly.end).read_bytes().startswith(b"%PDF")
    )


def test_week_parsing() -> None:
    assert report_parse_week("2026-w01")[0] == dt.date(2025, 12, 29)
    for bad in ("2026-48", "2026-W60", "W48"):
        with pytest.raises(InvalidParameterError, match="2026-W48"):
            report_parse_week(bad)
