r"""A member's period entitlement by country (cash basis, exact cents).

The period's cash is split per paid invoice ``X`` (:mod:`poolcalc.periods._compute`):
member i gets ``e_Xi`` cents, the largest-remainder rounding of its exact share
``q_Xi = S_X w_Xi / W_X`` of what settled ``X`` in the period (``S_X``, with credit
notes folded in: the mix's terms, :mod:`poolcalc.periods._mix`).  The weights of ``X``
are sums over the count countries of its rows, ``w_Xi = sum_c w_Xci`` (per-country
counting, MPEG-2 business review letter, US DOJ 26 June 1997; the usage country for
content royalties), so the exact share by country is

    q_Xci = S_X w_Xci / W_X,                   sum_c q_Xci = q_Xi.

The rounding difference ``e_Xi - q_Xi`` (below one cent) is spread over the countries
in proportion to ``|q_Xci|``:

    x_Xci = q_Xci + (e_Xi - q_Xi) |q_Xci| / sum_c |q_Xci|     (= e_Xi q_Xci / q_Xi when
                                                              no q_Xci is negative)

so ``sum_c x_Xci = e_Xi`` exactly, and a correction that only moves rows between
countries (``q_Xi = 0``, ``q_Xci`` of both signs) shows there.  Each ``x_Xc.`` is
rounded to ``e_Xi`` cents by largest remainder (floors, then one cent each to the
largest fractional parts, ties to the smaller country code; in integers, see
:func:`_plain`), as the cash split rounds each invoice, and the period's line is the
sum over the invoices:

    cents_Xci = largest_remainder_c(x_Xci; e_Xi),      cents_ic = sum_X cents_Xci
    sum_c cents_ic = sum_X e_Xi = entitled_i            exactly, for every member,
    sum_i sum_c cents_ic = received + withheld (+ netting offsets).

(``cents_ic`` is within one cent per paid invoice of the exact ``sum_X x_Xci``.)
A country's total is the sum of its members' cents.  Nothing is negative unless a
credit note (or a correction lowering a country) is distributed.  Entry fees and
metric royalties have no rows: their cents are in the country-less line (``country``
None), as are rows whose weights are fixed-point (beyond the exact limit of
:mod:`poolcalc.periods._views`).  Netting offsets and correction notes (distributed by
the counts of the original period) are settlements like cash and flow in the same way.

``licensees`` of a line: the distinct licensees (invoice addressees) of the period's
paid invoices with rows counted in its country (the same for every member), the count
behind the figure for the statements' confidentiality rule
(:func:`poolcalc.documents._statement.merge_cells`).

The many invoices paid by their own weights are split at once in certified float64
(:mod:`poolcalc.periods._country_fast`); the others, and any not certified, exactly.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import attrs

from poolcalc._args import checked_fields
from poolcalc._format import render_csv
from poolcalc._money import _hand_out, format_money
from poolcalc._result import Result, TableView
from poolcalc.periods._country_fast import Batch, fast_country_splits
from poolcalc.periods._entries import Book, Settlement
from poolcalc.periods._mix import round_vector

__all__ = ["PER_COUNTRY", "CountryShare", "PeriodCountries", "country_shares", "no_breakdown"]

#: The allocation scheme whose counting the period's cash split follows.
PER_COUNTRY = "per-country-count"
#: Internal key of the country-less line (sorts before every ISO code).
_NONE = ""


@attrs.frozen(field_transformer=checked_fields)
class CountryShare:
    """One member's entitled cents of the period in one count country.

    ``country`` None: not by country (entry fees, metric royalties, fixed-point
    weights).  ``licensees``: the distinct licensees whose paid invoices of the period have
    rows counted in the country (the same for every member).
    """

    member: str
    country: str | None
    entitled_cents: int
    licensees: tuple[str, ...] = attrs.field(converter=tuple)

    def to_dict(self, minor_units: int = 2) -> dict[str, Any]:
        return {"country": self.country,
                "entitled": format_money(self.entitled_cents, minor_units),
                "licensees": len(self.licensees)}


def no_breakdown(scheme: str) -> str:
    """Note of a period result without the share by country (scheme not per-country)."""
    return (f"no breakdown by country: the pool's [allocation] scheme is {scheme!r}, not "
            f"{PER_COUNTRY!r} (distribution.members[].countries is null)")


def country_shares(book: Book, settled: Mapping[str, int],
                   mixed: Mapping[str, Sequence[Settlement]],
                   by_invoice: Sequence[tuple[str, str, int]],
                   entitled: Mapping[str, int], batches: Sequence[Batch] = ()
                   ) -> tuple[CountryShare, ...]:
    """Each member's period entitlement by count country (module docstring).

    Parameters
    ----------
    book : Book
        The book through the period (invoice weights).
    settled : mapping of str to int
        Invoice number -> cents settled on it in the period [minor units].
    mixed : mapping of str to sequence of Settlement
        Invoice number -> its settlements of the period (their mixes).
    by_invoice : sequence of (str, str, int)
        ``(invoice, member, e_Xi)``: the period's split of each invoice [minor units].
    entitled : mapping of str to int
        ``entitled_i = sum_X e_Xi`` [minor units].
    batches : sequence of Batch, optional
        The certified member splits as arrays (split by country at once in float64,
        :mod:`poolcalc.periods._country_fast`).

    Returns
    -------
    tuple of CountryShare
        By member, then country (the country-less line first); lines of 0 cents left
        out.  ``sum(entitled_cents)`` of a member is its ``entitled`` exactly.
    """
    e_of: dict[str, dict[str, int]] = defaultdict(dict)
    for number, m, cents_xi in by_invoice:
        e_of[number][m] = e_of[number].get(m, 0) + cents_xi
    acc: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    who: dict[str, set[str]] = defaultdict(set)  # country -> licensees behind it
    done, fast_cents, fast_who = fast_country_splits(batches)
    for (m, key), v in fast_cents.items():  # certified float splits (the same cents)
        acc[m][key] += v
    for key, lics in fast_who.items():
        who[key] |= lics
    for number in sorted(settled):
        cents, parts, e_i = settled[number], mixed[number], e_of.get(number, {})
        only = None
        if number in done:  # its weights are >= 0: a member with e_Xi = 0 gets nothing
            got = done[number]
            if got is None:  # every member's cents split there
                continue
            only = {m for m, e in e_i.items() if e and m not in got}
            if not only:
                continue
        if all(x.mix is None for x in parts):
            if cents == 0:
                continue
            split = _plain(book, number, cents, e_i, only)
        else:
            split = _mixed(book, number, parts, e_i)
        lic = book.entries[number].licensee
        for m, by_c in split.items():
            row = acc[m]
            for key, v in by_c.items():
                row[key] += v
                who[key].add(lic)
    behind = {key: tuple(sorted(x)) for key, x in who.items()}  # one tuple per country
    out = []
    for m in sorted(set(acc) | {m for m, v in entitled.items() if v}):
        row = acc.get(m, {})
        if sum(row.values()) != entitled.get(m, 0):  # pragma: no cover - an invariant
            raise AssertionError(f"country shares of {m} do not sum to its entitlement")
        for key in sorted(row):
            if row[key]:
                out.append(CountryShare(m, None if key == _NONE else key, row[key],
                                        behind.get(key, ())))
    return tuple(out)


def _by_member(weights: Mapping[tuple[str | None, str], Any]) -> dict[str, dict[str, Any]]:
    """(country, member) -> v as member -> {country key: v} (zeros dropped)."""
    out: dict[str, dict[str, Any]] = defaultdict(dict)
    for (c, m), v in weights.items():
        if v:
            out[m][_NONE if c is None else c] = v
    return out


def _plain(book: Book, number: str, cents: int, e_i: Mapping[str, int],
           only: set[str] | None = None) -> dict[str, dict[str, int]]:
    """Country cents of each member's ``e_Xi`` of an invoice settled by its own weights.

    With the invoice's weights ``v_ci`` by (country, member), ``w_i = sum_c v_ci``,
    ``W = sum_i w_i``, ``a_i = sum_c |v_ci|`` and ``S`` the cents settled, the exact
    ``x_ci`` of the module docstring is ``N_ci / D_i`` in integers::

        N_ci = S v_ci a_i + (e_Xi W - S w_i) |v_ci|,     D_i = W a_i

    rounded by largest remainder to ``e_Xi`` (floors ``N // D``, remainders ``N mod D``
    over the one denominator, :func:`poolcalc._money._hand_out`: no Fraction is built).
    ``only``: split these members' cents only (the others were split elsewhere).
    """
    cw = book.entries[number].country_weights
    total = sum(cw.values())  # = sum of the member weights (same scale)
    out: dict[str, dict[str, int]] = {}
    for m, v in _by_member(cw).items():
        if only is not None and m not in only:
            continue
        ei = e_i.get(m, 0)
        w, a = sum(v.values()), sum(abs(x) for x in v.values())
        d = total * a
        sign = -1 if d < 0 else 1
        d *= sign
        keys = sorted(v)
        pairs = [divmod(sign * (cents * v[c] * a + (ei * total - cents * w) * abs(v[c])), d)
                 for c in keys]
        floors = [f for f, _ in pairs]
        _hand_out(floors, [r for _, r in pairs], keys, ei - sum(floors))  # one denominator
        out[m] = dict(zip(keys, floors, strict=True))
    for m, ei in e_i.items():  # a rounding cent with no exact share here: not by country
        if m not in out and ei and (only is None or m in only):
            out[m] = {_NONE: ei}
    return out


def _mixed(book: Book, number: str, parts: Sequence[Settlement], e_i: Mapping[str, int]
           ) -> dict[str, dict[str, int]]:
    """Country cents of each member's ``e_Xi`` of an invoice with credit notes folded in.

    ``q_ci = sum_j beta_j v_jci / W_j`` over the mix's terms (exact Fractions), then
    ``x_ci = q_ci + (e_Xi - q_i) |q_ci| / sum_c |q_ci|`` rounded to ``e_Xi`` by largest
    remainder (:func:`poolcalc.periods._mix.round_vector`).
    """
    q: dict[tuple[str | None, str], Fraction] = {}
    for x in parts:
        mix = x.mix if x.mix is not None else ((number, Fraction(x.cents)),)
        for n, beta in mix:
            if not beta:
                continue
            cw = book.entries[n].country_weights
            total = sum(cw.values())
            for key, v in cw.items():
                q[key] = q.get(key, Fraction(0)) + beta * v / total
    out: dict[str, dict[str, int]] = {}
    for m, qs in _by_member(q).items():
        ei = e_i.get(m, 0)
        a = sum((abs(v) for v in qs.values()), Fraction(0))
        gap = ei - sum(qs.values(), Fraction(0))
        out[m] = round_vector({c: v + gap * abs(v) / a for c, v in qs.items()}, ei)
    for m, ei in e_i.items():
        if m not in out and ei:
            out[m] = {_NONE: ei}
    return out


@attrs.frozen(repr=False, field_transformer=checked_fields)
class PeriodCountries(Result):
    """The members' period entitlements by country (``PeriodResult.by_country()``).

    Attributes
    ----------
    period : str
    currency : str
    minor_units : int
    shares : tuple of CountryShare
        By member, then country; a member's cents sum to its ``entitled``.
    notes : tuple of str
    """

    period: str
    currency: str
    minor_units: int
    shares: tuple[CountryShare, ...] = attrs.field(converter=tuple)
    notes: tuple[str, ...] = attrs.field(factory=tuple, converter=tuple)

    def totals(self) -> dict[str | None, int]:
        """Country -> the members' cents summed there [minor units]."""
        out: dict[str | None, int] = {}
        for s in self.shares:
            out[s.country] = out.get(s.country, 0) + s.entitled_cents
        return out

    def to_dict(self) -> dict[str, Any]:
        m = self.minor_units
        return {"period": self.period, "currency": self.currency,
                "shares": [{"member": s.member, **s.to_dict(m)} for s in self.shares],
                "totals": [{"country": c, "entitled": format_money(v, m)}
                           for c, v in sorted(self.totals().items(),
                                              key=lambda kv: kv[0] or "")],
                "notes": list(self.notes)}

    def _summary(self) -> str:
        return (f"{self.period}: {len(self.shares)} member x country lines, "
                f"{len(self.totals())} countries")

    def _rows(self) -> list[tuple[Any, ...]]:
        return [(s.member, s.country or "(not by country)", len(s.licensees),
                 format_money(s.entitled_cents, self.minor_units)) for s in self.shares]

    def _records(self) -> list[dict[str, Any]]:
        return [{"member": s.member, "country": s.country, "licensees": len(s.licensees),
                 "entitled_cents": s.entitled_cents} for s in self.shares]

    def _view(self) -> TableView:
        return TableView(headers=("member", "country", "licensees",
                                  f"entitled {self.currency}"),
                         rows=self._rows(), title=f"Period {self.period}: share by country",
                         align=("l", "l", "r", "r"), footer=self.notes)

    def to_csv(self) -> str:
        """Return the table as CSV (one row per member and country)."""
        view = self._view()
        return render_csv(view.headers, view.rows)
