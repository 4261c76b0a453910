"""Every exception neurolift raises on purpose.

All inherit from :class:`NeuroliftError`; the ones about bad values also inherit from
:class:`ValueError` so ordinary ``except ValueError`` code keeps working. Messages name the
function or parameter, the offending value and what to do about it. The CLI turns any of these
into one line on stderr and a non-zero exit; the web layer into one JSON error shape.
"""

from __future__ import annotations

__all__ = [
    "NeuroliftError",
    "InvalidParameterError",
    "SamplingRateError",
    "SamplingRateMismatchError",
    "UnitError",
    "SignalError",
    "SignalTooShortError",
    "NoTakeoffError",
    "ClippingError",
    "FileFormatError",
    "StoreError",
    "NotFoundError",
    "ConflictError",
    "AuthenticationError",
    "PermissionDeniedError",
    "RateLimitError",
    "UploadTooLargeError",
    "UnsupportedFileTypeError",
]


class NeuroliftError(Exception):
    """Base class of all neurolift errors."""


class InvalidParameterError(NeuroliftError, ValueError):
    """A parameter value is out of range, of the wrong kind, or inconsistent with another."""


class SamplingRateError(InvalidParameterError):
    """The sampling rate is missing, non-positive, inconsistent or too low for the analysis."""


class SamplingRateMismatchError(SamplingRateError):
    """A sampling rate given by the caller disagrees with the file's own clock (its time column
    or its C3D analog rate)."""


class UnitError(NeuroliftError, ValueError):
    """Values look like they are in another unit than the one expected (e.g. kN instead of N)."""


class SignalError(NeuroliftError, ValueError):
    """The signal cannot give a valid result: too short, no event found, clipped, all NaN..."""


class SignalTooShortError(SignalError):
    """The signal has fewer samples than the analysis needs."""


class NoTakeoffError(SignalError):
    """A jump analysis found no take-off (force never fell below the flight threshold)."""


class ClippingError(SignalError):
    """The signal is saturated at the amplifier or plate range."""


class FileFormatError(NeuroliftError, ValueError):
    """A file cannot be read as the expected format. The message names the file and line."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        where = ""
        if path is not None:
            where = f"{path}"
            if line is not None:
                where += f", line {line}"
            where += ": "
        super().__init__(where + message)
        self.path = path
        self.line = line


class UnsupportedFileTypeError(FileFormatError):
    """An uploaded file's name or content is not one of the accepted recording types."""


class StoreError(NeuroliftError):
    """The athlete store cannot complete an operation."""


class NotFoundError(StoreError, LookupError):
    """A requested athlete, trial or result does not exist in the store."""


class ConflictError(StoreError):
    """The operation would overwrite or duplicate something already stored."""


class UploadTooLargeError(InvalidParameterError):
    """An uploaded file is larger than the configured limit."""


class AuthenticationError(NeuroliftError):
    """No valid credentials: unknown user, wrong password, expired session or token."""


class PermissionDeniedError(NeuroliftError):
    """The authenticated user may not read or change this athlete, team or setting."""


class RateLimitError(NeuroliftError):
    """Too many attempts (e.g. failed logins) in a short time; try again later."""
