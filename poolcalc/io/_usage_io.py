"""Content ("usage") royalties in a pool directory: ``[royalty.usage]`` and ``usage.csv``.

pool.toml (all keys optional; absent table = no usage royalties)::

    [royalty.usage]            # AVC/H.264 content royalties
    title_free_minutes = 12.0
    title_rate_fraction = 0.02
    title_max_per_title = 0.02
    subscription_tiers = [{ from = 100000, fee = 25000.0 }, { from = 250000, fee = 50000.0 },
                          { from = 500000, fee = 75000.0 }, { from = 1000000, fee = 100000.0 }]
    broadcast_fee = 10000.0
    broadcast_min_households = 100000
    internet_broadcast_fee = 0.0
    subscriber_weights = { IN = 0.5 }   # optional: Access Advance VDP Region 2 x0.5

usage.csv (optional file; one row per licensee report)::

    licensee,year,kind,quantity,country,length_minutes,price,market,date
    L1,2012,title,1000,US,90,3.99,,2012-05-10
    L1,2012,subscription,300000,US,,,,
    L2,2012,broadcast,150000,US,,,New York,

Required columns ``licensee, year, kind, quantity, country``; optional
``length_minutes, price`` (required on ``title`` rows), ``market`` (required on
``broadcast`` rows) and ``date`` (ISO date in the row's year, not before the
licensee's licence was signed; it places the row in a reporting period, rows
without one are invoiced in the year's last period).  Unknown columns, unknown
licensees and bad values are errors ``usage.csv:LINE: message``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from poolcalc.errors import InvalidInputError
from poolcalc.io._schema import key_names
from poolcalc.io._schema_rw import check_keys, check_types, model_kwargs, write_table
from poolcalc.model import UsageRecord, UsageTerms
from poolcalc.model._validators import to_date

__all__ = ["USAGE_COLUMNS", "USAGE_KEYS", "read_usage", "usage_terms", "usage_terms_doc",
           "write_usage"]

#: (required, optional) columns of usage.csv.
USAGE_COLUMNS = (
    ("licensee", "year", "kind", "quantity", "country"),
    ("length_minutes", "price", "market", "date"),
)
#: Keys of ``[royalty.usage]`` (rows of the schema table, :mod:`poolcalc.io._schema`).
USAGE_KEYS = key_names("royalty.usage")


def usage_terms(spec: Any) -> UsageTerms:
    """Validate a ``[royalty.usage]`` table into :class:`~poolcalc.model.UsageTerms`."""
    where = "pool.toml: royalty.usage"
    if not isinstance(spec, Mapping):
        raise InvalidInputError(f"{where}: usage must be a table, got {spec!r}")
    check_keys("royalty.usage", "royalty.usage", spec)
    check_types("royalty.usage", "royalty.usage", spec)
    kwargs = model_kwargs("royalty.usage", spec, "UsageTerms")
    if "subscription_tiers" in kwargs:
        kwargs["subscription_tiers"] = [dict(t) for t in kwargs["subscription_tiers"]]
    try:
        return UsageTerms(**kwargs)
    except InvalidInputError as exc:
        raise InvalidInputError(f"{where}: {exc}") from None


def usage_terms_doc(terms: UsageTerms) -> dict[str, Any]:
    """Return the ``[royalty.usage]`` table of ``terms`` (inverse of :func:`usage_terms`)."""
    return write_table("royalty.usage", {"UsageTerms": terms})


def _check_date(where: str, value: str | None, year: str, signed: dt.date | None,
                who: str) -> None:
    """Refuse a bad ``date`` cell: format, outside the row's year, before the licence."""
    if value is None:
        return
    try:
        day = to_date(value, "date")
    except InvalidInputError:
        raise InvalidInputError(
            f"{where}: field date: expected a date YYYY-MM-DD, got {value!r}") from None
    if str(year).strip().isdigit() and day.year != int(year):  # a bad year: the model's
        raise InvalidInputError(
            f"{where}: field date: not in the row's year {str(year).strip()}, got {value!r}")
    if signed is not None and day < signed:
        raise InvalidInputError(
            f"{where}: field date: use before the licence of {who} (signed {signed}), "
            f"got {value!r}")


def read_usage(
    root: Path,
    licensees: set[str] | Mapping[str, dt.date | None]
    | Callable[[], Mapping[str, dt.date | None]],
    csv_rows: Callable[..., tuple[list[str], Iterable[tuple[int, list[str]]]]],
    read_text: Callable[[Path, str], str],
) -> list[UsageRecord]:
    """Read ``root/usage.csv`` when present (else ``[]``), strict like the other files.

    ``licensees``: the licensee ids, or id -> licence signing date (then a ``date``
    before it is refused), or a function returning that mapping (called only when
    usage.csv exists: a pool of 10^6 licensees does not build it for nothing).
    ``csv_rows`` and ``read_text`` are the pool-directory CSV helpers (same messages).
    """
    name = "usage.csv"
    f = root / name
    if not f.is_file():
        return []
    if callable(licensees):
        licensees = licensees()
    signed = licensees if isinstance(licensees, Mapping) else dict.fromkeys(licensees)
    cols, rows = csv_rows(read_text(f, name), name, USAGE_COLUMNS)
    out = []
    for line, row in rows:
        where = f"{name}:{line}"
        rec = {k: (v if v != "" or k in USAGE_COLUMNS[0] else None)
               for k, v in zip(cols, row, strict=True)}
        if rec.get("licensee") in signed:
            _check_date(where, rec.get("date"), rec["year"], signed[rec["licensee"]],
                        rec["licensee"])
        try:
            u = UsageRecord(**rec)
        except InvalidInputError as exc:
            raise InvalidInputError(f"{where}: {exc}") from None
        if u.licensee not in licensees:
            raise InvalidInputError(
                f"{where}: unknown licensee {u.licensee!r} (not in licensees.csv)"
            )
        out.append(u)
    return out


def write_usage(root: Path, records: Iterable[UsageRecord], write_csv: Callable[..., None]) -> None:
    """Write ``records`` to ``root/usage.csv`` (all columns; empty = absent)."""
    write_csv(
        root / "usage.csv",
        [*USAGE_COLUMNS[0], *USAGE_COLUMNS[1]],
        (
            [u.licensee, u.year, u.kind.value, u.quantity, u.country,
             u.length_minutes, u.price, u.market,
             None if u.date is None else u.date.isoformat()]
            for u in records
        ),
    )
