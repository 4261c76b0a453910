"""Surface EMG: cleaning, envelopes, onsets, spectra, efficiency, co-activation, adaptation.

Everything is multi-channel (samples x channels) and needs an explicit sampling rate.
"""

from neurolift.signals.emg.adaptation import MoritaniDeVriesResult, emg_moritani_devries

__all__ = ["MoritaniDeVriesResult", "emg_moritani_devries"]
