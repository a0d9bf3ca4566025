"""Top-down allocation: an aggregate royalty times each member's share of essential families.

The method of TCL v. Ericsson (C.D. Cal. 2017).  Member i's effective essential
families are

    F_i = E_i + e * D_i

with E_i its families holding an evaluated-essential patent in force during the
year, D_i its families with only *declared* (unevaluated) patents in force, and e the
essentiality rate applied to declared families.  Its top-down share of the standard is
``s_i = F_i / (sum_j F_j + F_out)`` (``F_out``: essential families held outside the
pool) and its implied rate is ``r_i = T s_i`` for an aggregate rate T.  With a
per-family rate rho instead (the 3G Patent Platform's proposed standard royalty rate per
certified patent under a maximum cumulative royalty; US DOJ business review letter on
the 3G Patent Platform, 12 November 2002), ``r_i = rho F_i`` and
the aggregate cap scales every rate down pro rata when ``sum_i r_i > T``:
``r_i <- r_i T / sum_j r_j``.

**What it distributes.** A pool can only hand out what it collected: the year's
distributable total (collected minus the administrator's fee) is split in
proportion to r_i -- i.e. to F_i, since T, rho, the cap factor and ``F_out`` scale
every member alike.  They change the implied rates reported in the audit trail (what
each member's portfolio would earn as a fraction of the product price under the
aggregate), not the split among members.

References
----------
TCL Communication Technology Holdings v. Telefonaktiebolaget LM Ericsson (C.D. Cal.,
Selna J., 21 Dec 2017, amended 9 Mar 2018), vacated by the Federal Circuit on 5 Dec
2019 (943 F.3d 1360).  Unwired Planet v Huawei [2017] EWHC 711 (Pat), affirmed [2020]
UKSC 37.  Sidak, J. G., Criterion Journal on Innovation 4 (2019) (on the top-down
method of TCL v. Ericsson).
"""

from __future__ import annotations

import attrs
import numpy as np

from poolcalc._args import checked_args
from poolcalc.errors import InvalidInputError

__all__ = ["TopDown", "top_down_shares"]


@attrs.frozen(eq=False)
class TopDown:
    """Result of :func:`top_down_shares` (arrays of shape (n_members,)).

    Attributes
    ----------
    effective_families : ndarray of float64
        F_i = E_i + e D_i.
    share_of_standard : ndarray of float64
        s_i = F_i / (sum_j F_j + F_out).
    rates : ndarray of float64 or None
        Implied rates r_i after the cap (None when neither ``rate`` nor
        ``rate_per_family`` is given).
    cap_factor : float
        Pro-rata scale-down applied (1.0 when the cap does not bind).
    shares : ndarray of float64
        Split of the distributable total, F_i / sum_j F_j.
    """

    effective_families: np.ndarray
    share_of_standard: np.ndarray
    rates: np.ndarray | None
    cap_factor: float
    shares: np.ndarray


@checked_args
def top_down_shares(
    essential_families: np.ndarray,
    declared_families: np.ndarray | None = None,
    *,
    essentiality_rate: float = 0.0,
    rate: float | None = None,
    rate_per_family: float | None = None,
    outside_families: float = 0.0,
) -> TopDown:
    """Top-down shares and implied rates (see the module docstring for formulas).

    Parameters
    ----------
    essential_families : ndarray, shape (n,)
        E_i, evaluated-essential families per member.
    declared_families : ndarray, shape (n,), optional
        D_i, declared-only families per member (default none).
    essentiality_rate : float in [0, 1]
        e, the fraction of declared families taken to be essential.
    rate : float, optional
        Aggregate royalty rate T for the whole standard (also the cap).
    rate_per_family : float, optional
        rho; implied rate per effective family, capped by ``rate`` when given.
    outside_families : float
        F_out, essential families held by non-members.

    Returns
    -------
    TopDown
        Effective families ``E_i + e D_i``, shares of the members' effective families,
        implied rates per member and the cap factor applied.

    References
    ----------
    TCL Communication v. Ericsson, C.D. Cal., Selna J., 21 Dec 2017, amended 9 Mar 2018.
    Unwired Planet v. Huawei, [2017] EWHC 711 (Pat).  Sidak, J. G., Criterion Journal on
    Innovation 4, 2019 (on the top-down method of TCL v. Ericsson).

    Examples
    --------
    >>> r = top_down_shares([6, 3, 0], [0, 2, 4], essentiality_rate=0.5, rate=0.1)
    >>> r.effective_families.tolist(), r.shares.round(4).tolist()
    ([6.0, 4.0, 2.0], [0.5, 0.3333, 0.1667])
    >>> r.rates.round(4).tolist()
    [0.05, 0.0333, 0.0167]
    >>> top_down_shares([6, 4], rate=0.1, rate_per_family=0.02).cap_factor
    0.5
    """
    e_ = np.asarray(essential_families, np.float64)
    d_ = (
        np.zeros_like(e_)
        if declared_families is None
        else np.asarray(declared_families, np.float64)
    )
    if e_.ndim != 1 or d_.shape != e_.shape:
        raise InvalidInputError(
            f"essential and declared family counts must be 1-d of one shape, got {e_.shape} and "
            f"{d_.shape}"
        )
    for name, a in (("essential_families", e_), ("declared_families", d_)):
        if a.size and (not np.all(np.isfinite(a)) or a.min() < 0):
            i = int(np.flatnonzero(~np.isfinite(a) | (a < 0))[0])
            raise InvalidInputError(f"{name} must be finite and >= 0, got {a[i]} at index {i}")
    if not 0 <= essentiality_rate <= 1:
        raise InvalidInputError(f"essentiality_rate must be in [0, 1], got {essentiality_rate}")
    if not (np.isfinite(outside_families) and outside_families >= 0):
        raise InvalidInputError(f"outside_families must be >= 0, got {outside_families}")
    for name, v in (("rate", rate), ("rate_per_family", rate_per_family)):
        if v is not None and not (np.isfinite(v) and v > 0):
            raise InvalidInputError(f"{name} must be > 0, got {v}")
    f = e_ + essentiality_rate * d_
    tot = f.sum()
    if not tot > 0:
        raise InvalidInputError(
            "top-down needs at least one essential family (or a declared one with "
            "essentiality_rate > 0)"
        )
    s = f / (tot + outside_families)
    factor = 1.0
    rates: np.ndarray | None = None
    if rate_per_family is not None:
        rates = rate_per_family * f
        if rate is not None and rates.sum() > rate:
            factor = float(rate / rates.sum())
            rates = rates * factor
    elif rate is not None:
        rates = rate * s
    return TopDown(
        effective_families=f, share_of_standard=s, rates=rates, cap_factor=factor, shares=f / tot
    )
