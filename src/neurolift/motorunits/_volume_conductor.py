"""Line-source MUAPs in a homogeneous anisotropic half-space (``hdemg_simulate(muap_model="line_source")``).

Each motor unit is a bundle of fibres spread over its territory. On every fibre two intracellular
action potentials (Rosenfalck 1969: ``V(u) = 96 u^3 e^-u - 90`` mV, ``u`` mm behind the
wavefront) start at the fibre's end plate, travel to the two tendons at the unit's conduction
velocity and stop there. The transmembrane current is ``d/dx [dV/dx * gate(x)]`` along the fibre
(the gate is 1 on the fibre): its interior term is the travelling tripole, its edge terms are the
generation current at the end plate and the extinction currents at the tendons (the
non-propagating "end-of-fibre" components of real surface MUAPs; Dimitrova & Dimitrov 2006,
Farina & Merletti 2001). The muscle is a homogeneous half-space, anisotropic (conductivity
``SIGMA_AXIAL`` along the fibres, ``SIGMA_RADIAL`` across); the skin is an insulating plane, so
a point current ``I`` at axial distance ``dx`` and radial distance ``r`` from a surface electrode
gives ``2 I / (4 pi sigma_r sqrt(dx^2 + (sigma_a / sigma_r) r^2))``.
Integrating by parts against the gated current, the potential of one fibre is
``-sum_x dV/dx(x, t) dK/dx(x - x_e) dx`` over the fibre (the tests check it against the direct
sum of the point currents of a sealed-end cable, and check propagation at the conduction
velocity, the non-propagating extinction component and the low-pass effect of depth).

What this adds to the single Hermite-Rodriguez shape of the default model: the waveform and its
duration change with the electrode's distance (the anisotropic kernel widens with depth and
lateral offset, so a deep unit is slow and low, a superficial one sharp), the end-plate and tendon
components, and the spread of a unit's end plates and tendon ends over its fibres. Not modelled:
subcutaneous fat and skin as layers of their own conductivity (they are a minimum depth here),
finite electrode size, fibre inclination, a bounded (cylindrical) limb. The steep decay with depth
agrees with Fuglevand et al. (1992): only units within 10-12 mm of the electrodes contribute
much signal energy.

The templates are computed at ``OVERSAMPLE`` times the sampling rate and low-passed to the
sampling rate by a polyphase FIR (the acquisition's anti-aliasing filter; superficial fibres
have content above the Nyquist frequency of 2 kHz grids).

References
----------
.. [1] Rosenfalck P (1969). Intra- and extracellular potential fields of active nerve and muscle
   fibres. Acta Physiol Scand Suppl 321:1-168.
.. [2] Dimitrova NA, Dimitrov GV (2006). Electromyography (EMG) modeling. Wiley Encyclopedia of
   Biomedical Engineering, doi:10.1002/9780471740360.ebs0656 (two action potentials leave the
   end plate and extinguish at the fibre ends).
.. [3] Farina D, Merletti R (2001). A novel approach for precise simulation of the EMG signal
   detected by surface electrodes. IEEE Trans Biomed Eng 48:637-646 (the gated source: generation,
   propagation and extinction).
.. [4] Fuglevand AJ, Winter DA, Patla AE, Stashuk D (1992). Detection of motor unit action
   potentials with surface electrodes: influence of electrode size and spacing. Biol Cybern
   67:143-153.
.. [5] Lindstrom LH, Magnusson RI (1977). Interpretation of myoelectric power spectra: a model and
   its applications. Proc IEEE 65:653-662 (the tissue as a low-pass filter growing with depth).
"""

from __future__ import annotations

import numpy as np

#: Muscle conductivity across and along the fibres, S/m: the pair line-source EMG models commonly
#: use (attributed to Andreassen & Rosenfalck; not re-checked against that paper here). Only the
#: ratio (5.2) shapes the MUAPs: the caller rescales the templates.
SIGMA_RADIAL = 0.063
SIGMA_AXIAL = 0.33
#: Fibres drawn to represent one motor unit (each stands for n_fibres / FIBRES_PER_UNIT fibres).
FIBRES_PER_UNIT = 24
#: Fibres of the largest unit (the smallest has 1/100 of them, as its twitch force) and the density
#: of one unit's fibres within its territory, 1/mm^2 (assumptions: a unit's fibres are intermingled
#: with those of tens of other units; they set the territory radius, 0.5-5 mm).
FIBRES_LARGEST = 1500
FIBRE_DENSITY_MM2 = 20.0
#: Spread of one unit's end plates along the fibres and of its fibres' tendon ends, mm (uniform
#: half-widths; assumptions of the order of the end-plate band and tendon scatter in [3]).
END_PLATE_SPREAD_MM = 2.0
TENDON_SPREAD_MM = 5.0
#: Shallowest fibre, mm below the electrodes (assumption: skin and subcutaneous fat of a few mm, here
#: treated as part of the same conductor; fibres of a territory reaching above it are reflected below).
MIN_DEPTH_MM = 3.0
#: Oversampling of the template computation and the spatial step along the fibre.
OVERSAMPLE = 4
DX_MM = 0.5


