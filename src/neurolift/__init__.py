"""neurolift: measure, model and train neuromuscular efficiency.

Force plates, barbell velocity, surface EMG and motor units, analysed with SI units and
explicit sampling rates, with every result carrying the method that produced it.
"""

from typing import Any

__all__ = ["__version__"]


def __getattr__(name: str) -> Any:
    # The version comes from the installed metadata, read on first use: importlib.metadata
    # costs a command's start-up tens of ms it does not otherwise need.
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("neurolift")
        except PackageNotFoundError:  # pragma: no cover - a source tree without install
            value = "0.0.0+unknown"
        globals()["__version__"] = value
        return value
    raise AttributeError(f"module 'neurolift' has no attribute {name!r}")
