"""Surface EMG kept in the store.

What to call:

* ``neurolift emg analyze --stored-mvc`` and normalisation on a page: :func:`emg_stored_mvc`.
"""

from __future__ import annotations

from neurolift.errors import NotFoundError
from neurolift.store.repository import Store

__all__ = ["emg_stored_mvc"]


def emg_stored_mvc(store: Store, athlete: str) -> dict[str, float]:
    """The athlete's latest MVC amplitude per channel (V), as saved by ``neurolift emg mvc``."""
    saved = store.results(athlete=athlete, domain="emg", kind="mvc")
    if not saved:
        raise NotFoundError(
            f"emg analyze: no stored MVC for athlete {athlete!r}; record one with `neurolift emg mvc`"
        )
    return {str(k): float(v) for k, v in saved[-1].payload["mvc"].items()}
