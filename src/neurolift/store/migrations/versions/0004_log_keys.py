"""Natural keys of the training log, so that importing a log twice stores it once.

A set is one (athlete, day, exercise, set number); a plyometric entry one (athlete, day, drill);
an NMES entry one (athlete, day, muscle); a wellness check-in was already one per athlete and day.
Unique indexes enforce the keys.

Stores written before this revision may hold duplicates (the same file imported twice). They
are resolved here, before the indexes are made, and nothing logged is lost:

- rows identical in every logged field are kept once (the lowest id);
- sets that share a key but differ get the next free set numbers of their day and exercise;
- plyometric entries of one drill on one day that differ are merged into one with the sum of
  their contacts (the day's dose of that drill);
- NMES entries of one muscle on one day that differ keep their doses; the later ones are
  renamed "<muscle> #2", "#3"...

What was changed is reported on the ``neurolift.store`` logger (a warning, shown on stderr).

Revision ID: 0004_log_keys
Revises: 0003_accounts
Create Date: 2026-12-04
"""

import logging
from collections import defaultdict

import sqlalchemy as sa
from alembic import op

revision = "0004_log_keys"
down_revision = "0003_accounts"
branch_labels = None
depends_on = None

log = logging.getLogger("neurolift.store")

# table -> (key columns, logged value columns)
_TABLES = {
    "set_logs": (
        ("athlete_id", "performed_on", "exercise", "set_index"),
        (
            "load_kg",
            "reps",
            "rir",
            "rpe",
            "mean_velocity_m_s",
            "peak_velocity_m_s",
            "velocity_loss_pct",
            "target_load_kg",
            "target_reps",
        ),
    ),
    "plyo_logs": (("athlete_id", "performed_on", "exercise"), ("contacts", "tier")),
    "nmes_logs": (
        ("athlete_id", "performed_on", "muscle"),
        (
            "frequency_hz",
            "pulse_width_us",
            "on_s",
            "off_s",
            "contractions",
            "intensity_ma",
            "evoked_pct_mvc",
        ),
    ),
}


def _delete_identical(conn: sa.Connection, table: str, columns: tuple[str, ...]) -> int:
    """Delete rows identical to a lower-id row in every column (NULLs compare equal)."""
    cols = ", ".join(columns)
    result = conn.execute(
        sa.text(
            f"DELETE FROM {table} WHERE id NOT IN "
            f"(SELECT keep FROM (SELECT MIN(id) AS keep FROM {table} GROUP BY {cols}) AS k)"
        )
    )
    return max(result.rowcount or 0, 0)


def _clashes(conn: sa.Connection, table: str, key: tuple[str, ...]) -> dict[tuple, list]:
    cols = ", ".join(key)
    rows = conn.execute(
        sa.text(
            f"SELECT t.* FROM {table} t JOIN (SELECT {cols} FROM {table} GROUP BY {cols} "
            f"HAVING COUNT(*) > 1) d USING ({cols}) ORDER BY t.id"
        )
    ).mappings()
    groups: dict[tuple, list] = defaultdict(list)
    for r in rows:
        groups[tuple(r[c] for c in key)].append(dict(r))
    return groups


def upgrade() -> None:
    conn = op.get_bind()
    report: list[str] = []
    for table, (key, values) in _TABLES.items():
        n = _delete_identical(conn, table, key + values)
        if n:
            report.append(f"{n} repeated {table} row(s) removed (identical to a kept one)")

    renumbered = 0
    for (aid, day, exercise, _), rows in _clashes(conn, "set_logs", _TABLES["set_logs"][0]).items():
        top = conn.execute(
            sa.text(
                "SELECT MAX(set_index) FROM set_logs WHERE athlete_id = :a AND "
                "performed_on = :d AND exercise = :e"
            ),
            {"a": aid, "d": day, "e": exercise},
        ).scalar_one()
        for r in rows[1:]:
            top += 1
            conn.execute(
                sa.text("UPDATE set_logs SET set_index = :n WHERE id = :id"),
                {"n": top, "id": r["id"]},
            )
            renumbered += 1
    if renumbered:
        report.append(f"{renumbered} set(s) sharing a set number renumbered")

    merged = 0
    for rows in _clashes(conn, "plyo_logs", _TABLES["plyo_logs"][0]).values():
        conn.execute(
            sa.text("UPDATE plyo_logs SET contacts = :c WHERE id = :id"),
            {"c": sum(r["contacts"] for r in rows), "id": rows[0]["id"]},
        )
        conn.execute(
            sa.text("DELETE FROM plyo_logs WHERE id IN :ids").bindparams(
                sa.bindparam("ids", expanding=True)
            ),
            {"ids": [r["id"] for r in rows[1:]]},
        )
        merged += len(rows) - 1
    if merged:
        report.append(f"{merged} plyometric entries merged into their drill's day total")

    renamed = 0
    for rows in _clashes(conn, "nmes_logs", _TABLES["nmes_logs"][0]).values():
        for k, r in enumerate(rows[1:], start=2):
            conn.execute(
                sa.text("UPDATE nmes_logs SET muscle = :m WHERE id = :id"),
                {"m": f"{r['muscle']} #{k}"[:64], "id": r["id"]},
            )
            renamed += 1
    if renamed:
        report.append(f"{renamed} NMES entries of a muscle already logged that day renamed #2...")

    op.create_index(
        "uq_set_logs_entry",
        "set_logs",
        ["athlete_id", "performed_on", "exercise", "set_index"],
        unique=True,
    )
    op.create_index(
        "uq_plyo_logs_entry", "plyo_logs", ["athlete_id", "performed_on", "exercise"], unique=True
    )
    op.create_index(
        "uq_nmes_logs_entry", "nmes_logs", ["athlete_id", "performed_on", "muscle"], unique=True
    )
    if report:
        log.warning("store migration 0004_log_keys: %s", "; ".join(report))


def downgrade() -> None:
    op.drop_index("uq_nmes_logs_entry", "nmes_logs")
    op.drop_index("uq_plyo_logs_entry", "plyo_logs")
    op.drop_index("uq_set_logs_entry", "set_logs")
