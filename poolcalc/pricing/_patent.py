"""Patent valuation as a real option.

Functions are the backbone; :class:`PatentOption` is a thin frozen wrapper that
gathers one patent's numbers and calls :func:`value_patents`.  The value of joining
a standard alliance is in :mod:`poolcalc.pricing._alliance_entry`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

import attrs
import numpy as np
from numpy.typing import ArrayLike, NDArray

from poolcalc._result import Result, TableView
from poolcalc.errors import InvalidInputError
from poolcalc.pricing._binomial import binomial
from poolcalc.pricing._black_scholes import black_scholes
from poolcalc.pricing._chunks import is_dask, priced_in_chunks
from poolcalc.pricing._validate import (
    as_float_array,
    broadcast_named,
    check_bool,
    check_real,
    output,
)
from poolcalc.pricing._views import fmt, per_option

__all__ = ["PatentOption", "PatentValuation", "value_patents"]

#: Columns of the valuation table and of ``to_dict()["patents"]``: the inputs under
#: the valuation CSV's names (``value`` = S, ``window`` = T), then the results.
COLUMNS = ("patent", "value", "cost", "window", "volatility", "rate", "leakage",
           "npv", "european", "american", "waiting_value")


@attrs.frozen(repr=False)
class PatentValuation(Result):
    """Real-options value of one or many patents.

    ``str()`` is the table ``poolcalc price --patents`` prints (one row per patent:
    the inputs, then NPV, European and American values and the value of waiting);
    ``to_dict()`` is its JSON output, ``{"patents": [{column: number}, ...]}`` with
    the inputs under the valuation CSV's column names (``value`` is S, ``window``
    is T), the ``american`` column only when it was computed.

    Attributes
    ----------
    value : float or ndarray
        Option value used for decisions: ``american`` when computed, else ``european`` [currency].
    european : float or ndarray
        Black-Scholes-Merton value with leakage [currency].
    american : float, ndarray or None
        Binomial American value (exercise any time in the window), or None if not requested.
    npv : float or ndarray
        Static net present value S - K of committing now [currency].
    waiting_value : float or ndarray
        Value of flexibility, ``value - max(npv, 0)`` [currency].
    maturity : float or ndarray
        Decision window T used [years].
    leakage : float or ndarray
        Leakage rate delta used [1/year].
    underlying, cost, volatility, rate : float, ndarray or None
        The inputs S [currency], K [currency], sigma and r, broadcast.
    patents : tuple of str
        Patent ids, one per option in C order (default "1", "2", ...).
    """

    value: Any
    european: Any
    american: Any
    npv: Any
    waiting_value: Any
    maturity: Any
    leakage: Any
    underlying: Any = None
    cost: Any = None
    volatility: Any = None
    rate: Any = None
    patents: tuple[str, ...] = ()

    def _columns(self) -> tuple[int, dict[str, np.ndarray]]:
        n, cols, _ = per_option({
            "value": self.underlying, "cost": self.cost, "window": self.maturity,
            "volatility": self.volatility, "rate": self.rate, "leakage": self.leakage,
            "npv": self.npv, "european": self.european, "american": self.american,
            "waiting_value": self.waiting_value,
        })
        return n, cols

    def _names(self, n: int) -> list[str]:
        return list(self.patents) if len(self.patents) == n else [str(i + 1) for i in range(n)]

    def _records(self) -> list[dict[str, Any]]:
        n, cols = self._columns()
        names = self._names(n)
        keys = [c for c in COLUMNS[1:] if c in cols]
        return [{"patent": names[i], **{k: float(cols[k][i]) for k in keys}} for i in range(n)]

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"patents": [{"patent", "value", "cost", ..., "waiting_value"}, ...]}``."""
        return {"patents": self._records()}

    def _view(self) -> TableView:
        records = self._records()
        columns = [c for c in COLUMNS if c in records[0]]
        return TableView(columns, [[fmt(r[c]) for c in columns] for r in records])

    def _summary(self) -> str:
        n, cols = self._columns()
        if n == 1:
            am = "" if self.american is None else f", american={float(self.american):.4f}"
            return (f"value={float(self.value):.4f}, european={float(self.european):.4f}"
                    f"{am}, npv={float(self.npv):.4f}")
        total = float(np.sum(self.value))
        return f"{n} patents, total value={total:,.4f}"


def _patent_arrays(
    value: ArrayLike,
    cost: ArrayLike,
    life: ArrayLike,
    volatility: ArrayLike,
    rate: ArrayLike,
    leakage: ArrayLike | None,
    window: ArrayLike | None,
) -> tuple[tuple[NDArray[np.float64], ...], bool]:
    named = {
        "value": as_float_array("value", value, "positive"),
        "cost": as_float_array("cost", cost, "positive"),
        "life": as_float_array("life", life, "positive"),
        "volatility": as_float_array("volatility", volatility, "positive"),
        "rate": as_float_array("rate", rate),
    }
    if leakage is not None:
        named["leakage"] = as_float_array("leakage", leakage)
    if window is not None:
        named["window"] = as_float_array("window", window, "nonnegative")
    scalar = all(a.ndim == 0 for a in named.values())
    arrays = dict(zip(named, broadcast_named(named), strict=True))
    L = arrays["life"]
    q = arrays.get("leakage", 1.0 / L)
    T = arrays.get("window", L)
    if window is not None and np.any(T > L):
        i = int(np.flatnonzero(np.ravel(T > L))[0])
        raise InvalidInputError(
            f"window must not exceed the remaining life, got window={float(np.ravel(T)[i])!r} > "
            f"life={float(np.ravel(L)[i])!r}" + ("" if scalar else f" at index {i}")
        )
    S, K, r, v = (arrays[k] for k in ("value", "cost", "rate", "volatility"))
    return (S, K, T, r, v, q), scalar


