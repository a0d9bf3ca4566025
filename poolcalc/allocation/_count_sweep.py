"""Per-owner in-force counts at sorted (country, day) queries, block by block.

The counts ``n_i(c, d)`` of a pool of 10^3 members at the ~7 x 10^4 (country, day)
groups of a year fill a (groups x members) table of 7 x 10^7 cells (570 MB of int64):
building it, and reading it back, cost more than the arithmetic on it.  A
:class:`CountSweep` keeps the events instead -- each pooled patent in force on
``[start, end)`` in country c covers one run of consecutive query rows
``[lo, hi)`` (the queries are sorted by country, then day), so it adds +1 at
``(lo, owner)`` and -1 at ``(hi, owner)`` -- and hands out the table in blocks of
rows (a cumulative sum of the events, carried from block to block), small enough to
stay in the processor's cache.  ``O(P log P + Q M)`` time, ``O(P + block)`` memory.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from poolcalc.tables import COUNTRIES, INVALID_CODE, PatentTable, merge_intervals

__all__ = ["BLOCK_CELLS", "CountSweep", "query_keys"]

_SPAN = np.int64(1) << 32
_OFF = np.int64(1) << 31
#: Cells (rows x members) of one block of counts: 64 Ki int64 = 512 KiB.
BLOCK_CELLS = 1 << 16
#: Up to this many (queries x members) cells the whole table is built at once (64 MiB).
DENSE_CELLS = 1 << 23
#: Largest (countries x days) table of first-query positions (else binary searches).
_GRID_LIMIT = 4_000_000


def query_keys(country: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Return the packed keys ``country * 2^32 + day + 2^31`` (int64) of (country, day)."""
    return np.asarray(country, np.int64) * _SPAN + (np.asarray(day, np.int64) + _OFF)


