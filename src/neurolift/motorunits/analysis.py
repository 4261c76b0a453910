"""Analysis of decomposed motor units, in one import: quality (:mod:`.quality`), the force
reference (:mod:`.reference`), per-unit and pool properties (:mod:`.properties`), pool
synchronisation (:mod:`.synchrony`) and figures (:mod:`.plots`).

Definitions follow openhdemg 0.1.2 (Valli et al. 2024) so numbers are comparable.

:func:`mu_analyze` is the one call of ``neurolift mu analyze`` and of a decomposition upload on
the web: properties, and when asked conduction velocity, synchronisation and RFD.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neurolift._results import Result, to_plain
from neurolift.errors import InvalidParameterError
from neurolift.io.decomposition import Decomposition
from neurolift.motorunits.muap import CVResult, mu_conduction_velocity
from neurolift.motorunits.plots import (
    mu_plot_all,
    mu_plot_discharge_rates,
    mu_plot_raster,
    mu_plot_rt_dr,
)
from neurolift.motorunits.properties import MUPropertiesResult, UnitProperties, mu_properties
from neurolift.motorunits.quality import mu_pnr, mu_sil, mu_sil_units
from neurolift.motorunits.reference import mu_rfd, mu_steady_window
from neurolift.motorunits.synchrony import PoolSynchrony, mu_pool_synchrony

__all__ = [
    "MUAnalysis",
    "MUPropertiesResult",
    "PoolSynchrony",
    "UnitProperties",
    "mu_analyze",
    "mu_plot_all",
    "mu_plot_discharge_rates",
    "mu_plot_raster",
    "mu_plot_rt_dr",
    "mu_pnr",
    "mu_pool_synchrony",
    "mu_properties",
    "mu_rfd",
    "mu_sil",
    "mu_sil_units",
    "mu_steady_window",
]


@dataclass(frozen=True)
class MUAnalysis(Result):
    """Properties of a decomposition and the optional parts; ``to_dict()`` is the properties'
    dict with ``conduction_velocity`` (and ``cv_m_s`` in each unit), ``synchronisation`` and
    the RFD values (``rfd_0_100ms_n_s``, or ``_pct_mvc_s`` for a %MVC reference) added."""

    properties: MUPropertiesResult
    conduction_velocity: CVResult | None = None
    synchronisation: PoolSynchrony | None = None
    rfd: dict[str, float] | None = None
    warnings: tuple[str, ...] = ()

    @property
    def method(self) -> dict[str, Any]:
        return self.properties.method

    def to_dict(self) -> dict[str, Any]:
        out = self.properties.to_dict()
        if self.conduction_velocity is not None:
            out["conduction_velocity"] = self.conduction_velocity.to_dict()
            for u, v in zip(out["units"], self.conduction_velocity.cv_m_s, strict=True):
                u["cv_m_s"] = v
        if self.synchronisation is not None:
            out["synchronisation"] = self.synchronisation.to_dict()
        out.update(self.rfd or {})
        out["warnings"] = list(self.warnings)
        return to_plain(out)


def mu_analyze(
    decomposition: Decomposition,
    *,
    conduction_velocity: bool = False,
    synchronisation: bool = False,
    rfd_onset_s: float | None = None,
    **properties: Any,
) -> MUAnalysis:
    """:func:`mu_properties` of a decomposition (``properties`` are its options), plus on
    request the conduction velocity of every unit (:func:`~neurolift.motorunits.muap.
    mu_conduction_velocity`, needs the grid EMG), the pool's synchronisation in the steady
    window (:func:`mu_pool_synchrony`) and the RFD of the force from ``rfd_onset_s``
    (:func:`mu_rfd`; the keys carry the reference's unit: ``_n_s``, ``_pct_mvc_s`` or
    ``_per_s``).
    """
    d = decomposition
    props = mu_properties(d, **properties)
    warnings = list(props.warnings)
    cv = sync = None
    rfd: dict[str, float] = {}
    if conduction_velocity:
        cv = mu_conduction_velocity(d)
        warnings += cv.warnings
    if synchronisation:
        sync = mu_pool_synchrony(d, props)
    if rfd_onset_s is not None:
        if d.reference is None:
            raise InvalidParameterError("mu_analyze: rfd_onset_s needs a force (reference) channel")
        values = mu_rfd(d.reference, onset=int(round(rfd_onset_s * d.sampling_rate)))
        suffix = {"N": "n_s", "%MVC": "pct_mvc_s"}.get(d.reference.unit.replace(" ", ""), "per_s")
        rfd = {f"{k}_{suffix}": v for k, v in values.items()}
    return MUAnalysis(props, cv, sync, rfd, tuple(warnings))
