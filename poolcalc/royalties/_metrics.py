r"""Royalties by a tier chosen by the highest of several metrics (Access Advance VDP).

For a licensee l and a half year P of the report's year, with the terms of
:class:`~poolcalc.model.MetricTerms` (formula in :mod:`poolcalc.model._metrics`):

    v_m = \sum_r w(r) x_r,   k = max_m max{k : v_m >= at_k[m]},
    A = round_half_up(amount_k * 10**minor_units),  W = round_half_up(waiver * 10**mu),
    royalty_{l,P} = max(0, A - W)

in exact fractions (``Fraction(repr(x))``: a float's shortest decimal), so a value on
a threshold reaches the tier.  No metric reaching the lowest tier owes nothing.  One
:class:`MetricLine` per (licensee, period) with rows; ``RoyaltyReport.total_cents``
includes them and :func:`poolcalc.allocation.allocate` distributes them like the
royalties (part of ``collected``; the VDP terms published do not say otherwise).

References
----------
Access Advance, "Video Distribution Patent Pool: royalty structure",
accessadvance.com/zh/vdp-pool-royalty/ (2025): "A licensee's tier is the highest of
the tiers based on the three listed metrics"; Region 2 users and subscribers "are
multiplied by .5"; royalties "calculated and paid on a semi-annual basis".
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from types import MappingProxyType
from typing import Any

import attrs

from poolcalc._format import format_money, render_table
from poolcalc.royalties._apportion import round_half_up

__all__ = ["MetricLine", "metric_dict", "metric_lines", "metric_text"]


def _fr(x: float) -> Fraction:
    return Fraction(repr(float(x)))


@attrs.frozen
class MetricLine:
    """A licensee's metric royalty for one half year.

    Attributes
    ----------
    licensee, period : str
    values : mapping of str to Fraction
        Weighted value of every metric reported (``v_m``).
    tier : str or None
        Name of the tier reached (None: below the lowest).
    by : str or None
        The metric that reaches it (the first listed among those that do).
    cents : int
        Royalty of the period after the waiver credit [minor units].
    waived_cents : int
        The tier's amount less ``cents`` (the part of the semi-annual waiver used).
    """

    licensee: str
    period: str
    values: Mapping[str, Fraction]
    tier: str | None
    by: str | None
    cents: int
    waived_cents: int = 0


def metric_lines(terms: Any, records: Any, year: int, minor_units: int
                 ) -> tuple[MetricLine, ...]:
    """Metric royalties of the half years of ``year``, sorted by licensee and period.

    Parameters
    ----------
    terms : MetricTerms
    records : sequence of MetricRecord
        ``Pool.metrics`` (rows of other years are skipped).
    year : int
    minor_units : int
    """
    values: dict[tuple[str, str], dict[str, Fraction]] = {}
    for r in records:
        if r.year != year:
            continue
        w = _fr(terms.region_weights.get(r.region, 1.0)) if r.metric in terms.weighted else 1
        acc = values.setdefault((r.licensee, r.period), {})
        acc[r.metric] = acc.get(r.metric, Fraction(0)) + w * _fr(r.value)
    scale = 10 ** int(minor_units)
    out = []
    for (lic, period), v in sorted(values.items()):
        best, by = -1, None
        for m in terms.metrics:
            if m not in v:
                continue
            for k, t in enumerate(terms.tiers):
                if m in t.at and v[m] >= _fr(t.at[m]) and k > best:
                    best, by = k, m
        tier = terms.tiers[best] if best >= 0 else None
        gross = 0 if tier is None else int(round_half_up(tier.amount * scale))
        cents = max(0, gross - int(round_half_up(terms.waiver * scale)))
        out.append(MetricLine(lic, period, MappingProxyType(dict(v)),
                              None if tier is None else tier.name, by, cents, gross - cents))
    return tuple(out)


def _num(x: Fraction) -> str:
    return str(x.numerator) if x.denominator == 1 else f"{float(x):.10g}"


def metric_dict(line: MetricLine, minor_units: int) -> dict[str, Any]:
    """One metric line as JSON-ready data (values as strings, money as decimals)."""
    return {"licensee": line.licensee, "period": line.period,
            "values": {m: _num(x) for m, x in line.values.items()},
            "tier": line.tier, "by": line.by,
            "waived": format_money(line.waived_cents, minor_units),
            "royalty": format_money(line.cents, minor_units)}


def metric_text(lines: tuple[MetricLine, ...], minor_units: int) -> list[str]:
    """Lines of the table of metric royalties (with a totals line)."""
    def money(c: int) -> str:
        return format_money(c, minor_units, grouping=True)

    body = [[x.licensee, x.period, x.tier or "-", x.by or "-",
             ", ".join(f"{m}={_num(v)}" for m, v in x.values.items()),
             money(x.waived_cents), money(x.cents)] for x in lines]
    body.append(["TOTAL", "", "", "", "", money(sum(x.waived_cents for x in lines)),
                 money(sum(x.cents for x in lines))])
    return render_table(["licensee", "period", "tier", "reached by", "weighted metrics",
                         "waived", "royalty"], body,
                        title="Royalties by metric tier (half years)",
                        align=list("lllllrr")).splitlines()