def _patent_ids(patents: Sequence[str] | None, n: int) -> tuple[str, ...]:
    if patents is None:
        return ()
    if isinstance(patents, str) or not isinstance(patents, Sequence | np.ndarray):
        raise InvalidInputError(f"patents must be a sequence of ids, got {patents!r}")
    ids = list(np.ravel(np.asarray(patents, dtype=object)))
    for p in ids:
        if not isinstance(p, str) or not p:
            raise InvalidInputError(f"patents must be non-empty strings, got {p!r}")
    if len(ids) != n:
        raise InvalidInputError(f"patents has {len(ids)} ids for {n} patents")
    return tuple(ids)


def value_patents(
    value: ArrayLike,
    cost: ArrayLike,
    life: ArrayLike,
    volatility: ArrayLike,
    rate: ArrayLike,
    *,
    leakage: ArrayLike | None = None,
    window: ArrayLike | None = None,
    american: bool = False,
    steps: int | None = None,
    method: Literal["crr", "lr", "bbsr"] = "crr",
    patents: Sequence[str] | None = None,
    chunks: int | Sequence[int] | None = None,
) -> PatentValuation:
    r"""Value a portfolio of patents as options to commercialise (or standardise).

    Parameters
    ----------
    value : array_like
        S: present value of the patent's expected net cash flows once exploited
        (product margin attributable to it plus royalty income) [currency], > 0.
    cost : array_like
        K: present value of the investment to exercise, e.g. commercialisation
        capex or the cost of standardisation (SSO work, essentiality evaluation,
        pool fees) [currency], > 0.
    life : array_like
        Remaining patent life [years], > 0.
    volatility : array_like
        sigma of S [1/sqrt(year)], > 0.
    rate : array_like
        Risk-free rate r matching the window [1/year].
    leakage : array_like, optional
        Value lost per year of waiting, delta [1/year]; default ``1 / life``: each
        year of waiting is one year less of protection (Dixit and Pindyck 1994;
        Amram and Kulatilaka 1999).  Add a competitor-entry hazard lambda
        here for Trigeorgis's (1996) competitive-erosion rule of thumb.
    window : array_like, optional
        Decision window T [years], at most ``life``; default ``life``.
    american : bool
        Also value exercise at any time in the window (binomial lattice); with
        leakage, waiting costs value and the American option can be worth much
        more than the European one.
    steps, method
        Lattice settings passed to :func:`poolcalc.pricing.binomial`.
    patents : sequence of str, optional
        Ids of the patents, one per option in C order (the rows of the table).
    chunks : int or sequence of int, optional
        Value the patents chunk by chunk: options (in C order) per chunk, or every
        chunk's size.  Any argument may also be a Dask array: the chunks (default: those
        of the Dask array) then run as Dask tasks, on the active ``dask.distributed``
        client (a LocalCluster or an existing cluster) if there is one.  The values are
        identical to the in-memory call (each patent is priced on its own); see
        :mod:`poolcalc.pricing._chunks`.

    Returns
    -------
    PatentValuation
        European and (optionally) American values, static NPV, value of waiting.

    Raises
    ------
    InvalidInputError
        Non-positive value, cost, life or volatility, window > life, NaN/inf, arrays
        that do not broadcast (the message names the argument and index), a
        non-boolean ``american``, bad lattice settings or patent ids.

    Notes
    -----
    :math:`V = S e^{-\delta T} N(d_1) - K e^{-rT} N(d_2)` with
    :math:`d_{1,2} = [\ln(S/K) + (r - \delta \pm \sigma^2/2)T]/(\sigma\sqrt T)`.

    References
    ----------
    F. Black and M. Scholes, "The Pricing of Options and Corporate Liabilities",
    Journal of Political Economy 81(3), 1973.
    A. K. Dixit and R. S. Pindyck, "Investment under Uncertainty", Princeton
    University Press, 1994.
    M. Amram and N. Kulatilaka, "Real Options: Managing Strategic Investment in
    an Uncertain World", Harvard Business School Press, 1999.
    L. Trigeorgis, "Real Options: Managerial Flexibility and Strategy in Resource
    Allocation", MIT Press, 1996.

    Examples
    --------
    >>> v = value_patents(100, 80, 10, 0.35, 0.05, leakage=0.10, american=True)
    >>> round(v.european, 3), round(v.american, 2)
    (12.547, 28.02)
    """
    is_american = check_bool("american", american)
    arrays = {"value": value, "cost": cost, "life": life, "volatility": volatility,
              "rate": rate, "leakage": leakage, "window": window}
    if chunks is not None or any(is_dask(a) for a in arrays.values()):
        return priced_in_chunks(
            value_patents, arrays,
            {"american": is_american, "steps": steps, "method": method}, chunks,
            ids=lambda n: _patent_ids(patents, n),
        )
    (S, K, T, r, v, q), scalar = _patent_arrays(
        value, cost, life, volatility, rate, leakage, window
    )
    ids = _patent_ids(patents, int(np.prod(S.shape, dtype=np.int64)))
    eu = np.asarray(black_scholes(S, K, T, r, v, dividend=q))
    am = (
        np.asarray(binomial(S, K, T, r, v, dividend=q, american=True, steps=steps, method=method))
        if is_american
        else None
    )
    # the lattice can sit a hair below the closed form where exercise is never optimal
    best = np.maximum(am, eu) if am is not None else eu
    npv = S - K

    def out(a: Any) -> Any:
        return output(np.array(a, dtype=np.float64), scalar)

    return PatentValuation(
        value=output(best, scalar),
        european=output(eu, scalar),
        american=None if am is None else output(am, scalar),
        npv=out(npv),
        waiting_value=output(best - np.maximum(npv, 0.0), scalar),
        maturity=out(T),
        leakage=out(q),
        underlying=out(S),
        cost=out(K),
        volatility=out(v),
        rate=out(r),
        patents=ids,
    )