def rosenfalck_dv(u: np.ndarray) -> np.ndarray:
    """``dV/du`` of Rosenfalck's intracellular action potential, mV/mm (0 ahead of the front).

    Examples
    --------
    >>> float(rosenfalck_dv(np.array([3.0]))[0])  # the peak of V: zero slope
    0.0
    """
    u = np.asarray(u, dtype=np.float64)
    out = np.zeros_like(u)
    m = u > 0
    v = u[m]
    out[m] = 96.0 * (3.0 * v * v - v * v * v) * np.exp(-v)
    return out


def _half_space_dk(dx: np.ndarray, r2: np.ndarray) -> np.ndarray:
    """``dK/dx`` of the half-space kernel ``2 / (4 pi sigma_r sqrt(dx^2 + k r^2))``, 1/(S mm^2).

    ``dx`` is the source's axial position minus the electrode's, ``r2`` the squared radial
    distance, both in mm.
    """
    q = dx * dx + (SIGMA_AXIAL / SIGMA_RADIAL) * r2
    return (-2.0 / (4.0 * np.pi * SIGMA_RADIAL)) * dx / (q * np.sqrt(q))


def _fibres_kernel(
    xe: np.ndarray,
    ye: np.ndarray,
    *,
    y_f: np.ndarray,
    depth_f: np.ndarray,
    x_ep: np.ndarray,
    l_pos: np.ndarray,
    l_neg: np.ndarray,
    weight: float,
    n_cells: int,
) -> np.ndarray:
    """(n_cells, channels): ``kern`` with ``phi(t) = a(t, cells) @ kern * DX_MM``, summed over fibres.

    Cell ``n`` of either half of fibre ``j`` lies ``(n + 1/2) DX_MM`` from its end plate
    ``x_ep[j]``; both waves have ``V(v t - distance)``, so ``dV/dx = -a`` on the half towards +x
    and ``+a`` on the other, with ``a = rosenfalck_dv``. ``phi = -sum psi dK/dx dx`` then gives
    ``+a dK`` on the +x half and ``-a dK`` on the -x half; cells beyond a half's length are
    left out (the gate).
    """
    r2 = ((ye[None, :] - y_f[:, None]) ** 2 + depth_f[:, None] ** 2)[:, None, :]  # (f, 1, ch)
    dist = (np.arange(n_cells) + 0.5) * DX_MM
    kern = np.zeros((n_cells, xe.size))
    for sign, length in ((1.0, l_pos), (-1.0, l_neg)):
        dx = x_ep[:, None, None] + sign * dist[None, :, None] - xe[None, None, :]
        gate = dist[None, :] < np.floor(length / DX_MM)[:, None] * DX_MM  # (f, cells)
        kern += sign * np.einsum("fc,fcn->cn", gate * weight, _half_space_dk(dx, r2))
    return kern


def fibre_potential(
    x_e_mm: np.ndarray,
    y_e_mm: np.ndarray,
    t_ms: np.ndarray,
    *,
    y_mm: float,
    depth_mm: float,
    end_plate_mm: float,
    length_pos_mm: float,
    length_neg_mm: float,
    cv_m_s: float,
) -> np.ndarray:
    """Monopolar potential of one fibre at surface points ``(x_e_mm[i], y_e_mm[i])``, (t, points).

    The fibre runs along x at lateral position ``y_mm`` and ``depth_mm`` below the skin from
    ``end_plate_mm - length_neg_mm`` to ``end_plate_mm + length_pos_mm``; its two action
    potentials leave the end plate at ``t = 0``. Units: ``mV/mm * 1/(S mm^2) * mm`` (multiply
    by the fibre's ``sigma_i pi a^2`` and ``1e3`` for volts; the unit templates are rescaled by
    the caller anyway).
    """
    xe = np.asarray(x_e_mm, dtype=np.float64).ravel()
    ye = np.asarray(y_e_mm, dtype=np.float64).ravel()
    n_cells = int(max(length_pos_mm, length_neg_mm) / DX_MM)
    kern = _fibres_kernel(
        xe,
        ye,
        y_f=np.array([y_mm], dtype=np.float64),
        depth_f=np.array([depth_mm], dtype=np.float64),
        x_ep=np.array([end_plate_mm], dtype=np.float64),
        l_pos=np.array([length_pos_mm], dtype=np.float64),
        l_neg=np.array([length_neg_mm], dtype=np.float64),
        weight=1.0,
        n_cells=n_cells,
    )
    dist = (np.arange(n_cells) + 0.5) * DX_MM
    a = rosenfalck_dv(cv_m_s * np.asarray(t_ms, dtype=np.float64)[:, None] - dist[None, :])
    return (a @ kern) * DX_MM


