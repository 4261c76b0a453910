"""Store.save_analyses: many results in one transaction, all or none (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from neurolift.errors import NotFoundError


def test_save_analyses_is_all_or_nothing(store) -> None:
    store.add_athlete("Ada")
    items = [
        {
            "domain": "force",
            "kind": "cmj",
            "result": {"jump_height_m": [0.3, 0.31, 0.32, 0.33, 0.34][i]},
            "athlete": "Ada",
        }
        for i in range(5)
    ]
    recs = store.save_analyses(items)
    assert [r.payload["jump_height_m"] for r in recs] == [0.3, 0.31, 0.32, 0.33, 0.34]
    assert [p.value for p in store.metric_history("Ada", "jump_height_m")] == [
        0.3,
        0.31,
        0.32,
        0.33,
        0.34,
    ]
    with pytest.raises(NotFoundError):  # the last item names no stored athlete
        store.save_analyses([*items, {**items[0], "athlete": "Nobody"}])
    assert len(store.results()) == 5
