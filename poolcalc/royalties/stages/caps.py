r"""Stage 6, caps: licensee caps, category caps, then the enterprise cap.

Per licensee group h = (licensee, category), cap group g = (enterprise, category) and
enterprise e, in that order::

    s2'_i = s2_i * min(1, C_hc / W_h)
    s3_i  = s2'_i * min(1, C_c / X_g) * min(1, C_e / Y_e)

with ``W_h = sum_{i in h} s2_i`` the licensee's total in the category and ``C_hc`` the
category's cap per licensee (legal entity: ``Schedule.licensee_caps``, MPEG-4 AAC PC
software US$25,000 per legal entity), ``X_g = sum_{i in g} s2'_i`` the group's total, ``C_c`` its
category's annual cap, ``Y_e`` the enterprise's total after category caps and
``C_e`` the enterprise cap (caps in whole minor units, ``inf`` for none), both as in
force in the run's calendar year (``Schedule.enterprise_cap_by_year``,
``category_caps_by_year``).  A capped
total is spread over the rows pro rata to their uncapped amount.  In whole cents
the enterprise total is ``E3 = min(round(S3), E2, C_e)``; ``s2 - s3`` is the
invoice's cap.

In a calendar year before an enterprise's licensees signed, when all of them meet
``Schedule.past_caps_eligible``, ``C_c`` and ``C_e`` are multiplied by
``past_caps_factor`` (HEVC Advance, December 2015: signing within the first 12 months
gives "50% off the annual cap" on past sales, rethinkresearch.biz, 7 January 2016).

With ``Schedule.caps_eligible`` set, only the rows of licensees meeting it are
capped and counted in ``X_g`` and ``Y_e``; the other rows keep ``s3_i = s2_i``
(HEVC Advance, December 2015: licensees signing after the first 12 months pay
standard rates and get no caps), and ``C_e`` bounds ``E3`` only for enterprises
with no such rows.

Arrays only; no model, io or cli imports (the schedule is passed in).

References
----------
Radio World, "Dolby Laboratories reveals MPEG-4 AAC licensing program" (PC software
decoders US$0.25 per channel up to US$25,000 per legal entity; encoders up to US$250,000
per legal entity).  Via LA, MPEG Surround license fees (PC software: US$32,000 per PC
software product, US$172,000 per licensee), via-corp.com/licensing/mpeg-surround/
mpeg-surround-license-fees/.  MPEG LA, AVC/H.264 licence terms (Enterprise cap
US$3.5M in 2005-06, US$4.25M in 2007-08, US$5M in 2009-10), cdrinfo.com/d7/node/7208,
19 May 2004.  MPEG LA, MPEG-4 Visual Patent Portfolio License, caps per licence
section and year (2009-2013),
sec.gov/Archives/edgar/data/1342960/000119312509050004/dex1019.htm.  Access Advance,
HEVC Advance FAQ (annual caps per product category plus an Enterprise cap),
accessadvance.com/faq/.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from functools import partial
from typing import Any, Protocol

import numpy as np

from poolcalc.royalties.stages._exact import exact_capped
from poolcalc.royalties.stages._run import (
    Level,
    Run,
    Stage,
    eligible_licensees,
    money_cents,
)

__all__ = ["STAGE", "capped_amounts", "past_factors"]


class CapTerms(Protocol):
    """What the caps stage reads from the schedule."""

    caps_eligible: Any
    licensee_caps: Mapping[str, float]

    def enterprise_cap_in(self, year: int) -> float: ...  # pragma: no cover

    def category_caps_in(self, year: int) -> Mapping[str, float]: ...  # pragma: no cover


def capped_amounts(
    s2: np.ndarray,
    g: np.ndarray,
    cap_g: np.ndarray,
    el: np.ndarray,
    n_ent: int,
    enterprise_cap: float | np.ndarray,
    eligible: np.ndarray | None = None,
    lic: np.ndarray | None = None,
    lic_cap_g: np.ndarray | None = None,
) -> np.ndarray:
    """Apply category caps per cap group, then the enterprise cap.

    Parameters
    ----------
    s2 : ndarray of float64, shape (n,)
        Amount per row after discounts [minor units].
    g : ndarray of int64, shape (n,)
        Cap group of each row.
    cap_g : ndarray of float64, shape (G,)
        Cap of each cap group's category [minor units], ``inf`` for none.
    el : ndarray of int64, shape (n,)
        Enterprise of each row (``0..n_ent-1``).
    n_ent : int
    enterprise_cap : float or ndarray of float64, shape (n_ent,)
        [minor units], ``inf`` for none; one per enterprise when they differ.
    eligible : ndarray of bool, shape (n,), optional
        Rows the caps apply to (default all); the others pass unchanged and do not
        count toward any cap.
    lic : ndarray of int, shape (n,), optional
        Licensee code of each row (with ``lic_cap_g``).
    lic_cap_g : ndarray of float64, shape (G,), optional
        Cap per licensee of each cap group's category [minor units] (``inf``: none),
        applied first, per (cap group, licensee).

    Returns
    -------
    ndarray of float64, shape (n,)
        ``s3`` (module docstring).

    Examples
    --------
    Two rows of 600 and 200 cents in one group under a 400-cent category cap keep
    half each:

    >>> capped_amounts(np.array([600.0, 200.0]), np.array([0, 0]), np.array([400.0]),
    ...                np.array([0, 0]), 1, float("inf")).tolist()
    [300.0, 100.0]
    """
    if eligible is not None:
        kept = np.where(eligible, 0.0, s2)
        capped = capped_amounts(np.where(eligible, s2, 0.0), g, cap_g, el, n_ent, enterprise_cap,
                                None, lic, lic_cap_g)
        return np.where(eligible, capped, kept)
    if lic is not None and lic_cap_g is not None and np.isfinite(lic_cap_g).any():
        _, h = np.unique(g.astype(np.int64) * (int(lic.max()) + 1) + lic, return_inverse=True)
        w_h = np.bincount(h, s2)
        cap_h = np.zeros_like(w_h)
        cap_h[h] = lic_cap_g[g]
        sig_h = np.divide(cap_h, w_h, out=np.ones_like(w_h), where=w_h > cap_h)
        s2 = s2 * sig_h[h]
    x_g = np.bincount(g, s2)
    sig_g = np.divide(cap_g, x_g, out=np.ones_like(x_g), where=x_g > cap_g)
    s3 = s2 * sig_g[g]
    y_e = np.bincount(el, s3, minlength=n_ent)
    sig_e = np.divide(enterprise_cap, y_e, out=np.ones_like(y_e), where=y_e > enterprise_cap)
    return s3 * sig_e[el]


def _settle(cap: float | np.ndarray, uncapped: np.ndarray | None, previous: np.ndarray,
            rounded: np.ndarray) -> np.ndarray:
    """``E3 = min(round(S3), E2, C_e)`` (``C_e`` only where no row is ``uncapped``)."""
    out = np.minimum(rounded, previous)
    caps = np.broadcast_to(np.asarray(cap, np.float64), out.shape)
    finite = np.isfinite(caps)
    if not finite.any():
        return out
    bound = np.where(finite, np.minimum(out, np.where(finite, caps, 0.0).astype(np.int64)), out)
    if uncapped is None:
        return bound
    return np.where(uncapped, out, bound)


_NO_DATE = int(np.iinfo(np.int32).min)


def past_factors(run: Run, terms: Any) -> np.ndarray | None:
    """Cap factor per enterprise: ``past_caps_factor`` for the run's past years, else 1.

    An enterprise gets the factor when every licensee of it with rows in the year
    signed after that year (the year is "past sales" for them) and meets
    ``past_caps_eligible`` (HEVC Advance: 50 % off the annual cap for signers within
    the first 12 months).  ``None`` when the factor is 1.
    """
    factor = float(getattr(terms, "past_caps_factor", 1.0))
    if factor == 1.0:
        return None
    assert run.groups is not None
    next_year = int((np.datetime64(f"{run.year + 1}-01-01") - np.datetime64("1970-01-01"))
                    .astype(np.int64))
    signed = np.asarray(run.signed_day, np.int64)
    past = ((signed != _NO_DATE) & (signed >= next_year)
            & eligible_licensees(run, getattr(terms, "past_caps_eligible", None)))
    not_past = np.bincount(run.groups.el, ~past[run.lic], minlength=run.groups.n_ent)
    return np.where(not_past == 0, factor, 1.0)


def _scaled(cap: np.ndarray, f: np.ndarray) -> np.ndarray:
    """Caps in whole minor units times ``f``, half up (``inf`` stays)."""
    return np.where(np.isfinite(cap), np.floor(np.where(np.isfinite(cap), cap, 0.0) * f + 0.5),
                    cap)


def _apply(run: Run, terms: CapTerms) -> Run:
    assert run.groups is not None
    grp = run.groups
    category_caps = terms.category_caps_in(run.year)
    catcap = np.array(
        [money_cents(category_caps.get(c, math.inf), run.minor_units) for c in run.categories]
    )
    ent_cap = money_cents(terms.enterprise_cap_in(run.year), run.minor_units)
    lic_cap = np.array(
        [money_cents(terms.licensee_caps.get(c, math.inf), run.minor_units)
         for c in run.categories]
    )
    eligible, uncapped = None, None
    if terms.caps_eligible is not None:
        eligible = eligible_licensees(run, terms.caps_eligible)[run.lic]
        uncapped = np.bincount(grp.el, ~eligible, minlength=grp.n_ent) > 0
    cap_g: np.ndarray = catcap[grp.cat_of_g]
    ent_caps: float | np.ndarray = ent_cap
    f_e = past_factors(run, terms)
    if f_e is not None:  # past years of early signers: a fraction of the caps
        cap_g = _scaled(cap_g, f_e[grp.ent_of_g])
        ent_caps = _scaled(np.full(grp.n_ent, ent_cap), f_e)
    s3 = capped_amounts(run.levels[-1].amount, grp.g, cap_g, grp.el, grp.n_ent,
                        ent_caps, eligible, run.lic, lic_cap[grp.cat_of_g])
    exact = exact_capped(run.levels[-1].exact, grp.g, cap_g, grp.el, ent_caps, eligible,
                         run.lic, lic_cap[grp.cat_of_g])
    return run.add_level(Level(s3, "cap", partial(_settle, ent_caps, uncapped), exact=exact))


#: Stage 6 of the engine.
STAGE = Stage("caps", _apply)
