"""Every public function (in every public module's __all__) follows the naming table of
docs/naming.md: a known domain first, the verbs read/write/simulate/analyze/process/plot never
first, no British `analyse`; former names still work and warn."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
import warnings
from pathlib import Path

import pytest

import neurolift

TABLE = Path(__file__).resolve().parents[1] / "docs" / "naming.md"
VERBS_NEVER_FIRST = ("read", "write", "simulate", "analyze", "analyse", "process", "plot")


def _domains() -> set[str]:
    """The backticked words of the first column of the 'Domains' table."""
    text = TABLE.read_text()
    section = text.split("## Domains", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return {d for row in rows for d in re.findall(r"`([a-z_]+)`", row.split("|")[1])}


DOMAINS = _domains()


def _public_functions():
    for mod in pkgutil.walk_packages(neurolift.__path__, "neurolift."):
        parts = mod.name.split(".")
        if any(p.startswith("_") for p in parts) or parts[1] in ("web", "cli"):
            continue
        if ".migrations" in mod.name:
            continue
        module = importlib.import_module(mod.name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if inspect.isfunction(obj):
                yield mod.name, name


FUNCTIONS = sorted(set(_public_functions()))


def test_the_table_lists_the_domains() -> None:
    assert {"force", "emg", "mu", "velocity", "readiness", "volt"} <= DOMAINS


def test_there_are_many_public_functions() -> None:
    assert len(FUNCTIONS) > 200


@pytest.mark.parametrize(("module", "name"), FUNCTIONS, ids=lambda x: x)
def test_public_function_follows_the_table(module: str, name: str) -> None:
    first = name.split("_")[0]
    assert first not in VERBS_NEVER_FIRST, f"{module}.{name}: the verb goes after the domain"
    assert "analyse" not in name, f"{module}.{name}: analyze, not analyse"
    if module == "neurolift.units" and re.fullmatch(r"(\w+_)?to_\w+", name):
        return  # unit conversions: lb_to_kg, to_volts
    if name.startswith("check_"):
        return  # validators raise on a bad value
    assert any(name == d or name.startswith(d + "_") for d in DOMAINS), (
        f"{module}.{name}: no domain of docs/naming.md first"
    )


@pytest.mark.parametrize(
    ("module", "old", "new"),
    [
        ("neurolift.io.force", "read_force", "force_read"),
        ("neurolift.io.velocity", "read_chronojump", "velocity_read_chronojump"),
        ("neurolift.io.velocity", "read_openbarbell", "velocity_read_openbarbell"),
        ("neurolift.io", "read_numeric_table", "table_read"),
        ("neurolift.plotting.force", "plot_force_trial", "force_plot_trial"),
        ("neurolift.plotting.vbt", "plot_lv_profile", "lv_plot_profile"),
        ("neurolift.training.banister", "ewma_load", "load_ewma"),
        ("neurolift.store.accounts_repo", "login", "account_login"),
    ],
)
def test_former_names_still_work_and_warn(module: str, old: str, new: str) -> None:
    m = importlib.import_module(module)
    alias = getattr(m, old)
    assert old not in getattr(m, "__all__", ())
    assert alias.__wrapped__ is getattr(importlib.import_module(getattr(m, new).__module__), new)
    with pytest.warns(DeprecationWarning, match=f"{old} is deprecated; use {new}"):
        try:
            alias()
        except TypeError:
            pass  # called without its arguments: the warning came first


def test_former_parameter_spellings_warn_and_give_the_same_answer() -> None:
    import numpy as np

    from neurolift.motorunits import excitation_ramp
    from neurolift.signals.emg import emg_clean
    from neurolift.timeseries import TimeSeries

    x = TimeSeries(np.random.default_rng(0).normal(0, 1e-4, 2000), 1000, "V")
    new = emg_clean(x, lowcut_hz=30.0, highcut_hz=300.0)
    with pytest.warns(DeprecationWarning, match="lowcut= is deprecated; use lowcut_hz="):
        old = emg_clean(x, lowcut=30.0, highcut_hz=300.0)
    assert np.array_equal(old.values, new.values)
    with pytest.warns(DeprecationWarning, match="duration= is deprecated"):
        e = excitation_ramp(duration=1, sampling_rate=100, level=1)
    assert e.n_samples == excitation_ramp(duration_s=1, sampling_rate=100, level=1).n_samples
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        emg_clean(x, lowcut_hz=30.0)  # the new spelling never warns


def test_the_readiness_marker_has_the_force_modules_name() -> None:
    from neurolift.training.overreaching import PERFORMANCE_MARKERS, DailySeries

    assert "jump_height_impulse_m" in PERFORMANCE_MARKERS
    with pytest.warns(DeprecationWarning, match="'jump_height_m' is deprecated"):
        s = DailySeries("jump_height_m", (), ())
    assert s.name == "jump_height_impulse_m"
