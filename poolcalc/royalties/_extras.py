"""The report's lines beside the invoices: entry fees, payers, metric tiers (issue 12).

One place that turns ``RoyaltyReport.fees`` (:mod:`._fees`), ``.payers``
(:mod:`._payers`) and ``.metric`` (:mod:`._metrics`) into JSON data and text, so the
report class only names them.
"""

from __future__ import annotations

from typing import Any

from poolcalc._format import format_money
from poolcalc.royalties._fees import fee_dict, fee_text
from poolcalc.royalties._metrics import metric_dict, metric_text
from poolcalc.royalties._payers import payer_dict, payer_text

__all__ = ["extra_dicts", "extra_footer"]


def extra_dicts(report: Any) -> dict[str, list[dict[str, Any]]]:
    """``{"fees": [...], "payers": [...], "metric": [...]}``, only the non-empty ones."""
    mu = report.minor_units
    out = {}
    if report.fees:
        out["fees"] = [fee_dict(f, mu) for f in report.fees]
    if report.payers:
        out["payers"] = [payer_dict(x, mu) for x in report.payers]
    if report.metric:
        out["metric"] = [metric_dict(x, mu) for x in report.metric]
    return out


def extra_footer(report: Any) -> list[str]:
    """Text tables of the non-empty extras, each after a blank line."""
    mu = report.minor_units
    out: list[str] = []
    if report.metric:
        total = format_money(report.total_cents, mu, grouping=True)
        out += ["", *metric_text(report.metric, mu), f"Total owed incl. metric royalties: {total}"]
    if report.fees:
        out += ["", *fee_text(report.fees, mu, report.total_cents)]
    if report.payers:
        out += ["", *payer_text(report.payers, mu)]
    return out
