"""Streaming rep detector: samples in as they arrive, each rep's metrics out as soon as it ends.

:class:`VelocityStream` runs the same code as :func:`velocity_analyze_set` (activity regions on
0.1 s blocks aligned to absolute sample indices, then ``region_reps`` on a window of the
current region), so a recording streamed through it gives the same reps and metrics as the
batch analysis of the file. A rep is emitted once ``settle_s`` of data follow its end (so that
the zero-lag filter and the phase merging can no longer change it), re-analysing only the last
few seconds, ``analysis_interval_s`` apart; the cost is independent of how long the stream runs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np

from neurolift._results import Result
from neurolift._validation import check_range, check_sampling_rate
from neurolift.errors import InvalidParameterError, SignalError
from neurolift.signals.velocity.kinematics import check_bar_travel
from neurolift.signals.velocity.metrics import region_reps
from neurolift.signals.velocity.profiles import ExerciseProfile
from neurolift.signals.velocity.results import RepMetrics, VelocitySetResult
from neurolift.signals.velocity.sets import velocity_set_summary
from neurolift.signals.velocity.settings import (
    ACTIVE_SPEED_M_S,
    BLOCK_S,
    METRIC_FIELD,
    velocity_settings,
)

__all__ = ["RepEvent", "VelocityStream"]


@dataclass(frozen=True)
class RepEvent(Result):
    """One finished rep as reported live.

    ``velocity_loss_pct`` is the loss from the fastest rep so far; ``stop`` turns True at the
    first rep whose loss reaches ``vl_stop_pct`` (and stays True). ``latency_s`` is how long
    after the rep's end it was reported.
    """

    rep: RepMetrics
    velocity_m_s: float | None
    best_velocity_m_s: float | None
    velocity_loss_pct: float | None
    stop: bool
    latency_s: float


class VelocityStream:
    """Incremental rep detection on a bar-position stream (m, up positive).

    Parameters
    ----------
    sampling_rate : float
        Hz (required).
    exercise : str or ExerciseProfile
    load_kg, body_mass_kg, lowpass_hz, velocity_metric, pad_s, phase_edges
        As in :func:`~neurolift.signals.velocity.velocity_analyze_set`.
    vl_stop_pct : float, optional
        Velocity-loss threshold (%) that raises ``stop`` on the rep event.
    settle_s : float
        Data needed after a rep's end before it is reported, s (default 0.6: longer than the
        0.5 s pause that still merges two up-movements, and than the filter's memory).
    analysis_interval_s : float
        How often the open window is re-analysed, s.
    context_s : float
        History kept before the last reported rep's end, s.
    **overrides
        Exercise-profile overrides (``min_rom_m=...``).

    Examples
    --------
    >>> from neurolift.signals.velocity import velocity_simulate_set
    >>> sim = velocity_simulate_set(mean_velocities_m_s=[0.8, 0.7, 0.55], sampling_rate=1000, random_state=3)
    >>> stream = VelocityStream(sampling_rate=1000, exercise="back_squat", vl_stop_pct=20)
    >>> events = []
    >>> for chunk in np.array_split(sim.signal.values, 200):
    ...     events += stream.push(chunk)
    >>> events += stream.close()
    >>> [(e.rep.rep, round(e.velocity_m_s, 2), e.stop) for e in events]
    [(1, 0.81, False), (2, 0.71, False), (3, 0.56, True)]
    """

    def __init__(
        self,
        *,
        sampling_rate: float,
        exercise: str | ExerciseProfile,
        load_kg: float | None = None,
        body_mass_kg: float | None = None,
        lowpass_hz: float = 10.0,
        velocity_metric: str = "mean_concentric",
        vl_stop_pct: float | None = None,
        pad_s: float = 1.0,
        phase_edges: str = "zero",
        settle_s: float = 0.6,
        analysis_interval_s: float = 0.1,
        context_s: float = 1.0,
        **overrides: Any,
    ) -> None:
        where = "VelocityStream"
        fs = check_sampling_rate(sampling_rate, where=where)
        self.settings = velocity_settings(
            exercise,
            fs,
            load_kg=load_kg,
            body_mass_kg=body_mass_kg,
            lowpass_hz=lowpass_hz,
            pad_s=pad_s,
            velocity_metric=velocity_metric,
            vl_threshold_pct=vl_stop_pct,
            overrides=overrides,
            where=where,
            phase_edges=phase_edges,
        )
        self.settle = int(round(check_range("settle_s", settle_s, 0.1, 10.0, where=where) * fs))
        self.interval = max(
            1,
            int(
                round(
                    check_range("analysis_interval_s", analysis_interval_s, 0.001, 5.0, where=where)
                    * fs
                )
            ),
        )
        self.context = int(round(check_range("context_s", context_s, 0.3, 10.0, where=where) * fs))
        self.block = max(1, int(round(BLOCK_S * fs)))
        self.pad = int(round(self.settings.pad_s * fs))
        self.threshold = ACTIVE_SPEED_M_S * self.block / fs
        self._chunks: list[np.ndarray] = []
        self._buf = np.empty(0)
        self._buf_start = 0  # absolute index of self._buf[0]
        self._n = 0  # samples received
        self._next_edge = 0  # absolute index of the next block edge to evaluate
        self._edge_value: float | None = None
        self._region_start: int | None = None
        self._last_moving_stop: int | None = (
            None  # absolute sample index after the last moving block
        )
        self._last_analysis = 0
        self._last_end = -1  # absolute end index of the last reported rep
        self._reps: list[RepMetrics] = []
        self._best: float | None = None
        self._stopped = False
        self._closed = False
        self._lo, self._hi = np.inf, -np.inf  # position range so far (plausibility)

    # -- public -------------------------------------------------------------------------------
    @property
    def reps(self) -> list[RepMetrics]:
        """Reps reported so far."""
        return list(self._reps)

    def push(self, samples: Iterable[float] | np.ndarray) -> list[RepEvent]:
        """Add position samples (m); return the reps that finished since the last call.

        Samples that are not finite, or a position range no barbell can travel (> 3 m: the
        samples are probably in mm or cm), raise :class:`SignalError` / :class:`UnitError`.
        """
        if self._closed:
            raise InvalidParameterError("VelocityStream.push: the stream is closed")
        x = np.asarray(samples, dtype=np.float64).reshape(-1)
        if x.size == 0:
            return []
        if not np.all(np.isfinite(x)):
            raise SignalError(
                f"VelocityStream.push: NaN/inf in samples {self._n}-{self._n + x.size - 1}; "
                "drop or fill the gap before pushing"
            )
        self._lo = min(self._lo, float(x.min()))
        self._hi = max(self._hi, float(x.max()))
        check_bar_travel(
            np.array([self._lo, self._hi]),
            "m",
            f"VelocityStream.push (samples to {self._n + x.size - 1})",
        )
        self._chunks.append(x)
        self._n += x.size
        events: list[RepEvent] = []
        self._flush()
        self._scan_blocks()
        if self._region_start is not None and self._n - self._last_analysis >= self.interval:
            events += self._analyse(final=False)
            self._last_analysis = self._n
        self._maybe_close_region(events)
        return events

    def close(self) -> list[RepEvent]:
        """End of stream: report the remaining reps."""
        if self._closed:
            return []
        self._flush()
        self._scan_blocks(final=True)
        events: list[RepEvent] = []
        if self._region_start is not None:
            events += self._analyse(final=True)
            self._region_start = None
        self._closed = True
        return events

    def result(self) -> VelocitySetResult:
        """Set summary of the reps reported so far (same computation as the batch analysis)."""
        if not self._reps:
            raise SignalError("VelocityStream.result: no reps detected yet")
        return velocity_set_summary(
            self._reps, self.settings, duration_s=self._n / self.settings.sampling_rate
        )

    # -- internals ----------------------------------------------------------------------------
    def _flush(self) -> None:
        if self._chunks:
            self._buf = np.concatenate([self._buf, *self._chunks])
            self._chunks.clear()

    def _at(self, i: int) -> float:
        return float(self._buf[i - self._buf_start])

    def _scan_blocks(self, final: bool = False) -> None:
        fs_block = self.block
        while self._next_edge < self._n:
            value = self._at(self._next_edge)
            if self._edge_value is not None:
                self._block_done(self._next_edge - fs_block, value - self._edge_value)
            self._edge_value = value
            self._next_edge += fs_block
        if final and self._n - 1 > self._next_edge - fs_block and self._edge_value is not None:
            # the batch analysis closes the last partial block at the final sample
            self._block_done(self._next_edge - fs_block, self._at(self._n - 1) - self._edge_value)

    def _block_done(self, block_start: int, delta: float) -> None:
        if abs(delta) <= self.threshold:
            return
        if self._region_start is None:
            self._region_start = max(0, block_start - self.pad)
            self._last_analysis = self._n
        self._last_moving_stop = block_start + self.block

    def _maybe_close_region(self, events: list[RepEvent]) -> None:
        if self._region_start is None or self._last_moving_stop is None:
            self._trim(self._n - self.pad - self.block)
            return
        # another moving block can no longer merge into this region
        if self._n > self._last_moving_stop + 2 * self.pad + self.block + 1:
            events += self._analyse(
                final=True, stop=min(self._n, self._last_moving_stop + self.pad + 1)
            )
            self._region_start = None
            self._trim(self._n - self.pad - self.block)

    def _trim(self, keep_from: int) -> None:
        keep_from = max(self._buf_start, min(keep_from, self._next_edge - self.block))
        if keep_from > self._buf_start:
            self._buf = self._buf[keep_from - self._buf_start :]
            self._buf_start = keep_from

    def _analyse(self, *, final: bool, stop: int | None = None) -> list[RepEvent]:
        assert self._region_start is not None
        stop = self._n if stop is None else stop
        start = max(self._region_start, self._last_end - self.context, self._buf_start)
        if stop - start < 64:
            return []
        seg = self._buf[start - self._buf_start : stop - self._buf_start]
        try:
            found = region_reps(
                seg, (0, seg.shape[0]), self.settings, len(self._reps) + 1, origin=start
            )
        except SignalError:
            return []
        events: list[RepEvent] = []
        fs = self.settings.sampling_rate
        key = METRIC_FIELD[self.settings.velocity_metric]
        for rep in found:
            s_abs, e_abs = rep.start_index + start, rep.end_index + start
            if s_abs <= self._last_end or e_abs <= self._last_end:
                continue
            if not final and e_abs + self.settle > self._n:
                break
            rep = _offset(rep, start, fs, len(self._reps) + 1)
            self._reps.append(rep)
            self._last_end = e_abs
            v = getattr(rep, key)
            loss = None
            if v is not None:
                self._best = v if self._best is None else max(self._best, v)
                loss = (self._best - v) / self._best * 100.0
                thr = self.settings.vl_threshold_pct
                if thr is not None and loss >= thr:
                    self._stopped = True
            events.append(
                RepEvent(rep, v, self._best, loss, self._stopped, (self._n - 1 - e_abs) / fs)
            )
        if events:
            self._trim(self._last_end - self.context)
        return events


def _offset(rep: RepMetrics, start: int, fs: float, number: int) -> RepMetrics:
    import dataclasses

    return dataclasses.replace(
        rep,
        rep=number,
        start_index=rep.start_index + start,
        end_index=rep.end_index + start,
        start_s=rep.start_s + start / fs,
        end_s=rep.end_s + start / fs,
        propulsive_end_index=None
        if rep.propulsive_end_index is None
        else rep.propulsive_end_index + start,
    )
