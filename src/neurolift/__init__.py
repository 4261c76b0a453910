"""neurolift: measure, model and train neuromuscular efficiency.

Force plates, barbell velocity, surface EMG and motor units, analysed with SI units and
explicit sampling rates, with every result carrying the method that produced it.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("neurolift")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0.0.0+unknown"

__all__ = ["__version__"]
