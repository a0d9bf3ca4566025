"""Writers for :class:`~poolcalc.royalties.RoyaltyReport`: table, JSON and CSV."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from poolcalc._format import format_money, render_csv, render_json, render_table
from poolcalc.errors import InvalidInputError

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.royalties import RoyaltyReport

__all__ = ["write_royalties"]

_FORMATS = ("table", "json", "csv")
_MONEY = ("gross", "member", "discount", "allowance", "cap", "owed")


def _row(inv: Any, mu: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "licensee": inv.licensee,
        "enterprise": inv.enterprise,
        "units": inv.units,
        "royalty_bearing_units": inv.royalty_bearing_units,
        "units_not_due": inv.units_not_due,
    }
    for k in _MONEY:
        out[k] = format_money(getattr(inv, f"{k}_cents"), mu)
    return out


def write_royalties(report: RoyaltyReport, fmt: str = "table") -> str:
    """Render a royalty report.

    Parameters
    ----------
    report : RoyaltyReport
    fmt : {"table", "json", "csv"}
        ``table``: one line per licensee, a totals line, the units not due by
        reason and the notes.  Money columns: gross, member (cross-licence relief
        of pool members, ``Schedule.member_rate`` < 1), discount, allowance, cap,
        owed.  ``json``: the DESIGN.md contract
        ``{"currency", "year", "total", "licensees": [{"licensee", "units", "owed",
        ...}]}`` with money as decimal strings (``"1080000.00"``), plus ``"usage"``:
        one object per licensee with content royalties (``licensee``, ``titles``,
        ``subscribers``, ``markets``, ``title``, ``subscription``, ``broadcast``,
        ``internet_broadcast``, ``owed``, ``by_country``; empty list when none);
        ``total`` includes them.  ``csv``: one row per licensee, money as decimal
        strings, with a ``usage`` column (content royalties) when the report has any.
        ``table`` adds a content-royalty section and the grand total.

    Returns
    -------
    str
    """
    mu = report.minor_units
    rows = [_row(inv, mu) for inv in report.invoices]
    if fmt == "json":
        return render_json(
            {
                "currency": report.currency,
                "year": report.year,
                "total": format_money(report.total_cents, mu),
                "licensees": [
                    r | {"not_due": dict(inv.not_due)}
                    for r, inv in zip(rows, report.invoices, strict=True)
                ],
                "not_due": dict(report.not_due),
                "notes": list(report.notes),
                "usage": [_usage_row(u, mu) for u in report.usage],
            }
        )
    headers = ["licensee", "enterprise", "units", "royalty_bearing_units", "units_not_due", *_MONEY]
    if fmt == "csv":
        if not report.usage:
            return render_csv(headers, ([r[h] for h in headers] for r in rows))
        usage = {u.licensee: u.owed_cents for u in report.usage}
        body_csv = [[r[h] for h in headers] + [format_money(usage.pop(r["licensee"], 0), mu)]
                    for r in rows]
        body_csv += [[lic, *([""] * (len(headers) - 1)), format_money(c, mu)]
                     for lic, c in sorted(usage.items())]
        return render_csv([*headers, "usage"], body_csv)
    if fmt != "table":
        raise InvalidInputError(f"format must be one of {', '.join(_FORMATS)}, got {fmt!r}")
    tot = report.totals()
    body = [
        [
            r["licensee"],
            r["enterprise"],
            f"{r['units']:,}",
            f"{r['royalty_bearing_units']:,}",
            f"{r['units_not_due']:,}",
            *(format_money(getattr(inv, f"{k}_cents"), mu, grouping=True) for k in _MONEY),
        ]
        for r, inv in zip(rows, report.invoices, strict=True)
    ]
    body.append(
        [
            "TOTAL",
            "",
            f"{tot['units']:,}",
            f"{tot['royalty_bearing_units']:,}",
            f"{tot['units_not_due']:,}",
            *(format_money(tot[f"{k}_cents"], mu, grouping=True) for k in _MONEY),
        ]
    )
    text = render_table(
        ["licensee", "enterprise", "units", "bearing", "not due", *_MONEY],
        body,
        title=f"Royalties owed for {report.year} ({report.currency})",
        align=["l", "l"] + ["r"] * 9,
    )
    if report.usage:
        text += "\n" + _usage_table(report, mu)
    not_due = report.not_due
    if not_due:
        text += "\nUnits not due (no royalty):\n"
        text += "".join(f"  {units:>14,}  {reason}\n" for reason, units in not_due.items())
    if report.notes:
        text += "\nNotes:\n" + "".join(f"  - {n}\n" for n in report.notes)
    return text


_USAGE_MONEY = ("title", "subscription", "broadcast", "internet_broadcast", "owed")


def _usage_row(u: Any, mu: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "licensee": u.licensee,
        "titles": u.titles,
        "subscribers": u.subscribers,
        "markets": u.markets,
    }
    for k in _USAGE_MONEY:
        out[k] = format_money(getattr(u, f"{k}_cents"), mu)
    out["by_country"] = {c: format_money(v, mu) for c, v in u.by_country.items()}
    return out


def _usage_table(report: Any, mu: int) -> str:
    def money(c: int) -> str:
        return format_money(c, mu, grouping=True)

    body = [
        [u.licensee, f"{u.titles:,}", f"{u.subscribers:,}", f"{u.markets:,}",
         *(money(getattr(u, f"{k}_cents")) for k in _USAGE_MONEY)]
        for u in report.usage
    ]
    body.append(["TOTAL", "", "", "",
                 *(money(sum(getattr(u, f"{k}_cents") for u in report.usage))
                   for k in _USAGE_MONEY)])
    text = render_table(
        ["licensee", "titles", "subscribers", "markets", "title", "subscription", "broadcast",
         "internet", "owed"],
        body,
        title="Content (usage) royalties (DOMAIN.md 1.2)",
        align=["l"] + ["r"] * 8,
    )
    return text + f"Total owed incl. content royalties: {money(report.total_cents)}\n"