class CountSweep:
    """Counts of in-force pooled patents per owner at sorted distinct query keys.

    Parameters
    ----------
    table : PatentTable
        The pool's patents (pooled, not invalid ones count).
    ukey : ndarray of int64, shape (Q,)
        Strictly increasing :func:`query_keys`.
    unit : {"patent", "family"}
        Count national patents or families (a family once per country and owner).
    """

    __slots__ = ("_events", "_owner", "_row", "_sign", "_table", "n_m", "n_q")

    def __init__(self, table: PatentTable, ukey: np.ndarray, unit: str) -> None:
        n_m = len(table.members)
        sel = table.pooled & (table.status != INVALID_CODE)
        if bool(sel.all()):  # every patent counts (the usual pool): one copy per column
            sel = slice(None)
        owner = table.owner[sel].astype(np.int64)
        pc = table.country[sel].astype(np.int64)
        start = table.granted[sel].astype(np.int64)
        end = table.expires[sel].astype(np.int64)
        if unit == "family":
            n_c = np.int64(len(COUNTRIES))
            g = (table.family[sel].astype(np.int64) * n_m + owner) * n_c + pc
            g, start, end = merge_intervals(g, start, end)
            owner, pc = (g // n_c) % n_m, g % n_c
        lo, hi = _first_queries(ukey, pc, start, end)
        live = lo < hi
        if not live.all():
            lo, hi, owner = lo[live], hi[live], owner[live]
        inside = hi < ukey.size  # a -1 past the last query changes nothing
        hi_in, owner_in = (hi, owner) if inside.all() else (hi[inside], owner[inside])
        self.n_q, self.n_m = int(ukey.size), n_m
        self._table: np.ndarray | None = None
        self._events = (lo, owner, hi_in, owner_in)  # +1 at (lo, owner), -1 at (hi, owner)
        self._row: np.ndarray | None = None
        if self.n_q * n_m <= DENSE_CELLS:  # small: the whole table at once, no sort
            d = np.zeros((self.n_q + 1) * n_m, np.int64)
            cell = lo * n_m
            cell += owner
            np.add.at(d, cell, 1)  # a scalar +-1: add.at's fast path, no sign array
            cell = hi_in * n_m
            cell += owner_in
            np.subtract.at(d, cell, 1)
            del cell
            d = d.reshape(self.n_q + 1, n_m)[:-1]
            np.cumsum(d, axis=0, out=d)
            self._table = d
            return
        self._row, self._owner, self._sign = _by_row(*self._concatenated(), n_m)
        self._events = None  # the sorted events replace them (memory: P, not 2P)

    def _concatenated(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return the events as (row, owner, sign) arrays: the +1 events, then the -1."""
        assert self._events is not None
        lo, owner, hi_in, owner_in = self._events
        return (np.concatenate([lo, hi_in]), np.concatenate([owner, owner_in]),
                np.concatenate([np.ones(lo.size, np.int64), np.full(hi_in.size, -1, np.int64)]))

    def _by_events(self) -> None:
        if self._row is None:
            self._row, self._owner, self._sign = self._concatenated()

    @property
    def row(self) -> np.ndarray:
        """Query row of each event (int64; sorted by row unless the table is dense)."""
        self._by_events()
        assert self._row is not None
        return self._row

    @property
    def owner(self) -> np.ndarray:
        """Owner (member code) of each event, aligned with :attr:`row`."""
        self._by_events()
        return self._owner

    @property
    def sign(self) -> np.ndarray:
        """+1 (a patent comes into force at the row) or -1 (it is no longer in force)."""
        self._by_events()
        return self._sign

    def totals(self) -> np.ndarray:
        """Return the counts summed over owners, shape (Q,), int64."""
        if self._table is not None:
            return self._table.sum(axis=1)
        d = np.zeros(self.n_q + 1, np.int64)
        np.add.at(d, self.row, self.sign)
        return np.cumsum(d[:-1])

    def step(self) -> int:
        """Rows per block: :data:`BLOCK_CELLS` cells, at least one row."""
        return max(1, BLOCK_CELLS // max(self.n_m, 1))

    def blocks(self, step: int | None = None) -> Iterator[tuple[int, np.ndarray]]:
        """Yield ``(first row, counts of rows first..first+k)`` (int64, (k, M)) in row order."""
        step = self.step() if step is None else step
        n_m = self.n_m
        if self._table is not None:
            for a in range(0, self.n_q, step):
                yield a, self._table[a:a + step]
            return
        carry = np.zeros(n_m, np.int64)
        cuts = np.searchsorted(self.row, np.arange(0, self.n_q + step, step), side="left")
        for j, a in enumerate(range(0, self.n_q, step)):
            b = min(self.n_q, a + step)
            e0, e1 = int(cuts[j]), int(cuts[j + 1])
            buf = np.zeros((b - a) * n_m, np.int64)
            np.add.at(buf, (self.row[e0:e1] - a) * n_m + self.owner[e0:e1], self.sign[e0:e1])
            buf = buf.reshape(b - a, n_m)
            buf[0] += carry
            np.cumsum(buf, axis=0, out=buf)
            carry = buf[-1]
            yield a, buf

    def dense(self) -> np.ndarray:
        """Return the whole (Q, M) table of counts (int64)."""
        if self._table is not None:
            return self._table
        for _, blk in self.blocks(max(1, self.n_q)):
            return blk
        return np.zeros((0, self.n_m), np.int64)


def _by_row(
    row: np.ndarray, owner: np.ndarray, sign: np.ndarray, n_m: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the events sorted by row (any order within a row: their sums are integers).

    One ``np.sort`` of the packed key ``(row 2 M + owner 2 + [sign > 0])``, decoded
    back, instead of an argsort and three gathers (half the time at 2 x 10^6 events);
    an argsort when the key would not fit in int64.
    """
    width = 2 * n_m
    if row.size and (int(row.max()) + 1) * width >= 2**62:
        order = np.argsort(row)
        return row[order], owner[order], sign[order]
    key = np.sort(row * width + owner * 2 + (sign > 0))
    srow = key // width
    rest = key - srow * width
    return srow, rest >> 1, (rest & 1) * 2 - 1


def _first_queries(
    ukey: np.ndarray, pc: np.ndarray, start: np.ndarray, end: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Index of the first query key at or after (country, start) and (country, end).

    A table of those indexes for every (country, day) of the queries' span, read at
    the patents' clipped days, when it is small (the lookups then stay in cache);
    otherwise binary searches.  Same numbers either way.
    """
    base = pc * _SPAN + _OFF
    if ukey.size == 0:
        z = np.zeros(pc.size, np.int64)
        return z, z
    day = (ukey % _SPAN) - _OFF
    d0, d1 = int(day.min()), int(day.max())
    n_d, n_c = d1 - d0 + 2, len(COUNTRIES)  # days d0 .. d1 + 1
    if n_c * n_d > _GRID_LIMIT:
        return (np.searchsorted(ukey, base + start, side="left"),
                np.searchsorted(ukey, base + end, side="left"))
    grid_key = (np.arange(n_c, dtype=np.int64)[:, None] * _SPAN + _OFF
                + (d0 + np.arange(n_d, dtype=np.int64))[None, :])
    grid = np.searchsorted(ukey, grid_key.ravel(), side="left")
    # a day before d0 reads as d0 and one after d1 as d1 + 1: no query lies between
    s = np.clip(start - d0, 0, n_d - 1)
    e = np.clip(end - d0, 0, n_d - 1)
    return grid[pc * n_d + s], grid[pc * n_d + e]

