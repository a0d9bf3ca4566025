"""``disclosure-order``: shares decreasing with the order in which patents were disclosed.

Items (pooled essential patents in force during the year, or members by their first
disclosure) are ranked by disclosure date, earliest first; rank k gets a weight w_k
from the ``decay`` family (ties share the average weight of their ranks), optionally
blended with patent counting; see :func:`poolcalc.allocation.disclosure_shares`.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import attrs
import numpy as np

from poolcalc.allocation._context import SchemeContext, SchemeOutput
from poolcalc.allocation._disclosure import DisclosureShares, disclosure_shares
from poolcalc.allocation._registry import ExplainParts, Option, Scheme, register_scheme
from poolcalc.allocation._rounding import exact_fraction
from poolcalc.tables import NO_DATE, from_day_number

__all__ = ["SCHEME"]


@attrs.frozen(eq=False)
class _Detail:
    res: DisclosureShares
    idx: np.ndarray  # patent-table rows of the ranked patents
    member_weight: list[Fraction]
    n_total: int


def weights(ctx: SchemeContext, opts: Mapping[str, Any]) -> SchemeOutput:
    """w_i = blend n_i / N + (1 - blend) sum_{p in P_i} w_{k_p} / sum_q w_{k_q}."""
    t = ctx.table
    idx = np.flatnonzero(ctx.in_force())
    m = len(ctx.members)
    res = disclosure_shares(
        t.owner[idx],
        t.disclosed[idx],
        m,
        decay=opts["decay"],
        unit=opts["unit"],
        blend=opts["blend"],
        q=opts["q"],
        alpha=opts["alpha"],
        step=opts["step"],
        floor=opts["floor"],
        missing=NO_DATE,
    )
    lam = exact_fraction(opts["blend"], "blend")
    n_tot = int(res.counts.sum())
    mw = [Fraction(float(x)) for x in res.member_weight]
    mw_tot = sum(mw, Fraction(0))
    w = [lam * Fraction(int(res.counts[i]), n_tot) + (1 - lam) * mw[i] / mw_tot for i in range(m)]
    n_missing = int(np.sum(t.disclosed[idx] == NO_DATE))
    notes = (
        [f"{n_missing} ranked patent(s) without a disclosure date ranked last (tied)"]
        if n_missing
        else []
    )
    return SchemeOutput(w, tuple(notes), _Detail(res, idx, mw, n_tot))


def explain(
    ctx: SchemeContext, opts: Mapping[str, Any], out: SchemeOutput, i: int, ent: Fraction
) -> ExplainParts:
    """One line per ranked item of member i: disclosure date, rank, weight, order share."""
    d: _Detail = out.detail
    res, idx, t = d.res, d.idx, ctx.table
    mw_tot = float(sum(d.member_weight, Fraction(0)))
    sel = np.flatnonzero(res.item_owner == i)
    lines = []
    for k in sel[np.argsort(res.item_rank[sel], kind="stable")]:
        if opts["unit"] == "patent":
            p = idx[res.item_index[k]]
            day = int(t.disclosed[p])
            item, disclosed = str(t.ids[p]), "-" if day == NO_DATE else str(from_day_number(day))
        else:
            own = t.disclosed[idx[t.owner[idx] == i]]
            own = own[own != NO_DATE]
            item = ctx.members[i]
            disclosed = str(from_day_number(int(own.min()))) if own.size else "-"
        lines.append(
            {
                "item": item,
                "disclosed": disclosed,
                "rank": f"{res.item_rank[k]:g}",
                "weight": f"{res.item_weight[k]:.6g}",
                "order share": f"{res.item_weight[k] / mw_tot:.6f}",
            }
        )
    decay = opts["decay"] + {
        "geometric": f"(q={opts['q']:g})",
        "harmonic": f"(alpha={opts['alpha']:g})",
        "arithmetic": f"(step={opts['step']:g}, floor={opts['floor']:g})",
        "linear": "",
    }[opts["decay"]]
    order_share = float(d.member_weight[i] / sum(d.member_weight, Fraction(0)))
    basis = (
        f"disclosure order, decay {decay}, ranking {opts['unit']}s by disclosure date (ties "
        f"share the average weight of their ranks), blend {opts['blend']:g} with patent "
        f"counting: share = {opts['blend']:g} x {int(res.counts[i])}/{d.n_total} + "
        f"{1 - opts['blend']:g} x order share {order_share:.6f}."
    )
    return basis, ("item", "disclosed", "rank", "weight", "order share"), lines, list(out.notes)


def _positive(name: str, default: float, doc: str, **kw: Any) -> Option:
    return Option(name, "float", default, doc, low=0, low_open=True, **kw)


SCHEME = register_scheme(
    Scheme(
        name="disclosure-order",
        summary="shares decreasing with the order of disclosure to the standards body, "
        "optionally blended with patent counting",
        weights=weights,
        options=(
            Option(
                "decay",
                "str",
                "geometric",
                "weight of rank k: geometric q^(k-1), linear K-k+1, harmonic k^(-alpha), "
                "arithmetic max(1 - step (k-1), floor)",
                choices=("geometric", "linear", "harmonic", "arithmetic"),
            ),
            _positive("q", 0.5, "ratio of the geometric decay", high=1, high_open=True),
            _positive("alpha", 1.0, "exponent of the harmonic (Zipf) decay"),
            _positive("step", 0.1, "decrement per rank of the arithmetic decay"),
            _positive("floor", 0.1, "lowest weight of the arithmetic decay", high=1),
            Option(
                "unit",
                "str",
                "patent",
                "rank patents, or members by their first disclosure",
                choices=("patent", "member"),
            ),
            Option(
                "blend",
                "float",
                0.0,
                "weight of plain patent counting mixed into the order shares",
                low=0,
                high=1,
            ),
        ),
        explain=explain,
        formula=(
            "rank items by disclosure date (rank 1 = earliest; undated last; ties share the "
            "average weight of their ranks), w_k from the decay;\n"
            "order share_i = sum_{p in P_i} w_{k_p} / sum_q w_{k_q};\n"
            "w_i = blend n_i / sum_j n_j + (1 - blend) order share_i;  "
            "payout_i = D w_i / sum_j w_j."
        ),
        compare_default=True,
        references=(
            "Lemley, M. A., \"Intellectual property rights and standard-setting "
            "organizations\", California Law Review 90 (2002) 1889 (cited as motivation "
            "for rewarding early disclosure; the decay family is poolcalc's own "
            "parameterisation, see docs/allocation-schemes.md).",
        ),
    )
)
