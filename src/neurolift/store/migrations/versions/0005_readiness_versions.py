"""A change counter per athlete for everything readiness is computed from.

``readiness_versions`` holds one row per athlete whose ``version`` goes up, in the same
transaction, whenever a row that readiness reads is written for that athlete: the athlete record,
the training profile, a set, a check-in, a metric, an analysis result, a team membership
(which decides whose between-athlete SD the athlete is judged against). Database triggers keep it,
so every writer counts (another app worker, the CLI, an import), and a reader learns which
athletes changed by reading this small table instead of the data (see
``neurolift.store.training_repo.readiness_versions`` and ``neurolift.services.readiness``).

Triggers rather than ``MAX(id)`` per table: on PostgreSQL ids are taken when a row is inserted,
not when its transaction commits, so a transaction that commits after a reader looked could add
rows below the newest id the reader saw; a counter written in the committing transaction itself
cannot be missed.

SQLite: a row trigger per table and event (an upsert of the athlete's counter). PostgreSQL: a
statement trigger per table and event reading the transition table (one upsert per statement,
athletes in id order). A later migration that rebuilds one of these tables (SQLite batch mode
copies a table) must create its triggers again; ``tests/store`` checks they fire at head.

Revision ID: 0005_readiness_versions
Revises: 0004_log_keys
Create Date: 2026-12-04
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_readiness_versions"
down_revision = "0004_log_keys"
branch_labels = None
depends_on = None

# table -> the column naming the athlete of a row
WATCHED = {
    "athletes": "id",
    "training_profiles": "athlete_id",
    "set_logs": "athlete_id",
    "wellness_logs": "athlete_id",
    "metrics": "athlete_id",
    "analysis_results": "athlete_id",
    "team_athletes": "athlete_id",
}
EVENTS = {"INSERT": "NEW", "UPDATE": "NEW", "DELETE": "OLD"}


def _name(table: str, event: str) -> str:
    return f"readiness_bump_{table}_{event.lower()}"


def upgrade() -> None:
    op.create_table(
        "readiness_versions",
        sa.Column(
            "athlete_id",
            sa.Integer,
            sa.ForeignKey("athletes.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("version", sa.BigInteger, nullable=False),
    )
    op.execute("INSERT INTO readiness_versions (athlete_id, version) SELECT id, 1 FROM athletes")
    postgres = op.get_bind().dialect.name == "postgresql"
    for table, column in WATCHED.items():
        for event, row in EVENTS.items():
            if table == "athletes" and event == "DELETE":
                continue  # the counter row goes with the athlete (ON DELETE CASCADE)
            name = _name(table, event)
            if postgres:
                rows = "changed_rows"
                op.execute(
                    f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
                    "SET search_path FROM CURRENT AS $$ BEGIN "
                    "INSERT INTO readiness_versions AS v (athlete_id, version) "
                    f"SELECT DISTINCT {column}, 1 FROM {rows} WHERE {column} IS NOT NULL "
                    f"ORDER BY {column} "
                    "ON CONFLICT (athlete_id) DO UPDATE SET version = v.version + 1; "
                    "RETURN NULL; END $$"
                )
                op.execute(
                    f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                    f"REFERENCING {row} TABLE AS {rows} FOR EACH STATEMENT "
                    f"EXECUTE FUNCTION {name}()"
                )
            else:
                op.execute(
                    f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                    f"WHEN {row}.{column} IS NOT NULL BEGIN "
                    f"INSERT INTO readiness_versions (athlete_id, version) "
                    f"VALUES ({row}.{column}, 1) "
                    "ON CONFLICT (athlete_id) DO UPDATE SET version = version + 1; END"
                )


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for table in WATCHED:
        for event in EVENTS:
            if table == "athletes" and event == "DELETE":
                continue
            name = _name(table, event)
            op.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if postgres else ""))
            if postgres:
                op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.drop_table("readiness_versions")
