"""Writer for :class:`poolcalc.allocation.Distribution` reports (table, JSON, CSV)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from poolcalc.errors import InvalidInputError
from poolcalc._format import format_money, render_csv, render_json, render_table

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.allocation import Distribution

__all__ = ["write_distribution"]


def _share(x: float) -> float:
    return round(float(x), 10)


def write_distribution(dist: Distribution, fmt: str = "table") -> str:
    """Render a distribution as ``table``, ``json`` or ``csv`` text.

    JSON (DESIGN.md contract)::

        {"scheme", "currency", "collected", "administrator_fee",
         "members": [{"member", "amount", "share"}], ...}

    with money as decimal strings in the currency's minor units and
    ``collected == administrator_fee + sum(amount)`` exactly.  Extra keys: ``year``,
    ``options``, ``distributable``, ``rounding_residue`` and, for members that are also
    licensees, ``netting`` (receivable, payable, net), plus ``notes``; ``usage`` (the
    content royalties inside ``collected``) only when there are some.
    CSV: one row per member (``member, amount, share, payable, net``).
    """
    mu = dist.minor_units

    def money(c: int) -> str:
        return format_money(c, mu)

    if fmt == "json":
        members = []
        for m, amt in dist.amounts.items():
            row: dict[str, object] = {
                "member": m,
                "amount": money(amt),
                "share": _share(dist.shares[m]),
            }
            if m in dist.netting:
                n = dist.netting[m]
                row["netting"] = {
                    "licensees": list(n.licensees),
                    "receivable": money(n.receivable_cents),
                    "payable": money(n.payable_cents),
                    "net": money(n.net_cents),
                }
            members.append(row)
        obj = {
            "scheme": dist.scheme,
            "currency": dist.currency,
            "collected": money(dist.collected_cents),
            "administrator_fee": money(dist.administrator_fee_cents),
            "members": members,
            "year": dist.year,
            "options": {k: v for k, v in dist.options.items() if v is not None},
            "distributable": money(dist.distributable_cents),
            "rounding_residue": money(dist.rounding_residue_cents),
            "notes": list(dist.notes),
        }
        if dist.usage_cents:  # only when there are content royalties (output otherwise unchanged)
            obj["usage"] = money(dist.usage_cents)
        return render_json(obj)
    if fmt == "csv":
        rows = []
        for m, amt in dist.amounts.items():
            n = dist.netting.get(m)
            rows.append(
                [
                    m,
                    money(amt),
                    f"{_share(dist.shares[m])}",
                    "" if n is None else money(n.payable_cents),
                    "" if n is None else money(n.net_cents),
                ]
            )
        return render_csv(["member", "amount", "share", "payable", "net"], rows)
    if fmt == "table":
        opts = ", ".join(f"{k}={v}" for k, v in dist.options.items() if v is not None)
        title = (
            f"Distribution {dist.year} under {dist.scheme}"
            + (f" ({opts})" if opts else "")
            + f" [{dist.currency}]"
        )
        rows = []
        for m, amt in dist.amounts.items():
            n = dist.netting.get(m)
            rows.append(
                [
                    m,
                    money(amt),
                    f"{100 * dist.shares[m]:.4f}%",
                    "" if n is None else money(n.payable_cents),
                    "" if n is None else money(n.net_cents),
                ]
            )
        body = render_table(
            ["member", "amount", "share", "owes as licensee", "net"], rows, title=title
        )
        foot = [
            f"collected          {money(dist.collected_cents)}"
            + (f" (of which usage {money(dist.usage_cents)})" if dist.usage_cents else ""),
            f"administrator fee  {money(dist.administrator_fee_cents)}",
            f"distributed        {money(sum(dist.amounts.values()))}"
            f" (of which {money(dist.rounding_residue_cents)} by largest remainder)",
        ]
        foot += [f"note: {x}" for x in dist.notes]
        return body + "\n".join(foot) + "\n"
    raise InvalidInputError(f"format must be one of table, json, csv; got {fmt!r}")