def _valid(name: str, x: object, positive: bool = True) -> float:
    return check_real(name, x, "positive" if positive else "finite")


def _patent_id(x: object) -> str:
    if not isinstance(x, str):
        raise InvalidInputError(f"patent must be a string, got {x!r}")
    return x


@attrs.frozen
class PatentOption:
    """One patent seen as an option (S, K, T, sigma, r, leakage).

    Attributes
    ----------
    value : float
        S, PV of the expected cash flows from exploiting the patent [currency].
    cost : float
        K, cost of commercialising or standardising [currency].
    life : float
        Remaining patent life [years].
    volatility : float
        sigma of S.
    rate : float
        Risk-free rate r.
    leakage : float or None
        Leakage delta per year; None means ``1 / life``.
    window : float or None
        Decision window T; None means ``life``.
    patent : str
        Identifier (optional).

    Examples
    --------
    >>> p = PatentOption(value=100, cost=80, life=10, volatility=0.35, rate=0.05, leakage=0.10)
    >>> round(p.valuation().european, 3)
    12.547
    """

    value: float = attrs.field(converter=lambda x: _valid("value", x))
    cost: float = attrs.field(converter=lambda x: _valid("cost", x))
    life: float = attrs.field(converter=lambda x: _valid("life", x))
    volatility: float = attrs.field(converter=lambda x: _valid("volatility", x))
    rate: float = attrs.field(converter=lambda x: _valid("rate", x, positive=False))
    leakage: float | None = attrs.field(
        default=None,
        converter=lambda x: None if x is None else _valid("leakage", x, positive=False),
    )
    window: float | None = attrs.field(
        default=None, converter=lambda x: None if x is None else _valid("window", x)
    )
    patent: str = attrs.field(default="", converter=_patent_id)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> PatentOption:
        """Build from a mapping with the attribute names as keys (extra keys rejected).

        Text values (as read from a CSV row) are parsed as numbers; empty strings or
        None for ``leakage`` / ``window`` mean "use the default".
        """
        if not isinstance(d, dict):
            raise InvalidInputError(f"PatentOption data must be a dict, got {type(d).__name__}")
        allowed = {f.name for f in attrs.fields(cls)}
        extra = sorted(set(d) - allowed)
        if extra:
            raise InvalidInputError(
                f"unknown PatentOption field(s) {', '.join(extra)}; allowed: "
                f"{', '.join(sorted(allowed))}"
            )
        clean: dict[str, Any] = {}
        for k, v in d.items():
            if k in ("leakage", "window") and v in ("", None):
                clean[k] = None
            elif k != "patent" and isinstance(v, str):
                try:
                    clean[k] = float(v.strip())
                except ValueError:
                    raise InvalidInputError(f"{k} must be a number, got {v!r}") from None
            else:
                clean[k] = v
        return cls(**clean)

    @property
    def effective_leakage(self) -> float:
        """Leakage used: ``leakage`` or ``1 / life``."""
        return 1.0 / self.life if self.leakage is None else self.leakage

    def valuation(
        self,
        *,
        american: bool = False,
        steps: int | None = None,
        method: Literal["crr", "lr", "bbsr"] = "crr",
    ) -> PatentValuation:
        """Value this patent (calls :func:`value_patents`)."""
        return value_patents(
            self.value,
            self.cost,
            self.life,
            self.volatility,
            self.rate,
            leakage=self.leakage,
            window=self.window,
            american=american,
            steps=steps,
            method=method,
            patents=[self.patent] if self.patent else None,
        )

