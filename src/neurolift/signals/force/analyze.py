"""One entry point for every force-plate test, with automatic test detection."""

from __future__ import annotations

from typing import Any

import numpy as np

from neurolift._validation import check_choice
from neurolift.errors import InvalidParameterError, SamplingRateError
from neurolift.signals.force._common import force_matrix
from neurolift.signals.force._events import MAX_FLIGHT_S, long_flight_message, unloaded_gaps
from neurolift.signals.force.dropjump import dj_metrics, force_find_flights, multijump_metrics
from neurolift.signals.force.isometric import imtp_metrics
from neurolift.signals.force.jumps import cmj_metrics, sj_metrics
from neurolift.timeseries import TimeSeries

__all__ = ["FORCE_TESTS", "force_detect_test", "force_analyze"]

FORCE_TESTS = ("cmj", "sj", "dj", "imtp", "multi", "auto")


def force_detect_test(
    force: TimeSeries, *, takeoff_threshold_n: float = 20.0, min_flight_s: float = 0.15
) -> str:
    """Guess the test from the force trace.

    - starts unloaded, then one contact and a flight: ``dj``;
    - two or more flights: ``multi``;
    - no flight: ``imtp``, unless the plate is unloaded between loaded periods for longer than
      any flight (then the sampling rate is probably wrong: :class:`SamplingRateError`);
    - one flight from standing: ``cmj`` if force first dips below body weight by more than 10 %
      (an unweighting), else ``sj``.

    Examples
    --------
    >>> from neurolift.signals.force.simulate import force_simulate_jump
    >>> force_detect_test(force_simulate_jump(sampling_rate=1000, random_state=0).force)
    'cmj'
    >>> force_detect_test(force_simulate_jump(sampling_rate=1000, countermovement=False,
    ...                                       random_state=0).force)
    'sj'
    """
    F, _ = force_matrix(force, where="force_detect_test")
    fs = force.sampling_rate
    flights = force_find_flights(F, fs, threshold_n=takeoff_threshold_n, min_flight_s=min_flight_s)
    starts_unloaded = np.median(F[: max(1, int(0.05 * fs))]) < takeoff_threshold_n
    if not flights:
        # a gap too long for a flight: a jump read at too low a rate (5 s "in the air") or a step
        # off the plate - neither is an isometric pull
        long = unloaded_gaps(F, fs, threshold_n=takeoff_threshold_n, min_s=MAX_FLIGHT_S)
        if long:
            raise SamplingRateError(long_flight_message("force_detect_test", long[0], fs))
        return "imtp"
    if starts_unloaded and len(flights) == 1:
        return "dj"
    if len(flights) > 1:
        return "multi"
    to = flights[0][0]
    pre = F[:to]
    loaded = pre[pre >= takeoff_threshold_n]
    if loaded.size == 0:
        return "dj"
    bw = float(np.median(loaded))
    peak = int(np.argmax(pre))
    dip = bw - float(pre[:peak].min()) if peak > 0 else 0.0
    return "cmj" if dip > 0.1 * bw else "sj"


def force_analyze(
    force: TimeSeries,
    *,
    test: str = "auto",
    body_mass_kg: float | None = None,
    drop_height_m: float | None = None,
    **params: Any,
) -> Any:
    """Analyse a force recording as ``test`` (or detect it) and return the typed result.

    Examples
    --------
    >>> from neurolift.signals.force.simulate import force_simulate_jump
    >>> r = force_analyze(force_simulate_jump(sampling_rate=1000, random_state=0).force)
    >>> r.test, round(r.jump_height_impulse_m, 2)
    ('cmj', 0.32)
    """
    check_choice("test", test, FORCE_TESTS, where="force_analyze")
    if test == "auto":
        test = force_detect_test(force, takeoff_threshold_n=params.get("takeoff_threshold_n", 20.0))
    if drop_height_m is not None and test != "dj":
        raise InvalidParameterError(
            f"force_analyze: drop_height_m applies to drop jumps only (test is {test})"
        )
    if test == "cmj":
        return cmj_metrics(force, body_mass_kg=body_mass_kg, **params)
    if test == "sj":
        return sj_metrics(force, body_mass_kg=body_mass_kg, **params)
    if test == "dj":
        return dj_metrics(force, drop_height_m=drop_height_m, body_mass_kg=body_mass_kg, **params)
    if test == "multi":
        return multijump_metrics(force, **params)
    imtp_keys = {
        "onset_sd",
        "weighing_duration_s",
        "weighing_min_duration_s",
        "search_s",
        "peak_rfd_window_s",
        "onset_quiet_s",
    }
    unknown = set(params) - imtp_keys
    if unknown:
        raise InvalidParameterError(
            f"force_analyze: option(s) {sorted(unknown)} do not apply to imtp"
        )
    return imtp_metrics(force, **params)
