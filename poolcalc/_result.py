"""The one interface every result object of poolcalc implements.

A result (an invoice report, a distribution, a comparison, a check report, a
valuation, ...) is a frozen attrs object that also derives from :class:`Result`:

- ``to_dict()`` -- JSON-ready nested dicts and lists (money as decimal strings with
  the currency's minor units, dates as ISO strings), what ``--format json`` prints;
- ``to_frame()`` -- a :class:`pandas.DataFrame`, one row per record, its index
  named (the class's ``_frame_index`` columns; by default the first column when its
  values are unique labels, else a range named ``row``), money as integer minor
  units (``*_cents``) next to a formatted column (pandas is imported only when
  called: ``pip install 'poolcalc[pandas]'``);
- ``str(result)`` -- the plain-text table the command line prints;
- ``repr(result)`` -- one short line (under 300 characters), however large the result;
- ``_repr_html_()`` -- an HTML table for notebooks (escaped, at most 50 rows shown).

A subclass implements ``to_dict``, ``_view`` (the table) and ``_summary`` (a few
words for the repr), and may override ``_records`` (the rows of ``to_frame``, by
default the table's rows with its headers as columns).  Decorate it with
``@attrs.frozen(repr=False)`` so attrs keeps this short ``__repr__``.

Nothing here imports a subpackage: results of every layer derive from it.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any, ClassVar

import attrs

from poolcalc._format import render_html, render_table

__all__ = ["REPR_LIMIT", "Result", "TableView", "require_pandas"]

#: Longest ``repr`` of a result [characters].
REPR_LIMIT = 300

_NO_PANDAS = "to_frame needs pandas, which is not installed: pip install 'poolcalc[pandas]'"


def require_pandas() -> Any:
    """Import and return :mod:`pandas`, or raise ImportError with the install hint."""
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a test extra
        raise ImportError(_NO_PANDAS) from None
    return pd


@attrs.frozen
class TableView:
    """A result as a table: what ``str()`` and ``_repr_html_()`` render.

    Attributes
    ----------
    headers : tuple of str
    rows : tuple of tuples
        Cell values (already formatted where the table shows text, e.g. money).
    title : str or None
        Line printed above the table.
    align : tuple of {"l", "r"} or None
        Per column; default first column left, the others right.
    footer : tuple of str
        Lines printed below the table (notes, totals).
    """

    headers: tuple[str, ...] = attrs.field(converter=tuple)
    rows: tuple[tuple[Any, ...], ...] = attrs.field(
        converter=lambda rs: tuple(tuple(r) for r in rs)
    )
    title: str | None = None
    align: tuple[str, ...] | None = attrs.field(
        default=None, converter=lambda a: None if a is None else tuple(a)
    )
    footer: tuple[str, ...] = attrs.field(default=(), converter=tuple)


class Result:
    """Mixin giving every result the same methods (see the module docstring)."""

    __slots__ = ()

    #: Column(s) of :meth:`to_frame` that label a row (None: see :meth:`to_frame`).
    _frame_index: ClassVar[str | tuple[str, ...] | None] = None

    # -- what subclasses implement --------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        """Return the result as JSON-ready nested dicts and lists."""
        raise NotImplementedError(f"{type(self).__name__}.to_dict")

    def _view(self) -> TableView:
        raise NotImplementedError(f"{type(self).__name__}._view")

    def _summary(self) -> str:
        return ""

    def _records(self) -> Sequence[dict[str, Any]]:
        """Rows of :meth:`to_frame` (default: the table's rows keyed by its headers)."""
        view = self._view()
        return [dict(zip(view.headers, row, strict=False)) for row in view.rows]

    # -- the interface --------------------------------------------------------------------
    def to_frame(self) -> Any:
        """Return a :class:`pandas.DataFrame` with one row per record.

        Returns
        -------
        pandas.DataFrame
            One row per record; the index is named: the result's label column(s)
            (e.g. ``member``, ``patent``, ``scheme`` and ``member``), or the first
            column when its values are unique strings, else a range named ``row``.
            Money is in integer minor units (columns ending ``_cents``; pandas'
            nullable ``Int64`` where a value is absent) next to its formatted
            decimal string.

        Raises
        ------
        ImportError
            pandas is not installed (``pip install 'poolcalc[pandas]'``).

        Examples
        --------
        >>> from poolcalc.compare import compare_amounts
        >>> cmp = compare_amounts({"equal": [50, 50]}, ["A", "B"])
        >>> cmp.to_frame().index.names
        FrozenList(['scheme', 'member'])
        """
        pd = require_pandas()
        records = list(self._records())
        frame = pd.DataFrame.from_records(records)
        for col in frame.columns:  # money never goes through a float: None -> <NA>
            if str(col).endswith("_cents") and frame[col].dtype.kind not in "iu":
                frame[col] = frame[col].astype("Int64")
        index = self._frame_index
        if index is None and len(frame.columns) and records:
            first = frame.columns[0]
            values = frame[first]
            if all(isinstance(v, str) for v in values) and values.is_unique:
                index = first
        keys = [index] if isinstance(index, str) else list(index or ())
        if keys and all(k in frame.columns for k in keys):
            return frame.set_index(keys if len(keys) > 1 else keys[0])
        frame.index.name = "row"
        return frame

    def __str__(self) -> str:
        view = self._view()
        text = render_table(view.headers, view.rows, title=view.title, align=view.align)
        if view.footer:
            text += "\n".join(view.footer) + "\n"
        return text

    def __repr__(self) -> str:
        text = f"{type(self).__name__}({self._summary()})"
        if len(text) > REPR_LIMIT:
            text = text[: REPR_LIMIT - 4] + "...)"
        return text

    def _repr_html_(self) -> str:
        view = self._view()
        out = render_html(view.headers, view.rows, title=view.title, align=view.align)
        if view.footer:
            out += "".join(f"<p>{html.escape(line)}</p>" for line in view.footer[:20])
        return out
