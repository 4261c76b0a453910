"""The one container for sampled data: values with their sampling rate, unit and channel names."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from neurolift._validation import check_sampling_rate
from neurolift.errors import InvalidParameterError

__all__ = ["TimeSeries"]


@dataclass(frozen=True, eq=False)
class TimeSeries:
    """Uniformly sampled data with its rate, unit and channel names.

    Parameters
    ----------
    values : ndarray, shape (n_samples,) or (n_samples, n_channels)
        Samples in ``unit``. A 1-D array is one channel.
    sampling_rate : float
        Samples per second (Hz). Required: neurolift never assumes a rate.
    unit : str
        Unit of ``values`` (SI where possible: "N", "m", "m/s", "V", "mV").
    channels : sequence of str, optional
        One name per channel; defaults to ``("ch0", "ch1", ...)``.
    t0 : float
        Time of the first sample, s.

    Examples
    --------
    >>> ts = TimeSeries(np.zeros((1000, 2)), sampling_rate=1000, unit="N", channels=("left", "right"))
    >>> ts.n_samples, ts.n_channels, ts.duration
    (1000, 2, 1.0)
    >>> ts.channel("right").values.shape
    (1000,)
    """

    values: np.ndarray
    sampling_rate: float
    unit: str
    channels: tuple[str, ...] = field(default=())
    t0: float = 0.0

    def __post_init__(self) -> None:
        values = np.asarray(self.values)
        if values.ndim not in (1, 2):
            raise InvalidParameterError(
                f"TimeSeries: values must be 1-D or 2-D (samples x channels), got shape {values.shape}"
            )
        if not np.issubdtype(values.dtype, np.number):
            raise InvalidParameterError(
                f"TimeSeries: values must be numeric, got dtype {values.dtype}"
            )
        values = values.astype(np.float64, copy=False)
        values.setflags(write=False)
        object.__setattr__(self, "values", values)
        fs = check_sampling_rate(self.sampling_rate, where="TimeSeries")
        object.__setattr__(self, "sampling_rate", fs)
        n_ch = 1 if values.ndim == 1 else values.shape[1]
        channels = tuple(str(c) for c in self.channels) or tuple(f"ch{i}" for i in range(n_ch))
        if len(channels) != n_ch:
            raise InvalidParameterError(
                f"TimeSeries: {len(channels)} channel name(s) for {n_ch} channel(s)"
            )
        if len(set(channels)) != len(channels):
            raise InvalidParameterError(f"TimeSeries: duplicate channel names {channels}")
        object.__setattr__(self, "channels", channels)
        if not isinstance(self.unit, str) or not self.unit:
            raise InvalidParameterError("TimeSeries: unit must be a non-empty string")
        object.__setattr__(self, "t0", float(self.t0))

    @property
    def n_samples(self) -> int:
        return int(self.values.shape[0])

    @property
    def n_channels(self) -> int:
        return 1 if self.values.ndim == 1 else int(self.values.shape[1])

    @property
    def duration(self) -> float:
        """Duration in seconds (n_samples / sampling_rate)."""
        return self.n_samples / self.sampling_rate

    @property
    def times(self) -> np.ndarray:
        """Sample times in seconds, starting at ``t0``."""
        return self.t0 + np.arange(self.n_samples) / self.sampling_rate

    def as_2d(self) -> np.ndarray:
        """Values as (n_samples, n_channels)."""
        return self.values if self.values.ndim == 2 else self.values[:, None]

    def channel(self, name: str) -> TimeSeries:
        """One channel as a 1-D series."""
        if name not in self.channels:
            raise InvalidParameterError(
                f"TimeSeries.channel: no channel {name!r}; channels are {', '.join(self.channels)}"
            )
        i = self.channels.index(name)
        return TimeSeries(self.as_2d()[:, i], self.sampling_rate, self.unit, (name,), self.t0)

    def select(self, names: Sequence[str]) -> TimeSeries:
        """A subset of channels, in the given order."""
        missing = [n for n in names if n not in self.channels]
        if missing:
            raise InvalidParameterError(
                f"TimeSeries.select: no channel(s) {missing}; channels are {', '.join(self.channels)}"
            )
        idx = [self.channels.index(n) for n in names]
        return TimeSeries(
            self.as_2d()[:, idx], self.sampling_rate, self.unit, tuple(names), self.t0
        )

    def sum_channels(self, name: str = "total") -> TimeSeries:
        """Sum of all channels as one series (e.g. left + right plate)."""
        return TimeSeries(self.as_2d().sum(axis=1), self.sampling_rate, self.unit, (name,), self.t0)

    def with_values(self, values: np.ndarray, *, unit: str | None = None) -> TimeSeries:
        """Same rate, channels and t0 with new values (e.g. after filtering)."""
        return TimeSeries(values, self.sampling_rate, unit or self.unit, self.channels, self.t0)

    def slice_time(self, start: float, stop: float) -> TimeSeries:
        """Samples with ``start <= t < stop`` (seconds, same clock as ``times``)."""
        i0 = max(0, int(np.ceil((start - self.t0) * self.sampling_rate - 1e-9)))
        i1 = min(self.n_samples, int(np.ceil((stop - self.t0) * self.sampling_rate - 1e-9)))
        return TimeSeries(
            self.values[i0:i1],
            self.sampling_rate,
            self.unit,
            self.channels,
            self.t0 + i0 / self.sampling_rate,
        )

    def __repr__(self) -> str:
        return (
            f"TimeSeries(n_samples={self.n_samples}, sampling_rate={self.sampling_rate:g}, "
            f"unit={self.unit!r}, channels={self.channels}, t0={self.t0:g})"
        )
