"""The athlete store: SQLite by default, PostgreSQL for teams, migrated by Alembic.

>>> from neurolift.store import Store
>>> store = Store("sqlite://")          # in-memory, for the example
>>> athlete = store.add_athlete("Ada", body_mass_kg=61.5)
>>> store.get_athlete("Ada").body_mass_kg
61.5
"""

from neurolift.store.repository import (
    DATABASE_URL_ENV,
    AthleteRecord,
    MetricPoint,
    ResultRecord,
    Store,
    TrialRecord,
    database_default_url,
    metric_unit,
)

__all__ = [
    "DATABASE_URL_ENV",
    "AthleteRecord",
    "MetricPoint",
    "ResultRecord",
    "Store",
    "TrialRecord",
    "database_default_url",
    "metric_unit",
]
