"""A selection of a pool's patents read from its columns (no row objects).

The compliance rules that read the pool's patents (F1 non-essential, F2 substitutes,
F3 package, F10 expiry, F14 evaluator, F21 double charging) used to walk
``pool.patent_rows``, which builds one :class:`~poolcalc.model.Patent` per row: about
8 s for 10^6 patents.  :class:`PatentSet` answers the same questions from the
:class:`~poolcalc.tables.PatentTable` arrays and only turns into Python strings the
ids a finding lists.  Every value equals what the row object would hold: ids as
stored, labels stripped with a blank label read as absent (``_opt_str``), a patent
``in_force(on)`` when its status is not invalid, ``granted <= on`` (or no grant date)
and ``on < expires``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from poolcalc.model._enums import PatentStatus
from poolcalc.tables import (
    ESSENTIAL_CODE,
    INVALID_CODE,
    NO_DATE,
    STATUSES,
    PatentTable,
    day_number,
    from_day_number,
)

if TYPE_CHECKING:  # pragma: no cover
    from poolcalc.model import Pool

__all__ = ["PatentSet", "by_feature", "every_patent", "pooled_only", "select_ids", "status_code"]


def status_code(status: PatentStatus) -> int:
    """Return the code of ``status`` in :data:`poolcalc.tables.STATUSES`."""
    return STATUSES.index(status)


class PatentSet:
    """Rows ``index`` of a :class:`~poolcalc.tables.PatentTable` (repeats allowed).

    Parameters
    ----------
    table : PatentTable
        The pool's patents.
    index : ndarray of int, shape (K,)
        Row numbers of the selected patents, in selection order.
    """

    __slots__ = ("index", "table")

    def __init__(self, table: PatentTable, index: np.ndarray) -> None:
        self.table = table
        self.index = np.asarray(index, dtype=np.int64)

    def __len__(self) -> int:
        return int(self.index.size)

    # -- columns of the selection -------------------------------------------------------------
    @property
    def status(self) -> np.ndarray:
        """Status codes (into :data:`~poolcalc.tables.STATUSES`), shape (K,)."""
        return self.table.status[self.index]

    @property
    def pooled(self) -> np.ndarray:
        """Mask of the evaluated-essential (pooled) patents, shape (K,)."""
        return self.status == ESSENTIAL_CODE

    @property
    def valid(self) -> np.ndarray:
        """Mask of the patents whose status is not invalid, shape (K,)."""
        return self.status != INVALID_CODE

    def subset(self, mask: np.ndarray) -> PatentSet:
        """Return the patents where ``mask`` (shape (K,)) is true, in order."""
        return PatentSet(self.table, self.index[mask])

    def ids(self, mask: np.ndarray | None = None) -> list[str]:
        """Return the ids (of the patents where ``mask`` is true), in order."""
        idx = self.index if mask is None else self.index[mask]
        return [str(x) for x in self.table.ids[idx].tolist()]

    def label_codes(self, name: str) -> tuple[np.ndarray, list[str | None]]:
        """Return (codes, labels) of a label column: ``labels[codes[k]]`` is patent k's value.

        ``name`` is ``"owner"``, ``"feature"``, ``"alternative"`` or ``"evaluator"``;
        a missing value (code -1) or a blank label reads as None, like the row object.
        Equal labels under different codes get one code (codes index distinct labels).
        """
        values = {"owner": self.table.members, "feature": self.table.features,
                  "alternative": self.table.alternatives,
                  "evaluator": self.table.evaluators}[name]
        raw = [str(v).strip() or None for v in values] + [None]
        distinct: list[str | None] = []
        where: dict[str | None, int] = {}
        lut = np.empty(len(raw), np.int64)
        for k, v in enumerate(raw):
            lut[k] = where.setdefault(v, len(distinct))
            if lut[k] == len(distinct):
                distinct.append(v)
        codes = getattr(self.table, name)[self.index].astype(np.int64)
        return lut[np.where(codes < 0, len(values), codes)], distinct

    def last_expiry(self) -> dt.date | None:
        """Return the latest ``expires`` date of the set (None when empty)."""
        if not len(self):
            return None
        return from_day_number(int(self.table.expires[self.index].max()))

    def count_in_force(self, on: dt.date) -> int:
        """Return how many patents of the set are in force on ``on`` (status not invalid)."""
        d = day_number(on)
        g = self.table.granted[self.index]
        e = self.table.expires[self.index]
        live = self.valid & ((g == NO_DATE) | (g <= d)) & (d < e)
        return int(np.count_nonzero(live))


def select_ids(table: PatentTable, wanted: Sequence[str]) -> tuple[np.ndarray, list[str]]:
    """Return the row numbers of ``wanted`` ids and the ids that are not in ``table``.

    Rows come in the order of ``wanted``; a repeated id in ``table`` gives its last row.
    """
    pos = {str(x): k for k, x in enumerate(table.ids.tolist())}
    missing = [i for i in wanted if i not in pos]
    return np.array([pos[i] for i in wanted if i in pos], dtype=np.int64), missing


def every_patent(pool: Pool) -> PatentSet:
    """Return every row of the pool's patents.csv as a columnar :class:`PatentSet`."""
    return PatentSet(pool.patents, np.arange(len(pool.patents)))


def pooled_only(pool: Pool) -> PatentSet:
    """Return the pool's evaluated-essential (pooled) patents as a :class:`PatentSet`."""
    return PatentSet(pool.patents, np.flatnonzero(pool.patents.pooled))


def by_feature(
    live: PatentSet, f_code: np.ndarray, f_lab: list[str | None], a_code: np.ndarray,
    a_lab: list[str | None], o_code: np.ndarray, o_lab: list[str | None], f_none: np.ndarray,
) -> tuple[dict[str, dict[str, set[str]]], dict[tuple[str, str], list[str]]]:
    """Owners per (feature, alternative) and the ids on each, for the mapped patents."""
    mapped = ~f_none & ~np.array([v is None for v in a_lab], bool)[a_code]
    by_feature: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    pats: dict[tuple[str, str], list[str]] = {}
    if not mapped.any():
        return by_feature, pats
    n_a, n_o = len(a_lab), len(o_lab)
    pair = f_code[mapped] * n_a + a_code[mapped]
    for key in np.unique(pair * n_o + o_code[mapped]).tolist():
        f, a, o = key // (n_a * n_o), (key // n_o) % n_a, key % n_o
        by_feature[f_lab[f]][a_lab[a]].add(o_lab[o])  # type: ignore[index,arg-type]
    ids = live.ids(mapped)
    order = np.argsort(pair, kind="stable")
    u, start = np.unique(pair[order], return_index=True)
    bounds = [*start.tolist(), order.size]
    for j, key in enumerate(u.tolist()):
        sel = order[bounds[j]:bounds[j + 1]].tolist()
        pats[(f_lab[key // n_a], a_lab[key % n_a])] = [ids[k] for k in sel]  # type: ignore[index]
    return by_feature, pats
