"""``top-down``: an aggregate royalty times each member's share of essential families.

Member i's effective families F_i = E_i + e D_i (E_i: families with an evaluated
essential patent in force during the year; D_i: families with only declared patents
in force; e: ``essentiality_rate``); the distributable total is split in proportion
to F_i.  The implied rates r_i = T s_i (``rate``) or rho F_i (``rate_per_family``,
scaled down pro rata when they exceed T) are reported in the audit trail; see
:func:`poolcalc.allocation.top_down_shares`.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from poolcalc._unique import unique_ints
from poolcalc.allocation._context import SchemeContext, SchemeOutput
from poolcalc.allocation._registry import ExplainParts, Option, Scheme, register_scheme
from poolcalc.allocation._rounding import exact_fraction
from poolcalc.allocation._top_down import TopDown, top_down_shares
from poolcalc.tables import STATUSES

__all__ = ["SCHEME"]

_DECLARED_CODE = [s.value for s in STATUSES].index("declared")


@attrs.frozen(eq=False)
class _Detail:
    td: TopDown
    e_i: np.ndarray
    d_i: np.ndarray
    ess: np.ndarray  # masks (P,) of the in-force essential / declared patents
    dec: np.ndarray
    ess_keys: np.ndarray  # owner * n_families + family
    dec_keys: np.ndarray
    nf: int


def weights(ctx: SchemeContext, opts: Mapping[str, Any]) -> SchemeOutput:
    """w_i = E_i + e D_i (exact in e)."""
    t = ctx.table
    m = len(ctx.members)
    nf = max(len(t.families), 1)
    ess = ctx.in_force()
    dec = ctx.in_force(status=_DECLARED_CODE)
    ess_keys = unique_ints(t.owner[ess].astype(np.int64) * nf + t.family[ess])
    dec_keys = np.setdiff1d(unique_ints(t.owner[dec].astype(np.int64) * nf + t.family[dec]),
                            ess_keys, assume_unique=True)
    e_i = np.bincount(ess_keys // nf, minlength=m)
    d_i = np.bincount(dec_keys // nf, minlength=m)
    td = top_down_shares(
        e_i,
        d_i,
        essentiality_rate=opts["essentiality_rate"],
        rate=opts["rate"],
        rate_per_family=opts["rate_per_family"],
        outside_families=opts["outside_families"],
    )
    er = exact_fraction(opts["essentiality_rate"], "essentiality_rate")
    w = [int(e_i[i]) + er * int(d_i[i]) for i in range(m)]
    return SchemeOutput(w, detail=_Detail(td, e_i, d_i, ess, dec, ess_keys, dec_keys, nf))


def explain(
    ctx: SchemeContext, opts: Mapping[str, Any], out: SchemeOutput, i: int, ent: Fraction
) -> ExplainParts:
    """One line per counted family of member i (essential or declared only)."""
    d: _Detail = out.detail
    t, td, nf = ctx.table, d.td, d.nf
    lines = []
    for key, status, w in (
        (d.ess_keys, "essential", "1"),
        (d.dec_keys, "declared only", f"{opts['essentiality_rate']:g}"),
    ):
        for f in key[key // nf == i] % nf:
            sel = (t.family == f) & (t.owner == i) & (d.ess if status == "essential" else d.dec)
            lines.append(
                {
                    "family": t.families[f],
                    "status": status,
                    "counts as": w,
                    "patents": ctx.patent_list(sel),
                }
            )
    rate = "" if td.rates is None else f"; implied rate r_i = {td.rates[i]:.6g}"
    cap = (
        f" after the aggregate-cap scale-down x{td.cap_factor:.6g}" if td.cap_factor != 1.0 else ""
    )
    basis = (
        f"top-down: F_i = {int(d.e_i[i])} essential + {opts['essentiality_rate']:g} x "
        f"{int(d.d_i[i])} declared families = {td.effective_families[i]:g}; share of the "
        f"standard s_i = {td.share_of_standard[i]:.6g}{rate}{cap}; the distributable "
        f"{ctx.money(ctx.distributable)} is split in proportion to F_i."
    )
    return basis, ("family", "status", "counts as", "patents"), lines, []


def _rate(name: str, doc: str) -> Option:
    return Option(name, "float", None, doc, low=0, low_open=True, nullable=True)


SCHEME = register_scheme(
    Scheme(
        name="top-down",
        summary="the distributable total in proportion to essential families plus a rate "
        "times declared-only families; implied rates under an aggregate cap",
        weights=weights,
        options=(
            Option(
                "essentiality_rate",
                "float",
                0.0,
                "fraction e of declared-only families counted as essential",
                low=0,
                high=1,
            ),
            _rate("rate", "aggregate royalty rate T of the whole standard (also the cap)"),
            _rate("rate_per_family", "implied rate rho per effective family, capped by rate"),
            Option(
                "outside_families",
                "float",
                0.0,
                "essential families F_out held outside the pool",
                low=0,
            ),
        ),
        explain=explain,
        formula=(
            "F_i = E_i + e D_i;  s_i = F_i / (sum_j F_j + F_out);\n"
            "implied rate r_i = T s_i, or rho F_i scaled by T / sum_j r_j when sum_j r_j > T;\n"
            "w_i = F_i;  payout_i = D F_i / sum_j F_j (T, rho and F_out scale every member "
            "alike)."
        ),
        compare_default=True,
        references=(
            "TCL Communication Technology Holdings Ltd. v. Telefonaktiebolaget LM Ericsson, "
            "C.D. Cal. (Selna J.), 21 December 2017, amended 9 March 2018; "
            "vacated, 943 F.3d 1360 (Fed. Cir. 2019).",
            "Unwired Planet International Ltd v Huawei Technologies Co Ltd [2017] EWHC 711 "
            "(Pat), affirmed [2020] UKSC 37.",
            "Sidak, J. G., Criterion Journal on Innovation 4 (2019) (on the top-down method "
            "of TCL v. Ericsson).",
        ),
    )
)
