r"""One period of administration: :func:`period`.

Distribution of period ``k`` (cash basis).  Let ``S_X`` be what was settled on
invoice ``X`` in ``k`` (cash, tax withheld at source, held cash credit used; a
credit note set against it moves no cash and is not distributed but folded into
what ``X`` is made of, :mod:`poolcalc.periods._mix`) and ``w_X`` its member weights
(:mod:`poolcalc.periods._views`; ``sum_i w_Xi = owed_X``).  Then

    e_Xi     = largest_remainder(S_X * w_Xi / owed_X)        (exact cents, per invoice)

(``S_X``'s exact part of each term ``beta_j w_j / W_j`` once notes were folded into ``X``)
    entitled_i = sum_X e_Xi,      T = sum_i entitled_i = received + withheld
    (entitled_i by count country: :mod:`poolcalc.periods._countries`)
    fee      = floor(T * administrator_fee),   reserve = floor(T * reserve)
    fee_i, reserve_i = largest_remainder of fee, reserve by entitled_i
    gross_i  = entitled_i - fee_i - reserve_i
    credit_i = sum over certificates c of largest_remainder(tax_c * E_ci / sum E_c)
    net_i    = gross_i - credit_i

where ``E_ci`` is member i's share of the payment that carried certificate c (by
the weights of the invoices it settled).  Hence ``received + withheld = fee +
reserve + sum gross`` and ``sum credit = withheld`` exactly, with no cent lost or
counted twice.  An unpaid invoice distributes nothing; once paid it distributes by
its own period's counts.  Ties in the largest remainder go to the smaller member id.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from fractions import Fraction

import attrs
import numpy as np

from poolcalc._args import check_instance_arg
from poolcalc._gc import gc_paused
from poolcalc.errors import InvalidInputError
from poolcalc.model import Pool, ReportingTerms
from poolcalc.periods._book import Book, Settlement, exact_fraction, run_book
from poolcalc.periods._countries import PER_COUNTRY, country_shares, no_breakdown
from poolcalc.periods._country_fast import Batch
from poolcalc.periods._metric import metric_years
from poolcalc.periods._mix import expand, round_vector
from poolcalc.periods._netting import netting_offsets, settle_netting
from poolcalc.periods._records import MemberShare, TaxCredit
from poolcalc.periods._result import (
    Balance,
    Check,
    NettingLine,
    PeriodDistribution,
    PeriodResult,
    Reconciliation,
)
from poolcalc.periods._shares import SharesBuilder
from poolcalc.periods._support import check_supported
from poolcalc.periods._types import Period, PeriodInputs, parse_period
from poolcalc.periods._views import DiffOf, DiffWeights, sales_years

__all__ = ["period", "signed_largest_remainder"]


def signed_largest_remainder(total: int, weights: dict[str, int]) -> dict[str, int]:
    """Split ``total`` cents by signed integer weights, to the cent (largest remainder).

    ``quota_i = total * w_i / sum w`` (exact, in integers); floors plus one cent to the
    largest fractional parts (ties: smaller key).  Sums to ``total`` exactly.

    Parameters
    ----------
    total : int
        Cents to split (any sign).
    weights : dict of str to int
        Weights (any sign, non-zero sum), proportional to the exact entitlements.

    Returns
    -------
    dict of str to int

    Examples
    --------
    >>> signed_largest_remainder(100, {"a": 1, "b": 1, "c": 1})
    {'a': 34, 'b': 33, 'c': 33}
    """
    keys = sorted(weights)
    w_total = sum(weights.values())
    if not keys or w_total == 0:
        if total:
            raise InvalidInputError(f"cannot split {total} cents: no weights")
        return {}
    sign = -1 if w_total < 0 else 1
    w_total *= sign
    floors, rems = [], []
    for k in keys:
        q, r = divmod(total * weights[k] * sign, w_total)
        floors.append(q)
        rems.append(r)
    left = total - sum(floors)
    order = sorted(range(len(keys)), key=lambda i: (-rems[i], keys[i]))
    for i in order[:left]:
        floors[i] += 1
    return dict(zip(keys, floors, strict=True))


def _as_ints(weights: dict[str, Fraction]) -> dict[str, int]:
    """Exact Fractions -> integers in the same proportions (common denominator)."""
    common = 1
    for v in weights.values():
        common = math.lcm(common, v.denominator)
    return {k: int(v * common) for k, v in weights.items()}


def period(pool: Pool, label: str | Period, inputs: PeriodInputs | None = None, *,
           by_country: bool = False) -> PeriodResult:
    """Compute one reporting period: invoices, payments, distribution, reconciliation.

    Parameters
    ----------
    pool : Pool
    label : str or Period
        ``"2024Q3"`` (quarterly pool), ``"2024H2"`` (half-yearly) or ``"2024"``.
    inputs : PeriodInputs, optional
        Reporting terms, payments, amended reports, audits and exchange rates
        (:func:`poolcalc.io.read_period_inputs`); default none, quarterly.
    by_country : bool, default False
        Also split each member's entitlement by country
        (``PeriodDistribution.countries``, :mod:`poolcalc.periods._countries`;
        ``poolcalc period --by-country``; period statements always do).  Off by default:
        it is an exact split per (paid invoice, member, country) and can cost more than
        the rest of the period (about 2.5 s CPU for the 10^4 paid invoices of
        ``benchmarks/bench_periods.py``, whose period takes about 1.2 s).

    Returns
    -------
    PeriodResult
        Frozen; ``reconciliation.balanced`` is True (the identities are computed).

    Raises
    ------
    InvalidInputError
        Malformed or unknown period (no sales in its year, and no input dated in it
        after the first year with sales), a payment naming an
        unknown invoice, a payment in a currency without an ``fx.csv`` rate.

    Notes
    -----
    Invoices: year-to-date royalty minus the year's earlier invoices
    (:mod:`poolcalc.periods._views`); payments applied named invoice first, then
    oldest open (:mod:`poolcalc.periods._book`); distribution: see the module
    docstring.  Only inputs dated up to the period's last day are read.

    Examples
    --------
    >>> import poolcalc
    >>> res = poolcalc.period(poolcalc.load_example(), "2024Q3")
    >>> res.reconciliation.balanced
    True
    """
    check_instance_arg(pool, Pool, "period: pool", "from poolcalc.io.read_pool")
    check_instance_arg(label, (str, Period), "period: label", 'e.g. "2024Q3"')
    if inputs is not None:
        check_instance_arg(inputs, PeriodInputs, "period: inputs",
                           "from poolcalc.io.read_period_inputs")
    inputs = inputs if inputs is not None else PeriodInputs()
    if inputs.reporting is None:
        inputs = attrs.evolve(inputs, reporting=pool.reporting or ReportingTerms())
    p = label if isinstance(label, Period) else parse_period(label, inputs.reporting.period)
    check_supported(pool, inputs)
    years = set(sales_years(pool.sales)) | metric_years(pool)
    # a year without sales after the first one is administered while payments or
    # corrections are dated in it (late payments of the last year's invoices)
    dated = [r.date.year for r in inputs.payments] + [a.filed.year for a in inputs.amendments] \
        + [a.closed.year for a in inputs.audits] + [a.filed.year for a in inputs.metric_amendments]
    if p.year not in years and not (years and min(years) < p.year <= max(dated, default=0)):
        have = ", ".join(str(y) for y in sorted(years)) or "none"
        raise InvalidInputError(f"period: no sales in {p.year} (years with sales: {have}), "
                                f"got {p.label!r}")
    with gc_paused():  # 10^5 acyclic records built: no full-heap collections meanwhile
        return _period(pool, inputs, p, by_country)


def _period(pool: Pool, inputs: PeriodInputs, p: Period, by_country: bool) -> PeriodResult:
    """Compute the period (the body of :func:`period`, arguments checked)."""
    on = inputs.reporting.netting
    settle = (lambda b, k: settle_netting(pool, b, k, lambda bb, kk: _distribution(
        pool, inputs, bb, kk, by_country=False))) if on else (lambda b, k: None)
    book = run_book(pool, inputs, p, settle)
    dist = _distribution(pool, inputs, book, p, by_country=by_country)
    invoices = tuple(book.entries[n].invoice for n in book.issued[p.label])
    payments = tuple(book.payments[p.label])
    write_off = inputs.reporting.write_off_cents(pool.minor_units) > 0
    if write_off:  # credit and netting payments show the field too (0)
        payments = tuple(x if x.written_off_cents is not None
                         else attrs.evolve(x, written_off_cents=0) for x in payments)
    balances = tuple(
        Balance(e.number, e.licensee, e.period, e.due,
                e.owed, e.paid + e.credited, e.written_off)
        for e in sorted(book.entries.values(), key=lambda e: (e.due, e.number))
    )
    netting = _netting(pool, invoices, dist,
                       netting_offsets(book, p.label) if on else None)
    notes: list[str] = []
    if by_country and dist.countries is None:
        notes.append(no_breakdown(pool.allocation.scheme))
    return PeriodResult(
        period=p.label, start=p.start, end=p.end, currency=pool.currency,
        minor_units=pool.minor_units, invoices=invoices, payments=payments,
        distribution=dist, netting=netting, balances=balances,
        reconciliation=_reconcile(book, dist, p, on, write_off), sources=inputs.sources,
        notes=tuple(notes),
    )


def _distribution(pool: Pool, inputs: PeriodInputs, book: Book, p: Period, *,
                  by_country: bool = True) -> PeriodDistribution:
    """Return the period's distribution (module docstring), by country if ``by_country``.

    Netting computes the distribution of every period before its offsets
    (:func:`~poolcalc.periods._netting.settle_netting`), without the breakdown by country.
    """
    settled: dict[str, int] = defaultdict(int)
    mixed: dict[str, list[Settlement]] = defaultdict(list)
    received = withheld = offsets = 0
    for s in book.settlements:
        if s.period != p.label or s.kind == "note":  # a set-off moves no cash
            continue
        settled[s.invoice] += s.cents
        mixed[s.invoice].append(s)
        if s.kind in ("cash", "credit"):
            received += s.cents
        elif s.kind == "tax":
            withheld += s.cents
        elif s.kind == "netting":
            offsets += s.cents
    shares = SharesBuilder()
    fast, entitled, batches = _fast_splits(book, settled, mixed, shares)
    numbers = sorted(settled)
    for number in numbers:
        cents, parts = settled[number], mixed[number]
        if all(x.mix is None for x in parts):
            if cents == 0:
                continue
            if number in fast:  # its shares in the builder, their sums in entitled
                continue
            split = signed_largest_remainder(cents, book.entries[number].weights)
        else:  # credit notes folded into the invoice: split what the cash paid
            vector: dict[str, Fraction] = {}
            for x in parts:
                expand(x.mix if x.mix is not None else ((number, Fraction(x.cents)),),
                       _weights_of(book), vector)
            split = round_vector(vector, cents)
        for m, c in split.items():
            if c:
                shares.add(number, m, c)
                entitled[m] += c
    by_invoice = shares.build(numbers)
    countries = (country_shares(book, settled, mixed, by_invoice, entitled, batches)
                 if by_country and pool.allocation.scheme == PER_COUNTRY else None)
    total = received + withheld + offsets
    fee = math.floor(total * exact_fraction(pool.administrator_fee))
    reserve = math.floor(total * exact_fraction(inputs.reporting.reserve))
    ent_w = {m: c for m, c in entitled.items() if c}
    fee_i = signed_largest_remainder(fee, ent_w) if fee else {}
    res_i = signed_largest_remainder(reserve, ent_w) if reserve else {}
    credits: list[TaxCredit] = []
    credit_i: dict[str, int] = defaultdict(int)
    for t in book.taxes:
        if t.period != p.label:
            continue
        share: dict[str, Fraction] = defaultdict(Fraction)
        for (number, cents), mix in zip(t.settled, t.mixes or (None,) * len(t.settled),
                                        strict=True):
            if mix is not None:
                expand(mix, _weights_of(book), share)
                continue
            w = book.entries[number].weights
            tot = sum(w.values())
            for m, v in w.items():
                share[m] += Fraction(cents * v, tot)
        for m, c in signed_largest_remainder(t.cents, _as_ints(dict(share))).items():
            if c:
                credits.append(TaxCredit(m, t.certificate, t.country, t.licensee, t.payment, c))
                credit_i[m] += c
    members = []
    for m in sorted(set(entitled) | set(credit_i)):
        e, f, r = entitled.get(m, 0), fee_i.get(m, 0), res_i.get(m, 0)
        g = e - f - r
        members.append(MemberShare(m, e, f, r, g, credit_i.get(m, 0), g - credit_i.get(m, 0)))
    return PeriodDistribution(
        received_cents=received, withheld_tax_cents=withheld, administrator_fee_cents=fee,
        reserve_cents=reserve, members=tuple(members), tax_credits=tuple(credits),
        by_invoice=by_invoice,
        netting_offsets_cents=offsets if inputs.reporting.netting else None,
        countries=countries, by_country=by_country,
    )


def _fast_splits(book: Book, settled: dict[str, int], mixed: dict[str, list[Settlement]],
                 shares: SharesBuilder) -> tuple[set[str], dict[str, int], list[Batch]]:
    """Certified float64 splits of the plain settled invoices, one batch per pair of views.

    Adds each certified invoice's non-zero shares ``(invoice, member, cents)`` (members
    by id) to ``shares`` as one batch per pair of views, and returns the invoices so
    split, the members' sums of their shares (a member with a non-zero share is a key,
    even when its shares sum to 0) and the certified splits as arrays, one
    :data:`~poolcalc.periods._country_fast.Batch` per view difference (for the split by
    country).  Identical to ``signed_largest_remainder(cents, weights)``
    (:meth:`poolcalc.periods._wtable.WeightTable.split_batch`); the others are split
    exactly by the caller.
    """
    groups: dict[int, tuple[DiffWeights, list[str], list[str], list[int]]] = {}
    for number, cents in settled.items():
        make = book.entries[number].make_weights
        if cents == 0 or not isinstance(make, DiffOf) or any(
                x.mix is not None for x in mixed[number]):
            continue
        g = groups.setdefault(id(make.diff), (make.diff, [], [], []))
        g[1].append(number)
        g[2].append(make.licensee)
        g[3].append(cents)
    done_numbers: set[str] = set()
    entitled: dict[str, int] = defaultdict(int)
    batches: list[Batch] = []
    for diff, numbers, lics, cents_list in groups.values():
        got = diff.split_batch(lics, cents_list)
        if got is None or got[0].size == 0:
            continue
        done, alloc, keys = got
        rr, cc = np.nonzero(alloc)  # row-major: by invoice, then member
        nums = [numbers[k] for k in done.tolist()]
        batches.append((diff, nums, [lics[k] for k in done.tolist()], alloc, keys))
        shares.add_batch(nums, rr, keys, cc, alloc[rr, cc])
        done_numbers.update(nums)
        if float(np.abs(alloc).sum(dtype=np.float64)) < 2.0 ** 62:  # int64 sums exact
            sums = alloc.sum(axis=0).tolist()
        else:
            sums = alloc.astype(object).sum(axis=0).tolist()
        for i in np.flatnonzero((alloc != 0).any(axis=0)).tolist():
            entitled[keys[i]] += int(sums[i])
    return done_numbers, entitled, batches


def _weights_of(book: Book) -> Callable[[str], dict[str, int]]:
    return lambda number: book.entries[number].weights


def _netting(pool: Pool, invoices: tuple, dist: PeriodDistribution,
             offsets: dict[str, int] | None) -> tuple[NettingLine, ...]:
    """Per member-licensee: owed, receivable; with netting on also offset and cash."""
    owed: dict[str, int] = defaultdict(int)
    for inv in invoices:
        owed[inv.licensee] += inv.owed_cents
    net = {s.member: s.net_cents for s in dist.members}
    # (id, member) pairs from the licensee columns: no Licensee object per licensee
    table = pool.licensees
    lics = sorted((i, mb) for i, mb in zip(table.ids, table.column("member"), strict=True)
                  if mb is not None)
    if offsets is None:
        return tuple(
            NettingLine(mb, i, owed.get(i, 0), net.get(mb, 0))
            for i, mb in lics if owed.get(i) or net.get(mb)
        )
    of_member: dict[str, int] = defaultdict(int)
    for i, mb in lics:
        of_member[mb] += offsets.get(i, 0)
    return tuple(
        NettingLine(mb, i, owed.get(i, 0), net.get(mb, 0), offsets.get(i, 0),
                    net.get(mb, 0) - of_member[mb])
        for i, mb in lics if owed.get(i) or net.get(mb) or offsets.get(i)
    )


def _reconcile(book: Book, dist: PeriodDistribution, p: Period,
               netting: bool = False, write_off: bool = False) -> Reconciliation:
    """Return the period's identities (``write_off``: name the residues written off)."""
    entries = list(book.entries.values())
    written = sum(e.written_off for e in entries)
    invoiced = sum(e.owed for e in entries if e.owed > 0)
    credited = -sum(e.owed for e in entries if e.owed < 0)
    paid = sum(s.cents for s in book.settlements
               if s.kind in ("cash", "tax", "credit", "netting"))
    used = sum(s.cents for s in book.settlements if s.kind == "note" and s.cents > 0)
    outstanding = sum(e.open for e in entries if e.owed > 0)
    note_held = sum(book.credit_note.values())
    cash_held = sum(book.credit_cash.values())
    cash_in = sum(book.cash_in.values())
    cash_settled = sum(s.cents for s in book.settlements if s.kind in ("cash", "credit"))
    k_in = book.cash_in.get(p.label, 0)
    k_used = sum(s.cents for s in book.settlements if s.period == p.label and s.kind == "credit")
    gross = sum(s.gross_cents for s in dist.members)
    off = (dist.netting_offsets_cents or 0) if netting else 0
    credits = sum(t.cents for t in dist.tax_credits)
    # With netting on, three identities name the offsets and one more checks them.
    paid_as = "paid (cash + tax + netting)" if netting else "paid"
    received_as = "received + tax withheld" + (" + netting offsets" if netting else "")
    net_as = "net (cash paid + netting offsets)" if netting else "net cash paid"
    off_as = " + written off" if write_off else ""
    checks = [
        Check(f"invoiced = {paid_as} + outstanding + credited{off_as}", invoiced,
              paid + outstanding + used + written),
        Check("credit notes = credited + credit-note balance held", credited, used + note_held),
        Check("cash received (all periods) = cash applied + over-payments held", cash_in,
              cash_settled + cash_held),
        Check("period cash received + held credit used = received + new credit held",
              k_in + k_used, dist.received_cents + book.credit_added.get(p.label, 0)),
        Check(f"{received_as} = fee + reserve + distributed (gross)",
              dist.received_cents + dist.withheld_tax_cents + off,
              dist.administrator_fee_cents + dist.reserve_cents + gross),
        Check("tax credits passed on = tax withheld", credits, dist.withheld_tax_cents),
    ]
    if netting:
        checks.append(Check(
            "netting offsets distributed = invoices settled by netting in the period", off,
            sum(s.cents for s in book.settlements
                if s.period == p.label and s.kind == "netting")))
    checks.append(Check(f"distributed (gross) = {net_as} + tax credits", gross,
                        sum(s.net_cents for s in dist.members) + credits))
    return Reconciliation(invoiced, paid, outstanding, credited, cash_held + note_held,
                          tuple(checks), written if write_off else None)
