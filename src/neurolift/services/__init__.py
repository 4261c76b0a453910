"""The service layer: what the command line and the web app call.

A service reads the store (or a file), runs the core analysis and returns a typed result with
``to_dict()``; the CLI (``neurolift.cli``) and the web app (``neurolift.web``) only parse their
input, call one service and format its result. Layers point down only: ``cli``/``web`` ->
``services`` -> ``store`` -> core (``io``, ``signals``, ``motorunits``, ``training``); the core
never imports this package (``tests/test_layering.py``).

======================================  ============================================================
page or command                         service
======================================  ============================================================
readiness, athlete traffic light        :func:`~neurolift.services.readiness.readiness_for`
athlete page trends with readiness      :func:`~neurolift.services.readiness.readiness_trends`
squad overview, ``report --squad``      :func:`~neurolift.services.readiness.squad_readiness`
weekly report, ``report ATHLETE``       :func:`~neurolift.services.readiness.weekly_report_for`
force upload, ``force analyze``         :func:`~neurolift.services.force.force_analyze_file`,
                                        :func:`~neurolift.services.force.force_trial_save`
bar upload, ``vbt analyze``             :func:`~neurolift.services.vbt.vbt_analyze_file`,
                                        :func:`~neurolift.services.vbt.vbt_set_save`
stored velocity sets                    :func:`~neurolift.services.vbt.vbt_sets`
load-velocity profile, ``vbt profile``  :func:`~neurolift.services.vbt.vbt_profiles`
velocity readiness, ``vbt readiness``   :func:`~neurolift.services.vbt.vbt_readiness_for`
per-rep summary file, ``vbt sets``      :func:`~neurolift.services.vbt.vbt_file_sets`
plan create / show                      :func:`~neurolift.services.plan.plan_create_for`,
                                        :func:`~neurolift.services.plan.program_stored_rows`
next load, ``plan progress``            :func:`~neurolift.services.plan.next_load_for`
today's load, ``plan today``            :func:`~neurolift.services.plan.load_today_for`
what-if, ``plan whatif``                :func:`~neurolift.services.plan.whatif_for`
new athlete, ``athlete add``            :func:`~neurolift.services.athletes.athlete_register`
log forms, ``log set|plyo|...``         :func:`~neurolift.services.athletes.log_entries_save`
log upload / download                   :func:`~neurolift.services.athletes.log_import`,
                                        :func:`~neurolift.services.athletes.log_export`
EMG upload, ``emg analyze --athlete``    :func:`~neurolift.services.emg.emg_analysis_save`
MVC, ``emg mvc --athlete``              :func:`~neurolift.services.emg.emg_mvc_save`
stored MVC for EMG normalisation        :func:`~neurolift.services.emg.emg_stored_mvc`
MU upload, ``mu analyze --athlete``     :func:`~neurolift.services.emg.mu_analysis_save`
demo squad, ``serve --demo``            :func:`~neurolift.services.demo.demo_squad_seed`
======================================  ============================================================

Submodules are imported on first use of a name (``from neurolift.services import readiness_for``
loads only :mod:`neurolift.services.readiness` and what it needs), so a command stays quick to
start.
"""

from __future__ import annotations

import importlib
from typing import Any

_WHERE = {
    "athletes": ("athlete_register", "log_entries_save", "log_export", "log_import", "store_info"),
    "demo": ("demo_squad_seed", "demo_tables"),
    "emg": ("emg_analysis_save", "emg_mvc_save", "emg_stored_mvc", "mu_analysis_save"),
    "force": ("force_analyze_file", "force_trial_save"),
    "plan": (
        "load_today_for",
        "next_load_for",
        "plan_create_for",
        "program_stored_rows",
        "program_week_rows",
        "whatif_for",
        "work_sets",
    ),
    "readiness": ("readiness_for", "readiness_trends", "squad_readiness", "weekly_report_for"),
    "vbt": (
        "vbt_analyze_file",
        "vbt_file_sets",
        "vbt_profile_points",
        "vbt_profile_points_stored",
        "vbt_profiles",
        "vbt_read_bar",
        "vbt_readiness_for",
        "vbt_set_save",
        "vbt_sets",
    ),
}
_MODULE = {name: mod for mod, names in _WHERE.items() for name in names}

__all__ = sorted(_MODULE)


def __getattr__(name: str) -> Any:
    if name not in _MODULE:
        raise AttributeError(f"module 'neurolift.services' has no attribute {name!r}")
    return getattr(importlib.import_module(f"neurolift.services.{_MODULE[name]}"), name)
