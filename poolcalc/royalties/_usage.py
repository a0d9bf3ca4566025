"""Content ("usage") royalties: title-by-title, subscription, broadcast, internet broadcast.

Formulas (all money in integer minor units, per licensee per calendar year)
---------------------------------------------------------------------------
- **Title** (PPV, VOD, download), per row of ``q`` titles of length ``L`` minutes at
  first arm's-length price ``p``::

      per_title = 0                                         if L <= free_minutes
                = min(round_half_up(f * round(p * 10^mu)), round(max * 10^mu))  otherwise
      cents     = q * per_title

  (AVC: free_minutes = 12, f = 2%, max = US$0.02: a 90-minute VOD title at US$3.99
  owes min(7.98, 2) = 2 cents.)
- **Subscription**: the licensee's subscribers in the year ``S`` (summed over its
  rows) select one annual flat fee, whole volume (not marginal)::

      fee(S) = fee_k  with k the last tier whose start < S;  0 when no tier has start < S

  where ``S = sum(q_i * w_i)`` with ``w_i`` the country weight of the row (Access
  Advance VDP counts Region 2 subscribers x0.5, accessadvance.com/zh/vdp-pool-royalty/;
  default 1).

  (AVC: <= 100,000 free; 100,001-250,000 US$25,000; ... ; > 1,000,000 US$100,000.)
- **Broadcast** (free TV): ``broadcast_fee`` per (licensee, market) whose households
  (summed over its rows) exceed ``min_households``.
- **Internet broadcast**: ``internet_fee`` per licensee with viewers > 0 (AVC: free
  in the first term).

A flat fee (subscription, broadcast market, internet) is split over the rows it comes
from in proportion to their ``quantity`` by largest remainder (ties: earlier row), so
every row carries whole cents and a country; the rows add up exactly to the fees.

References
----------
MPEG LA AVC/H.264 licence terms: TV Technology, "AVC standard license fees set",
1 Dec 2003 (tvtechnology.com/news/0086/avc-standard-license-fees-set/252850);
Ozer, J., "H.264 licensing labyrinth", Streaming Media, p. 4 (streamingmedia.com).
Balinski, M. L. and Young, H. P., *Fair Representation*, Yale
University Press, 1982 (largest remainder).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np

from poolcalc._args import checked_args
from poolcalc._format import format_money, render_table
from poolcalc._money import EXACT_BOUND
from poolcalc._result import Result, TableView
from poolcalc.errors import InvalidInputError
from poolcalc.royalties._apportion import apportion

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.model import UsageRecord, UsageTerms

__all__ = ["USAGE_KINDS", "UsageInvoice", "usage_cents", "usage_dict", "usage_invoices",
           "usage_lines"]

#: Kind codes of :func:`usage_cents` (index = code).
USAGE_KINDS = ("title", "subscription", "broadcast", "internet_broadcast")


def _check_1d(name: str, a: Any, n: int | None, dtype: Any) -> np.ndarray:
    arr = np.asarray(a)
    if arr.ndim != 1 or (n is not None and arr.size != n):
        raise InvalidInputError(f"{name} must be 1-d of length {n}, got shape {arr.shape}")
    return arr.astype(dtype, copy=False)


def _bad_index(name: str, mask: np.ndarray, values: np.ndarray, rule: str) -> None:
    if mask.any():
        i = int(np.flatnonzero(mask)[0])
        raise InvalidInputError(f"{name} must be {rule}, got {values[i].item()!r} at index {i}")


def _split_fees(
    fee: np.ndarray, group: np.ndarray, weight: np.ndarray, rows: np.ndarray, n: int
) -> np.ndarray:
    """Spread per-group fees over the rows ``rows`` (group codes ``group``) by weight."""
    out = np.zeros(n, np.int64)
    if rows.size:
        out[rows] = apportion(fee, group, weight.astype(np.float64))
    return out


def usage_cents(
    kind: np.ndarray,
    licensee: np.ndarray,
    quantity: np.ndarray,
    length_minutes: np.ndarray,
    price: np.ndarray,
    market: np.ndarray,
    *,
    title_free_minutes: float,
    title_rate_fraction: float,
    title_max_per_title: float,
    tier_starts: np.ndarray,
    tier_fees: np.ndarray,
    broadcast_fee: float,
    broadcast_min_households: int,
    internet_broadcast_fee: float,
    minor_units: int = 2,
    subscriber_weight: np.ndarray | None = None,
) -> np.ndarray:
    """Content royalty of each usage row of one calendar year [minor units].

    Parameters
    ----------
    kind : ndarray of int, shape (n,)
        Codes into :data:`USAGE_KINDS`.
    licensee : ndarray of int, shape (n,)
        Licensee code (fees are counted per licensee).
    quantity : ndarray of int64, shape (n,)
        Titles, subscribers, households or viewers; >= 0.
    length_minutes, price : ndarray of float64, shape (n,)
        Title length and first arm's-length price per title [currency]; only read
        on title rows (NaN elsewhere).
    market : ndarray of int, shape (n,)
        Broadcast market code (read on broadcast rows only).
    title_free_minutes, title_rate_fraction, title_max_per_title : float
    tier_starts : ndarray of int64, shape (k,)
        Strictly increasing subscriber thresholds (fee applies above the start).
    tier_fees : ndarray of float64, shape (k,)
        Annual fee of each tier [currency].
    broadcast_fee : float
        Fee per market per year [currency].
    broadcast_min_households : int
    internet_broadcast_fee : float
    minor_units : int, default 2
    subscriber_weight : ndarray of float64, shape (n,), optional
        Factor on each row's subscribers when counting them for the bracket (Access
        Advance VDP: Region 2 x0.5, accessadvance.com/zh/vdp-pool-royalty/); default
        1.  The fee is still
        split over the rows by their reported subscribers.

    Returns
    -------
    ndarray of int64, shape (n,)
        Royalty per row; see the module docstring for the formulas.

    Raises
    ------
    InvalidInputError
        Arrays of different lengths, a negative quantity or a kind code out of range,
        a title row without a finite length or price (index named).

    Examples
    --------
    >>> import numpy as np
    >>> from poolcalc.royalties import USAGE_KINDS
    >>> title = USAGE_KINDS.index("title")
    >>> usage_cents(np.array([title]), np.array([0]), np.array([1000]), np.array([90.0]),
    ...             np.array([3.99]), np.array([0]), title_free_minutes=12.0,
    ...             title_rate_fraction=0.02, title_max_per_title=0.02,
    ...             tier_starts=np.zeros(0, np.int64), tier_fees=np.zeros(0), broadcast_fee=0.0,
    ...             broadcast_min_households=0, internet_broadcast_fee=0.0).tolist()
    [2000]
    """
    kind = _check_1d("kind", kind, None, np.int64)
    n = kind.size
    lic = _check_1d("licensee", licensee, n, np.int64)
    q = _check_1d("quantity", quantity, n, np.int64)
    length = _check_1d("length_minutes", length_minutes, n, np.float64)
    pr = _check_1d("price", price, n, np.float64)
    mk = _check_1d("market", market, n, np.int64)
    _bad_index("kind", (kind < 0) | (kind >= len(USAGE_KINDS)), kind, "a code in 0..3")
    _bad_index("quantity", q < 0, q, ">= 0")
    _bad_index("licensee", lic < 0, lic, ">= 0")
    sw = (np.ones(n) if subscriber_weight is None
          else _check_1d("subscriber_weight", subscriber_weight, n, np.float64))
    _bad_index("subscriber_weight", ~(np.isfinite(sw) & (sw >= 0)), sw, "finite and >= 0")
    title = kind == 0
    _bad_index("length_minutes", title & ~(np.isfinite(length) & (length >= 0)), length,
               "finite and >= 0 on title rows")
    _bad_index("price", title & ~(np.isfinite(pr) & (pr >= 0)), pr,
               "finite and >= 0 on title rows")
    scale = 10**minor_units
    out = np.zeros(n, np.int64)
    # title-by-title: per title min(round(f * price), max), 0 when short
    if title.any():
        price_minor = np.rint(np.where(title, pr, 0.0) * scale)
        by_rate = np.floor(title_rate_fraction * price_minor + 0.5 + 1e-9).astype(np.int64)
        per_title = np.minimum(by_rate, int(round(title_max_per_title * scale)))
        charged = title & (np.where(title, length, 0.0) > title_free_minutes)
        # exact range: q * per_title and their sum at most 2**53 minor units (no wrap)
        approx = np.where(charged, per_title.astype(np.float64) * q, 0.0)
        _bad_index("quantity", np.cumsum(approx) > EXACT_BOUND, q,
                   f"such that the title royalties stay within 2**53 = {EXACT_BOUND} minor "
                   "units (the exact range)")
        out += np.where(charged, per_title * q, 0)
    n_lic = int(lic.max()) + 1 if n else 0
    # subscription: whole-volume bracket fee on the year's subscribers per licensee
    sub = np.flatnonzero(kind == 1)
    starts = np.asarray(tier_starts, np.int64)
    if sub.size and starts.size:
        counted = q[sub].astype(np.float64) * sw[sub]
        total = np.bincount(lic[sub], counted, minlength=n_lic)  # weighted subscribers
        k = np.searchsorted(starts.astype(np.float64), total, side="left") - 1
        fee_minor = np.rint(np.asarray(tier_fees, np.float64) * scale).astype(np.int64)
        fee = np.where(k >= 0, fee_minor[np.maximum(k, 0)], 0)
        out += _split_fees(fee, lic[sub], q[sub], sub, n)
    # broadcast: a fee per (licensee, market) with more than min households
    bc = np.flatnonzero(kind == 2)
    bfee = int(round(broadcast_fee * scale))
    if bc.size and bfee:
        pairs, grp = np.unique(np.stack([lic[bc], mk[bc]], axis=1), axis=0, return_inverse=True)
        grp = grp.reshape(-1)
        hh = np.rint(np.bincount(grp, q[bc].astype(np.float64), minlength=len(pairs)))
        fee = np.where(hh > broadcast_min_households, bfee, 0).astype(np.int64)
        out += _split_fees(fee, grp, q[bc], bc, n)
    # internet broadcast: an annual fee per licensee with viewers
    ib = np.flatnonzero(kind == 3)
    ifee = int(round(internet_broadcast_fee * scale))
    if ib.size and ifee:
        viewers = np.bincount(lic[ib], q[ib].astype(np.float64), minlength=n_lic)
        fee = np.where(viewers > 0, ifee, 0).astype(np.int64)
        out += _split_fees(fee, lic[ib], q[ib], ib, n)
    return out


def _cents_map(value: Any) -> Mapping[str, int]:
    return MappingProxyType({str(k): int(v) for k, v in dict(value or {}).items()})


@attrs.frozen(repr=False)
class UsageInvoice(Result):
    """Content ("usage") royalties one licensee owes for a year, by kind.

    ``owed_cents == title_cents + subscription_cents + broadcast_cents +
    internet_broadcast_cents == sum(by_country.values())``.

    Attributes
    ----------
    licensee : str
    year : int
    titles : int
        Titles reported (all lengths).
    subscribers : int
        Subscribers reported (selects the subscription bracket).
    markets : int
        Broadcast markets charged (households above the threshold).
    title_cents, subscription_cents, broadcast_cents, internet_broadcast_cents : int
        Royalty per kind [minor units].
    owed_cents : int
    by_country : mapping of str to int
        ``owed_cents`` by country of the usage rows (flat fees split by quantity).
    rows : tuple of int
        1-based positions of the licensee's rows in the records given
        (``pool.usage``: data rows of ``usage.csv`` in file order).
    minor_units : int
        Decimal places of the currency (2: amounts are in cents).
    """

    licensee: str
    year: int
    titles: int = 0
    subscribers: int = 0
    markets: int = 0
    title_cents: int = 0
    subscription_cents: int = 0
    broadcast_cents: int = 0
    internet_broadcast_cents: int = 0
    owed_cents: int = 0
    by_country: Mapping[str, int] = attrs.field(factory=dict, converter=_cents_map)
    rows: tuple[int, ...] = attrs.field(factory=tuple, converter=tuple)
    minor_units: int = 2

    def __attrs_post_init__(self) -> None:
        parts = (
            self.title_cents,
            self.subscription_cents,
            self.broadcast_cents,
            self.internet_broadcast_cents,
        )
        if min(parts) < 0 or self.owed_cents != sum(parts):
            raise InvalidInputError(
                f"usage invoice {self.licensee}: owed must equal the sum of the kinds "
                f"(>= 0), got {self.owed_cents} and {parts}"
            )
        if sum(self.by_country.values()) != self.owed_cents:
            raise InvalidInputError(
                f"usage invoice {self.licensee}: by_country must add up to owed_cents"
            )

    @property
    def kinds(self) -> dict[str, int]:
        """Royalty by kind (keys of :data:`USAGE_KINDS`) [minor units]."""
        return {k: getattr(self, f"{k}_cents") for k in USAGE_KINDS}

    def to_dict(self) -> dict[str, Any]:
        """Return the invoice as in ``--format json`` (money as decimal strings)."""
        return usage_dict(self, self.minor_units)

    def _view(self) -> TableView:
        return TableView(_USAGE_HEADERS, [_usage_cells(self, self.minor_units)],
                         align=_USAGE_ALIGN)

    def _summary(self) -> str:
        owed = format_money(self.owed_cents, self.minor_units)
        return f"{self.licensee} {self.year}: owed {owed}"

    def _records(self) -> list[dict[str, Any]]:
        row: dict[str, Any] = {
            "licensee": self.licensee, "year": self.year, "titles": self.titles,
            "subscribers": self.subscribers, "markets": self.markets,
        }
        row.update({f"{k}_cents": getattr(self, f"{k}_cents") for k in _USAGE_MONEY})
        row["owed"] = format_money(self.owed_cents, self.minor_units)
        return [row]


#: Money columns of a usage invoice, in output order (``<name>_cents`` attributes).
_USAGE_MONEY = ("title", "subscription", "broadcast", "internet_broadcast", "owed")
_USAGE_HEADERS = ("licensee", "titles", "subscribers", "markets", "title", "subscription",
                  "broadcast", "internet", "owed")
_USAGE_ALIGN = ("l",) + ("r",) * 8


def usage_dict(u: UsageInvoice, minor_units: int) -> dict[str, Any]:
    """One usage invoice as JSON-ready data (money as decimal strings)."""
    out: dict[str, Any] = {
        "licensee": u.licensee,
        "titles": u.titles,
        "subscribers": u.subscribers,
        "markets": u.markets,
    }
    for k in _USAGE_MONEY:
        out[k] = format_money(getattr(u, f"{k}_cents"), minor_units)
    out["by_country"] = {c: format_money(v, minor_units) for c, v in u.by_country.items()}
    return out


def _usage_cells(u: UsageInvoice, minor_units: int) -> list[str]:
    return [u.licensee, f"{u.titles:,}", f"{u.subscribers:,}", f"{u.markets:,}",
            *(format_money(getattr(u, f"{k}_cents"), minor_units, grouping=True)
              for k in _USAGE_MONEY)]


def usage_lines(usage: tuple[UsageInvoice, ...], minor_units: int, total_cents: int
                ) -> list[str]:
    """Lines of the content-royalty table (with a totals line) and the grand total."""
    def money(c: int) -> str:
        return format_money(c, minor_units, grouping=True)

    body = [_usage_cells(u, minor_units) for u in usage]
    body.append(["TOTAL", "", "", "",
                 *(money(sum(getattr(u, f"{k}_cents") for u in usage)) for k in _USAGE_MONEY)])
    text = render_table(_USAGE_HEADERS, body, title="Content (usage) royalties",
                        align=_USAGE_ALIGN)
    return [*text.splitlines(), f"Total owed incl. content royalties: {money(total_cents)}"]


@checked_args
def usage_invoices(
    terms: UsageTerms,
    records: tuple[UsageRecord, ...] | list[UsageRecord],
    year: int,
    *,
    minor_units: int = 2,
) -> tuple[UsageInvoice, ...]:
    """Content royalties per licensee for ``year`` (object layer of :func:`usage_cents`).

    Parameters
    ----------
    terms : UsageTerms
    records : sequence of UsageRecord
        All usage rows; those of other years are left out.
    year : int
    minor_units : int, default 2

    Returns
    -------
    tuple of UsageInvoice
        One per licensee with usage rows in ``year``, sorted by licensee id.

    Examples
    --------
    >>> from poolcalc.model import UsageRecord, UsageTerms
    >>> recs = [UsageRecord("S", 2012, "subscription", 300_000, "US"),
    ...         UsageRecord("S", 2012, "title", 1000, "US", length_minutes=90, price=3.99)]
    >>> inv, = usage_invoices(UsageTerms.avc(), recs, 2012)
    >>> inv.subscription_cents, inv.title_cents
    (5000000, 2000)
    """
    sel = [i for i, r in enumerate(records) if r.year == year]
    rs = [records[i] for i in sel]
    if not rs:
        return ()
    labels = sorted({r.licensee for r in rs})
    code = {x: i for i, x in enumerate(labels)}
    markets: dict[str, int] = {}
    kind = np.array([USAGE_KINDS.index(r.kind.value) for r in rs], np.int64)
    lic = np.array([code[r.licensee] for r in rs], np.int64)
    q = np.array([r.quantity for r in rs], np.int64)
    nan = float("nan")
    length = np.array([nan if r.length_minutes is None else r.length_minutes for r in rs])
    price = np.array([nan if r.price is None else r.price for r in rs])
    mk = np.array([markets.setdefault(r.market or "", len(markets)) for r in rs], np.int64)
    cents = usage_cents(
        kind, lic, q, length, price, mk,
        title_free_minutes=terms.title_free_minutes,
        title_rate_fraction=terms.title_rate_fraction,
        title_max_per_title=terms.title_max_per_title,
        tier_starts=np.array([t.start for t in terms.subscription_tiers], np.int64),
        tier_fees=np.array([t.fee for t in terms.subscription_tiers], np.float64),
        broadcast_fee=terms.broadcast_fee,
        broadcast_min_households=terms.broadcast_min_households,
        internet_broadcast_fee=terms.internet_broadcast_fee,
        minor_units=minor_units,
        subscriber_weight=np.array(
            [terms.subscriber_weights.get(r.country, 1.0) for r in rs], np.float64
        ),
    )
    out = []
    for j, label in enumerate(labels):
        idx = np.flatnonzero(lic == j)
        by_kind = [int(cents[idx][kind[idx] == k].sum()) for k in range(len(USAGE_KINDS))]
        by_country: dict[str, int] = {}
        for i in idx.tolist():
            c = rs[i].country
            by_country[c] = by_country.get(c, 0) + int(cents[i])
        bc = idx[kind[idx] == 2]
        charged = {int(mk[i]) for i in bc.tolist() if cents[i] > 0}
        out.append(
            UsageInvoice(
                licensee=label,
                year=int(year),
                titles=int(q[idx][kind[idx] == 0].sum()),
                subscribers=int(q[idx][kind[idx] == 1].sum()),
                markets=len(charged),
                title_cents=by_kind[0],
                subscription_cents=by_kind[1],
                broadcast_cents=by_kind[2],
                internet_broadcast_cents=by_kind[3],
                owed_cents=sum(by_kind),
                by_country={k: v for k, v in sorted(by_country.items()) if v},
                rows=[sel[i] + 1 for i in idx.tolist()],
                minor_units=int(minor_units),
            )
        )
    return tuple(out)
