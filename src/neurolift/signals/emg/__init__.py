"""Surface EMG: cleaning, envelopes, onsets, spectra, efficiency, co-activation, adaptation.

Everything is multi-channel (samples x channels) and needs an explicit sampling rate.
"""

from neurolift.signals.emg.adaptation import MoritaniDeVriesResult, emg_moritani_devries
from neurolift.signals.emg.analyze import (
    EMGAnalysis,
    MVCResult,
    emg_analyze,
    emg_force_relation_window,
    emg_mvc,
    emg_nme_channels,
)
from neurolift.signals.emg.metrics import (
    CoactivationResult,
    EMGForceRelation,
    NMEResult,
    RateOfRiseResult,
    emg_coactivation,
    emg_force_relation,
    emg_nme,
    emg_rate_of_rise,
)
from neurolift.signals.emg.onsets import Burst, OnsetResult, emg_onsets
from neurolift.signals.emg.pipeline import ChannelSummary, EMGProcessResult, emg_process
from neurolift.signals.emg.plots import emg_plot_moritani_devries, emg_plot_process
from neurolift.signals.emg.processing import (
    emg_clean,
    emg_envelope,
    emg_filter,
    emg_integrate,
    emg_mvc_reference,
    emg_normalize,
    emg_rectify,
)
from neurolift.signals.emg.spectral import (
    ChannelFatigue,
    FatigueResult,
    emg_fatigue,
    emg_spectrum_frequencies,
)

__all__ = [
    "Burst",
    "ChannelFatigue",
    "ChannelSummary",
    "EMGAnalysis",
    "CoactivationResult",
    "EMGForceRelation",
    "EMGProcessResult",
    "FatigueResult",
    "MVCResult",
    "MoritaniDeVriesResult",
    "NMEResult",
    "OnsetResult",
    "RateOfRiseResult",
    "emg_analyze",
    "emg_clean",
    "emg_coactivation",
    "emg_envelope",
    "emg_fatigue",
    "emg_filter",
    "emg_force_relation",
    "emg_force_relation_window",
    "emg_integrate",
    "emg_moritani_devries",
    "emg_mvc",
    "emg_mvc_reference",
    "emg_normalize",
    "emg_nme",
    "emg_nme_channels",
    "emg_onsets",
    "emg_plot_moritani_devries",
    "emg_plot_process",
    "emg_process",
    "emg_rate_of_rise",
    "emg_rectify",
    "emg_spectrum_frequencies",
]
