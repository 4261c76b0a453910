"""The neurolift web app: FastAPI + Jinja2 + htmx pages, a REST API under ``/api/v1/``.

Start it with ``neurolift serve`` (or ``make run`` for a demo squad). Build it in code with
:func:`create_app`.
"""

from neurolift.web.app import create_app
from neurolift.web.settings import Settings

__all__ = ["Settings", "create_app"]
