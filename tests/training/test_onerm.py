"""Rep-based 1RM formulas (as collected in Chronojump's RM.R)."""

from __future__ import annotations

import math

import pytest

from neurolift.errors import InvalidParameterError
from neurolift.training.onerm import ONERM_FORMULAS, onerm_estimate, onerm_estimate_all


def test_formulas_by_hand() -> None:
    w, r = 100.0, 5
    expected = {
        "brzycki": w * 36 / 32,
        "epley": w * (1 + 0.0333 * 5),
        "lander": 100 * w / (101.3 - 2.67123 * 5),
        "lombardi": w * 5**0.1,
        "mayhew": 100 * w / (52.2 + 41.9 * math.exp(-0.275)),
        "oconner": w * 1.125,
        "wathan": 100 * w / (48.8 + 53.8 * math.exp(-0.375)),
    }
    got = onerm_estimate_all(w, r)
    assert set(got) == set(ONERM_FORMULAS)
    for k, v in expected.items():
        assert got[k] == pytest.approx(v, rel=1e-9), k
    # Brzycki's two published forms agree: 36/(37 - n) ~ 1/(1.0278 - 0.0278 n)
    assert got["brzycki"] == pytest.approx(w / (1.0278 - 0.0278 * r), rel=2e-3)


def test_one_rep_is_the_load_and_estimates_grow_with_reps() -> None:
    assert all(v == 140.0 for v in onerm_estimate_all(140, 1).values())
    for m in ONERM_FORMULAS:
        vals = [onerm_estimate(100, n, method=m).e1rm_kg for n in range(1, 11)]
        assert all(b > a for a, b in zip(vals, vals[1:], strict=False)), m


def test_bad_input() -> None:
    with pytest.raises(InvalidParameterError, match="reps"):
        onerm_estimate(100, 2.5)
    with pytest.raises(InvalidParameterError, match="load_kg"):
        onerm_estimate(-5, 3)
    with pytest.raises(InvalidParameterError, match="unknown method"):
        onerm_estimate(100, 3, method="guess")
    assert onerm_estimate(100, 12).warnings