def line_source_templates(
    *,
    x_e_mm: np.ndarray,
    y_e_mm: np.ndarray,
    lateral_mm: np.ndarray,
    depth_mm: np.ndarray,
    iz_mm: np.ndarray,
    cv_m_s: np.ndarray,
    sizes: np.ndarray,
    fibre_length_mm: float,
    sampling_rate: float,
    rng: np.random.Generator,
) -> tuple[list[np.ndarray], int]:
    """MUAP of every unit on every electrode, in arbitrary units (scaled by the caller).

    Electrode ``(row, col)`` sits at ``(x_e_mm[row], y_e_mm[col])`` on the skin; channel order is
    row-major. ``sizes`` are relative (largest 1): a unit has ``FIBRES_LARGEST * size`` fibres in
    a disc of ``FIBRE_DENSITY_MM2`` around ``(lateral_mm, depth_mm)``, drawn as
    ``FIBRES_PER_UNIT`` fibres each weighted by the fibres it stands for. Returns one
    (channels, n_lags) array per unit, sample ``j`` at time ``(j - lead) / sampling_rate`` after
    the discharge, and ``lead`` (samples before the discharge that the anti-aliasing filter
    spreads the onset into).
    """
    from scipy.signal import resample_poly

    fs_hi = sampling_rate * OVERSAMPLE
    xe = np.repeat(np.asarray(x_e_mm, dtype=np.float64), len(y_e_mm))  # (channels,)
    ye = np.tile(np.asarray(y_e_mm, dtype=np.float64), len(x_e_mm))
    lead = 8  # samples at the sampling rate: the FIR's reach before t = 0
    out: list[np.ndarray] = []
    half = fibre_length_mm / 2.0
    for u in range(len(sizes)):
        n_fib = max(1.0, FIBRES_LARGEST * float(sizes[u]))
        radius = np.sqrt(n_fib / (np.pi * FIBRE_DENSITY_MM2))
        f = FIBRES_PER_UNIT
        rho = radius * np.sqrt(rng.uniform(0.0, 1.0, f))  # uniform over the territory's disc
        ang = rng.uniform(0.0, 2.0 * np.pi, f)
        yf = lateral_mm[u] + rho * np.cos(ang)
        hf = depth_mm[u] + rho * np.sin(ang)
        hf = np.where(hf < MIN_DEPTH_MM, 2.0 * MIN_DEPTH_MM - hf, hf)
        xi = iz_mm[u] + rng.uniform(-END_PLATE_SPREAD_MM, END_PLATE_SPREAD_MM, f)
        l_pos = half + rng.uniform(-TENDON_SPREAD_MM, TENDON_SPREAD_MM, f)
        l_neg = half + rng.uniform(-TENDON_SPREAD_MM, TENDON_SPREAD_MM, f)
        v = float(cv_m_s[u])  # m/s = mm/ms
        n_cells = int(max(l_pos.max(), l_neg.max()) / DX_MM)
        t_end_ms = (n_cells * DX_MM + 20.0) / v  # the last wave has left its tendon
        t_ms = np.arange(int(np.ceil(t_end_ms * fs_hi / 1000.0))) * 1000.0 / fs_hi
        dist = (np.arange(n_cells) + 0.5) * DX_MM
        a = rosenfalck_dv(v * t_ms[:, None] - dist[None, :])  # (t, cells), shared by the fibres
        kern = _fibres_kernel(
            xe,
            ye,
            y_f=yf,
            depth_f=hf,
            x_ep=xi,
            l_pos=l_pos,
            l_neg=l_neg,
            weight=n_fib / f,
            n_cells=n_cells,
        )
        phi = (a @ kern) * DX_MM  # (t, channels)
        phi = np.vstack([np.zeros((lead * OVERSAMPLE, phi.shape[1])), phi])
        out.append(resample_poly(phi, 1, OVERSAMPLE, axis=0).T)
    return out, lead
